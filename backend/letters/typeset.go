package letters

import (
	"strings"

	"github.com/go-pdf/fpdf"
)

// Typesetter sets text on another PDF (the reports, the filed sheets) the way the letters
// set theirs: DejaVu Sans, the CJK fallback and the Arabic, Hebrew, Devanagari and Hangul
// fonts picked character by character, Arabic, Hebrew and Devanagari shaped and drawn as
// outlines, right-to-left runs turned round. The fallback fonts go into the PDF only
// when a run needs them. Lengths are in the document's unit (millimetres for a report),
// font sizes in points.
type Typesetter struct {
	fs *fontSetter
}

// SansFamily is the fpdf family of DejaVu Sans, regular and bold ("B"), that
// NewTypesetter registers, for text a document draws with fpdf itself.
const SansFamily = famSans

// NewTypesetter registers the letters' DejaVu Sans on pdf and returns a typesetter for it.
func NewTypesetter(pdf *fpdf.Fpdf) *Typesetter {
	pdf.AddUTF8FontFromBytes(famSans, "", fontRegular())
	pdf.AddUTF8FontFromBytes(famSans, "B", fontBold())
	return &Typesetter{fs: newFontSetter(pdf)}
}

// Words is text broken into words and measured (shaped where its script needs it) at
// one size and weight, ready to be wrapped to any width.
type Words struct {
	ws   []word
	unit float64
}

// Words measures s in bold or regular at size points. A newline forces a line break.
func (t *Typesetter) Words(s string, bold bool, size float64) Words {
	return Words{ws: words([]rspan{{text: s, bold: bold}}, size), unit: t.fs.unit}
}

// Widest is the width of the widest word: a column narrower than it breaks a word.
func (w Words) Widest() float64 {
	most := 0.0
	for _, wd := range w.ws {
		most = max(most, wd.w)
	}
	return most * w.unit
}

// Width is the width of the text on one line.
func (w Words) Width() float64 {
	total := 0.0
	for i, wd := range w.ws {
		if i > 0 && wd.hard == 0 {
			total += wd.gap
		}
		total += wd.w
	}
	return total * w.unit
}

// Lines wraps the words to width; a word wider than width is split between characters
// (a shaped run is kept whole). Text without words gives no lines.
func (w Words) Lines(width float64) []Line {
	ls := wrap(w.ws, width/w.unit)
	out := make([]Line, len(ls))
	for i, l := range ls {
		out[i] = Line{l: l, unit: w.unit}
	}
	return out
}

// Line is one wrapped line.
type Line struct {
	l    line
	unit float64
}

// Width is the line's width.
func (l Line) Width() float64 { return l.l.w * l.unit }

// Draw draws l with its left edge at x and its baseline at y, in the text colour.
func (t *Typesetter) Draw(l Line, x, y float64) { t.fs.drawLine(l.l, x, y) }

// Baseline is the baseline of a line of text of size points centred in a line box
// lead high whose top is at top, as the letters place theirs.
func (t *Typesetter) Baseline(top, lead, size float64) float64 {
	return top + lead/2 + size*0.35*t.fs.unit
}

// Text is the line's text in reading order, its words separated by spaces.
func (l Line) Text() string {
	var b strings.Builder
	for i, w := range l.l.words {
		if i > 0 && w.gap > 0 {
			b.WriteByte(' ')
		}
		for _, p := range w.pieces {
			b.WriteString(p.text)
		}
	}
	return b.String()
}

// Flow draws lines at x from the PDF's current y, lead apart, starting a new page where
// a line would pass the bottom margin, and leaves y below them and x at the left
// margin. A paragraph of up to three lines is kept on one page. No lines still take one
// lead, as an empty paragraph does.
func (t *Typesetter) Flow(lines []Line, size, x, lead float64) {
	pdf := t.fs.pdf
	left, _, _, bottom := pdf.GetMargins()
	_, pageH := pdf.GetPageSize()
	room := func(h float64) {
		if pdf.GetY()+h > pageH-bottom {
			pdf.AddPage()
		}
	}
	if len(lines) == 0 {
		pdf.SetXY(left, pdf.GetY()+lead)
		return
	}
	if len(lines) <= 3 {
		room(lead * float64(len(lines)))
	}
	for _, l := range lines {
		room(lead)
		y := pdf.GetY()
		t.Draw(l, x, t.Baseline(y, lead, size))
		pdf.SetXY(left, y+lead)
	}
}
