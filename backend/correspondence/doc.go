// Package correspondence owns the letters of a privacy request as use cases: which
// letter kinds fit a request, the data a letter prints (built from the stored request,
// the practice profile, the data map and the vendor register), issuing a letter (render
// it with backend/letters and keep it, with its SHA-256, as evidence through storage),
// the template library and the editor's live preview with a made-up example request,
// and copies of kept letters taken out of the app (a saved copy, a copy opened in the
// system's viewer, a batch joined for printing), each recorded in the audit trail.
//
// The window (app/svc_letters.go) and the command line (app/cmd_letter.go) both call a
// Service built with New over an open store. Storage keeps only the rows: letters with
// their bytes, never changed, and saved template versions. Every time comes from the
// store's clock and the practice's time zone, never from the computer's.
package correspondence
