package storage

import (
	"bytes"
	"fmt"
	"io"
	"iter"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"

	"privacydesk/backend"
	"privacydesk/backend/export"
)

// Metrics are the request statistics of one calendar year that 11 CCR 7102(a) asks a
// business to compile: for each kind of request, how many were received, complied with
// in whole or in part, and denied, and the median and mean number of days taken to
// respond substantively. They are counted per regime and right, by the date each
// request was received; days run from that date to the right's outcome (calendar days,
// the practice's time zone).
type Metrics struct {
	Year int         `json:"year"`
	Rows []MetricRow `json:"rows"`
	// All totals every row; its median and mean are taken over all the answered
	// rights of the year together, not averaged from the rows' figures.
	All MetricRow `json:"all"`
}

// MetricRow is one regime and right.
type MetricRow struct {
	Regime     backend.Regime `json:"regime"`
	Right      backend.Right  `json:"right"`
	Received   int            `json:"received"`
	Complied   int            `json:"complied"` // granted in whole or in part
	Denied     int            `json:"denied"`
	Pending    int            `json:"pending"`
	Responded  int            `json:"responded"`
	MedianDays *float64       `json:"medianDays"` // nil when none was answered
	MeanDays   *float64       `json:"meanDays"`
}

// Metrics computes the year's statistics.
func (s *Store) Metrics(year int) (Metrics, error) {
	_, loc, err := practiceZone(s.db)
	if err != nil {
		return Metrics{}, err
	}
	var rows []struct {
		Regime, RightCode, ReceivedDate, Outcome string
		OutcomeAt                                *string
	}
	err = s.db.Raw(`SELECT r.regime, rr.right_code, r.received_date, rr.outcome, rr.outcome_at
		FROM request_rights rr JOIN requests r ON r.id = rr.request_id
		WHERE r.received_date >= ? AND r.received_date <= ?`,
		fmt.Sprintf("%04d-01-01", year), fmt.Sprintf("%04d-12-31", year)).Scan(&rows).Error
	if err != nil {
		return Metrics{}, err
	}
	type key struct{ regime, right string }
	acc := map[key]*MetricRow{}
	days := map[key][]int{}
	for _, r := range rows {
		k := key{r.Regime, r.RightCode}
		m := acc[k]
		if m == nil {
			m = &MetricRow{Regime: backend.Regime(r.Regime), Right: backend.Right(r.RightCode)}
			acc[k] = m
		}
		m.Received++
		switch backend.Outcome(r.Outcome) {
		case backend.OutcomeGranted, backend.OutcomePartiallyGranted:
			m.Complied++
		case backend.OutcomeDenied:
			m.Denied++
		default:
			m.Pending++
			continue
		}
		received, err1 := backend.ParseDate(r.ReceivedDate)
		if r.OutcomeAt == nil || err1 != nil {
			continue
		}
		at, err := time.Parse(time.RFC3339Nano, *r.OutcomeAt)
		if err != nil {
			continue
		}
		days[k] = append(days[k], received.DaysUntil(backend.DateOf(at, loc)))
	}
	out := Metrics{Year: year, Rows: []MetricRow{}}
	var all []int
	for k, m := range acc {
		d := days[k]
		m.Responded = len(d)
		m.MedianDays, m.MeanDays = dayStats(d)
		out.Rows = append(out.Rows, *m)
		all = append(all, d...)
		out.All.Received += m.Received
		out.All.Complied += m.Complied
		out.All.Denied += m.Denied
		out.All.Pending += m.Pending
	}
	out.All.Responded = len(all)
	out.All.MedianDays, out.All.MeanDays = dayStats(all)
	order := func(r MetricRow) (int, int) {
		ri, ti := len(backend.Regimes), len(backend.Rights)
		for i, x := range backend.Regimes {
			if x == r.Regime {
				ri = i
			}
		}
		for i, x := range backend.Rights {
			if x == r.Right {
				ti = i
			}
		}
		return ri, ti
	}
	sort.Slice(out.Rows, func(i, j int) bool {
		ai, at := order(out.Rows[i])
		bi, bt := order(out.Rows[j])
		return ai < bi || ai == bi && at < bt
	})
	return out, nil
}

// dayStats is the median and the mean (to one decimal) of d, which it sorts; nil when
// d is empty.
func dayStats(d []int) (median, mean *float64) {
	if len(d) == 0 {
		return nil, nil
	}
	sort.Ints(d)
	med := float64(d[len(d)/2])
	if len(d)%2 == 0 {
		med = float64(d[len(d)/2-1]+d[len(d)/2]) / 2
	}
	sum := 0
	for _, x := range d {
		sum += x
	}
	avg := math.Round(float64(sum)/float64(len(d))*10) / 10
	return &med, &avg
}

var metricsTable = export.Table{Name: "Metrics", Columns: []export.Column{
	{Key: "regime", Label: "Regime"}, {Key: "right", Label: "Right"},
	{Key: "received", Label: "Received", Type: export.Int},
	{Key: "complied", Label: "Complied with in whole or in part", Type: export.Int},
	{Key: "denied", Label: "Denied", Type: export.Int},
	{Key: "pending", Label: "Still pending", Type: export.Int},
	{Key: "medianDays", Label: "Median days to respond", Type: export.Float},
	{Key: "meanDays", Label: "Mean days to respond", Type: export.Float},
}}

func floatCell(f *float64) any {
	if f == nil {
		return nil
	}
	return *f
}

func metricsRows(m Metrics) iter.Seq2[export.Row, error] {
	rows := make([]export.Row, len(m.Rows))
	for i, r := range m.Rows {
		rows[i] = export.Row{string(r.Regime), string(r.Right), r.Received, r.Complied, r.Denied, r.Pending,
			floatCell(r.MedianDays), floatCell(r.MeanDays)}
	}
	return export.Slice(rows)
}

func fmtDays(f *float64) string {
	if f == nil {
		return "–"
	}
	return strconv.FormatFloat(*f, 'f', 1, 64)
}

// writeMetricsPDF lays the metrics out as a one-table report. The Go fonts are embedded
// (fpdf's core fonts are Windows-1252 only, and practice names are not).
func writeMetricsPDF(w io.Writer, p backend.Practice, m Metrics, now time.Time) error {
	pdf := fpdf.New("P", "mm", "Letter", "")
	if p.PaperSize == backend.PaperA4 {
		pdf = fpdf.New("P", "mm", "A4", "")
	}
	pdf.SetCreationDate(now)
	pdf.SetModificationDate(now)
	pdf.SetTitle(fmt.Sprintf("Privacy request metrics %d", m.Year), true)
	pdf.SetCreator("Privacy Desk", true)
	pdf.AddUTF8FontFromBytes("go", "", goregular.TTF)
	pdf.AddUTF8FontFromBytes("go", "B", gobold.TTF)
	pdf.SetMargins(18, 18, 18)
	pdf.SetAutoPageBreak(true, 18)
	pdf.SetFooterFunc(func() {
		pdf.SetY(-14)
		pdf.SetFont("go", "", 8)
		pdf.CellFormat(0, 5, fmt.Sprintf("Privacy Desk · generated %s · page %d", now.UTC().Format("2006-01-02 15:04 UTC"), pdf.PageNo()), "", 0, "C", false, 0, "")
	})
	pdf.AddPage()
	pdf.SetFont("go", "B", 16)
	pdf.MultiCell(0, 8, fmt.Sprintf("Privacy request metrics for %d", m.Year), "", "L", false)
	pdf.SetFont("go", "", 10)
	if p.Name != "" {
		pdf.MultiCell(0, 5, p.Name, "", "L", false)
	}
	pdf.Ln(2)
	pdf.MultiCell(0, 5, fmt.Sprintf("Requests received from 1 January to 31 December %d, by regime and right, as 11 CCR 7102(a) asks: "+
		"the number received, complied with in whole or in part, and denied, and the median and mean number of days "+
		"from receipt to the response. Days are calendar days.", m.Year), "", "L", false)
	pdf.Ln(4)
	if len(m.Rows) == 0 {
		pdf.MultiCell(0, 6, fmt.Sprintf("No requests were received in %d.", m.Year), "", "L", false)
	} else {
		t := newMetricsTable(pdf)
		t.header()
		for i, r := range m.Rows {
			t.row(metricCells(r.Regime.Label(), r.Right.Label(), r), false, i%2 == 1)
		}
		t.row(metricCells("All", "", m.All), true, false)
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

func metricCells(regime, right string, r MetricRow) []string {
	return []string{regime, right, strconv.Itoa(r.Received), strconv.Itoa(r.Complied),
		strconv.Itoa(r.Denied), strconv.Itoa(r.Pending), fmtDays(r.MedianDays), fmtDays(r.MeanDays)}
}

// pdfTable draws the metrics table: cells wrap rather than cut words off, a row never
// splits across pages, and every page starts with the header row.
type pdfTable struct {
	pdf    *fpdf.Fpdf
	widths []float64
	bottom float64 // the lowest y a row may reach
}

var metricsHeads = []string{"Regime", "Right", "Received", "Complied with (whole or part)", "Denied", "Still pending", "Median days", "Mean days"}

const (
	cellPad  = 1.5 // mm inside each cell, left, right, top and bottom
	lineStep = 4.2 // mm per line of 9 pt text
)

func newMetricsTable(pdf *fpdf.Fpdf) *pdfTable {
	pageW, pageH := pdf.GetPageSize()
	left, _, right, bottom := pdf.GetMargins()
	// Relative column weights, scaled to the paper's text width (Letter or A4).
	weights := []float64{42, 52, 18, 21, 15, 15, 14, 14}
	sum := 0.0
	for _, w := range weights {
		sum += w
	}
	widths := make([]float64, len(weights))
	for i, w := range weights {
		widths[i] = w * (pageW - left - right) / sum
	}
	return &pdfTable{pdf: pdf, widths: widths, bottom: pageH - bottom}
}

// wrap breaks s into lines no wider than width, at spaces where it can.
func wrap(pdf *fpdf.Fpdf, s string, width float64) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		if line != "" && pdf.GetStringWidth(line+" "+word) <= width {
			line += " " + word
			continue
		}
		if line != "" {
			lines = append(lines, line)
		}
		line = word
		// A word wider than the column is broken where it must be.
		for pdf.GetStringWidth(line) > width {
			r := []rune(line)
			n := len(r) - 1
			for n > 1 && pdf.GetStringWidth(string(r[:n])) > width {
				n--
			}
			lines = append(lines, string(r[:n]))
			line = string(r[n:])
		}
	}
	if line != "" || len(lines) == 0 {
		lines = append(lines, line)
	}
	return lines
}

func (t *pdfTable) header() {
	t.pdf.SetFont("go", "B", 8)
	t.draw(metricsHeads, 3.6, true, false, false)
	t.pdf.SetFont("go", "", 9)
}

// row draws one row, first starting a new page (with the header again) if it would
// not fit on this one.
func (t *pdfTable) row(cells []string, total, shade bool) {
	t.pdf.SetFont("go", "", 9)
	if total {
		t.pdf.SetFont("go", "B", 9)
	}
	if t.pdf.GetY()+t.height(cells, lineStep) > t.bottom {
		t.pdf.AddPage()
		t.header()
		if total {
			t.pdf.SetFont("go", "B", 9)
		}
	}
	t.draw(cells, lineStep, false, total, shade)
}

func (t *pdfTable) height(cells []string, step float64) float64 {
	n := 1
	for i, c := range cells {
		n = max(n, len(wrap(t.pdf, c, t.widths[i]-2*cellPad)))
	}
	return float64(n)*step + 2*cellPad
}

func (t *pdfTable) draw(cells []string, step float64, head, total, shade bool) {
	pdf := t.pdf
	h := t.height(cells, step)
	x0, _, _, _ := pdf.GetMargins()
	y := pdf.GetY()
	width := 0.0
	for _, w := range t.widths {
		width += w
	}
	switch {
	case head:
		pdf.SetFillColor(226, 234, 242)
		pdf.Rect(x0, y, width, h, "F")
	case shade:
		pdf.SetFillColor(246, 248, 250)
		pdf.Rect(x0, y, width, h, "F")
	}
	x := x0
	for i, c := range cells {
		align := "R" // the counts and days line up on the right, words on the left
		if i < 2 {
			align = "L"
		}
		for j, l := range wrap(pdf, c, t.widths[i]-2*cellPad) {
			pdf.SetXY(x+cellPad, y+cellPad+float64(j)*step)
			pdf.CellFormat(t.widths[i]-2*cellPad, step, l, "", 0, align, false, 0, "")
		}
		x += t.widths[i]
	}
	pdf.SetDrawColor(200, 206, 212)
	pdf.SetLineWidth(0.2)
	if head || total {
		pdf.SetDrawColor(90, 100, 110)
		pdf.SetLineWidth(0.35)
	}
	if total {
		pdf.Line(x0, y, x0+width, y)
	} else {
		pdf.Line(x0, y+h, x0+width, y+h)
	}
	pdf.SetDrawColor(0, 0, 0)
	pdf.SetLineWidth(0.2)
	pdf.SetXY(x0, y+h)
}
