package correspondence

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"privacydesk/backend"
	"privacydesk/backend/letters"
)

func TestFileName(t *testing.T) {
	for _, tc := range []struct {
		l    letters.Letter
		want string
	}{
		{letters.Letter{ID: 7, RequestRef: "PR-2026-0001", Kind: letters.KindAcknowledgment}, "PR-2026-0001 acknowledgment 7.pdf"},
		{letters.Letter{ID: 8, RequestRef: "PR-2026-0001", Kind: letters.KindVendorDirection, VendorName: "A/B: Co"}, "PR-2026-0001 vendor-direction A-B- Co 8.pdf"},
	} {
		if got := FileName(tc.l); got != tc.want {
			t.Errorf("got %q, want %q", got, tc.want)
		}
	}
}

// TestCopies takes kept letters out of the app: the copy holds the stored bytes and is
// readable only by the user; a copy is recorded only once it exists and, for Open, once
// the viewer started.
func TestCopies(t *testing.T) {
	f := newTaskFixture(t)
	letterPractice(t, f.s)
	c := f.c
	a, err := c.CreateLetter(ctx, LetterInput{RequestRef: f.ref, Kind: letters.KindAcknowledgment})
	if err != nil {
		t.Fatal(err)
	}
	b, err := c.CreateLetter(ctx, LetterInput{RequestRef: f.ref, Kind: letters.KindDeletionConfirm})
	if err != nil {
		t.Fatal(err)
	}
	actions := func() map[string]int {
		events, _, err := f.s.ListAuditEvents(backend.AuditFilter{Entity: "letter"})
		if err != nil {
			t.Fatal(err)
		}
		n := map[string]int{}
		for _, e := range events {
			n[e.Action]++
		}
		return n
	}
	dir := t.TempDir()

	out := filepath.Join(dir, "letter.pdf")
	l, err := c.CreateLetterTo(ctx, LetterInput{RequestRef: f.ref, Kind: letters.KindAcknowledgment}, out)
	if got, _ := os.ReadFile(out); err != nil || !bytes.Equal(got, l.PDF) {
		t.Errorf("the command line's copy: %v", err)
	}
	if _, err := c.CreateLetterTo(ctx, LetterInput{RequestRef: f.ref, Kind: letters.KindAcknowledgment}, filepath.Join(dir, "no", "such", "x.pdf")); err == nil {
		t.Errorf("a copy into a missing folder was reported written")
	}
	// That letter was kept all the same: four letters are made in all.

	dest := filepath.Join(dir, "copy.pdf")
	if err := c.SaveCopy(ctx, a.ID, dest); err != nil {
		t.Fatal(err)
	}
	if got, err := os.ReadFile(dest); err != nil || !bytes.Equal(got, a.PDF) {
		t.Errorf("the copy differs from the kept letter: %v", err)
	}
	if fi, err := os.Stat(dest); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("copy mode: %v", err)
	}
	if err := c.SaveCopy(ctx, a.ID, " "); backend.ErrorField(err) != "path" {
		t.Errorf("no destination: %v", err)
	}

	var opened string
	if err := c.Open(ctx, b.ID, func(p string) error { opened = p; return nil }); err != nil {
		t.Fatal(err)
	}
	if got, err := os.ReadFile(opened); err != nil || !bytes.Equal(got, b.PDF) || filepath.Base(opened) != FileName(b) {
		t.Errorf("opened %q: %v", opened, err)
	}
	os.Remove(opened)
	failed := errors.New("no viewer")
	if err := c.Open(ctx, b.ID, func(p string) error { os.Remove(p); return failed }); !errors.Is(err, failed) {
		t.Errorf("a viewer that did not start: %v", err)
	}

	batch, err := c.Batch(ctx, []int64{b.ID, a.ID, b.ID})
	if err != nil || len(batch.Letters) != 2 || batch.Letters[0].ID != b.ID || batch.Letters[0].PDF != nil {
		t.Fatalf("batch: %+v, %v", batch.Letters, err)
	}
	res, err := c.WriteBatch(ctx, batch, filepath.Join(dir, "batch.pdf"))
	if err != nil || res.Letters != 2 || res.Pages != a.Pages+b.Pages || !res.Saved {
		t.Errorf("batch %+v, %v", res, err)
	}
	if _, err := c.Batch(ctx, make([]int64, MaxBatch+1)); backend.ErrorField(err) != "letters" {
		t.Errorf("too many letters: %v", err)
	}
	if _, err := c.Batch(ctx, []int64{a.ID, 999}); backend.ErrorCode(err) != backend.ENOTFOUND {
		t.Errorf("a missing letter in the batch: %v", err)
	}

	if got := actions(); got["create"] != 4 || got["save-copy"] != 1 || got["open"] != 1 || got["print"] != 2 {
		t.Errorf("audit actions %v", got)
	}
}
