package storage

import (
	"context"
	"testing"

	"privacydesk/backend"
)

// The export's rows read on SQLite as one packed column a row are the rows the plain
// query reads column by column: every field in its place, NULL as "", booleans and ids
// parsed, a request without rights, and a row whose fields hold the separator itself
// (read again column by column).
func TestExportRowsPackedAsScanned(t *testing.T) {
	s := newTestStore(t)
	ctx := context.Background()
	a := mustCreateRequest(t, s, reqInput("Łukasz Nowak", "lukasz@example.com", backend.RegimeGDPR, "2026-02-20", backend.RightAccess, backend.RightDeletion))
	if _, err := s.SetOutcome(a.Reference, backend.OutcomeInput{Right: backend.RightAccess, Outcome: backend.OutcomeDenied,
		DenialReason: backend.DenialNoData, DenialText: "We hold no data about you, \"none\"."}); err != nil {
		t.Fatal(err)
	}
	in := reqInput("Ana Paz", "ana@example.com", backend.RegimeCCPA, "2026-02-25", backend.RightAccess)
	in.Minor, in.Notes = true, "Wants paper copies.\nTwo of them."
	b := mustCreateRequest(t, s, in)
	c := mustCreateRequest(t, s, reqInput("Zoë Okafor", "zoe@example.com", backend.RegimeHIPAA, "2026-02-26", backend.RightAccess))
	mustCreateRequest(t, s, reqInput("Chidi Okafor", "chidi@example.com", backend.RegimeCCPA, "2026-02-27", backend.RightDeletion))
	const withSep = "pasted from a form\x1fwith a unit separator\x1f"
	if err := s.db.Exec(`UPDATE requests SET notes = ?, requester_phone = ?, proof_of_authority = ? WHERE id = ?`, withSep, "\x1f", true, b.ID).Error; err != nil {
		t.Fatal(err)
	}
	if err := s.db.Exec(`DELETE FROM request_rights WHERE request_id = ?`, c.ID).Error; err != nil {
		t.Fatal(err)
	}

	read := func(each func(context.Context, func(*RequestExportRow) error) error) []RequestExportRow {
		var out []RequestExportRow
		if err := each(ctx, func(w *RequestExportRow) error { out = append(out, *w); return nil }); err != nil {
			t.Fatal(err)
		}
		return out
	}
	got := read(s.EachRequestExportRow)
	want := read(func(ctx context.Context, fn func(*RequestExportRow) error) error {
		pool, err := s.reader()
		if err != nil {
			return err
		}
		tx, err := pool.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		return eachRequestExportRowScanned(ctx, tx, fn)
	})
	if len(got) != 5 || len(want) != 5 {
		t.Fatalf("%d rows packed, %d scanned; want 5 (two rights, three requests with one or none)", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("row %d:\n packed  %+v\n scanned %+v", i, got[i], want[i])
		}
	}
	byID := map[int64]RequestExportRow{}
	for _, w := range got {
		byID[w.ID] = w
	}
	if w := byID[b.ID]; w.Notes != withSep || w.Phone != "\x1f" || !w.Minor || !w.ProofOfAuthority || w.Name != "Ana Paz" {
		t.Errorf("the row whose fields hold the separator: %+v", w)
	}
	if w := byID[c.ID]; w.Right != "" || w.Outcome != "" || w.Name != "Zoë Okafor" || w.Reference != c.Reference {
		t.Errorf("the request without rights: %+v", w)
	}
	if w := got[0]; w.Right != string(backend.RightAccess) || w.Outcome != string(backend.OutcomeDenied) || w.DenialText != "We hold no data about you, \"none\"." {
		t.Errorf("the first right of the first request: %+v", w)
	}
}
