package backend

import (
	"fmt"
	"time"
)

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
	// Record is what a request, vendor or letter was after the change (storage's
	// audit_records.go), JSON; "" for other events and for events from before records.
	Record   string `json:"record"`
	PrevHash string `json:"prevHash"`
	Hash     string `json:"hash"`
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
	OK bool `json:"ok"`
	// Count is how many events verified: all of them when only a record (below) or
	// nothing differs, 0 when the chain itself is broken.
	Count   int64  `json:"count"`
	BadSeq  int64  `json:"badSeq"`  // first event that does not verify, 0 when OK or only a record differs
	Problem string `json:"problem"` // what is wrong with it
	// Records is how many requests, vendors and letters were compared with their last
	// event; Unrecorded how many were not, their events being from before events
	// recorded the row (an older version of Privacy Desk).
	Records    int64 `json:"records"`
	Unrecorded int64 `json:"unrecorded"`
	// Head is the chain's end: the number of events and the last one's hash.
	Head ChainHead `json:"head"`
}

// ChainHead pins the audit trail as it was: how many events it had and the hash of the
// last. Printed on paper or kept in a backup's manifest, it lets `audit verify` tell a
// trail that was rewritten or deleted, even one whose chain was recomputed, from the
// one that was pinned: that trail's event Events still has hash Hash.
type ChainHead struct {
	Events int64  `json:"events"`
	Hash   string `json:"hash"`
}

// String is how a head is printed wherever it is written down (the anchor page, the
// metrics report); casework.ParseAnchor reads it back.
func (h ChainHead) String() string { return fmt.Sprintf("Events: %d  Head: %s", h.Events, h.Hash) }
