package letters

import (
	"bytes"
	"fmt"
	"io"
	"runtime"

	"github.com/go-pdf/fpdf"
	"github.com/go-pdf/fpdf/contrib/gofpdi"

	"privacydesk/backend"
)

// Join writes letters already made (stored PDFs) into one PDF, for printing a batch.
// Unlike RenderBatch, nothing is drawn again: every page is the stored letter's own page,
// imported as it was kept, so the printout matches the evidence even when the request or
// the template has changed since. title names the batch in the PDF's metadata.
func Join(w io.Writer, title string, pdfs [][]byte) (err error) {
	if len(pdfs) == 0 {
		return backend.Invalid("letters", "No letters to print.")
	}
	// The importer panics on input it cannot parse; one bad file must not take the app
	// down with it.
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("letters: joining the PDFs failed: %v", p)
		}
	}()
	out := fpdf.New("P", "pt", "Letter", "")
	out.SetCatalogSort(true)
	out.SetCreator("Privacy Desk", true)
	out.SetTitle(title, true)
	imp := gofpdi.NewImporter()
	// The importer tells its sources apart by the printed address of the stream variable
	// and keeps only the address's text: a variable freed after one letter and its
	// address reused for a later one made the later letter print as the earlier one's
	// pages. All the streams live in one slice until the batch is written, so every
	// letter has an address of its own for the whole join.
	streams := make([]io.ReadSeeker, len(pdfs))
	for i, b := range pdfs {
		if !bytes.HasPrefix(b, []byte("%PDF-")) {
			return backend.Invalid("letters", "Letter %d of the batch is not a PDF.", i+1)
		}
		streams[i] = bytes.NewReader(b)
		for page, pages := 1, 1; page <= pages; page++ {
			tpl := imp.ImportPageFromStream(out, &streams[i], page, "/MediaBox")
			sizes := imp.GetPageSizes()
			pages = len(sizes)
			box := sizes[page]["/MediaBox"]
			wd, ht := box["w"], box["h"]
			if wd <= 0 || ht <= 0 {
				return backend.Invalid("letters", "Letter %d of the batch has a page without a size.", i+1)
			}
			out.AddPageFormat("P", fpdf.SizeType{Wd: wd, Ht: ht})
			imp.UseImportedTemplate(out, tpl, 0, 0, wd, ht)
		}
	}
	if err := out.Error(); err != nil {
		return fmt.Errorf("letters: joining the PDFs: %w", err)
	}
	err = out.Output(w)
	runtime.KeepAlive(streams)
	return err
}
