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
// Every piece of text is set by the letters' typesetter, so a report prints every
// script a letter prints: DejaVu Sans for Latin (with Vietnamese), Greek and Cyrillic,
// the fallback fonts for Chinese, Japanese, Korean, Arabic, Hebrew and Devanagari, the
// last three shaped, and right-to-left names drawn from the right. fpdf's own text
// drawing would print a box for a glyph DejaVu lacks and Arabic letters unjoined.

// reportPDF is a report being drawn: the PDF and the typesetter that sets its text.
type reportPDF struct {
	pdf *fpdf.Fpdf
	ts  *letters.Typesetter
}

var (
	accentRGB = [3]int{31, 78, 121}
	mutedRGB  = [3]int{95, 105, 115}
)

// newReportPDF starts a report on the practice's paper with its letterhead and title;
// every page gets a footer naming the report, when it was made and the page.
func newReportPDF(p backend.Practice, title string, now time.Time, footnote string) *reportPDF {
	pdf := fpdf.New("P", "mm", "Letter", "")
	if p.PaperSize == backend.PaperA4 {
		pdf = fpdf.New("P", "mm", "A4", "")
	}
	pdf.SetCreationDate(now)
	pdf.SetModificationDate(now)
	pdf.SetTitle(title, true)
	pdf.SetCreator("Privacy Desk", true)
	r := &reportPDF{pdf: pdf, ts: letters.NewTypesetter(pdf)}
	pdf.SetMargins(18, 16, 18)
	pdf.SetAutoPageBreak(true, 18)
	pdf.SetFooterFunc(func() {
		_, pageH := pdf.GetPageSize()
		pdf.SetTextColor(mutedRGB[0], mutedRGB[1], mutedRGB[2])
		r.centred(fmt.Sprintf("%s · Privacy Desk · generated %s · page %d", title, export.FormatInstant(now.Truncate(time.Second)), pdf.PageNo()), 8, pageH-14, 5)
		if footnote != "" {
			r.centred(footnote, 6.5, pageH-10, 4)
		}
		pdf.SetTextColor(0, 0, 0)
	})
	pdf.AddPage()
	r.letterhead(p)
	r.para(title, true, 16, 8)
	pdf.Ln(1)
	return r
}

// textWidth is the width text may take between the margins.
func (r *reportPDF) textWidth() float64 {
	left, _, right, _ := r.pdf.GetMargins()
	pageW, _ := r.pdf.GetPageSize()
	return pageW - left - right
}

// bottom is the lowest y text may reach on a page.
func (r *reportPDF) bottom() float64 {
	_, _, _, bottom := r.pdf.GetMargins()
	_, pageH := r.pdf.GetPageSize()
	return pageH - bottom
}

// room starts a new page unless h more fits on this one.
func (r *reportPDF) room(h float64) {
	if r.pdf.GetY()+h > r.bottom() {
		r.pdf.AddPage()
	}
}

// para sets s in a paragraph across the text width from the current y, lead apart,
// breaking pages between lines, and leaves y below it.
func (r *reportPDF) para(s string, bold bool, size, lead float64) {
	left, _, _, _ := r.pdf.GetMargins()
	r.textAt(s, bold, size, left, r.textWidth(), lead)
}

// textAt is para in the column from x, width wide.
func (r *reportPDF) textAt(s string, bold bool, size, x, width, lead float64) {
	r.ts.Flow(r.ts.Words(s, bold, size).Lines(width), size, x, lead)
}

// rightAligned sets s on one line ending at right, in a line box lead high at top.
func (r *reportPDF) rightAligned(s string, bold bool, size, right, top, lead float64) {
	for _, l := range r.ts.Words(s, bold, size).Lines(1e6) {
		r.ts.Draw(l, right-l.Width(), r.ts.Baseline(top, lead, size))
		top += lead
	}
}

// centred sets s centred between the margins in a line box lead high at top (the
// footer: no page break).
func (r *reportPDF) centred(s string, size, top, lead float64) {
	left, _, _, _ := r.pdf.GetMargins()
	w := r.textWidth()
	for _, l := range r.ts.Words(s, false, size).Lines(w) {
		r.ts.Draw(l, left+(w-l.Width())/2, r.ts.Baseline(top, lead, size))
		top += lead
	}
}

// letterhead draws the practice's logo, name, address and contact details, and a rule.
func (r *reportPDF) letterhead(p backend.Practice) {
	pdf := r.pdf
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
	contactW := 0.0
	for _, c := range []string{p.Phone, p.Email} {
		if c = strings.TrimSpace(c); c != "" {
			contacts = append(contacts, c)
			contactW = max(contactW, r.ts.Words(c, false, 8.5).Width())
		}
	}
	nameW := pageW - right - x - contactW - 8
	pdf.SetTextColor(accentRGB[0], accentRGB[1], accentRGB[2])
	name := strings.TrimSpace(p.Name)
	if name == "" {
		name = "Practice name not set"
	}
	pdf.SetY(top)
	r.textAt(name, true, 13, x, nameW, 6)
	pdf.SetTextColor(mutedRGB[0], mutedRGB[1], mutedRGB[2])
	for _, l := range strings.Split(strings.TrimSpace(p.Address), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			r.textAt(l, false, 8.5, x, nameW, 4)
		}
	}
	y := pdf.GetY()
	for i, c := range contacts {
		r.rightAligned(c, false, 8.5, pageW-right, top+1+float64(i)*4, 4)
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

// output writes the finished document to w.
func (r *reportPDF) output(w io.Writer) error {
	var buf bytes.Buffer
	if err := r.pdf.Output(&buf); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// heading writes a section heading of a report, on a new page when little room is left.
func (r *reportPDF) heading(s string) {
	r.room(30)
	r.pdf.Ln(3)
	r.para(s, true, 12, 6)
	r.pdf.Ln(1)
}

// pdfTable draws a report's table: cells wrap rather than cut words off, a row never
// splits across pages, and every page starts with the header row. The columns are
// measured with the fonts the typesetter draws each cell in (a Chinese name in the CJK
// font, an Arabic one as shaped), and each cell is measured once.
type pdfTable struct {
	r        *reportPDF
	heads    []string
	widths   []float64
	textCols int // the first textCols columns are text, aligned left; the rest are numbers, right
	measured map[tableCell]letters.Words
}

type tableCell struct {
	text string
	bold bool
	size float64
}

const (
	cellPad  = 1.5 // mm inside each cell, left, right, top and bottom
	lineStep = 4.2 // mm per line of cellSize text
	headStep = 3.6 // mm per line of headSize text
	cellSize = 9   // points
	headSize = 8   // points
)

// newPDFTable makes a table of heads whose columns have the relative widths weights,
// scaled to the paper's text width (Letter or A4), then widened where a column's
// longest word (in its head or in rows) would otherwise be broken (see fitWidths).
func newPDFTable(r *reportPDF, heads []string, weights []float64, textCols int, rows [][]string) *pdfTable {
	t := &pdfTable{r: r, heads: heads, textCols: textCols, measured: map[tableCell]letters.Words{}}
	need := make([]float64, len(heads))
	for i, h := range heads {
		need[i] = max(need[i], t.measure(h, true, headSize).Widest()+2*cellPad+0.1)
	}
	for _, row := range rows {
		for i, c := range row {
			need[i] = max(need[i], t.measure(c, false, cellSize).Widest()+2*cellPad+0.1)
		}
	}
	t.widths = fitWidths(r.textWidth(), weights, need)
	return t
}

// measure is s set in the table, measured on first use.
func (t *pdfTable) measure(s string, bold bool, size float64) letters.Words {
	k := tableCell{s, bold, size}
	w, ok := t.measured[k]
	if !ok {
		w = t.r.ts.Words(s, bold, size)
		t.measured[k] = w
	}
	return w
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

// lines wraps each cell to its column.
func (t *pdfTable) lines(cells []string, bold bool, size float64) [][]letters.Line {
	out := make([][]letters.Line, len(cells))
	for i, c := range cells {
		out[i] = t.measure(c, bold, size).Lines(t.widths[i] - 2*cellPad)
	}
	return out
}

func (t *pdfTable) header() {
	t.draw(t.lines(t.heads, true, headSize), headSize, headStep, true, false, false)
}

// row draws one row, first starting a new page (with the header again) if it would
// not fit on this one.
func (t *pdfTable) row(cells []string, total, shade bool) {
	ls := t.lines(cells, total, cellSize)
	if t.r.pdf.GetY()+rowHeight(ls, lineStep) > t.r.bottom() {
		t.r.pdf.AddPage()
		t.header()
	}
	t.draw(ls, cellSize, lineStep, false, total, shade)
}

// rowHeight is the height of a row whose cells wrapped to ls.
func rowHeight(ls [][]letters.Line, step float64) float64 {
	n := 1
	for _, c := range ls {
		n = max(n, len(c))
	}
	return float64(n)*step + 2*cellPad
}

func (t *pdfTable) draw(ls [][]letters.Line, size, step float64, head, total, shade bool) {
	pdf := t.r.pdf
	h := rowHeight(ls, step)
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
	for i, cell := range ls {
		for j, l := range cell {
			lx := x + cellPad
			if i >= t.textCols { // the counts and days line up on the right, words on the left
				lx = x + t.widths[i] - cellPad - l.Width()
			}
			t.r.ts.Draw(l, lx, t.r.ts.Baseline(y+cellPad+float64(j)*step, step, size))
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
