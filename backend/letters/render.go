package letters

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"io"
	"math"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"

	"privacydesk/backend"
)

// Render checks that a letter of tpl's kind fits the request, merges data into the
// template and writes the PDF to w. Every refusal is a *backend.Error naming the field.
func Render(w io.Writer, tpl Template, data Data) error {
	return RenderBatch(w, []Job{{Template: tpl, Data: data}})
}

// RenderBytes is Render into memory.
func RenderBytes(tpl Template, data Data) ([]byte, error) {
	var buf bytes.Buffer
	if err := Render(&buf, tpl, data); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Job is one letter of a batch.
type Job struct {
	Template Template
	Data     Data
}

// RenderBatch writes several letters into one PDF, for printing a batch: each letter
// starts on a new page and numbers its own pages. Nothing is written unless every
// letter can be made; an error names the letter (its position and reference).
func RenderBatch(w io.Writer, jobs []Job) (err error) {
	if len(jobs) == 0 {
		return backend.Invalid("letters", "No letters to print.")
	}
	// fpdf panics on some inputs instead of returning an error; a letter that cannot
	// be made must not take the app down with it.
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("letters: fpdf failed making the PDF: %v", p)
		}
	}()
	prepared := make([]*prepared, len(jobs))
	for i := range jobs {
		p, err := prepare(jobs[i].Template, jobs[i].Data)
		if err != nil {
			if len(jobs) > 1 {
				var be *backend.Error
				if errors.As(err, &be) {
					c := *be
					c.Message = fmt.Sprintf("Letter %d (%s, %s): %s", i+1, jobs[i].Template.Kind, jobs[i].Data.Request.Reference, be.Message)
					return &c
				}
			}
			return err
		}
		prepared[i] = p
	}
	first := prepared[0]
	pdf := newPDF(&first.d)
	fs := newFontSetter(pdf)
	if len(prepared) == 1 {
		pdf.SetTitle(plain(first.subject, "Letter "+first.d.Request.Reference), true)
		pdf.SetSubject(fmt.Sprintf("%s, request %s (template %s, version %d)", first.tpl.Kind.Info().Title, first.d.Request.Reference, first.tpl.Name, first.tpl.Version), true)
	} else {
		pdf.SetTitle(fmt.Sprintf("%d letters from %s", len(prepared), first.d.Practice.Name), true)
	}
	for _, p := range prepared {
		lt := &letter{pdf: pdf, fs: fs, g: p.g, d: &p.d, k: p.tpl.Kind, startPage: pdf.PageCount() + 1}
		lt.cont = p.d.Request.Reference + " · " + strings.ReplaceAll(p.d.long(p.d.Today), "\u00a0", " ")
		if err := lt.registerLogo(); err != nil {
			return err
		}
		lt.firstPage(p.subject)
		for i, b := range p.body {
			if i == len(p.body)-1 {
				lt.keepWithSignature(b)
			}
			lt.block(b, i == 0)
		}
		lt.signature()
		lt.footers()
	}
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("letters: making the PDF: %w", err)
	}
	return pdf.Output(w)
}

// prepared is a letter checked and merged, ready to draw.
type prepared struct {
	tpl     Template
	d       Data
	g       geometry
	subject []rspan
	body    []rblock
}

// prepare does everything that can refuse a letter, before any drawing.
func prepare(tpl Template, data Data) (*prepared, error) {
	if err := ValidateTemplate(tpl); err != nil {
		return nil, err
	}
	p := &prepared{tpl: tpl, d: data}
	d := &p.d
	if d.Today.IsZero() {
		loc, err := time.LoadLocation(d.Practice.TimeZone)
		if err != nil {
			loc = time.UTC
		}
		d.Today = backend.DateOf(time.Now(), loc)
	}
	if err := CheckFit(tpl.Kind, d); err != nil {
		return nil, err
	}
	d.Disclosures = summarizeDisclosures(d.Disclosures, d.long)
	doc, err := ParseTemplate(tpl.Body)
	if err != nil {
		return nil, err
	}
	rv := &resolver{d: d, k: tpl.Kind}
	if p.subject, err = rv.inline(doc.subject); err != nil {
		return nil, err
	}
	if p.body, err = rv.blocks(doc.blocks, nil); err != nil {
		return nil, err
	}
	if err := checkFurniture(d, tpl.Kind); err != nil {
		return nil, err
	}
	p.g = geomLetter
	if d.Practice.PaperSize == backend.PaperA4 {
		p.g = geomA4
	}
	return p, nil
}

func plain(spans []rspan, fallback string) string {
	var b strings.Builder
	for _, s := range spans {
		b.WriteString(s.text)
	}
	if b.Len() == 0 {
		return fallback
	}
	return b.String()
}

// Type sizes (points) and colours.
const (
	sizeBody    = 10
	leadBody    = 13.5
	sizeSmall   = 8
	leadSmall   = 10.5
	sizeTable   = 8
	leadTable   = 10
	sizeName    = 14
	sizeHeading = 10.5
	paraGap     = 6.5
	cellPadX    = 4
	cellPadY    = 3
)

type rgb struct{ r, g, b int }

var (
	inkColor    = rgb{30, 30, 30}
	mutedColor  = rgb{95, 99, 104}
	accentColor = rgb{24, 52, 92}
	ruleColor   = rgb{170, 176, 184}
	gridColor   = rgb{140, 146, 154}
	headerFill  = rgb{228, 233, 240}
)

// geometry places the parts of a letter on its paper.
type geometry struct {
	size               fpdf.SizeType
	sizeName           string
	left, right        float64 // content edges
	top, bottom        float64 // content limits on continuation pages
	headTop            float64 // letterhead top
	ruleY              float64 // rule under the letterhead
	addrX, addrY       float64 // recipient block, first line top
	addrW              float64
	returnY            float64 // sender line above the address (A4 window envelopes), 0 for none
	subjectY           float64
	footerY            float64 // footer baseline
	foldMarks, punchAt []float64
}

// US Letter: the recipient block sits in the window of a No. 10 envelope (window 7/8"
// from the left and 1/2" from the bottom, 4 1/2" x 1 1/8"; the letter tri-folded), that
// is from about 2" to 3 1/8" below the top of the sheet and 1" from its left edge.
var geomLetter = geometry{
	size: fpdf.SizeType{Wd: 612, Ht: 792}, sizeName: "Letter",
	left: 72, right: 540, top: 64, bottom: 726,
	headTop: 40, ruleY: 96,
	addrX: 72, addrY: 148, addrW: 288,
	subjectY: 250, footerY: 756,
}

// A4: DIN 5008 form B. The address field is 45 mm from the top and 20 mm from the left
// (85 x 45 mm), its first 17.7 mm for the sender line; text starts 25 mm from the left;
// fold marks at 105 and 210 mm and the punch mark at 148.5 mm.
var geomA4 = geometry{
	size: fpdf.SizeType{Wd: 595.28, Ht: 841.89}, sizeName: "A4",
	left: mm(25), right: 595.28 - mm(20), top: 64, bottom: 841.89 - mm(22),
	headTop: mm(12), ruleY: mm(33),
	addrX: mm(25), addrY: mm(63), addrW: mm(75),
	returnY:  mm(58),
	subjectY: mm(101), footerY: 841.89 - mm(12),
	foldMarks: []float64{mm(105), mm(210)}, punchAt: []float64{mm(148.5)},
}

func mm(v float64) float64 { return v * 72 / 25.4 }

// letter is one letter being drawn.
type letter struct {
	pdf  *fpdf.Fpdf
	fs   *fontSetter
	g    geometry
	d    *Data
	k    Kind
	y    float64 // top of the next thing on the page
	cont string  // continuation-page header

	logoW, logoH float64
	logoName     string
	startPage    int // the letter's first page in the PDF (batches hold several letters)
}

// newPDF starts a document in points with the letter fonts; every page is added with
// its own paper size.
func newPDF(d *Data) *fpdf.Fpdf {
	pdf := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "pt", Size: geomLetter.size})
	pdf.SetMargins(0, 0, 0)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetCatalogSort(true)
	if !d.Now.IsZero() {
		pdf.SetCreationDate(d.Now)
		pdf.SetModificationDate(d.Now)
	}
	pdf.SetCreator("Privacy Desk", true)
	pdf.SetAuthor(d.Practice.Name, true)
	pdf.SetLang("en")
	pdf.AddUTF8FontFromBytes(famSans, "", fontRegular())
	pdf.AddUTF8FontFromBytes(famSans, "B", fontBold())
	return pdf
}

// checkFurniture checks the text the layout prints around the template's: the
// letterhead, the address block and the signature.
func checkFurniture(d *Data, k Kind) error {
	for _, c := range []struct{ field, v string }{
		{"practice.name", d.Practice.Name}, {"practice.address", d.Practice.Address},
		{"practice.email", d.Practice.Email}, {"practice.phone", d.Practice.Phone},
		{"practice.signatory_name", d.Practice.SignatoryName}, {"practice.signatory_title", d.Practice.SignatoryTitle},
		{"practice.legal_entity", d.Practice.LegalEntity}, {"practice.privacy_contact", d.Practice.PrivacyContact},
		{"recipient", partyText(d.recipient(k))}, {"copy", joinNames(d.Copies)},
	} {
		if err := checkPrintable(c.field, clean(c.v)); err != nil {
			return err
		}
	}
	if strings.TrimSpace(d.Practice.Name) == "" {
		return backend.Invalid("practice.name", "Enter the practice's name in Settings before making letters.")
	}
	if strings.TrimSpace(d.recipient(k).Name) == "" {
		return backend.Invalid("recipient.name", "The letter has no addressee: record the requester's name (or the vendor's) first.")
	}
	if len(d.Practice.Logo) > 0 {
		if _, _, err := logoImage(d.Practice.Logo); err != nil {
			return err
		}
	}
	return nil
}

func joinNames(ps []Party) string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Name)
	}
	return strings.Join(out, "\n")
}

func partyText(p Party) string {
	return strings.Join(append([]string{p.Name, p.Organization, p.Email, p.Phone}, p.Address...), "\n")
}

func (lt *letter) color(c rgb) { lt.pdf.SetTextColor(c.r, c.g, c.b) }

// text draws spans wrapped to width at x from the current y and returns the lines drawn.
func (lt *letter) paragraph(spans []rspan, x, width, size, lead float64) {
	ls := wrap(words(spans, size), width)
	lt.flowLines(ls, x, size, lead, nil)
}

// baseline is the baseline of a line whose box starts at top.
func baseline(top, size, lead float64) float64 { return top + lead/2 + size*0.35 }

// flowLines draws lines from lt.y, breaking pages so that no page starts or ends with a
// single line of a paragraph. first, when set, is drawn beside the first line (a
// bullet).
func (lt *letter) flowLines(ls []line, x, size, lead float64, first func(top float64)) {
	for i := 0; i < len(ls); {
		fit := int(math.Floor((lt.g.bottom - lt.y + 0.01) / lead))
		rest := len(ls) - i
		n := min(fit, rest)
		if n < rest {
			// Keep at least two lines on each side of a page break.
			if n < 2 || rest < 4 {
				if i == 0 || n < 2 {
					lt.newPage()
					continue
				}
			}
			if rest-n < 2 {
				n = rest - 2
			}
		}
		for j := 0; j < n; j++ {
			if i+j == 0 && first != nil {
				first(lt.y)
			}
			lt.fs.drawLine(ls[i+j], x, baseline(lt.y, size, lead))
			lt.y += lead
		}
		i += n
		if i < len(ls) {
			lt.newPage()
		}
	}
}

// newPage starts a continuation page.
func (lt *letter) newPage() {
	lt.pdf.AddPageFormat("P", lt.g.size)
	lt.pdf.SetFillColor(255, 255, 255)
	lt.marks()
	lt.color(mutedColor)
	lt.lines(clean(lt.d.Practice.Name), false, lt.g.left, 32, (lt.g.right-lt.g.left)/2, sizeSmall, leadSmall)
	lt.rightAligned(lt.cont, false, lt.g.right, 32, sizeSmall, leadSmall)
	lt.rule(46)
	lt.color(inkColor)
	lt.y = lt.g.top
}

func (lt *letter) rule(y float64) {
	lt.pdf.SetDrawColor(ruleColor.r, ruleColor.g, ruleColor.b)
	lt.pdf.SetLineWidth(0.5)
	lt.pdf.Line(lt.g.left, y, lt.g.right, y)
}

// marks draws the fold and punch marks of DIN 5008 paper.
func (lt *letter) marks() {
	if len(lt.g.foldMarks) == 0 {
		return
	}
	lt.pdf.SetDrawColor(ruleColor.r, ruleColor.g, ruleColor.b)
	lt.pdf.SetLineWidth(0.4)
	for _, y := range lt.g.foldMarks {
		lt.pdf.Line(mm(4), y, mm(9), y)
	}
	for _, y := range lt.g.punchAt {
		lt.pdf.Line(mm(4), y, mm(11), y)
	}
}

func textWidth(s string, f face, size float64) float64 {
	ws := words([]rspan{{text: s, bold: f == faceBold}}, size)
	total := 0.0
	for i, w := range ws {
		if i > 0 {
			total += w.gap
		}
		total += w.w
	}
	return total
}

// single draws one line of text (no wrapping beyond width: it is cut to lines).
func (lt *letter) lines(s string, bold bool, x, top, width, size, lead float64) float64 {
	ls := wrap(words([]rspan{{text: s, bold: bold}}, size), width)
	for _, l := range ls {
		lt.fs.drawLine(l, x, baseline(top, size, lead))
		top += lead
	}
	return top
}

func (lt *letter) rightAligned(s string, bold bool, right, top, size, lead float64) {
	ws := words([]rspan{{text: s, bold: bold}}, size)
	l := line{words: ws}
	for i, w := range ws {
		if i > 0 {
			l.w += w.gap
		}
		l.w += w.w
	}
	lt.fs.drawLine(l, right-l.w, baseline(top, size, lead))
}

// firstPage draws the letterhead, the recipient block, the date and the reference line.
func (lt *letter) firstPage(subject []rspan) {
	g, p := lt.g, lt.d.Practice
	lt.pdf.AddPageFormat("P", g.size)
	lt.pdf.SetFillColor(255, 255, 255)
	lt.marks()

	// Letterhead: logo, name and address on the left; contact details on the right.
	x := g.left
	if lt.logoW > 0 {
		lt.pdf.ImageOptions(lt.logoName, g.left, g.headTop, lt.logoW, lt.logoH, false, fpdf.ImageOptions{}, 0, "")
		x += lt.logoW + 12
	}
	rightW := 0.0
	contacts := []string{}
	for _, s := range []string{p.Phone, p.Email} {
		if s = strings.TrimSpace(s); s != "" {
			contacts = append(contacts, clean(s))
			rightW = max(rightW, textWidth(clean(s), faceRegular, sizeSmall))
		}
	}
	nameW := g.right - x - rightW - 18
	lt.color(accentColor)
	y := lt.lines(clean(p.Name), true, x, g.headTop-2, nameW, sizeName, 17)
	lt.color(mutedColor)
	for _, l := range splitLines(clean(p.Address)) {
		y = lt.lines(l, false, x, y, nameW, sizeSmall, leadSmall)
	}
	cy := g.headTop + 2
	for _, c := range contacts {
		lt.rightAligned(c, false, g.right, cy, sizeSmall, leadSmall)
		cy += leadSmall
	}
	ruleY := max(g.ruleY, y+6, g.headTop+lt.logoH+8)
	lt.rule(ruleY)

	// Sender line for window envelopes with a return-address zone (DIN 5008).
	if g.returnY > 0 {
		ret := oneLine(append([]string{clean(p.Name)}, splitLines(clean(p.Address))...))
		lt.color(mutedColor)
		lt.lines(ret, false, g.addrX, g.returnY, g.addrW, 6.5, 8)
	}

	// Recipient.
	r := lt.d.recipient(lt.k)
	lt.color(inkColor)
	ay := g.addrY
	addr := []string{r.Name}
	if r.Organization != "" {
		addr = append(addr, r.Organization)
	}
	addr = append(addr, r.Address...)
	if len(r.Address) == 0 && r.Email != "" {
		addr = append(addr, "By email: "+r.Email)
	}
	for _, l := range addr {
		if l = strings.TrimSpace(clean(l)); l != "" {
			ay = lt.lines(l, false, g.addrX, ay, g.addrW, sizeBody, 13)
		}
	}

	// Date, level with the first address line, right-aligned (outside the window).
	lt.rightAligned(strings.ReplaceAll(lt.d.long(lt.d.Today), "\u00a0", " "), false, g.right, g.addrY, sizeBody, 13)

	lt.y = max(g.subjectY, ay+20)
	if len(subject) > 0 {
		for i := range subject {
			subject[i].bold = true
		}
		re := append([]rspan{{text: "Re: ", bold: true}}, subject...)
		ls := wrap(words(re, sizeBody), g.right-g.left)
		lt.flowLines(ls, g.left, sizeBody, leadBody, nil)
		lt.y += paraGap + 4
	}
}

// block draws one block of the body.
func (lt *letter) block(b rblock, first bool) {
	g := lt.g
	width := g.right - g.left
	switch b.kind {
	case bHeading:
		if !first {
			lt.y += 5
		}
		size := float64(sizeHeading)
		if b.level > 1 {
			size = sizeBody
		}
		ls := wrap(words(boldAll(b.text), size), width)
		// Keep a heading with the first two lines after it.
		if lt.y+float64(len(ls))*leadBody+2*leadBody > g.bottom {
			lt.newPage()
		}
		lt.color(accentColor)
		lt.flowLines(ls, g.left, size, leadBody, nil)
		lt.color(inkColor)
		lt.y += 2
	case bPara:
		lt.paragraph(b.text, g.left, width, sizeBody, leadBody)
		lt.y += paraGap
	case bList:
		indent := 18.0
		for i, it := range b.items {
			marker := "•"
			if b.numbered {
				marker = fmt.Sprintf("%d.", i+1)
			}
			ls := wrap(words(it, sizeBody), width-indent)
			lt.flowLines(ls, g.left+indent, sizeBody, leadBody, func(top float64) {
				mw := textWidth(marker, faceRegular, sizeBody)
				lt.fs.set(faceRegular, sizeBody)
				lt.pdf.Text(g.left+indent-6-mw, baseline(top, sizeBody, leadBody), marker)
			})
			lt.y += 2.5
		}
		lt.y += paraGap - 2.5
	case bTable:
		lt.table(b)
		lt.y += paraGap + 3
	}
}

func boldAll(s []rspan) []rspan {
	out := make([]rspan, len(s))
	for i, x := range s {
		out[i] = rspan{text: x.text, bold: true}
	}
	return out
}

// table draws a table whose cells wrap; rows break across pages, splitting a row only
// when it is taller than a page, and the header repeats on every page.
func (lt *letter) table(b rblock) {
	g := lt.g
	avail := g.right - g.left
	n := len(b.header)
	head := make([][]word, n)
	cells := make([][][]word, len(b.rows))
	minW := make([]float64, n)
	natW := make([]float64, n)
	measure := func(ws []word, c int) {
		total := 0.0
		for i, w := range ws {
			minW[c] = max(minW[c], w.w+2*cellPadX)
			if i > 0 && w.hard == 0 {
				total += w.gap
			}
			total += w.w
		}
		natW[c] = max(natW[c], total+2*cellPadX)
	}
	for c, h := range b.header {
		head[c] = words([]rspan{{text: h, bold: true}}, sizeTable)
		measure(head[c], c)
	}
	for r, row := range b.rows {
		cells[r] = make([][]word, n)
		for c, v := range row {
			cells[r][c] = words([]rspan{{text: v}}, sizeTable)
			measure(cells[r][c], c)
		}
	}
	widths := columnWidths(minW, natW, avail)

	wrapRow := func(row [][]word) ([][]line, int) {
		ls := make([][]line, n)
		most := 1
		for c := range row {
			ls[c] = wrap(row[c], widths[c]-2*cellPadX)
			most = max(most, len(ls[c]))
		}
		return ls, most
	}
	headLines, headN := wrapRow(head)
	headH := float64(headN)*leadTable + 2*cellPadY

	drawRow := func(ls [][]line, from []int, count int, header bool) {
		h := float64(count)*leadTable + 2*cellPadY
		x := g.left
		lt.pdf.SetLineWidth(0.5)
		lt.pdf.SetDrawColor(gridColor.r, gridColor.g, gridColor.b)
		for c := 0; c < n; c++ {
			style := "D"
			if header {
				lt.pdf.SetFillColor(headerFill.r, headerFill.g, headerFill.b)
				style = "FD"
			}
			lt.pdf.Rect(x, lt.y, widths[c], h, style)
			for j := 0; j < count && from[c]+j < len(ls[c]); j++ {
				lt.fs.drawLine(ls[c][from[c]+j], x+cellPadX, baseline(lt.y+cellPadY+float64(j)*leadTable, sizeTable, leadTable))
			}
			x += widths[c]
		}
		if header {
			lt.pdf.SetFillColor(255, 255, 255)
		}
		lt.y += h
	}
	drawHeader := func() {
		lt.color(inkColor)
		drawRow(headLines, make([]int, n), headN, true)
	}

	// Start the table on a new page unless its header and first row (or a few lines of
	// it) fit here.
	_, firstN := wrapRow(cells[0])
	if lt.y+headH+float64(min(firstN, 3))*leadTable+2*cellPadY > g.bottom {
		lt.newPage()
	}
	drawHeader()
	pageRoom := g.bottom - g.top - headH
	for r := range cells {
		ls, most := wrapRow(cells[r])
		rowH := float64(most)*leadTable + 2*cellPadY
		if lt.y+rowH > g.bottom && rowH <= pageRoom {
			lt.newPage()
			drawHeader()
		}
		from := make([]int, n)
		for done := 0; done < most; {
			fit := int(math.Floor((g.bottom - lt.y - 2*cellPadY + 0.01) / leadTable))
			if fit < 1 {
				lt.newPage()
				drawHeader()
				continue
			}
			count := min(fit, most-done)
			drawRow(ls, from, count, false)
			for c := range from {
				from[c] += count
			}
			done += count
			if done < most {
				lt.newPage()
				drawHeader()
			}
		}
	}
}

// columnWidths shares the table's width: every column gets at least its longest word,
// and the rest goes where the text is longest. Columns fill the whole width.
func columnWidths(minW, natW []float64, avail float64) []float64 {
	n := len(minW)
	out := make([]float64, n)
	sumMin, sumNat := 0.0, 0.0
	for i := range minW {
		// No column may claim more than half the width for one word.
		minW[i] = min(minW[i], avail/2)
		natW[i] = max(natW[i], minW[i])
		sumMin += minW[i]
		sumNat += natW[i]
	}
	switch {
	case sumNat <= avail:
		for i := range out {
			out[i] = natW[i] * avail / sumNat
		}
	case sumMin >= avail:
		for i := range out {
			out[i] = minW[i] * avail / sumMin
		}
	default:
		extra := avail - sumMin
		for i := range out {
			out[i] = minW[i] + extra*(natW[i]-minW[i])/(sumNat-sumMin)
		}
	}
	return out
}

// keepWithSignature starts a new page before the last paragraph when the paragraph
// would fit on this page but the signature would not: a signature alone on a page
// reads as if it were signed blank.
func (lt *letter) keepWithSignature(b rblock) {
	if b.kind != bPara {
		return
	}
	n := len(wrap(words(b.text, sizeBody), lt.g.right-lt.g.left))
	h := float64(n) * leadBody
	if n <= 6 && lt.y+h <= lt.g.bottom && lt.y+h+paraGap+lt.signatureHeight() > lt.g.bottom {
		lt.newPage()
	}
}

func (lt *letter) signatureLines() []struct {
	s    string
	bold bool
} {
	p := lt.d.Practice
	out := []struct {
		s    string
		bold bool
	}{{clean(firstNonEmpty(p.SignatoryName, p.PrivacyContact, "Privacy Office")), true}}
	if t := strings.TrimSpace(p.SignatoryTitle); t != "" {
		out = append(out, struct {
			s    string
			bold bool
		}{clean(t), false})
	}
	out = append(out, struct {
		s    string
		bold bool
	}{clean(firstNonEmpty(p.LegalEntity, p.Name)), false})
	for _, c := range lt.d.Copies {
		if n := strings.TrimSpace(c.Name); n != "" {
			out = append(out, struct {
				s    string
				bold bool
			}{"Copy: " + clean(n), false})
		}
	}
	return out
}

func (lt *letter) signatureHeight() float64 {
	return 4 + leadBody + signGap + float64(len(lt.signatureLines()))*leadBody
}

// signGap is the room left to sign in.
const signGap = 34

// signature draws the closing and the signature block, kept together on one page.
func (lt *letter) signature() {
	lines := lt.signatureLines()
	if lt.y+lt.signatureHeight() > lt.g.bottom {
		lt.newPage()
	}
	lt.y += 4
	lt.color(inkColor)
	lt.y = lt.lines("Sincerely,", false, lt.g.left, lt.y, lt.g.right-lt.g.left, sizeBody, leadBody)
	lt.y += signGap
	for _, l := range lines {
		lt.y = lt.lines(l.s, l.bold, lt.g.left, lt.y, lt.g.right-lt.g.left, sizeBody, leadBody)
	}
}

// footers writes "Page X of Y" and the practice's details on every page, once the
// number of pages is known.
func (lt *letter) footers() {
	g, p := lt.g, lt.d.Practice
	last := lt.pdf.PageCount()
	total := last - lt.startPage + 1
	left := clean(firstNonEmpty(p.LegalEntity, p.Name))
	for page := lt.startPage; page <= last; page++ {
		i := page - lt.startPage + 1
		lt.pdf.SetPage(page)
		// fpdf only writes a font or colour when it changes; this page's stream may
		// end in another state than the document's, so set them again.
		lt.pdf.SetFont(famSans, "", 1)
		lt.pdf.SetFillColor(255, 255, 255)
		lt.rule(g.footerY - 12)
		lt.color(mutedColor)
		pg := fmt.Sprintf("Page %d of %d", i, total)
		pw := textWidth(pg, faceRegular, sizeSmall)
		lt.lines(left, false, g.left, g.footerY-leadSmall+2, g.right-g.left-pw-24, sizeSmall, leadSmall)
		lt.fs.set(faceRegular, sizeSmall)
		lt.pdf.Text(g.right-pw, baseline(g.footerY-leadSmall+2, sizeSmall, leadSmall), pg)
	}
	lt.pdf.SetPage(last)
}

// logoImage reads the practice logo, converting PNGs fpdf cannot read (16-bit,
// interlaced) to plain 8-bit PNG; it returns the bytes to embed and the fpdf type.
func logoImage(logo []byte) ([]byte, image.Config, error) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(logo))
	if err != nil || (format != "png" && format != "jpeg") || cfg.Width == 0 || cfg.Height == 0 {
		return nil, cfg, backend.Invalid("practice.logo", "The logo must be a PNG or JPEG image.")
	}
	if format == "png" && len(logo) > 28 && (logo[24] > 8 || logo[28] != 0) {
		img, _, err := image.Decode(bytes.NewReader(logo))
		if err != nil {
			return nil, cfg, backend.Invalid("practice.logo", "The logo could not be read as a PNG image.")
		}
		rgba := image.NewNRGBA(img.Bounds())
		draw.Draw(rgba, rgba.Bounds(), img, img.Bounds().Min, draw.Src)
		var buf bytes.Buffer
		if err := png.Encode(&buf, rgba); err != nil {
			return nil, cfg, err
		}
		logo = buf.Bytes()
	}
	return logo, cfg, nil
}

// registerLogo adds the practice logo to the PDF once per distinct logo.
func (lt *letter) registerLogo() error {
	if len(lt.d.Practice.Logo) == 0 {
		return nil
	}
	sum := sha256.Sum256(lt.d.Practice.Logo)
	lt.logoName = "logo-" + hex.EncodeToString(sum[:8])
	logo, cfg, err := logoImage(lt.d.Practice.Logo)
	if err != nil {
		return err
	}
	typ := "JPG"
	if bytes.HasPrefix(logo, []byte("\x89PNG")) {
		typ = "PNG"
	}
	info := lt.pdf.GetImageInfo(lt.logoName)
	if info == nil {
		info = lt.pdf.RegisterImageOptionsReader(lt.logoName, fpdf.ImageOptions{ImageType: typ}, bytes.NewReader(logo))
	}
	if err := lt.pdf.Error(); err != nil || info == nil {
		return backend.Invalid("practice.logo", "The logo could not be used in a PDF (%v); save it as a plain PNG or JPEG.", err)
	}
	const maxH, maxW = 46.0, 150.0
	w, h := float64(cfg.Width), float64(cfg.Height)
	scale := min(maxH/h, maxW/w)
	lt.logoW, lt.logoH = w*scale, h*scale
	return nil
}
