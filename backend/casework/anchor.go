package casework

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"privacydesk/backend"
	"privacydesk/backend/export"
	"privacydesk/backend/letters"
)

// The audit anchor. The hash chain shows an event edited, inserted or removed, but not
// a trail rewritten whole with its chain recomputed, nor one deleted whole. Its head
// (how many events, the last one's hash), written down outside the database, does: on
// a one-page PDF to file away, on the yearly metrics report and in every backup's
// manifest. `audit verify --anchor` then checks that the trail still holds that head.

// AnchorLine is how a head is written wherever it is printed; ParseAnchor reads it back.
func AnchorLine(h backend.ChainHead) string {
	return fmt.Sprintf("Events: %d  Head: %s", h.Events, h.Hash)
}

var anchorLineRE = regexp.MustCompile(`Events:\s*(\d+)\s+Head:\s*([0-9a-f]{64})`)

// ParseAnchor reads a chain head from an anchor: the anchor PDF (whose document
// information holds ChainHead.String() uncompressed), any text holding it, or the JSON
// of a backend.ChainHead. field names the flag or form field the anchor came from.
func ParseAnchor(field string, b []byte) (backend.ChainHead, error) {
	if m := anchorLineRE.FindSubmatch(b); m != nil {
		n, err := strconv.ParseInt(string(m[1]), 10, 64)
		if err == nil {
			return backend.ChainHead{Events: n, Hash: string(m[2])}, nil
		}
	}
	var h backend.ChainHead
	if json.Unmarshal(bytes.TrimSpace(b), &h) == nil && h.Events >= 0 && len(h.Hash) == 64 {
		return h, nil
	}
	return backend.ChainHead{}, backend.Invalid(field, "No audit anchor found: expected an anchor PDF from Privacy Desk or a line \"Events: N  Head: <64 hex digits>\".")
}

// ParseAnchorHead reads a head typed as N:HEX.
func ParseAnchorHead(field, s string) (backend.ChainHead, error) {
	n, hash, ok := strings.Cut(strings.TrimSpace(s), ":")
	events, err := strconv.ParseInt(n, 10, 64)
	if !ok || err != nil || events < 0 {
		return backend.ChainHead{}, backend.Invalid(field, "Give the anchor as N:HEX (the number of events, a colon, the head's hash), not %q.", s)
	}
	return ParseAnchor(field, []byte(backend.ChainHead{Events: events, Hash: strings.ToLower(hash)}.String()))
}

// ReadAnchorFile reads the chain head from an anchor file (ParseAnchor).
func ReadAnchorFile(field, path string) (backend.ChainHead, error) {
	f, err := os.Open(path)
	if err != nil {
		return backend.ChainHead{}, backend.Invalid(field, "Cannot read the anchor file: %v", err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, 16<<20))
	if err != nil {
		return backend.ChainHead{}, backend.Invalid(field, "Cannot read the anchor file: %v", err)
	}
	return ParseAnchor(field, b)
}

// VerifyAuditAnchored is VerifyAudit that also checks the trail still holds anchor.
func (s *Service) VerifyAuditAnchored(ctx context.Context, anchor backend.ChainHead) (backend.ChainReport, error) {
	if err := alive(ctx); err != nil {
		return backend.ChainReport{}, err
	}
	return s.st.VerifyAuditAnchored(&anchor)
}

// AnchorResult is an audit anchor just written.
type AnchorResult struct {
	File   string            `json:"file"`
	Head   backend.ChainHead `json:"head"`
	Line   string            `json:"line"`   // AnchorLine(Head), to copy down
	MadeAt string            `json:"madeAt"` // RFC 3339, UTC
}

// WriteAuditAnchor verifies the trail, then writes its head on a one-page PDF at out.
// A trail that does not verify is not anchored: the anchor would vouch for it.
func (s *Service) WriteAuditAnchor(ctx context.Context, out string) (AnchorResult, error) {
	out = strings.TrimSpace(out)
	if out == "" {
		return AnchorResult{}, backend.Invalid("out", "Choose the file to write.")
	}
	if err := alive(ctx); err != nil {
		return AnchorResult{}, err
	}
	rep, err := s.st.VerifyAudit()
	if err != nil {
		return AnchorResult{}, err
	}
	if !rep.OK {
		return AnchorResult{}, backend.Errorf(backend.ECONFLICT, "The audit trail does not verify (%s), so it is not anchored: an anchor would vouch for it.", rep.Problem)
	}
	p, err := s.st.GetPractice()
	if err != nil {
		return AnchorResult{}, err
	}
	now := s.st.Now().UTC().Truncate(time.Second)
	res := AnchorResult{File: out, Head: rep.Head, Line: rep.Head.String(), MadeAt: now.Format(time.RFC3339)}
	err = export.WriteFile(ctx, out, 0o600, func(w io.Writer) error {
		return letters.WriteSheet(w, anchorSheet(p, res, now))
	})
	if err != nil {
		return AnchorResult{}, err
	}
	return res, s.st.RecordEvent("audit", "anchor", "anchor", map[string]any{"file": filepath.Base(out), "events": rep.Head.Events, "head": rep.Head.Hash})
}

func anchorSheet(p backend.Practice, a AnchorResult, now time.Time) letters.Sheet {
	return letters.Sheet{Title: "Privacy Desk audit anchor", Practice: p.Name, Paper: p.PaperSize, Now: now,
		Keywords: "privacydesk-audit-anchor " + a.Line, Blocks: []letters.SheetBlock{
			{Heading: "What this is", Text: "Privacy Desk records every change to requests, vendors and letters in an audit trail, " +
				"each entry sealed with the hash of the one before. This page pins the trail as it was when the page was made: " +
				"how many entries it had and the hash of the last. Nobody can later rewrite or delete those entries, even " +
				"with a database tool and recomputed hashes, without the trail no longer matching this page."},
			{Heading: "The anchor", Text: a.Line, Mono: true},
			{Heading: "How to check it", Text: "Sign and date this page, and keep it (or the PDF) away from the computer, with the " +
				"practice's records. To check the trail still holds it, run: privacydesk-cli audit verify --anchor THIS.pdf " +
				"(or --anchor-head N:HASH with the numbers above). It names the first entry that differs."},
			{Heading: "Signed", Text: "\n\nName, date and signature: ______________________________________________"},
		}}
}
