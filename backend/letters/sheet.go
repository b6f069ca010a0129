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
	pdf.AddUTF8FontFromBytes(famSans, "", fontRegular())
	pdf.AddUTF8FontFromBytes(famSans, "B", fontBold())
	pdf.AddUTF8FontFromBytes("mono", "", gomono.TTF)
	pdf.SetMargins(20, 20, 20)
	pdf.SetAutoPageBreak(true, 18)
	pdf.AddPage()
	pdf.SetFont(famSans, "B", 18)
	pdf.MultiCell(0, 9, s.Title, "", "L", false)
	pdf.SetFont(famSans, "", 10)
	sub := s.Practice
	if !s.Now.IsZero() {
		if sub != "" {
			sub += " · "
		}
		sub += "made " + s.Now.UTC().Format("2 January 2006, 15:04 UTC")
	}
	if sub != "" {
		pdf.MultiCell(0, 5, sub, "", "L", false)
	}
	pdf.Ln(4)
	for _, b := range s.Blocks {
		if b.Heading != "" {
			pdf.Ln(2)
			pdf.SetFont(famSans, "B", 12)
			pdf.MultiCell(0, 6, b.Heading, "", "L", false)
		}
		if b.Text == "" {
			continue
		}
		if b.Mono {
			pdf.SetFont("mono", "", 10)
			pdf.SetFillColor(240, 240, 240)
			pdf.MultiCell(0, 6, b.Text, "1", "L", true)
		} else {
			pdf.SetFont(famSans, "", 10.5)
			pdf.MultiCell(0, 5.2, b.Text, "", "L", false)
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
