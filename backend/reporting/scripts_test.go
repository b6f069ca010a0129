package reporting

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/go-pdf/fpdf"

	"privacydesk/backend"
	"privacydesk/backend/internal/benchratio"
	"privacydesk/backend/internal/extool"
)

// scriptNames are names in the scripts the letters print besides Latin, Greek and
// Cyrillic; the last mixes scripts and directions in one cell.
var scriptNames = []string{
	"北京云服务有限公司",                // Chinese, no spaces: breaks between characters
	"東京クラウド株式会社",               // Japanese
	"서울 데이터 주식회사",              // Korean
	"شركة البيانات الطبية",     // Arabic: joined letters, right to left
	"מעבדות כהן",               // Hebrew: right to left
	"अमित क्षत्रिय सेवाएँ",     // Devanagari: conjuncts, vowel signs
	"Cloud שירותים 2024 (مصر)", // mixed
}

// The reports draw every letter of a name with a font that has a glyph for it, and
// Arabic, Hebrew and Devanagari only through the shaper: a glyph the font lacks prints
// as a box, and fpdf's own text drawing puts one isolated glyph per character (Arabic
// unjoined, Hebrew left to right, Devanagari without conjuncts). pdftotext sees neither,
// so the test reads what each text operator of the PDF draws, in which font and
// rendering mode, and asks that font's character-to-glyph map (as embedded).
func TestReportsDrawEveryScript(t *testing.T) {
	fpdf.SetDefaultCompression(false)
	defer fpdf.SetDefaultCompression(true)
	now := time.Date(2027, 1, 5, 9, 0, 0, 0, time.UTC)
	today := backend.NewDate(2027, 1, 5)
	p := backend.Practice{Name: "عيادة الشفاء 東京診療所", Address: "רחוב הרצל 12\nतेल अवीव", Phone: "+972 3 555 0100",
		Email: "office@example.org", PaperSize: backend.PaperA4}
	var vendors []backend.Vendor
	for i, n := range scriptNames {
		vendors = append(vendors, backend.Vendor{ID: int64(i + 1), Name: n, PHIAccess: backend.PHILimited, BAAStatus: backend.BAAPending})
	}
	// No font draws an emoji: it prints as U+FFFD, not as a box nor as nothing.
	vendors = append(vendors, backend.Vendor{ID: 99, Name: "Rocket 🚀 Billing", PHIAccess: backend.PHINone, BAAStatus: backend.BAAPending})
	f := func(x float64) *float64 { return &x }
	reports := map[string]func(io.Writer) error{
		"baa": func(w io.Writer) error { return writeBAAReportPDF(w, p, vendors, today, now) },
		"metrics": func(w io.Writer) error {
			m := backend.Metrics{Year: 2026, All: backend.MetricRow{Received: 1, Responded: 1, MedianDays: f(3), MeanDays: f(3)},
				Rows: []backend.MetricRow{{Regime: backend.RegimeCCPA, Right: backend.RightAccess, Received: 1, Responded: 1, MedianDays: f(3), MeanDays: f(3)}}}
			return writeMetricsPDF(w, p, m, nil, now)
		},
		"readiness": func(w io.Writer) error {
			r := backend.Readiness{AsOf: today, Items: []backend.ReadinessItem{{Key: "contacts", Label: "Letters' contact details complete", OK: true,
				Detail: "Letters name the " + strings.Join(scriptNames, ", ") + "."}}}
			return writeReadinessPDF(w, p, r, now)
		},
	}
	for name, write := range reports {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := write(&buf); err != nil {
				t.Fatal(err)
			}
			drawn := textDrawn(t, buf.Bytes())
			if len(drawn) == 0 {
				t.Fatal("no text found in the PDF")
			}
			seen := map[rune]bool{}
			for _, d := range drawn {
				for _, r := range d.text {
					seen[r] = true
					if r > ' ' && d.gid[r] == 0 {
						t.Errorf("%q (U+%04X) is drawn in font %s, which has no glyph for it (a box), in %q", r, r, d.font, d.text)
					}
					if needsShaping(r) && d.mode != 3 {
						t.Errorf("%q (U+%04X) is drawn as plain text in font %s, unshaped, in %q", r, r, d.font, d.text)
					}
				}
			}
			want := p.Name
			if name == "baa" || name == "readiness" {
				want += strings.Join(scriptNames, "")
			}
			if name == "baa" {
				want += "\uFFFD"
			}
			for _, r := range want {
				if !seen[r] && !unicode.IsSpace(r) {
					t.Errorf("%q (U+%04X) is not in the report's text", r, r)
				}
			}
			if name != "baa" {
				return
			}
			// Copying or searching a name gets it in reading order (the invisible text
			// over shaped runs); pdftotext marks right-to-left runs with embedding
			// controls.
			tool := extool.Need(t, "pdftotext", "poppler-utils")
			file := filepath.Join(t.TempDir(), "baa.pdf")
			if err := os.WriteFile(file, buf.Bytes(), 0o600); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(tool, "-enc", "UTF-8", file, "-").Output()
			if err != nil {
				t.Fatal(err)
			}
			text := strings.NewReplacer("\u202b", "", "\u202a", "", "\u202c", "").Replace(string(out))
			names := append([]string{"عيادة الشفاء"}, scriptNames[:len(scriptNames)-1]...) // not the mixed one
			for _, n := range names {
				if !strings.Contains(text, n) {
					t.Errorf("the report's text lacks %q:\n%s", n, text)
				}
			}
		})
	}
}

// needsShaping reports whether r is Arabic, Hebrew or Devanagari.
func needsShaping(r rune) bool {
	return unicode.In(r, unicode.Arabic, unicode.Hebrew, unicode.Devanagari) && !unicode.IsDigit(r)
}

// drawnText is the text of one text-showing operator: its font (the resource name),
// the rendering mode (3: invisible) and each character's glyph in that font.
type drawnText struct {
	font string
	mode int
	text string
	gid  map[rune]uint16
}

var (
	pdfObjRe    = regexp.MustCompile(`(?s)(\d+) 0 obj\n(.*?)\nendobj`)
	fontDictRe  = regexp.MustCompile(`/Font <<\n((?:/F\S+ \d+ 0 R\n)*)>>`)
	fontRefRe   = regexp.MustCompile(`/(F\S+) (\d+) 0 R`)
	descendRe   = regexp.MustCompile(`/DescendantFonts \[(\d+) 0 R\]`)
	cidToGIDRe  = regexp.MustCompile(`/CIDToGIDMap (\d+) 0 R`)
	streamBodRe = regexp.MustCompile(`(?s)^(.*?)stream\n(.*)\nendstream$`)
)

// textDrawn reads an uncompressed fpdf PDF's page content: every string a Tj shows.
func textDrawn(t *testing.T, pdf []byte) []drawnText {
	t.Helper()
	objs := map[string][]byte{}
	for _, m := range pdfObjRe.FindAllSubmatch(pdf, -1) {
		objs[string(m[1])] = m[2]
	}
	stream := func(obj []byte) (dict, body []byte) {
		m := streamBodRe.FindSubmatch(obj)
		if m == nil {
			return obj, nil
		}
		return m[1], m[2]
	}
	// Each font resource's CIDToGIDMap (fpdf's UTF-8 fonts: the code is the character).
	gids := map[string]map[rune]uint16{}
	fd := fontDictRe.FindSubmatch(pdf)
	if fd == nil {
		t.Fatal("no font resources in the PDF")
	}
	for _, m := range fontRefRe.FindAllSubmatch(fd[1], -1) {
		d := descendRe.FindSubmatch(objs[string(m[2])])
		if d == nil {
			continue // not a UTF-8 font
		}
		c := cidToGIDRe.FindSubmatch(objs[string(d[1])])
		if c == nil {
			t.Fatalf("font %s has no CIDToGIDMap", m[1])
		}
		_, body := stream(objs[string(c[1])])
		zr, err := zlib.NewReader(bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		raw, err := io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		g := map[rune]uint16{}
		for i := 0; i+1 < len(raw); i += 2 {
			if v := uint16(raw[i])<<8 | uint16(raw[i+1]); v != 0 {
				g[rune(i/2)] = v
			}
		}
		gids[string(m[1])] = g
	}
	var out []drawnText
	for _, obj := range objs {
		dict, body := stream(obj)
		if body == nil || bytes.Contains(dict, []byte("/Filter")) || !bytes.Contains(body, []byte("Tj")) {
			continue
		}
		font, mode := "", 0
		var modes []int
		var operands []string
		for _, tok := range contentTokens(body) {
			if tok.str {
				operands = append(operands, tok.s)
				continue
			}
			switch tok.s {
			case "Tf":
				font = strings.TrimPrefix(operands[len(operands)-2], "/")
			case "Tr":
				mode, _ = strconv.Atoi(operands[len(operands)-1])
			case "q":
				modes = append(modes, mode)
			case "Q":
				mode, modes = modes[len(modes)-1], modes[:len(modes)-1]
			case "Tj":
				s := []byte(operands[len(operands)-1])
				var text []rune
				for i := 0; i+1 < len(s); i += 2 {
					text = append(text, rune(s[i])<<8|rune(s[i+1]))
				}
				out = append(out, drawnText{font: font, mode: mode, text: string(text), gid: gids[font]})
			default:
				if !strings.HasPrefix(tok.s, "/") && (tok.s == "" || !strings.ContainsAny(tok.s[:1], "0123456789.-")) {
					operands = operands[:0]
					continue
				}
				operands = append(operands, tok.s)
				continue
			}
			operands = operands[:0]
		}
	}
	return out
}

type contentToken struct {
	s   string
	str bool // a string operand, its bytes unescaped
}

// contentTokens splits a content stream into operands and operators.
func contentTokens(b []byte) []contentToken {
	var out []contentToken
	for i := 0; i < len(b); {
		switch c := b[i]; {
		case c == ' ' || c == '\n' || c == '\r' || c == '\t':
			i++
		case c == '(':
			var s []byte
			depth := 1
			for i++; i < len(b); i++ {
				c := b[i]
				if c == '\\' && i+1 < len(b) {
					i++
					switch e := b[i]; e {
					case 'n':
						s = append(s, '\n')
					case 'r':
						s = append(s, '\r')
					case 't':
						s = append(s, '\t')
					default:
						s = append(s, e)
					}
					continue
				}
				if c == '(' {
					depth++
				} else if c == ')' {
					if depth--; depth == 0 {
						i++
						break
					}
				}
				s = append(s, c)
			}
			out = append(out, contentToken{s: string(s), str: true})
		default:
			j := i + 1
			for j < len(b) && !strings.ContainsRune(" \n\r\t()/[]", rune(b[j])) {
				j++
			}
			out = append(out, contentToken{s: string(b[i:j])})
			i = j
		}
	}
	return out
}

// TestReportWithNamesToPNG writes the BAA report with names in every script, and its
// pages as PNG, to the directory in PRIVACYDESK_REPORT_PNG, to be looked at.
func TestReportWithNamesToPNG(t *testing.T) {
	dir := os.Getenv("PRIVACYDESK_REPORT_PNG")
	if dir == "" {
		t.Skip("set PRIVACYDESK_REPORT_PNG to a directory to look at the pages")
	}
	tool := extool.Need(t, "pdftoppm", "poppler-utils")
	now := time.Date(2027, 1, 5, 9, 0, 0, 0, time.UTC)
	today := backend.NewDate(2027, 1, 5)
	p := backend.Practice{Name: "عيادة الشفاء 東京診療所", Address: "רחוב הרצל 12\nतेल अवीव", Phone: "+972 3 555 0100", Email: "office@example.org"}
	var vendors []backend.Vendor
	for i, n := range append(scriptNames, "Nguyễn Thị Ánh Dương Billing", "김민준") {
		vendors = append(vendors, backend.Vendor{ID: int64(i + 1), Name: n, PHIAccess: backend.PHILimited, BAAStatus: backend.BAAPending})
	}
	var buf bytes.Buffer
	if err := writeBAAReportPDF(&buf, p, vendors, today, now); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "baa-scripts.pdf")
	if err := os.WriteFile(file, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(tool, "-png", "-r", "110", file, filepath.Join(dir, "baa-scripts")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v: %s", err, out)
	}
}

// BenchmarkBAAReportScripts compares the BAA status report of 300 vendors named in the
// scripts the fallback fonts draw with the same report of 300 vendors with Latin names,
// and prints the ratio. The goal is loose: each of those names is shaped and drawn as
// outlines twice (table and alert), and each script's font is parsed into the PDF, so
// such a report takes a few times as long (about a third of a second on a CI core).
func BenchmarkBAAReportScripts(b *testing.B) {
	now := time.Date(2027, 1, 5, 9, 0, 0, 0, time.UTC)
	today := backend.NewDate(2027, 1, 5)
	p := backend.Practice{Name: "Sessions, Inc.", Address: "3948 Market St #24702\nSan Francisco, CA 94114"}
	perOp := map[string]time.Duration{}
	run := func(name string, names []string) {
		vendors := make([]backend.Vendor, 300)
		for i := range vendors {
			vendors[i] = backend.Vendor{ID: int64(i + 1), Name: fmt.Sprintf("%s %d", names[i%len(names)], i), PHIAccess: backend.PHILimited, BAAStatus: backend.BAAPending}
		}
		b.Run(name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if err := writeBAAReportPDF(io.Discard, p, vendors, today, now); err != nil {
					b.Fatal(err)
				}
			}
			perOp[name] = b.Elapsed() / time.Duration(b.N)
		})
	}
	run("latin", []string{"Healthcare Blocks", "Transcription service", "Nguyễn Thị Billing", "Łukasz Wiśniewski Cloud"})
	run("scripts", scriptNames)
	benchratio.Print("BAA report of 300 vendors named in other scripts / in Latin letters", perOp["scripts"], perOp["latin"], 5)
}
