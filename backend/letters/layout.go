package letters

import (
	"strings"
	"unicode"

	"github.com/go-pdf/fpdf"
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

// breaksAround reports whether a line may break before and after r without a space:
// Chinese and Japanese text has no spaces between words.
func breaksAround(r rune) bool {
	return r >= 0x2E80 && unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana)
}

// words splits text into words measured at size. Spaces become gaps, newlines forced
// breaks; characters no embedded font draws were refused before layout and are dropped
// here rather than drawn as boxes.
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
	for _, s := range spans {
		for _, r := range s.text {
			switch {
			case r == '\n':
				endWord()
				gap = 0
				hard++
				continue
			case (r == ' ' || r == '\t') && open && strings.HasSuffix(curPiece.text, "§"):
				// "§ 1798.130": the section sign never ends a line.
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
				continue
			}
			if breaksAround(r) {
				endWord()
				startWord()
				cur.pieces = append(cur.pieces, piece{face: f, size: size, text: string(r), w: runeWidth(f, r, size)})
				cur.w = cur.pieces[0].w
				endWord()
				continue
			}
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
			w.gap = 0
		}
		if w.w > maxW {
			for _, part := range splitWord(w, maxW-cur.w-w.gap, maxW) {
				if len(cur.words) > 0 && cur.w+part.gap+part.w > maxW {
					flush()
					part.gap = 0
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
	return lines
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
type fontSetter struct {
	pdf    *fpdf.Fpdf
	loaded [faceCount]bool
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
				x += w.gap
			}
			for _, p := range w.pieces {
				x = fs.drawPiece(p, x, y)
			}
		}
		return
	}
	for _, it := range visualOrder(l) {
		if it.p == nil {
			x += it.gap
			continue
		}
		x = fs.drawPiece(*it.p, x, y)
	}
}

// drawPiece draws p with its left edge at x and returns its right edge.
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
	return x + p.w
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
	pdf.SetLineWidth(p.size * boldStroke)
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
// line's direction is left to right and only runs of right-to-left text turn round:
// right-to-left pieces, and the gaps and punctuation-only pieces between two of them,
// are reversed as a run (the rules of the Unicode bidirectional algorithm for a
// left-to-right paragraph). Each piece keeps its own order: a shaped run is already in
// visual order, and digits inside a right-to-left run stay left to right.
func visualOrder(l line) []lineItem {
	var items []lineItem
	for i := range l.words {
		w := &l.words[i]
		if i > 0 {
			items = append(items, lineItem{gap: w.gap})
		}
		for j := range w.pieces {
			p := &w.pieces[j]
			items = append(items, lineItem{p: p, rtl: p.face.rtl()})
		}
	}
	// Neutral items (gaps, pieces without letters) between two right-to-left items turn
	// with them.
	strong := func(it lineItem) int { // 1 rtl, -1 ltr, 0 neutral
		switch {
		case it.rtl:
			return 1
		case it.p != nil && hasLetter(it.p.text):
			return -1
		}
		return 0
	}
	for i := range items {
		if strong(items[i]) != 0 {
			continue
		}
		prev, next := -1, -1
		for j := i - 1; j >= 0; j-- {
			if s := strong(items[j]); s != 0 {
				prev = s
				break
			}
		}
		for j := i + 1; j < len(items); j++ {
			if s := strong(items[j]); s != 0 {
				next = s
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
		i = j
	}
	return items
}

func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}
