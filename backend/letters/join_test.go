package letters

import (
	"bytes"
	"fmt"
	"runtime/debug"
	"sort"
	"strings"
	"testing"

	"privacydesk/backend"
)

// TestJoin prints stored letters as one PDF: every page of every letter, in order, as
// kept (Letter and A4 sizes alike), and a file that is not a PDF refuses the batch.
func TestJoin(t *testing.T) {
	var pdfs [][]byte
	pages := 0
	for _, f := range fixtures[:4] {
		b := renderFixture(t, f)
		pdfs = append(pdfs, b)
		pages += PageCount(b)
	}
	a4 := fixtures[0].data()
	a4.Practice.PaperSize = backend.PaperA4
	b, err := RenderBytes(Builtin(fixtures[0].kind), a4)
	if err != nil {
		t.Fatal(err)
	}
	pdfs = append(pdfs, b)
	pages += PageCount(b)

	var buf bytes.Buffer
	if err := Join(&buf, "Batch", pdfs); err != nil {
		t.Fatal(err)
	}
	qpdfCheck(t, buf.Bytes())
	text := pdfText(t, buf.Bytes())
	if got := strings.Count(text, "\f"); got != pages {
		t.Errorf("the batch has %d pages, the letters %d", got, pages)
	}
	var want strings.Builder
	for _, p := range pdfs {
		want.WriteString(pdfText(t, p))
	}
	// Page by page, the same lines: pdftotext orders the blocks of an imported page by its
	// own reading-order guess, which now and then puts a block elsewhere on the page.
	wantPages, gotPages := strings.Split(want.String(), "\f"), strings.Split(text, "\f")
	if len(wantPages) != len(gotPages) {
		t.Fatalf("the batch's text has %d pages, the letters' %d", len(gotPages), len(wantPages))
	}
	for i := range wantPages {
		if w, g := sortedLines(wantPages[i]), sortedLines(gotPages[i]); w != g {
			t.Errorf("page %d of the batch differs from the letter's page: %s", i+1, firstDiff(w, g))
		}
	}
	sizes := pdfText(t, buf.Bytes(), "-bbox")
	if !strings.Contains(sizes, `width="612.000000" height="792.000000"`) || !strings.Contains(sizes, `width="595.`) {
		t.Errorf("page sizes not kept (Letter and A4 expected)")
	}

	if err := Join(&bytes.Buffer{}, "Batch", [][]byte{pdfs[0], []byte("not a pdf")}); err == nil || !strings.Contains(err.Error(), "Letter 2") {
		t.Errorf("a non-PDF: got %v", err)
	}
	if err := Join(&bytes.Buffer{}, "Batch", nil); err == nil {
		t.Error("an empty batch was accepted")
	}
}

// sortedLines is a page's lines, sorted: the page's text whatever order it is read in.
func sortedLines(page string) string {
	lines := strings.Split(page, "\n")
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// Every letter of a large batch is its own letter in the joined PDF, even when the
// garbage collector runs all the time: the PDF importer tells its sources apart by the
// address of the stream variable, and an address freed and reused once made a later
// letter print as an earlier one's pages.
func TestJoinKeepsEveryLetterApart(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(1))
	var pdfs [][]byte
	for i := 0; i < 24; i++ {
		d := fixtures[0].data()
		d.Request.Reference = fmt.Sprintf("PR-2026-%04d", 101+i)
		b, err := RenderBytes(Builtin(fixtures[0].kind), d)
		if err != nil {
			t.Fatal(err)
		}
		pdfs = append(pdfs, b)
	}
	var buf bytes.Buffer
	if err := Join(&buf, "Batch", pdfs); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, buf.Bytes())
	at := 0
	for i := range pdfs {
		ref := fmt.Sprintf("PR-2026-%04d", 101+i)
		j := strings.Index(text[at:], ref)
		if j < 0 {
			t.Fatalf("letter %d (%s) is not in the batch after letter %d; the batch shows %q", i+1, ref, i, refsIn(text))
		}
		at += j
	}
}

func refsIn(text string) []string {
	var out []string
	for _, f := range strings.Fields(text) {
		if strings.HasPrefix(f, "PR-2026-0") && (len(out) == 0 || out[len(out)-1] != f) {
			out = append(out, f)
		}
	}
	return out
}
