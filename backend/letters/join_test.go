package letters

import (
	"bytes"
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
	if text != want.String() {
		t.Errorf("the batch's text differs from the letters' text at %s", firstDiff(want.String(), text))
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
