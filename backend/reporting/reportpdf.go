package reporting

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"

	"privacydesk/backend"
	"privacydesk/backend/export"
	"privacydesk/backend/letters"
)

// The reports (metrics, BAA status, readiness) share one look: the practice's
// letterhead as its letters carry it (logo, name and address on the left, phone and
// email on the right, a rule below), a title, and tables that wrap rather than cut.
// The letters' DejaVu Sans is embedded (fpdf's core fonts are Windows-1252 only, and
// practice and vendor names are not; the Go fonts lack Vietnamese: "Nguyễn" printed as
// "Nguy□n").

// reportFamily is the reports' font family, from reportFonts.
const reportFamily = "sans"

// reportFonts gives the reports' font files, regular and bold.
func reportFonts() (regular, bold []byte) { return letters.SansFonts() }

var (
	accentRGB = [3]int{31, 78, 121}
	mutedRGB  = [3]int{95, 105, 115}
)

// newReportPDF starts a report on the practice's paper with its letterhead and title;
// every page gets a footer naming the report, when it was made and the page.
func newReportPDF(p backend.Practice, title string, now time.Time, footnote string) *fpdf.Fpdf {
	pdf := fpdf.New("P", "mm", "Letter", "")
	if p.PaperSize == backend.PaperA4 {
		pdf = fpdf.New("P", "mm", "A4", "")
	}
	pdf.SetCreationDate(now)
	pdf.SetModificationDate(now)
	pdf.SetTitle(title, true)
	pdf.SetCreator("Privacy Desk", true)
	regular, bold := reportFonts()
	pdf.AddUTF8FontFromBytes(reportFamily, "", regular)
	pdf.AddUTF8FontFromBytes(reportFamily, "B", bold)
	pdf.SetMargins(18, 16, 18)
	pdf.SetAutoPageBreak(true, 18)
	pdf.SetFooterFunc(func() {
		pdf.SetY(-14)
		pdf.SetFont(reportFamily, "", 8)
		pdf.SetTextColor(mutedRGB[0], mutedRGB[1], mutedRGB[2])
		pdf.CellFormat(0, 5, fmt.Sprintf("%s · Privacy Desk · generated %s · page %d", title, export.FormatInstant(now.Truncate(time.Second)), pdf.PageNo()), "", 0, "C", false, 0, "")
		if footnote != "" {
			pdf.SetY(-10)
			pdf.SetFont(reportFamily, "", 6.5)
			pdf.CellFormat(0, 4, footnote, "", 0, "C", false, 0, "")
		}
		pdf.SetTextColor(0, 0, 0)
	})
	pdf.AddPage()
	letterhead(pdf, p)
	pdf.SetFont(reportFamily, "B", 16)
	pdf.MultiCell(0, 8, title, "", "L", false)
	pdf.SetFont(reportFamily, "", 10)
	pdf.Ln(1)
	return pdf
}

// letterhead draws the practice's logo, name, address and contact details, and a rule.
func letterhead(pdf *fpdf.Fpdf, p backend.Practice) {
	left, top, right, _ := pdf.GetMargins()
	pageW, _ := pdf.GetPageSize()
	x, logoH := left, 0.0
	if len(p.Logo) > 0 {
		typ := "JPG"
		if bytes.HasPrefix(p.Logo, []byte("\x89PNG")) {
			typ = "PNG"
		}
		// A logo fpdf cannot read (16-bit PNG, say) is left out: the letters convert it,
		// a report is legible without it.
		info := pdf.RegisterImageOptionsReader("logo", fpdf.ImageOptions{ImageType: typ}, bytes.NewReader(p.Logo))
		if pdf.Ok() && info != nil && info.Height() > 0 {
			logoH = 16.0
			w := min(info.Width()*logoH/info.Height(), 50)
			logoH = info.Height() * w / info.Width()
			pdf.ImageOptions("logo", left, top, w, logoH, false, fpdf.ImageOptions{}, 0, "")
			x += w + 5
		} else {
			pdf.ClearError()
		}
	}
	var contacts []string
	for _, c := range []string{p.Phone, p.Email} {
		if c = strings.TrimSpace(c); c != "" {
			contacts = append(contacts, c)
		}
	}
	pdf.SetFont(reportFamily, "", 8.5)
	contactW := 0.0
	for _, c := range contacts {
		contactW = max(contactW, pdf.GetStringWidth(c))
	}
	nameW := pageW - right - x - contactW - 8
	pdf.SetXY(x, top)
	pdf.SetTextColor(accentRGB[0], accentRGB[1], accentRGB[2])
	pdf.SetFont(reportFamily, "B", 13)
	name := strings.TrimSpace(p.Name)
	if name == "" {
		name = "Practice name not set"
	}
	pdf.MultiCell(nameW, 6, name, "", "L", false)
	pdf.SetTextColor(mutedRGB[0], mutedRGB[1], mutedRGB[2])
	pdf.SetFont(reportFamily, "", 8.5)
	for _, l := range strings.Split(strings.TrimSpace(p.Address), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			pdf.SetX(x)
			pdf.MultiCell(nameW, 4, l, "", "L", false)
		}
	}
	y := pdf.GetY()
	for i, c := range contacts {
		pdf.SetXY(pageW-right-contactW, top+1+float64(i)*4)
		pdf.CellFormat(contactW, 4, c, "", 0, "R", false, 0, "")
	}
	pdf.SetTextColor(0, 0, 0)
	ruleY := max(y, top+logoH) + 3
	pdf.SetDrawColor(accentRGB[0], accentRGB[1], accentRGB[2])
	pdf.SetLineWidth(0.4)
	pdf.Line(left, ruleY, pageW-right, ruleY)
	pdf.SetDrawColor(0, 0, 0)
	pdf.SetLineWidth(0.2)
	pdf.SetXY(left, ruleY+5)
}

// outputPDF writes the finished document to w.
func outputPDF(w io.Writer, pdf *fpdf.Fpdf) error {
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// heading writes a section heading of a report, on a new page when little room is left.
func heading(pdf *fpdf.Fpdf, s string) {
	_, pageH := pdf.GetPageSize()
	_, _, _, bottom := pdf.GetMargins()
	if pdf.GetY() > pageH-bottom-30 {
		pdf.AddPage()
	}
	pdf.Ln(3)
	pdf.SetFont(reportFamily, "B", 12)
	pdf.MultiCell(0, 6, s, "", "L", false)
	pdf.SetFont(reportFamily, "", 10)
	pdf.Ln(1)
}

// pdfTable draws a report's table: cells wrap rather than cut words off, a row never
// splits across pages, and every page starts with the header row.
type pdfTable struct {
	pdf    *fpdf.Fpdf
	heads  []string
	widths []float64
	words  int     // the first words columns are text, aligned left; the rest are numbers, right
	bottom float64 // the lowest y a row may reach
}

const (
	cellPad  = 1.5 // mm inside each cell, left, right, top and bottom
	lineStep = 4.2 // mm per line of 9 pt text
)

// newPDFTable makes a table of heads whose columns have the relative widths weights,
// scaled to the paper's text width (Letter or A4), then widened where a column's
// longest word (in its head or in rows) would otherwise be broken (see fitWidths).
func newPDFTable(pdf *fpdf.Fpdf, heads []string, weights []float64, words int, rows [][]string) *pdfTable {
	pageW, pageH := pdf.GetPageSize()
	left, _, right, bottom := pdf.GetMargins()
	need := make([]float64, len(heads))
	widest := func(i int, s string) {
		for _, w := range strings.Fields(s) {
			need[i] = max(need[i], pdf.GetStringWidth(w)+2*cellPad+0.1)
		}
	}
	pdf.SetFont(reportFamily, "B", 8) // as header draws the heads
	for i, h := range heads {
		widest(i, h)
	}
	pdf.SetFont(reportFamily, "", 9) // as row draws the cells
	for _, r := range rows {
		for i, c := range r {
			widest(i, c)
		}
	}
	widths := fitWidths(pageW-left-right, weights, need)
	return &pdfTable{pdf: pdf, heads: heads, widths: widths, words: words, bottom: pageH - bottom}
}

// fitWidths shares total among the columns in proportion to weights, then gives every
// column at least need (its longest word), taking the room from the columns wider than
// their need in proportion to what they have to spare. When the needs add up to more
// than total, the widths are the needs scaled down to it: words must break somewhere.
func fitWidths(total float64, weights, need []float64) []float64 {
	sum, needSum := 0.0, 0.0
	for i, w := range weights {
		sum += w
		needSum += need[i]
	}
	widths := make([]float64, len(weights))
	if needSum >= total {
		for i := range widths {
			widths[i] = need[i] * total / needSum
		}
		return widths
	}
	short, spare := 0.0, 0.0
	for i, w := range weights {
		widths[i] = w * total / sum
		if d := need[i] - widths[i]; d > 0 {
			short += d
		} else {
			spare -= d
		}
	}
	if short == 0 {
		return widths
	}
	for i := range widths {
		if widths[i] < need[i] {
			widths[i] = need[i]
		} else {
			widths[i] -= short * (widths[i] - need[i]) / spare
		}
	}
	return widths
}

// wrap breaks s into lines no wider than width, at spaces where it can.
func wrap(pdf *fpdf.Fpdf, s string, width float64) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		if line != "" && pdf.GetStringWidth(line+" "+word) <= width {
			line += " " + word
			continue
		}
		if line != "" {
			lines = append(lines, line)
		}
		line = word
		// A word wider than the column is broken where it must be.
		for pdf.GetStringWidth(line) > width {
			r := []rune(line)
			n := len(r) - 1
			for n > 1 && pdf.GetStringWidth(string(r[:n])) > width {
				n--
			}
			lines = append(lines, string(r[:n]))
			line = string(r[n:])
		}
	}
	if line != "" || len(lines) == 0 {
		lines = append(lines, line)
	}
	return lines
}

func (t *pdfTable) header() {
	t.pdf.SetFont(reportFamily, "B", 8)
	t.draw(t.heads, 3.6, true, false, false)
	t.pdf.SetFont(reportFamily, "", 9)
}

// row draws one row, first starting a new page (with the header again) if it would
// not fit on this one.
func (t *pdfTable) row(cells []string, total, shade bool) {
	t.pdf.SetFont(reportFamily, "", 9)
	if total {
		t.pdf.SetFont(reportFamily, "B", 9)
	}
	if t.pdf.GetY()+t.height(cells, lineStep) > t.bottom {
		t.pdf.AddPage()
		t.header()
		if total {
			t.pdf.SetFont(reportFamily, "B", 9)
		}
	}
	t.draw(cells, lineStep, false, total, shade)
}

func (t *pdfTable) height(cells []string, step float64) float64 {
	n := 1
	for i, c := range cells {
		n = max(n, len(wrap(t.pdf, c, t.widths[i]-2*cellPad)))
	}
	return float64(n)*step + 2*cellPad
}

func (t *pdfTable) draw(cells []string, step float64, head, total, shade bool) {
	pdf := t.pdf
	h := t.height(cells, step)
	x0, _, _, _ := pdf.GetMargins()
	y := pdf.GetY()
	width := 0.0
	for _, w := range t.widths {
		width += w
	}
	switch {
	case head:
		pdf.SetFillColor(226, 234, 242)
		pdf.Rect(x0, y, width, h, "F")
	case shade:
		pdf.SetFillColor(246, 248, 250)
		pdf.Rect(x0, y, width, h, "F")
	}
	x := x0
	for i, c := range cells {
		align := "R" // the counts and days line up on the right, words on the left
		if i < t.words {
			align = "L"
		}
		for j, l := range wrap(pdf, c, t.widths[i]-2*cellPad) {
			pdf.SetXY(x+cellPad, y+cellPad+float64(j)*step)
			pdf.CellFormat(t.widths[i]-2*cellPad, step, l, "", 0, align, false, 0, "")
		}
		x += t.widths[i]
	}
	pdf.SetDrawColor(200, 206, 212)
	pdf.SetLineWidth(0.2)
	if head || total {
		pdf.SetDrawColor(90, 100, 110)
		pdf.SetLineWidth(0.35)
	}
	if total {
		pdf.Line(x0, y, x0+width, y)
	} else {
		pdf.Line(x0, y+h, x0+width, y+h)
	}
	pdf.SetDrawColor(0, 0, 0)
	pdf.SetLineWidth(0.2)
	pdf.SetXY(x0, y+h)
}
