package letters

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/go-pdf/fpdf"
	"github.com/go-text/typesetting/segmenter"
	"golang.org/x/text/width"
)

// rspan is resolved text: merge fields replaced by their values.
type rspan struct {
	text string
	bold bool
}

// piece is text drawn in one face.
type piece struct {
	face face
	bold bool
	size float64
	text string
	w    float64    // width in points
	run  *shapedRun // the shaped glyphs, for a face that needs shaping
}

// word is an unbreakable run of pieces.
type word struct {
	pieces []piece
	w      float64
	gap    float64 // width of the space before it, 0 when glued to the previous word
	hard   int     // forced line breaks before it
}

type line struct {
	words []word
	w     float64
	// before and after are the direction of the nearest letters before and after the
	// line in its paragraph (1 right to left, -1 left to right, 0 none): a wrapped line
	// orders its numbers and punctuation as it would on one long line.
	before, after int
	// glued says the line continues its paragraph's previous line within a word or
	// between characters, not after a space.
	glued bool
}

var faceCov = [faceCount]*coverage{faceRegular: covRegular, faceBold: covBold, faceCJK: covCJK,
	faceArabic: scriptFonts[faceArabic].cov, faceHebrew: scriptFonts[faceHebrew].cov,
	faceDevanagari: scriptFonts[faceDevanagari].cov, faceHangul: scriptFonts[faceHangul].cov}

func runeWidth(f face, r rune, size float64) float64 {
	a := faceCov[f].advance(r)
	if a < 0 {
		a = 0
	}
	return a * size / 1000
}

// breaksAround reports whether a line may break before or after r without a space,
// where the line-breaking rules allow (cjkBreaks): Chinese and Japanese text, with its
// full-width punctuation, has no spaces between words. Korean is written with spaces
// and breaks only there.
func breaksAround(r rune) bool {
	if r < 0x2E80 || unicode.Is(unicode.Hangul, r) {
		return false
	}
	if unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana) {
		return true
	}
	k := width.LookupRune(r).Kind()
	return k == width.EastAsianWide || k == width.EastAsianFullwidth
}

// words splits text into words measured at size. Spaces become gaps, newlines forced
// breaks; characters no embedded font draws become U+FFFD rather than boxes.
func words(spans []rspan, size float64) []word {
	var out []word
	var cur word
	var curPiece piece
	open := false
	gap, hard := 0.0, 0
	endPiece := func() {
		if curPiece.face.shaped() && curPiece.text != "" {
			curPiece.run = shape(curPiece.face, curPiece.text, curPiece.size)
			curPiece.w = curPiece.run.w
		}
		if curPiece.text != "" {
			cur.pieces = append(cur.pieces, curPiece)
			cur.w += curPiece.w
		}
		curPiece = piece{}
	}
	endWord := func() {
		endPiece()
		if open && len(cur.pieces) > 0 {
			out = append(out, cur)
		}
		cur, open = word{}, false
	}
	startWord := func() {
		if !open {
			cur = word{gap: gap, hard: hard}
			gap, hard, open = 0, 0, true
		}
	}
	mayBreak := cjkBreaks(spans)
	var all []rune // the runes of all spans, to look ahead across them
	for _, s := range spans {
		all = append(all, []rune(s.text)...)
	}
	k := -1          // the index of r among the runes of all spans
	prevCJK := false // the rune before r (in the open word) is Chinese or Japanese
	for _, s := range spans {
		for _, r := range s.text {
			k++
			switch {
			case r == '\n':
				endWord()
				gap = 0
				hard++
				continue
			case (r == ' ' || r == '\t') && open && tiedCitation(cur, curPiece, all[k+1:]):
				// "45 CFR § 164.524", "Art. 15": a citation's parts stay on one line.
				r = ' '
			case r == ' ' || r == '\t':
				endWord()
				f := faceRegular
				if s.bold {
					f = faceBold
				}
				gap = runeWidth(f, ' ', size)
				continue
			case r == '\r':
				continue
			case open && joiner(r) && curPiece.face.shaped():
				curPiece.text += string(r)
				continue
			}
			f, ok := faceFor(r, s.bold)
			if !ok {
				// Letters refuse such text before layout (checkPrintable); a document
				// that cannot refuse it (a report of the whole register) prints the
				// replacement character, so a name is never silently shortened.
				if r, f = '\uFFFD', faceRegular; s.bold {
					f = faceBold
				}
			}
			// Chinese and Japanese break between characters, where the line-breaking
			// rules allow it: not before closing punctuation or a small kana, not after an
			// opening bracket.
			cjk := breaksAround(r)
			if open && (cjk || prevCJK) && mayBreak[k] {
				endWord()
			}
			prevCJK = cjk
			startWord()
			if curPiece.text != "" && (curPiece.face != f || curPiece.bold != s.bold) {
				endPiece()
			}
			curPiece.face, curPiece.bold, curPiece.size = f, s.bold, size
			curPiece.text += string(r)
			curPiece.w += runeWidth(f, r, size)
		}
	}
	endWord()
	if len(out) > 0 {
		out[0].gap, out[0].hard = 0, 0
	}
	return out
}

// tiedCitation reports whether the space after the open word (its pieces and the piece
// being built) joins two parts of a citation, so the line must not break there: after a
// section sign ("§ 1798.130"), between a title and its code ("45 CFR"), after "CFR" or
// "CCR" before a section or its sign ("CFR 164.524", "CCR §§ 7026(f)"), and after "Art."
// or "Arts." before an article's number. The citations the letters write themselves have
// no-break spaces between all their parts (citation); this keeps the parts of one typed
// into an edited template, or into a data map, together too.
func tiedCitation(w word, last piece, next []rune) bool {
	text := last.text
	for i := len(w.pieces) - 1; i >= 0 && len(text) < 8; i-- {
		text = w.pieces[i].text + text
	}
	if i := strings.LastIndexAny(text, " \u00a0"); i >= 0 {
		_, n := utf8.DecodeRuneInString(text[i:])
		text = text[i+n:]
	}
	text = strings.TrimLeft(text, "([")
	rest := string(next[:min(len(next), 4)])
	switch {
	case strings.HasSuffix(text, "§"):
		return true
	case text == "CFR" || text == "CCR":
		return rest != "" && (unicode.IsDigit(next[0]) || next[0] == '§')
	case text == "Art." || text == "Arts.":
		return rest != "" && unicode.IsDigit(next[0])
	case text != "" && strings.Trim(text, "0123456789") == "":
		return rest == "CFR " || rest == "CCR "
	}
	return false
}

// cjkBreaks marks, by rune index across spans, where Unicode's line-breaking algorithm
// (Unicode Standard Annex 14, go-text's segmenter) allows a break before the rune. Only text with Chinese
// or Japanese in it is segmented (nil otherwise): words() asks only at their characters.
func cjkBreaks(spans []rspan) []bool {
	var text []rune
	has := false
	for _, s := range spans {
		for _, r := range s.text {
			text = append(text, r)
			has = has || breaksAround(r)
		}
	}
	if !has {
		return nil
	}
	out := make([]bool, len(text)+1)
	var sg segmenter.Segmenter
	sg.Init(text)
	for it := sg.LineIterator(); it.Next(); {
		out[it.Line().Offset] = true
	}
	out[0] = false
	return out
}

// wrap breaks words into lines no wider than maxW; a word wider than a line is split
// between characters.
func wrap(ws []word, maxW float64) []line {
	var lines []line
	var cur line
	flush := func() {
		lines = append(lines, cur)
		cur = line{}
	}
	for _, w := range ws {
		if w.hard > 0 {
			flush()
			if w.hard > 1 {
				// A blank line in the text (two newlines) stays one blank line.
				flush()
			}
		} else if len(cur.words) > 0 && cur.w+w.gap+w.w > maxW {
			flush()
		}
		if len(cur.words) == 0 {
			cur.glued = len(lines) > 0 && w.hard == 0 && w.gap == 0
			w.gap = 0
		}
		if w.w > maxW {
			for _, part := range splitWord(w, maxW-cur.w-w.gap, maxW) {
				if len(cur.words) > 0 && cur.w+part.gap+part.w > maxW {
					flush()
					part.gap, cur.glued = 0, true
				}
				cur.words = append(cur.words, part)
				cur.w += part.gap + part.w
			}
			continue
		}
		cur.words = append(cur.words, w)
		cur.w += w.gap + w.w
	}
	if len(cur.words) > 0 {
		flush()
	}
	keepLastCharacterCompany(lines, maxW)
	setContext(lines)
	return lines
}

// keepLastCharacterCompany brings the last word of a line down to the paragraph's last
// line when that holds a single Chinese or Japanese character (with its closing
// punctuation) and both fit: a character alone on the last line reads as an orphan.
func keepLastCharacterCompany(lines []line, maxW float64) {
	for i := 1; i < len(lines); i++ {
		last, prev := &lines[i], &lines[i-1]
		if next := i + 1; next < len(lines) && len(lines[next].words) > 0 && lines[next].words[0].hard == 0 {
			continue // not the last line of its paragraph
		}
		if !last.glued || len(last.words) != 1 || !loneCharacter(last.words[0]) || len(prev.words) < 2 {
			continue
		}
		m := prev.words[len(prev.words)-1]
		if m.w+last.words[0].w > maxW {
			continue
		}
		prev.words = prev.words[:len(prev.words)-1]
		prev.w -= m.gap + m.w
		last.glued = m.gap == 0
		m.gap = 0
		last.words = []word{m, last.words[0]}
		last.w = m.w + last.words[1].w
	}
}

// loneCharacter reports whether w is one Chinese or Japanese character, with any
// punctuation after it.
func loneCharacter(w word) bool {
	n := 0
	for _, p := range w.pieces {
		for _, r := range p.text {
			switch {
			case unicode.IsLetter(r) && breaksAround(r):
				n++
			case !unicode.IsPunct(r):
				return false
			}
		}
	}
	return n == 1
}

// setContext sets each line's before and after within its paragraph (the text up to a
// forced break).
func setContext(lines []line) {
	starts := func(l line) bool { return len(l.words) > 0 && l.words[0].hard > 0 }
	last := 0
	for i := range lines {
		if starts(lines[i]) {
			last = 0
		}
		lines[i].before = last
		for _, w := range lines[i].words {
			for j := range w.pieces {
				if d := strongDir(&w.pieces[j]); d != 0 {
					last = d
				}
			}
		}
	}
	next := 0
	for i := len(lines) - 1; i >= 0; i-- {
		lines[i].after = next
	first:
		for _, w := range lines[i].words {
			for j := range w.pieces {
				if d := strongDir(&w.pieces[j]); d != 0 {
					next = d
					break first
				}
			}
		}
		if starts(lines[i]) {
			next = 0
		}
	}
}

// strongDir is 1 for right-to-left letters, -1 for other letters, 0 for the rest.
func strongDir(p *piece) int {
	switch {
	case p.face.rtl():
		return 1
	case hasLetter(p.text):
		return -1
	}
	return 0
}

// splitWord cuts an over-long word (a URL, an email address) into parts: the first at
// most first wide, the others at most maxW.
func splitWord(w word, first, maxW float64) []word {
	var parts []word
	cur := word{gap: w.gap}
	limit := first
	if limit < maxW/3 {
		limit = maxW
		cur.gap = 0
	}
	for _, p := range w.pieces {
		if p.run != nil {
			// A shaped run is not cut: its letters join or fuse.
			if cur.w+p.w > limit && len(cur.pieces) > 0 {
				parts = append(parts, cur)
				cur = word{}
				limit = maxW
			}
			cur.pieces = append(cur.pieces, p)
			cur.w += p.w
			continue
		}
		np := piece{face: p.face, bold: p.bold, size: p.size}
		for _, r := range p.text {
			rw := runeWidth(p.face, r, p.size)
			if cur.w+np.w+rw > limit && (np.text != "" || len(cur.pieces) > 0) {
				if np.text != "" {
					cur.pieces = append(cur.pieces, np)
					cur.w += np.w
				}
				parts = append(parts, cur)
				cur, np = word{}, piece{face: p.face, bold: p.bold, size: p.size}
				limit = maxW
			}
			np.text += string(r)
			np.w += rw
		}
		if np.text != "" {
			cur.pieces = append(cur.pieces, np)
			cur.w += np.w
		}
	}
	if len(cur.pieces) > 0 {
		parts = append(parts, cur)
	}
	return parts
}

// fontSetter selects faces on a PDF, registering the CJK fallback and the script fonts
// only when a letter needs them (parsing one costs more than the rest of a letter).
// Layout measures in points; unit converts them to the document's unit (1 for the
// letters, which are laid out in points; 25.4/72 for a report in millimetres).
type fontSetter struct {
	pdf    *fpdf.Fpdf
	unit   float64 // document units per point
	loaded [faceCount]bool
}

func newFontSetter(pdf *fpdf.Fpdf) *fontSetter {
	return &fontSetter{pdf: pdf, unit: 1 / pdf.GetConversionRatio()}
}

func (fs *fontSetter) set(f face, size float64) {
	switch f {
	case faceBold:
		fs.pdf.SetFont(famSans, "B", size)
	case faceRegular:
		fs.pdf.SetFont(famSans, "", size)
	default:
		fam, data := famCJK, fontCJK
		if sf := scriptFonts[f]; sf != nil {
			fam, data = sf.fam, sf.data
		}
		if !fs.loaded[f] {
			fs.pdf.AddUTF8FontFromBytes(fam, "", data())
			fs.loaded[f] = true
		}
		fs.pdf.SetFont(fam, "", size)
	}
}

// drawLine draws one line with its left edge at x and its baseline at y, in visual
// order: runs of right-to-left words are drawn from the right.
func (fs *fontSetter) drawLine(l line, x, y float64) {
	if !hasRTL(l) {
		for i, w := range l.words {
			if i > 0 {
				x += w.gap * fs.unit
			}
			for _, p := range w.pieces {
				x = fs.drawPiece(p, x, y)
			}
		}
		return
	}
	for _, it := range visualOrder(l) {
		if it.p == nil {
			x += it.gap * fs.unit
			continue
		}
		x = fs.drawPiece(*it.p, x, y)
	}
}

// drawPiece draws p with its left edge at x and returns its right edge (x and y in the
// document's unit).
func (fs *fontSetter) drawPiece(p piece, x, y float64) float64 {
	switch {
	case p.run != nil:
		fs.drawShaped(p, x, y)
	case p.bold && p.face == faceHangul:
		fs.set(p.face, p.size)
		fs.drawFakeBold(p, x, y)
	default:
		fs.set(p.face, p.size)
		fs.pdf.Text(x, y, p.text)
	}
	return x + p.w*fs.unit
}

func hasRTL(l line) bool {
	for _, w := range l.words {
		for _, p := range w.pieces {
			if p.face.rtl() {
				return true
			}
		}
	}
	return false
}

// drawFakeBold draws text of a font without a bold face filled and stroked in the text
// colour.
func (fs *fontSetter) drawFakeBold(p piece, x, y float64) {
	pdf := fs.pdf
	r, g, b := pdf.GetTextColor()
	dr, dg, db := pdf.GetDrawColor()
	lw := pdf.GetLineWidth()
	pdf.SetDrawColor(r, g, b)
	pdf.SetLineWidth(p.size * boldStroke * fs.unit)
	pdf.SetTextRenderingMode(2)
	pdf.Text(x, y, p.text)
	pdf.SetTextRenderingMode(0)
	pdf.SetDrawColor(dr, dg, db)
	pdf.SetLineWidth(lw)
}

// lineItem is a piece or the gap between two words.
type lineItem struct {
	p   *piece
	gap float64
	rtl bool
}

// visualOrder lays a line out left to right. Letters are written left to right, so a
// line's direction is left to right and only runs of right-to-left text turn round, as
// the Unicode bidirectional algorithm does for a left-to-right paragraph: right-to-left
// pieces, numbers after right-to-left letters ("רחוב הרצל 12": the number is the
// leftmost), brackets around right-to-left text after right-to-left text, and the gaps
// and punctuation between two of those are reversed as a run. Each piece keeps its own
// order (a shaped run is already in visual order, digits stay left to right), and
// punctuation inside a run is mirrored: "(" is drawn as ")".
func visualOrder(l line) []lineItem {
	var items []lineItem
	for i := range l.words {
		w := &l.words[i]
		if i > 0 {
			items = append(items, lineItem{gap: w.gap})
		}
		for j := range w.pieces {
			p := &w.pieces[j]
			if neutral(p) && utf8.RuneCountInString(p.text) > 1 {
				// Each punctuation mark finds its own direction: in "(مصر)." the
				// bracket turns with the Arabic, the full stop stays at the end.
				for _, r := range p.text {
					items = append(items, lineItem{p: &piece{face: p.face, bold: p.bold, size: p.size, text: string(r), w: runeWidth(p.face, r, p.size)}})
				}
				continue
			}
			items = append(items, lineItem{p: p, rtl: p.face.rtl()})
		}
	}
	// The direction of each item: 1 right to left, -1 left to right, 0 neutral (gaps,
	// punctuation). A number takes the direction of the letters before it.
	dir := make([]int, len(items))
	edge := func(d int) int {
		if d == 0 {
			return -1 // the paragraph's own direction
		}
		return d
	}
	last := edge(l.before)
	for i, it := range items {
		switch {
		case it.rtl:
			dir[i] = 1
		case it.p != nil && hasLetter(it.p.text):
			dir[i] = -1
		case it.p != nil && startsWithDigit(it.p.text):
			dir[i] = last
		}
		if dir[i] != 0 {
			last = dir[i]
		}
	}
	resolveBrackets(items, dir, edge(l.before))
	for i := range items {
		if dir[i] != 0 {
			items[i].rtl = dir[i] == 1
			continue
		}
		prev, next := edge(l.before), edge(l.after)
		for j := i - 1; j >= 0; j-- {
			if dir[j] != 0 {
				prev = dir[j]
				break
			}
		}
		for j := i + 1; j < len(items); j++ {
			if dir[j] != 0 {
				next = dir[j]
				break
			}
		}
		items[i].rtl = prev == 1 && next == 1
	}
	for i := 0; i < len(items); {
		if !items[i].rtl {
			i++
			continue
		}
		j := i
		for j < len(items) && items[j].rtl {
			j++
		}
		for a, b := i, j-1; a < b; a, b = a+1, b-1 {
			items[a], items[b] = items[b], items[a]
		}
		for k := i; k < j; k++ {
			if p := items[k].p; p != nil && neutral(p) {
				m := *p
				m.text = mirrored(p.text)
				items[k].p = &m
			}
		}
		i = j
	}
	return items
}

// brackets pairs each opening bracket with its closing one.
var brackets = map[rune]rune{'(': ')', '[': ']', '{': '}', '<': '>', '«': '»', '‹': '›'}

// resolveBrackets gives a pair of brackets around right-to-left text the direction of
// the text before the opening bracket when that is right to left too, so that both
// brackets turn with the run ("שירותים (مصر)"); any other pair around letters is left
// to right. Brackets are matched piece by piece: an opening piece ends with
// the bracket, its closing piece starts with the partner.
func resolveBrackets(items []lineItem, dir []int, lineBefore int) {
	type open struct {
		at    int
		close rune
	}
	var stack []open
	for i, it := range items {
		if it.p == nil || dir[i] != 0 {
			continue
		}
		r := []rune(it.p.text)
		if c, ok := brackets[r[len(r)-1]]; ok {
			stack = append(stack, open{i, c})
			continue
		}
		for k := len(stack) - 1; k >= 0; k-- {
			if r[0] != stack[k].close {
				continue
			}
			o := stack[k].at
			stack = stack[:k]
			inside := 0
			for j := o + 1; j < i; j++ {
				if dir[j] == -1 {
					inside = -1
					break
				}
				if dir[j] == 1 {
					inside = 1
				}
			}
			before := lineBefore
			for j := o - 1; j >= 0; j-- {
				if dir[j] != 0 {
					before = dir[j]
					break
				}
			}
			switch {
			case inside == 1 && before == 1:
				dir[o], dir[i] = 1, 1
			case inside != 0:
				dir[o], dir[i] = -1, -1
			}
			break
		}
	}
}

// mirrored is punctuation drawn inside a right-to-left run: in reverse, with each
// bracket turned round.
func mirrored(s string) string {
	r := []rune(reversed(s))
	for i, c := range r {
		for o, cl := range brackets {
			switch c {
			case o:
				r[i] = cl
			case cl:
				r[i] = o
			}
		}
	}
	return string(r)
}

// neutral reports whether p is punctuation or symbols, without letters or a number.
func neutral(p *piece) bool {
	return !p.face.rtl() && !hasLetter(p.text) && !startsWithDigit(p.text)
}

func startsWithDigit(s string) bool {
	for _, r := range s {
		return unicode.IsDigit(r)
	}
	return false
}

func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}
