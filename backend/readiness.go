package backend

// ReadinessItem is one line of the "Ready for an audit" page: a thing an auditor will
// ask about, whether the practice has it, what is missing, and where it is fixed.
type ReadinessItem struct {
	Key     string `json:"key"`
	Label   string `json:"label"`
	OK      bool   `json:"ok"`
	Detail  string `json:"detail"`  // what is in place, or what is missing
	Fix     string `json:"fix"`     // the window's route where it is fixed ("settings", "vendors", ...)
	FixHint string `json:"fixHint"` // the link's words
}

// Readiness is the whole page: every item in order, and whether all are in place.
type Readiness struct {
	AsOf  Date            `json:"asOf"`
	Ready bool            `json:"ready"`
	Items []ReadinessItem `json:"items"`
}
