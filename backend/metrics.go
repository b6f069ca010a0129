package backend

// Metrics are the request statistics of one calendar year that 11 CCR 7102(a) asks a
// business to compile: for each kind of request, how many were received, complied with
// in whole or in part, and denied, and the median and mean number of days taken to
// respond substantively. They are counted per regime and right, by the date each
// request was received; days run from that date to the right's outcome (calendar days,
// the practice's time zone).
type Metrics struct {
	Year int         `json:"year"`
	Rows []MetricRow `json:"rows"`
	// All totals every row; its median and mean are taken over all the answered
	// rights of the year together, not averaged from the rows' figures.
	All MetricRow `json:"all"`
}

// MetricRow is one regime and right.
type MetricRow struct {
	Regime     Regime   `json:"regime"`
	Right      Right    `json:"right"`
	Received   int      `json:"received"`
	Complied   int      `json:"complied"` // granted in whole or in part
	Denied     int      `json:"denied"`
	Pending    int      `json:"pending"`
	Responded  int      `json:"responded"`
	MedianDays *float64 `json:"medianDays"` // nil when none was answered
	MeanDays   *float64 `json:"meanDays"`
}
