package backend

// Option is one choice of a select: its identifier and its label.
type Option struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

// RegimeOption is a regime with the rights it grants.
type RegimeOption struct {
	Value  string   `json:"value"`
	Label  string   `json:"label"`
	Rights []Option `json:"rights"`
	// Note is shown when a request is logged under the regime.
	Note string `json:"note"`
}

// StatusOption is a status, and whether it closes the request.
type StatusOption struct {
	Value  string `json:"value"`
	Label  string `json:"label"`
	Closed bool   `json:"closed"`
}

// RequestLimits are the lengths the backend enforces, for the forms' counters.
type RequestLimits struct {
	Name        int `json:"name"`
	Notes       int `json:"notes"`
	Description int `json:"description"`
	Address     int `json:"address"`
	Tag         int `json:"tag"`
	Tags        int `json:"tags"`
	PageSize    int `json:"pageSize"`
}

// RequestOptions is every list of choices the request screens show, so the UI never
// hard-codes an identifier or a label.
type RequestOptions struct {
	Regimes             []RegimeOption `json:"regimes"`
	Rights              []Option       `json:"rights"`
	Statuses            []StatusOption `json:"statuses"`
	Channels            []Option       `json:"channels"`
	SubmittedBy         []Option       `json:"submittedBy"`
	ConsentStatuses     []Option       `json:"consentStatuses"`
	Outcomes            []Option       `json:"outcomes"`
	DenialReasons       []Option       `json:"denialReasons"`
	VerificationMethods []Option       `json:"verificationMethods"`
	VerificationDegrees []Option       `json:"verificationDegrees"`
	PauseKinds          []Option       `json:"pauseKinds"`
	Actions             []Option       `json:"actions"`
	DueWindows          []Option       `json:"dueWindows"`
	SortColumns         []Option       `json:"sortColumns"`
	// Countries are the requester's countries a GDPR request can name, by name: those
	// whose public holidays the deadline rules know.
	Countries []Option      `json:"countries"`
	Limits    RequestLimits `json:"limits"`
}

// VendorOptions are the choices the vendor forms offer, from the backend's own lists.
type VendorOptions struct {
	Categories     []Option           `json:"categories"`
	PHIAccess      []Option           `json:"phiAccess"`
	BAAStatuses    []Option           `json:"baaStatuses"`
	BAAExemptions  []Option           `json:"baaExemptions"`
	Dispositions   []Option           `json:"dispositions"`
	NotifyMethods  []Option           `json:"notifyMethods"`
	Clauses        []BAAClause        `json:"clauses"`
	DataCategories []DataCategoryInfo `json:"dataCategories"`
	PassedOnRights []Right            `json:"passedOnRights"`
}

// VendorEntry is one row of the vendor register: the vendor and the alerts it raises today.
type VendorEntry struct {
	Vendor Vendor        `json:"vendor"`
	Alerts []VendorAlert `json:"alerts"`
}

// VendorDetail is everything the vendor screen shows.
type VendorDetail struct {
	Vendor      Vendor        `json:"vendor"`
	Alerts      []VendorAlert `json:"alerts"`
	History     []VendorEvent `json:"history"`     // newest first
	Tasks       []VendorTask  `json:"tasks"`       // requests passed on to it, newest first
	Attachments []Attachment  `json:"attachments"` // every BAA file ever attached
}

// VendorEvent is one event of a vendor's history with, for a change of the vendor
// itself, what changed.
type VendorEvent struct {
	AuditEvent
	Changes []FieldChange `json:"changes"` // empty when the event is not a field change
}

// FieldChange is one field an event changed, as people read it: its label on the form
// and its values before and after, formatted ("" when empty).
type FieldChange struct {
	Field  string `json:"field"` // the JSON key, or "checklist.<clause>"
	Label  string `json:"label"`
	Before string `json:"before"`
	After  string `json:"after"`
}

// AuditPage is one page of audit events and the total matching.
type AuditPage struct {
	Items []AuditEvent `json:"items"`
	Total int64        `json:"total"`
}

// AttachResult is what choosing and attaching a file did: nothing when the person cancelled.
type AttachResult struct {
	Attached   bool          `json:"attached"`
	Attachment *Attachment   `json:"attachment"`
	Detail     RequestDetail `json:"detail"`
}
