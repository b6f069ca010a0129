package letters

import (
	"bytes"
	"io"
	"time"

	"github.com/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gomono"

	"privacydesk/backend"
)

// Sheet is a one-page document the practice prints and files away (the recovery key,
// the audit anchor): a title, the practice's name, and blocks of text, some of them in
// a fixed-width face so a key or a hash can be copied character by character.
type Sheet struct {
	Title    string
	Practice string
	Paper    backend.PaperSize
	Now      time.Time // printed and used as the PDF's dates
	// Keywords go into the PDF's document information, uncompressed, so a program can
	// read them back from the file without a PDF parser.
	Keywords string
	Blocks   []SheetBlock
}

// SheetBlock is a heading, a paragraph, or a fixed-width value.
type SheetBlock struct {
	Heading string
	Text    string
	Mono    bool
}

// WriteSheet lays s out on one page (text that does not fit flows on, it is not cut).
func WriteSheet(w io.Writer, s Sheet) error {
	size := "Letter"
	if s.Paper == backend.PaperA4 {
		size = "A4"
	}
	pdf := fpdf.New("P", "mm", size, "")
	pdf.SetCatalogSort(true)
	if !s.Now.IsZero() {
		pdf.SetCreationDate(s.Now)
		pdf.SetModificationDate(s.Now)
	}
	pdf.SetTitle(s.Title, true)
	pdf.SetCreator("Privacy Desk", true)
	if s.Keywords != "" {
		pdf.SetKeywords(s.Keywords, false)
	}
	ts := NewTypesetter(pdf)
	pdf.AddUTF8FontFromBytes("mono", "", gomono.TTF)
	pdf.SetMargins(20, 20, 20)
	pdf.SetAutoPageBreak(true, 18)
	pdf.AddPage()
	// The title, the practice's name and the paragraphs are set like the letters' text,
	// in any script a letter prints; keys and hashes are ASCII in the fixed-width face.
	para := func(s string, bold bool, size, lead float64) {
		left, _, right, _ := pdf.GetMargins()
		pageW, _ := pdf.GetPageSize()
		ts.Flow(ts.Words(s, bold, size).Lines(pageW-left-right), size, left, lead)
	}
	para(s.Title, true, 18, 9)
	sub := s.Practice
	if !s.Now.IsZero() {
		if sub != "" {
			sub += " · "
		}
		sub += "made " + s.Now.UTC().Format("2 January 2006, 15:04 UTC")
	}
	if sub != "" {
		para(sub, false, 10, 5)
	}
	pdf.Ln(4)
	for _, b := range s.Blocks {
		if b.Heading != "" {
			pdf.Ln(2)
			para(b.Heading, true, 12, 6)
		}
		if b.Text == "" {
			continue
		}
		if b.Mono {
			pdf.SetFont("mono", "", 10)
			pdf.SetFillColor(240, 240, 240)
			pdf.MultiCell(0, 6, b.Text, "1", "L", true)
		} else {
			para(b.Text, false, 10.5, 5.2)
		}
		pdf.Ln(2)
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}
