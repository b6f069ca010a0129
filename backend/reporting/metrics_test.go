package reporting

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/image/font/sfnt"

	"privacydesk/backend"
	"privacydesk/backend/internal/extool"
	"privacydesk/backend/letters"
)

func TestWrapKeepsEveryWordWithinTheWidth(t *testing.T) {
	r := newReportPDF(backend.Practice{Name: "Sessions, Inc."}, "Wrap", time.Date(2027, 1, 5, 9, 0, 0, 0, time.UTC), "")
	for _, c := range []struct {
		text  string
		width float64
		lines int
	}{
		{"Opt out of sale, sharing, targeted ads, profiling", 45, 2},
		{"Access / right to know", 45, 1},
		{"Received", 16, 1},
		{"", 20, 0},
		{"Łukasz-Nguyễn-Müller-Sessions-Incorporated", 20, 4}, // no space: broken where it must be
		{"北京云服务有限公司", 20, 2},                                  // no spaces, but breaks between characters
		{"شركة البيانات الطبية", 20, 2},                       // right to left, shaped
	} {
		got := r.ts.Words(c.text, false, cellSize).Lines(c.width)
		var texts []string
		for _, l := range got {
			texts = append(texts, l.Text())
			if w := l.Width(); w > c.width {
				t.Errorf("%q: line %q is %.1f mm wide, more than %v", c.text, l.Text(), w, c.width)
			}
		}
		if len(got) != c.lines {
			t.Errorf("%q in %v mm wraps to %q, want %d lines", c.text, c.width, texts, c.lines)
		}
		if j := strings.Join(texts, ""); strings.ReplaceAll(c.text, " ", "") != strings.ReplaceAll(j, " ", "") {
			t.Errorf("%q lost text: %q", c.text, texts)
		}
	}
}

// The report runs over two pages: page 2 must start with the header row, long right
// names must be wrapped whole, and the All row must carry the year's median and mean.
func TestMetricsPDFRepeatsHeaderWrapsAndTotals(t *testing.T) {
	tool := extool.Need(t, "pdftotext", "poppler-utils")
	f := func(x float64) *float64 { return &x }
	m := backend.Metrics{Year: 2026, All: backend.MetricRow{Received: 240, Complied: 120, Denied: 60, Pending: 60, Responded: 180, MedianDays: f(24), MeanDays: f(22.5)}}
	for i := 0; i < 60; i++ {
		m.Rows = append(m.Rows, backend.MetricRow{Regime: backend.Regimes[i%len(backend.Regimes)], Right: backend.RightOptOut,
			Received: 4, Complied: 2, Denied: 1, Pending: 1, Responded: 3, MedianDays: f(20), MeanDays: f(21.3)})
	}
	for _, paper := range []backend.PaperSize{backend.PaperLetter, backend.PaperA4} {
		t.Run(string(paper), func(t *testing.T) {
			var buf bytes.Buffer
			p := backend.Practice{Name: "Sessions, Inc.", PaperSize: paper}
			head := &backend.ChainHead{Events: 4321, Hash: strings.Repeat("0f", 32)}
			if err := writeMetricsPDF(&buf, p, m, head, time.Date(2027, 1, 5, 9, 0, 0, 0, time.UTC)); err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(t.TempDir(), "m.pdf")
			if err := os.WriteFile(file, buf.Bytes(), 0o600); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(tool, "-layout", "-enc", "UTF-8", file, "-").Output()
			if err != nil {
				t.Fatal(err)
			}
			pages := strings.Split(strings.TrimRight(string(out), "\f\n"), "\f")
			if len(pages) < 2 {
				t.Fatalf("%d page(s), want at least 2", len(pages))
			}
			header := regexp.MustCompile(`Regime\s+Right\s+Received\s+Complied\s+Denied\s+Still\s+Median\s+Mean`)
			for i, pg := range pages {
				if !header.MatchString(pg) {
					t.Errorf("page %d has no header row:\n%s", i+1, pg)
				}
			}
			text := string(out)
			if strings.Contains(text, "…") {
				t.Errorf("a cell was cut off with an ellipsis")
			}
			if n := strings.Count(text, "targeted ads, profiling"); n != len(m.Rows) {
				t.Errorf("the opt-out right's full name is on %d rows, want %d", n, len(m.Rows))
			}
			if !strings.Contains(strings.Join(strings.Fields(text), " "), "Events: 4321 Head: "+head.Hash) {
				t.Errorf("the report does not print the audit chain's head")
			}
			all := regexp.MustCompile(`All\s+240\s+120\s+60\s+60\s+24\.0\s+22\.5`)
			if !all.MatchString(pages[len(pages)-1]) {
				t.Errorf("the All row lacks its median and mean:\n%s", pages[len(pages)-1])
			}
		})
	}
}

// Every letter of the names a report prints has a glyph in the reports' fonts: a letter
// the font lacks prints as a box ("Nguy□n"), which pdftotext cannot see, so the test
// asks the fonts themselves.
func TestReportFontsDrawThePracticesNames(t *testing.T) {
	regular, bold := letters.SansFonts()
	var buf sfnt.Buffer
	for i, b := range [][]byte{regular, bold} {
		f, err := sfnt.Parse(b)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"Nguyễn Thị Ánh Dương", "Phòng khám Đa khoa", "Łukasz Wiśniewski", "Zoë Ørsted",
			"Şule Yılmaz", "Αλέξανδρος Παπαδόπουλος", "Дмитрий Иванов", "Crème Brûlée Billing, Inc. — “Ops” · №5"} {
			for _, r := range name {
				if g, err := f.GlyphIndex(&buf, r); err != nil || g == 0 {
					t.Errorf("font %d has no glyph for %q (U+%04X) in %q", i, r, r, name)
				}
			}
		}
	}
}

// A column is never narrower than its longest word while the words fit the page: the
// room comes from the columns with some to spare, and the widths fill the text width.
func TestFitWidthsGivesEveryWordItsRoom(t *testing.T) {
	for _, c := range []struct {
		total         float64
		weights, need []float64
	}{
		{180, []float64{42, 52, 18, 21, 15, 15, 14, 14}, []float64{20, 25, 17, 15, 14, 13, 13, 12}},
		{180, []float64{33, 14, 26, 21, 21, 21, 16, 28}, []float64{25, 15, 20, 20, 20, 20, 16, 16}},
		{100, []float64{1, 1}, []float64{10, 80}},
		{100, []float64{1, 1, 1}, []float64{60, 50, 40}}, // more than fits: the needs scaled down
	} {
		got := fitWidths(c.total, c.weights, c.need)
		sum, needSum := 0.0, 0.0
		for _, n := range c.need {
			needSum += n
		}
		for i, w := range got {
			sum += w
			if needSum < c.total && w < c.need[i]-1e-9 {
				t.Errorf("fitWidths(%v, %v, %v) = %v: column %d narrower than its need", c.total, c.weights, c.need, got, i)
			}
		}
		if sum < c.total-1e-9 || sum > c.total+1e-9 {
			t.Errorf("fitWidths(%v, %v, %v) = %v: adds up to %v", c.total, c.weights, c.need, got, sum)
		}
	}
	if got := fitWidths(100, []float64{3, 1}, []float64{10, 10}); got[0] != 75 || got[1] != 25 {
		t.Errorf("nothing short: widths %v, want the weights' 75 and 25", got)
	}
}

// In the reports' tables no word of a head or a cell is broken across lines: the BAA
// report's dates and statuses and the metrics report's heads each stay whole.
func TestReportTablesKeepWordsWhole(t *testing.T) {
	r := newReportPDF(backend.Practice{Name: "Sessions, Inc."}, "Tables", time.Date(2027, 1, 5, 9, 0, 0, 0, time.UTC), "")
	rows := [][]string{{"Transcription service (example: BAA expiring)", "Limited", "Not required: Payment processing only", "2024-12-27",
		"2026-12-27", "2026-12-17", "12/12", "Review overdue by 15 days"},
		{"خدمات الترجمة الطبية", "Full", "Pending", "–", "–", "2026-12-17", "0/12", "PHI without BAA"},
		{"अमित क्षत्रिय सेवाएँ", "Full", "Pending", "–", "–", "2026-12-17", "0/12", "PHI without BAA"}}
	tab := newPDFTable(r, baaHeads, []float64{33, 14, 26, 21, 21, 21, 16, 28}, len(baaHeads), rows)
	check := func(size float64, bold bool, cells []string) {
		for i, c := range cells {
			for _, w := range strings.Fields(c) {
				if lines := r.ts.Words(w, bold, size).Lines(tab.widths[i] - 2*cellPad); len(lines) != 1 {
					t.Errorf("column %d (%.1f mm) breaks %q into %d lines", i, tab.widths[i], w, len(lines))
				}
			}
		}
	}
	check(headSize, true, baaHeads)
	for _, row := range rows {
		check(cellSize, false, row)
	}
	tab = newPDFTable(r, metricsHeads, []float64{42, 52, 18, 21, 15, 15, 14, 14}, 2, nil)
	check(headSize, true, metricsHeads)
}
