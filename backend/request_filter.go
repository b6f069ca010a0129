package backend

import "strings"

// RequestSort names the columns the list sorts on.
type RequestSort string

const (
	SortReference RequestSort = "reference"
	SortName      RequestSort = "name"
	SortEmail     RequestSort = "email"
	SortRegime    RequestSort = "regime"
	SortStatus    RequestSort = "status"
	SortReceived  RequestSort = "received"
	SortDue       RequestSort = "due"
	SortAssignee  RequestSort = "assignee"
	SortUpdated   RequestSort = "updated"
)

// RequestSorts lists the sortable columns.
var RequestSorts = []RequestSort{SortReference, SortName, SortEmail, SortRegime, SortStatus, SortReceived, SortDue, SortAssignee, SortUpdated}

// RequestFilter selects requests for the list; zero fields match everything.
type RequestFilter struct {
	// Search matches reference, requester name, email, phone (ignoring punctuation),
	// notes, description, agent name and tags, ignoring case and accents.
	Search   string   `json:"search"`
	Status   []Status `json:"status"`   // any of
	Open     *bool    `json:"open"`     // only open (true) or only closed (false) requests
	Regime   []Regime `json:"regime"`   // any of
	Right    []Right  `json:"right"`    // requests asking for any of
	Assignee string   `json:"assignee"` // exact; "-" selects unassigned requests
	From     string   `json:"from"`     // received on or after, YYYY-MM-DD
	To       string   `json:"to"`       // received on or before, YYYY-MM-DD
	// Due selects by deadline, with the dashboard's card identifiers (dashboard.go).
	Due DueWindow `json:"due"`
	// Today is the practice's current date for the due window, YYYY-MM-DD; "" means the
	// store's clock in the practice's time zone.
	Today  string      `json:"today"`
	Sort   RequestSort `json:"sort"` // "" sorts by received, newest first
	Desc   bool        `json:"desc"`
	Offset int         `json:"offset"`
	Limit  int         `json:"limit"` // 0 means 100; at most 1000 (the CLI passes -1: all)
	// After continues the list after the page that returned it as Next: the next page is
	// read by seeking in the sort's index, as fast deep in the list as at its top.
	After string `json:"after,omitempty"`
}

// MaxPageSize caps one page of the list.
const MaxPageSize = 1000

// Validate checks the filter and names the field of any problem.
func (f *RequestFilter) Validate() error {
	f.Search = strings.TrimSpace(f.Search)
	if err := ValidateText("search", f.Search, 200, false); err != nil {
		return err
	}
	for _, s := range f.Status {
		if !s.Valid() {
			return Invalid("status", "Unknown status %q.", s)
		}
	}
	for _, r := range f.Regime {
		if !r.Valid() {
			return Invalid("regime", "Unknown regime %q.", r)
		}
	}
	for _, t := range f.Right {
		if !t.Valid() {
			return Invalid("right", "Unknown right %q.", t)
		}
	}
	for field, v := range map[string]string{"from": f.From, "to": f.To, "today": f.Today} {
		if err := ValidateDate(field, v, false); err != nil {
			return err
		}
	}
	if f.From != "" && f.To != "" && f.To < f.From {
		return Invalid("to", "The end of the range is before its start.")
	}
	if f.Due != "" {
		ok := false
		for _, w := range DueWindows {
			ok = ok || w == f.Due
		}
		if !ok {
			return Invalid("due", "Unknown due window %q.", f.Due)
		}
	}
	if f.Sort != "" {
		ok := false
		for _, s := range RequestSorts {
			ok = ok || s == f.Sort
		}
		if !ok {
			return Invalid("sort", "Cannot sort by %q.", f.Sort)
		}
	}
	if f.Offset < 0 {
		return Invalid("offset", "The offset cannot be negative.")
	}
	if f.After != "" && f.Offset != 0 {
		return Invalid("after", "A page continues either after a row or at an offset, not both.")
	}
	if f.Limit == 0 {
		f.Limit = 100
	}
	if f.Limit > MaxPageSize {
		f.Limit = MaxPageSize
	}
	return nil
}

// RequestPage is one page of the list and the number of requests matching in all.
type RequestPage struct {
	Items []Request `json:"items"`
	// Total is the number matching in all, counted for the first page (After empty); a
	// page read After another leaves it -1: the first page's count stands.
	Total int64 `json:"total"`
	// Next is the After of the page that follows, "" when this is the last.
	Next string `json:"next"`
}

// Duplicate is an open request that may be the same as one being logged.
type Duplicate struct {
	Reference    string  `json:"reference"`
	Name         string  `json:"name"`
	Email        string  `json:"email"`
	DateOfBirth  string  `json:"dateOfBirth"`
	Status       Status  `json:"status"`
	ReceivedDate Date    `json:"receivedDate"`
	Regime       Regime  `json:"regime"`
	Rights       []Right `json:"rights"`
	Match        string  `json:"match"` // "email" or "name and date of birth"
}
