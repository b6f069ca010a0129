package backend

// The dashboard answers "what needs doing today": counts of open requests by deadline
// window, the open requests ordered by urgency, vendor alerts, and charts of the past year.
// "Today" is the calendar date in the practice's time zone (Practice.TimeZone), so a
// request due on the 3rd is overdue from the first minute of the 4th where the practice is.

// DueWindow names a dashboard card. The same identifiers filter the request list
// (#/requests?due=overdue), so a card's count and the list it opens agree.
type DueWindow string

const (
	DueOverdue          DueWindow = "overdue"           // the earliest open deadline is before today
	DueToday            DueWindow = "today"             // ... is today
	DueWeek             DueWindow = "week"              // ... is within the next 7 days, today included
	DueAwaitingAck      DueWindow = "awaiting-ack"      // open and receipt not yet acknowledged, in every regime
	DueAwaitingIdentity DueWindow = "awaiting-identity" // waiting for the requester's identity to be verified
	DueExtended         DueWindow = "extended"          // an extension was taken; the extended date applies
)

// DueWindows lists the cards in display order.
var DueWindows = []DueWindow{DueOverdue, DueToday, DueWeek, DueAwaitingAck, DueAwaitingIdentity, DueExtended}

// DueSoonDays is how far ahead "due within 7 days" looks.
const DueSoonDays = 7

// DashboardCounts holds one number per card, each counting open requests.
type DashboardCounts struct {
	Overdue          int `json:"overdue"`
	DueToday         int `json:"dueToday"`
	DueWeek          int `json:"dueWeek"`
	AwaitingAck      int `json:"awaitingAck"`
	AwaitingIdentity int `json:"awaitingIdentity"`
	Extended         int `json:"extended"`
	Open             int `json:"open"` // every open request, for context
}

// UrgentRequest is one open request in the urgency list: its most urgent open right
// (the one whose deadline comes first) and how that date was computed.
type UrgentRequest struct {
	RequestID   int64  `json:"requestId"`
	Reference   string `json:"reference"`
	Requester   string `json:"requester"`
	Regime      Regime `json:"regime"`
	Right       Right  `json:"right"`
	OtherRights int    `json:"otherRights"` // further open rights of the same request
	Status      Status `json:"status"`
	Received    Date   `json:"received"`
	DueOn       Date   `json:"dueOn"`
	DaysLeft    int    `json:"daysLeft"` // negative when overdue
	Extended    bool   `json:"extended"`
	// StatutoryDue is the law's date when DueOn is the practice's earlier promise or an
	// extension, so both can be shown.
	StatutoryDue Date `json:"statutoryDue"`
	// AcknowledgeBy is set while receipt is still to be acknowledged.
	AcknowledgeBy Date   `json:"acknowledgeBy"`
	Citation      string `json:"citation"`
	Basis         string `json:"basis"` // how DueOn was computed, in words
	RuleVersion   int    `json:"ruleVersion"`
}

// Dashboard is everything the dashboard screen shows except the charts.
type Dashboard struct {
	Today        Date            `json:"today"`
	TimeZone     string          `json:"timeZone"`
	Counts       DashboardCounts `json:"counts"`
	Urgent       []UrgentRequest `json:"urgent"`      // at most DashboardUrgentLimit, most urgent first
	UrgentTotal  int             `json:"urgentTotal"` // open requests with a deadline
	VendorAlerts []VendorAlert   `json:"vendorAlerts"`
	// Vendors counts the vendors in the register and PHIVendors those with any PHI
	// access, so an empty alert list is not read as "every BAA is in order" when there
	// is no vendor, or none that sees PHI, to have one.
	Vendors    int `json:"vendors"`
	PHIVendors int `json:"phiVendors"`
	// Empty is true when the database holds no request and no vendor: the screen offers
	// to load the example practice instead of a wall of zeros.
	Empty bool `json:"empty"`
}

// DashboardUrgentLimit caps the urgency list; the cards open the full lists.
const DashboardUrgentLimit = 50

// MonthRights counts the rights requested in one month (by received date), per right.
type MonthRights struct {
	Month  string        `json:"month"` // YYYY-MM
	Counts map[Right]int `json:"counts"`
	Total  int           `json:"total"`
}

// QuarterStats describes the requests closed in one calendar quarter.
type QuarterStats struct {
	Quarter    string  `json:"quarter"` // 2026-Q1
	Closed     int     `json:"closed"`
	OnTime     int     `json:"onTime"`     // closed on or before the applicable respond-by date
	Rate       float64 `json:"rate"`       // OnTime/Closed, 0 when nothing closed
	MedianDays float64 `json:"medianDays"` // median calendar days from receipt to closing
}

// DashboardCharts holds the charts' data for the twelve months ending with today's month.
type DashboardCharts struct {
	Today    Date           `json:"today"`
	Months   []MonthRights  `json:"months"`   // 12 entries, oldest first, months without requests included
	Quarters []QuarterStats `json:"quarters"` // the quarters those months touch, oldest first
	// MedianDaysToClose is over every request closed in those twelve months; 11 CCR 7102
	// asks large businesses for the median or mean days to respond, so it is worth showing.
	MedianDaysToClose float64 `json:"medianDaysToClose"`
	ClosedCount       int     `json:"closedCount"`
}

// AnnouncementKind says why a request is announced.
type AnnouncementKind string

const (
	AnnounceOverdue  AnnouncementKind = "overdue"   // its deadline passed
	AnnounceDueToday AnnouncementKind = "due-today" // its deadline is today
	AnnounceDueSoon  AnnouncementKind = "due-soon"  // its deadline is within AnnounceSoonDays
)

// AnnounceSoonDays is how close a deadline must be to be announced as soon due.
const AnnounceSoonDays = 3

// Announcement is one in-app notice about an open request. Key is stable for the same
// request, kind and due date, so the UI can remember what it already said: a request is
// announced again only when it moves into a more urgent kind or its date changes.
type Announcement struct {
	Key       string           `json:"key"`
	Kind      AnnouncementKind `json:"kind"`
	Reference string           `json:"reference"`
	Requester string           `json:"requester"`
	Right     Right            `json:"right"`
	DueOn     Date             `json:"dueOn"`
	DaysLeft  int              `json:"daysLeft"`
	Message   string           `json:"message"`
}

// Announcements is the current set of notices for today.
type Announcements struct {
	Today Date           `json:"today"`
	Items []Announcement `json:"items"` // most urgent first
}
