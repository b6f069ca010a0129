// Package backend holds what Privacy Desk knows, independent of any storage or UI:
// the entities (practice settings, requests, vendors, letters, audit events), their
// Validate methods, the regime and right identifiers, and the one error type every
// layer returns. It imports only the standard library; storage, rules, letters and
// export depend on it, never the other way round.
package backend
