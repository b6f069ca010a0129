package letters

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"io"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"privacydesk/backend"
)

// The letter fonts. DejaVu Sans covers Latin (with Vietnamese precomposed letters, which
// the Go fonts lack), Greek and Cyrillic; Droid Sans Fallback draws Chinese and Japanese
// (it has no Hangul syllables: Korean has a font of its own, see shape.go), and is loaded
// into a PDF only when a letter needs it. Licenses are in fonts/. The files are stored gzipped (gzip -9n of the
// fonts as released; `gunzip -k` gives them back), which makes the binary about 2.6 MB
// smaller; each is inflated once, on first use, so a process that prints no letter never
// pays for it.
var (
	//go:embed fonts/DejaVuSans.ttf.gz
	fontRegularGz []byte
	//go:embed fonts/DejaVuSans-Bold.ttf.gz
	fontBoldGz []byte
	//go:embed fonts/DroidSansFallbackFull.ttf.gz
	fontCJKGz []byte

	fontRegular = inflated(fontRegularGz)
	fontBold    = inflated(fontBoldGz)
	fontCJK     = inflated(fontCJKGz)
)

// inflated returns the font gz holds, inflating it on the first call.
func inflated(gz []byte) func() []byte {
	return sync.OnceValue(func() []byte {
		zr, err := gzip.NewReader(bytes.NewReader(gz))
		if err != nil {
			panic(fmt.Sprintf("letters: embedded font is not gzip: %v", err))
		}
		b, err := io.ReadAll(zr)
		if err != nil {
			panic(fmt.Sprintf("letters: embedded font does not inflate: %v", err))
		}
		return b
	})
}

// SansFonts returns the letters' font files, DejaVu Sans regular and bold, so the other
// documents the practice prints (the reports) share the letters' look and reach: Latin
// with Vietnamese, Greek and Cyrillic.
func SansFonts() (regular, bold []byte) { return fontRegular(), fontBold() }

// fpdf font family names.
const (
	famSans = "dejavu"
	famCJK  = "droidcjk"
)

// face identifies the font a run of text is drawn with.
type face uint8

const (
	faceRegular face = iota
	faceBold
	faceCJK
	faceArabic
	faceHebrew
	faceDevanagari
	faceHangul
	faceCount
)

// coverage answers "does this font have a glyph for r" and "how wide is it", caching
// the answers. Layout measures text itself, so measuring never touches the PDF.
type coverage struct {
	once   sync.Once
	data   func() []byte
	font   *sfnt.Font
	upem   fixed.Int26_6
	ascii  [128]float64 // advance widths of ASCII, in 1/1000 em
	mu     sync.Mutex
	buf    sfnt.Buffer
	glyphs map[rune]float64 // advance width in 1/1000 em, or -1 when the font lacks r
}

func (c *coverage) init() {
	c.once.Do(func() {
		f, err := sfnt.Parse(c.data())
		if err != nil {
			panic(fmt.Sprintf("letters: embedded font does not parse: %v", err))
		}
		c.font, c.glyphs = f, map[rune]float64{}
		c.upem = fixed.I(int(f.UnitsPerEm()))
		for r := rune(0); r < 128; r++ {
			c.ascii[r] = c.lookup(r)
		}
	})
}

// lookup reads r's advance from the font; -1 when the font has no glyph. Caller holds
// c.mu or runs inside once.
func (c *coverage) lookup(r rune) float64 {
	i, err := c.font.GlyphIndex(&c.buf, r)
	if err != nil || i == 0 {
		return -1
	}
	adv, err := c.font.GlyphAdvance(&c.buf, i, c.upem, font.HintingNone)
	if err != nil {
		return -1
	}
	// fpdf writes widths rounded to 1/1000 em; measure the same way.
	return float64(int(float64(adv)*1000/float64(c.upem) + 0.5))
}

// advance is r's width in 1/1000 em, or -1 when the font has no glyph for r.
func (c *coverage) advance(r rune) float64 {
	c.init()
	if r >= 0 && r < 128 {
		return c.ascii[r]
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if v, ok := c.glyphs[r]; ok {
		return v
	}
	v := c.lookup(r)
	c.glyphs[r] = v
	return v
}

func (c *coverage) has(r rune) bool { return c.advance(r) >= 0 }

var (
	covRegular = &coverage{data: fontRegular}
	covBold    = &coverage{data: fontBold}
	covCJK     = &coverage{data: fontCJK}
)

// scriptsDrawn are the scripts a letter prints with the letter fonts (Arabic, Hebrew,
// Devanagari and Hangul have fonts of their own, see shape.go). Others are refused even
// where a font has glyphs: a script that needs shaping the letters do not do would print
// wrong, and a letter that misspells a name is worse than one that asks for it in the
// spelling the person prefers.
var scriptsDrawn = []*unicode.RangeTable{unicode.Latin, unicode.Greek, unicode.Cyrillic, unicode.Armenian,
	unicode.Georgian, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Bopomofo,
	unicode.Common, unicode.Inherited}

// faceFor picks the font that draws r in bold or regular text; ok is false when no
// embedded font can.
func faceFor(r rune, bold bool) (face, bool) {
	if r < 0x7f && r >= 0x20 {
		if bold {
			return faceBold, true
		}
		return faceRegular, true
	}
	// fpdf maps characters through a 16-bit table: nothing beyond the Basic
	// Multilingual Plane (emoji, historic scripts) can be drawn.
	if f, ok := scriptFace(r); ok {
		return f, scriptFonts[f].cov.has(r)
	}
	if r > 0xFFFF || !unicode.In(r, scriptsDrawn...) {
		return 0, false
	}
	if bold && covBold.has(r) {
		return faceBold, true
	}
	if covRegular.has(r) {
		return faceRegular, true
	}
	if unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Bopomofo, unicode.Common) && covCJK.has(r) {
		return faceCJK, true
	}
	return 0, false
}

// checkPrintable refuses text with characters the letter fonts cannot draw, naming the
// field in plain words (never code points: the person fixing it reads a sentence), so no
// letter ever shows boxes or question marks.
func checkPrintable(field, s string) error {
	for _, r := range s {
		if r == '\n' || r == '\t' {
			continue
		}
		if _, ok := faceFor(r, false); !ok {
			fix := "Write it in one of those scripts."
			switch field {
			case "requester.name":
				fix = "Enter the name as the requester wants it printed (for instance in Latin letters) in \"Name on letters\" on the request."
			case "requester.nameOnLetters":
				fix = "Write it in one of those scripts, for instance in Latin letters."
			}
			return backend.Invalid(field, "The letter cannot print %s: it has characters the letter fonts do not draw, such as emoji or a script other than Latin, Greek, Cyrillic, Arabic, Hebrew, Devanagari, Chinese, Japanese or Korean. %s", plainField(field), fix)
		}
	}
	return nil
}

// plainFields name, for people, the fields that are not merge fields.
var plainFields = map[string]string{
	"recipient":               "the addressee's name or address",
	"copy":                    "the name of the person who gets a copy (on the request)",
	"agent.address":           "the agent's or representative's postal address (on the request)",
	"requester.address":       "the requester's postal address (on the request)",
	"requester.name":          "the requester's name (on the request)",
	"requester.nameOnLetters": "the name on letters (on the request)",
	"agent.name":              "the agent's or representative's name (on the request)",
	"vendor.name":             "the vendor's name (in the vendor register)",
	"requesterWords":          "the requester's words (on the request)",
	"practice.name":           "the practice's name (Settings)",
	"practice.address":        "the practice's address (Settings)",
	"practice.signatory_name": "the name that signs letters (Settings)",
}

// plainField names a field as people know it: "the requester's name (on the request)".
func plainField(field string) string {
	if s, ok := plainFields[field]; ok {
		return s
	}
	if f, ok := fieldIndex[field]; ok {
		return f.Description + " (" + f.Where + ")"
	}
	if t, col, ok := strings.Cut(field, "."); ok {
		if td, ok := tableDefs[t]; ok {
			if i, ok := td.column(col); ok {
				return "the " + strings.ToLower(td.cols[i].header) + " column of " + td.Where
			}
		}
	}
	return field
}
