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
	size float64
	text string
	w    float64 // width in points
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

var faceCov = [...]*coverage{faceRegular: covRegular, faceBold: covBold, faceCJK: covCJK}

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
			if curPiece.text != "" && curPiece.face != f {
				endPiece()
			}
			curPiece.face, curPiece.size = f, size
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
		np := piece{face: p.face, size: p.size}
		for _, r := range p.text {
			rw := runeWidth(p.face, r, p.size)
			if cur.w+np.w+rw > limit && (np.text != "" || len(cur.pieces) > 0) {
				if np.text != "" {
					cur.pieces = append(cur.pieces, np)
					cur.w += np.w
				}
				parts = append(parts, cur)
				cur, np = word{}, piece{face: p.face, size: p.size}
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

// fontSetter selects faces on a PDF, registering the CJK fallback only when a letter
// needs it (parsing it costs more than the rest of a letter).
type fontSetter struct {
	pdf       *fpdf.Fpdf
	cjkLoaded bool
}

func (fs *fontSetter) set(f face, size float64) {
	switch f {
	case faceBold:
		fs.pdf.SetFont(famSans, "B", size)
	case faceCJK:
		if !fs.cjkLoaded {
			fs.pdf.AddUTF8FontFromBytes(famCJK, "", fontCJK())
			fs.cjkLoaded = true
		}
		fs.pdf.SetFont(famCJK, "", size)
	default:
		fs.pdf.SetFont(famSans, "", size)
	}
}

// drawLine draws one line with its left edge at x and its baseline at y.
func (fs *fontSetter) drawLine(l line, x, y float64) {
	for i, w := range l.words {
		if i > 0 {
			x += w.gap
		}
		for _, p := range w.pieces {
			fs.set(p.face, p.size)
			fs.pdf.Text(x, y, p.text)
			x += p.w
		}
	}
}
