package backend

import "time"

// Actor is who did something: the operating-system account and the staff name typed
// into the app (several people may share one computer account at a front desk).
type Actor struct {
	OSUser string `json:"osUser"`
	Staff  string `json:"staff"`
}

// AuditEvent is one entry of the hash-chained audit trail. Hash is the SHA-256 of the
// event's content including PrevHash, so an edit, deletion, insertion or reordering done
// behind the app's back breaks the chain at that event.
type AuditEvent struct {
	Seq      int64     `json:"seq"`
	At       time.Time `json:"at"` // UTC
	OSUser   string    `json:"osUser"`
	Staff    string    `json:"staff"`
	Entity   string    `json:"entity"`   // "practice", "request", "vendor", "letter", ...
	EntityID string    `json:"entityId"` // the reference, name or id people recognise
	Action   string    `json:"action"`   // "create", "update", "transition", ...
	Before   string    `json:"before"`   // JSON, "" when none
	After    string    `json:"after"`    // JSON, "" when none
	PrevHash string    `json:"prevHash"`
	Hash     string    `json:"hash"`
}

// AuditFilter selects audit events; zero fields match everything.
type AuditFilter struct {
	Entity   string `json:"entity"`
	EntityID string `json:"entityId"`
	Action   string `json:"action"`
	Search   string `json:"search"`
	Limit    int    `json:"limit"`
	Offset   int    `json:"offset"`
}

// ChainReport is the result of verifying the audit chain.
type ChainReport struct {
	OK      bool   `json:"ok"`
	Count   int64  `json:"count"`
	BadSeq  int64  `json:"badSeq"`  // first event that does not verify, 0 when OK
	Problem string `json:"problem"` // what is wrong with it
}
