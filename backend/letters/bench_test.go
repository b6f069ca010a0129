package letters

import (
	"io"
	"strings"
	"testing"
	"time"

	"github.com/go-pdf/fpdf"

	"privacydesk/backend"
)

// The benchmarks compare a letter with its floor: a minimal fpdf program that embeds the
// same fonts and draws the same text with MultiCell, measured in the same run. The ratio
// ("x-floor") is what the letter's layout, checks and furniture cost on top of fpdf.

// letterText is the letter's text, as the floor program draws it.
func letterText(t testing.TB, tpl Template, d Data) string {
	p, err := prepare(tpl, d)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString(d.Practice.Name + "\n" + d.Practice.Address + "\n\n" + d.Requester.Name + "\n" + strings.Join(d.Requester.Address, "\n") + "\n\n")
	b.WriteString("Re: " + plain(p.subject, "") + "\n\n")
	for _, blk := range p.body {
		switch blk.kind {
		case bHeading, bPara:
			b.WriteString(plain(blk.text, "") + "\n\n")
		case bList:
			for _, it := range blk.items {
				b.WriteString("- " + plain(it, "") + "\n")
			}
			b.WriteString("\n")
		case bTable:
			b.WriteString(strings.Join(blk.header, " | ") + "\n")
			for _, r := range blk.rows {
				b.WriteString(strings.Join(r, " | ") + "\n")
			}
		}
	}
	b.WriteString("Sincerely,\n\n\n" + d.Practice.SignatoryName + "\n" + d.Practice.SignatoryTitle)
	return b.String()
}

// floor is the minimal fpdf program: the same fonts, the same text, fpdf's own wrapping.
func floor(text string) error {
	pdf := fpdf.New("P", "pt", "Letter", "")
	pdf.AddUTF8FontFromBytes(famSans, "", fontRegular())
	pdf.AddUTF8FontFromBytes(famSans, "B", fontBold())
	pdf.SetMargins(72, 72, 72)
	pdf.AddPage()
	pdf.SetFont(famSans, "", 10)
	pdf.MultiCell(0, 13.5, text, "", "L", false)
	return pdf.Output(io.Discard)
}

func benchData() (Template, Data) {
	d := baseData(backend.RegimeCCPA, backend.RightAccess)
	d.DataMap = testDataMap
	d.Enclosures = []string{"client-record.pdf", "billing-history.csv"}
	return Builtin(KindAccessResponse), d
}

func BenchmarkLetter(b *testing.B) {
	tpl, d := benchData()
	text := letterText(b, tpl, d)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := Render(io.Discard, tpl, d); err != nil {
			b.Fatal(err)
		}
	}
	letter := b.Elapsed()
	b.StopTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		if err := floor(text); err != nil {
			b.Fatal(err)
		}
	}
	fl := time.Since(start)
	b.ReportMetric(float64(fl.Nanoseconds())/float64(b.N), "floor-ns/op")
	b.ReportMetric(float64(letter)/float64(fl), "x-floor")
}

// BenchmarkBatch1000 makes 1,000 letters of every kind, each its own PDF, as issuing
// them one by one stores them.
func BenchmarkBatch1000(b *testing.B) {
	type job struct {
		tpl  Template
		d    Data
		text string
	}
	var jobs []job
	for i := 0; len(jobs) < 1000; i++ {
		f := fixtures[i%len(fixtures)]
		tpl, d := Builtin(f.kind), f.data()
		jobs = append(jobs, job{tpl, d, letterText(b, tpl, d)})
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, j := range jobs {
			if err := Render(io.Discard, j.tpl, j.d); err != nil {
				b.Fatal(err)
			}
		}
	}
	letters := b.Elapsed()
	b.StopTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		for _, j := range jobs {
			if err := floor(j.text); err != nil {
				b.Fatal(err)
			}
		}
	}
	fl := time.Since(start)
	b.ReportMetric(float64(letters.Milliseconds())/float64(b.N*len(jobs)), "ms/letter")
	b.ReportMetric(float64(fl.Milliseconds())/float64(b.N*len(jobs)), "floor-ms/letter")
	b.ReportMetric(float64(letters)/float64(fl), "x-floor")
}
