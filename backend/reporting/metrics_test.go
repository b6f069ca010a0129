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

	"github.com/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/goregular"

	"privacydesk/backend"
	"privacydesk/backend/internal/extool"
)

func TestWrapKeepsEveryWordWithinTheWidth(t *testing.T) {
	pdf := fpdf.New("P", "mm", "Letter", "")
	pdf.AddUTF8FontFromBytes("go", "", goregular.TTF)
	pdf.AddPage()
	pdf.SetFont("go", "", 9)
	for _, c := range []struct {
		text  string
		width float64
		lines int
	}{
		{"Opt out of sale, sharing, targeted ads, profiling", 45, 2},
		{"Access / right to know", 45, 1},
		{"Received", 14, 1},
		{"", 20, 1},
		{"Łukasz-Nguyễn-Müller-Sessions-Incorporated", 20, 4}, // no space: broken where it must be
	} {
		got := wrap(pdf, c.text, c.width)
		if len(got) != c.lines {
			t.Errorf("wrap(%q, %v) = %q, want %d lines", c.text, c.width, got, c.lines)
		}
		for _, l := range got {
			if w := pdf.GetStringWidth(l); w > c.width {
				t.Errorf("wrap(%q): line %q is %.1f mm wide, more than %v", c.text, l, w, c.width)
			}
		}
		if j := strings.Join(got, ""); strings.ReplaceAll(c.text, " ", "") != strings.ReplaceAll(j, " ", "") {
			t.Errorf("wrap(%q) lost text: %q", c.text, got)
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
