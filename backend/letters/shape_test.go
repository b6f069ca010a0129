package letters

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"privacydesk/backend"
	"privacydesk/backend/internal/benchratio"
)

// complexNames are names in the scripts that need fonts of their own; Arabic and
// Hebrew are right to left, Arabic letters join, Devanagari has conjuncts (क्ष, त्र) and a
// vowel sign drawn before its consonant (ि).
var complexNames = []struct{ script, name string }{
	{"Arabic", "محمد عبد الله"},
	{"Hebrew", "שרה כהן"},
	{"Devanagari", "अमित क्षत्रिय"},
	{"Korean", "김민준"},
}

// TestComplexScriptNames makes a letter for each name, reads its text back with
// pdftotext (the name, in reading order, in the address and the salutation) and renders
// the first page with pdftoppm: there is ink where the salutation prints the name. With
// -out DIR the PNGs are kept there to be looked at.
func TestComplexScriptNames(t *testing.T) {
	tool := needTool(t, "pdftoppm")
	for _, c := range complexNames {
		t.Run(c.script, func(t *testing.T) {
			d := baseData(backend.RegimeCCPA, backend.RightAccess)
			d.Requester.Name = c.name
			pdf, err := RenderBytes(Builtin(KindAcknowledgment), d)
			if err != nil {
				t.Fatal(err)
			}
			qpdfCheck(t, pdf)
			// pdftotext marks right-to-left runs with embedding controls.
			text := strings.NewReplacer("\u202b", "", "\u202a", "", "\u202c", "").Replace(pdfText(t, pdf))
			if got := strings.Count(text, c.name); got < 2 {
				t.Errorf("%q appears %d times in the text, want at least 2 (address and salutation):\n%s", c.name, got, text)
			}
			if !strings.Contains(text, "Dear "+c.name+",") {
				t.Errorf("the salutation does not read %q", "Dear "+c.name+",")
			}

			dir := t.TempDir()
			if *outDir != "" {
				dir = *outDir
			}
			base := filepath.Join(dir, "name-"+strings.ToLower(c.script))
			cmd := exec.Command(tool, "-png", "-r", "100", "-f", "1", "-l", "1", "-singlefile", "-", base)
			cmd.Stdin = bytes.NewReader(pdf)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("pdftoppm: %v: %s", err, out)
			}
			f, err := os.Open(base + ".png")
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			img, err := png.Decode(f)
			if err != nil {
				t.Fatal(err)
			}
			// There is ink right of "Dear" on the salutation line, across the width the
			// layout measured for the name.
			_, y0, x1, y1, ok := wordBox(pdfText(t, pdf, "-bbox"), "Dear")
			if !ok {
				t.Fatal("no word Dear in the letter")
			}
			w := 0.0
			for _, wd := range words([]rspan{{text: c.name}}, sizeBody) {
				w += wd.gap + wd.w
			}
			px := func(pt float64) int { return int(pt * 100 / 72) }
			from := px(x1 + runeWidth(faceRegular, ' ', sizeBody))
			to := from + px(w)
			// The comma after the name starts a few pixels right of it.
			left, right := inkExtent(img, px(y0), px(y1), from-2, to+1)
			if left < 0 || left-from > 3 || to-right > 4 {
				t.Errorf("the name's ink spans pixels %d to %d, want %d to %d", left, right, from, from+px(w))
			}
		})
	}
}

var wordRe = regexp.MustCompile(`<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="([0-9.]+)">([^<]*)</word>`)

// wordBox is the box, in points, of the first word w in pdftotext -bbox output.
func wordBox(html, w string) (x0, y0, x1, y1 float64, ok bool) {
	for _, m := range wordRe.FindAllStringSubmatch(html, -1) {
		if m[5] == w {
			f := func(s string) float64 { v, _ := strconv.ParseFloat(s, 64); return v }
			return f(m[1]), f(m[2]), f(m[3]), f(m[4]), true
		}
	}
	return 0, 0, 0, 0, false
}

// inkExtent is the leftmost and rightmost column with a dark pixel in rows y0..y1 and
// columns x0..x1; -1, -1 when there is none.
func inkExtent(img image.Image, y0, y1, x0, x1 int) (int, int) {
	left, right := -1, -1
	for x := x0; x < x1; x++ {
		for y := y0; y <= y1; y++ {
			r, g, b, _ := img.At(x, y).RGBA()
			if r+g+b < 3*0x8000 {
				if left < 0 {
					left = x
				}
				right = x
				break
			}
		}
	}
	return left, right
}

// TestShaping checks what the shaper does with each script: Arabic letters take their
// joined forms, right-to-left runs come out in visual order, Devanagari conjuncts fuse.
func TestShaping(t *testing.T) {
	nominal := func(f face, r rune) uint32 {
		g, ok := scriptFonts[f].parsed().NominalGlyph(r)
		if !ok {
			t.Fatalf("the %s font has no glyph for %q", scriptFonts[f].fam, r)
		}
		return uint32(g)
	}
	glyphs := func(f face, s string) []uint32 {
		sf := scriptFonts[f]
		shaper.Lock()
		defer shaper.Unlock()
		var out []uint32
		for _, g := range shapeGlyphs(sf, []rune(s), 12) {
			out = append(out, uint32(g.GlyphID))
		}
		return out
	}

	// محمد: four letters, each joined to the next: none is drawn in its isolated form,
	// and the first letter (م) is the rightmost glyph.
	ar := glyphs(faceArabic, "محمد")
	if len(ar) != 4 {
		t.Fatalf("محمد shaped to %d glyphs, want 4", len(ar))
	}
	for i, r := range []rune("محمد") {
		if ar[3-i] == nominal(faceArabic, r) {
			t.Errorf("letter %d of محمد is drawn in its isolated form", i+1)
		}
	}
	// שרה: no joining, but drawn from the right: ה leftmost, ש rightmost.
	he := glyphs(faceHebrew, "שרה")
	if len(he) != 3 || he[0] != nominal(faceHebrew, 'ה') || he[2] != nominal(faceHebrew, 'ש') {
		t.Errorf("שרה shaped to %v, want ה ר ש from the left", he)
	}
	// क्ष (ka, virama, ssa) is one conjunct glyph; in ति the vowel sign ि comes first.
	if ks := glyphs(faceDevanagari, "क्ष"); len(ks) != 1 {
		t.Errorf("क्ष shaped to %d glyphs, want one conjunct", len(ks))
	}
	if ti := glyphs(faceDevanagari, "ति"); len(ti) != 2 || ti[1] != nominal(faceDevanagari, 'त') {
		t.Errorf("ति shaped to %v, want the vowel sign before त", ti)
	}
}

// TestRightToLeftLine checks the order of words on a line that mixes directions: the
// right-to-left run turns round as a whole, the comma after it stays outside, a number
// after right-to-left letters joins their run, and brackets turn (and are mirrored)
// with the run only when the text before them is right to left too.
func TestRightToLeftLine(t *testing.T) {
	for _, c := range []struct {
		text string
		want []string // the pieces from the left
	}{
		{"Dear محمد عبد الله, thank you", []string{"Dear", "الله", "عبد", "محمد", ",", "thank", "you"}},
		{"רחוב הרצל 12", []string{"12", "הרצל", "רחוב"}},
		{"Cloud שירותים 2024 (مصر).", []string{"Cloud", "(", "مصر", ")", "2024", "שירותים", "."}},
		{"Clinic (שרה כהן) Ltd", []string{"Clinic", "(", "כהן", "שרה", ")", "Ltd"}},
		{"Clinic 12 (Tel Aviv)", []string{"Clinic", "12", "(Tel", "Aviv)"}},
	} {
		ls := wrap(words([]rspan{{text: c.text}}, 10), 1000)
		if len(ls) != 1 {
			t.Fatalf("%q: %d lines, want 1", c.text, len(ls))
		}
		var got []string
		for _, it := range visualOrder(ls[0]) {
			if it.p != nil {
				got = append(got, it.p.text)
			}
		}
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("%q: visual order %q, want %q", c.text, got, c.want)
		}
	}
}

// TestRightToLeftWrappedLine checks that a wrapped line orders its numbers and brackets
// by the text before and after it in the paragraph, as one long line would: a number and
// a bracketed name that wrap below Hebrew words stay in the right-to-left run.
func TestRightToLeftWrappedLine(t *testing.T) {
	ws := words([]rspan{{text: "Cloud שירותים 2024 (مصر)\n2024 (مصر)"}}, 10)
	first := textWidth("Cloud שירותים", faceRegular, 10)
	ls := wrap(ws, first+1)
	var got [][]string
	for _, l := range ls {
		var texts []string
		for _, it := range visualOrder(l) {
			if it.p != nil {
				texts = append(texts, it.p.text)
			}
		}
		got = append(got, texts)
	}
	want := [][]string{{"Cloud", "שירותים"}, {"(", "مصر", ")", "2024"}, {"2024", "(", "مصر", ")"}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("lines from the left %q, want %q (the last line is a paragraph of its own)", got, want)
	}
}

// TestNameOnLettersRefusal checks the refusal of a name no font prints: it names the
// field in plain words and, for the recorded name, points to "Name on letters".
func TestNameOnLettersRefusal(t *testing.T) {
	for _, c := range []struct {
		onLetters     bool
		field, phrase string
	}{
		{false, "requester.name", `"Name on letters" on the request`},
		{true, "requester.nameOnLetters", "The letter cannot print the name on letters (on the request)"},
	} {
		d := baseData(backend.RegimeCCPA, backend.RightAccess)
		d.Requester.Name, d.NameOnLetters = "สมชาย", c.onLetters
		_, err := RenderBytes(Builtin(KindAcknowledgment), d)
		if backend.ErrorField(err) != c.field || !strings.Contains(backend.ErrorMessage(err), c.phrase) {
			t.Errorf("got %v (field %q), want an error on %s saying %q", err, backend.ErrorField(err), c.field, c.phrase)
		}
		ps := Preflight(Builtin(KindAcknowledgment), &d)
		if len(ps) != 1 || ps[0].Field != c.field || !strings.Contains(ps[0].Message, c.phrase) {
			t.Errorf("preflight: got %+v, want one problem on %s", ps, c.field)
		}
	}
}

// BenchmarkComplexScriptName compares an acknowledgment to a requester named in Arabic,
// Hebrew, Devanagari or Korean (shaped, drawn as outlines, a font of its own in the PDF)
// with the same letter to a requester with a Latin name.
func BenchmarkComplexScriptName(b *testing.B) {
	perOp := map[string]time.Duration{}
	run := func(name, requester string) {
		d := baseData(backend.RegimeCCPA, backend.RightAccess)
		d.Requester.Name = requester
		tpl := Builtin(KindAcknowledgment)
		b.Run(name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if err := Render(io.Discard, tpl, d); err != nil {
					b.Fatal(err)
				}
			}
			perOp[name] = b.Elapsed() / time.Duration(b.N)
		})
	}
	run("latin", "Maria Schmidt")
	for _, c := range complexNames {
		run(c.script, c.name)
	}
	for _, c := range complexNames {
		benchratio.Print("letter to a name in "+c.script+" / in Latin letters", perOp[c.script], perOp["latin"], 1.5)
	}
}
