package storage

import (
	"bytes"
	"fmt"
	"io"
	"iter"
	"math"
	"sort"
	"strconv"
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
	for k, m := range acc {
		if d := days[k]; len(d) > 0 {
			sort.Ints(d)
			m.Responded = len(d)
			med := float64(d[len(d)/2])
			if len(d)%2 == 0 {
				med = float64(d[len(d)/2-1]+d[len(d)/2]) / 2
			}
			sum := 0
			for _, x := range d {
				sum += x
			}
			mean := math.Round(float64(sum)/float64(len(d))*10) / 10
			m.MedianDays, m.MeanDays = &med, &mean
		}
		out.Rows = append(out.Rows, *m)
	}
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
	return strconv.FormatFloat(*f, 'f', -1, 64)
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
	widths := []float64{40, 48, 16, 20, 14, 14, 14, 14}
	heads := []string{"Regime", "Right", "Received", "Complied (whole or part)", "Denied", "Pending", "Median days", "Mean days"}
	pdf.SetFont("go", "B", 8)
	pdf.SetFillColor(232, 238, 244)
	y := pdf.GetY()
	x := pdf.GetX()
	for i, h := range heads {
		pdf.SetXY(x, y)
		pdf.MultiCell(widths[i], 4, h, "", "L", true)
		x += widths[i]
	}
	pdf.SetY(y + 13) // three lines of 4 mm, and a gap
	pdf.SetFont("go", "", 9)
	if len(m.Rows) == 0 {
		pdf.MultiCell(0, 6, fmt.Sprintf("No requests were received in %d.", m.Year), "", "L", false)
	}
	var tot MetricRow
	for _, r := range m.Rows {
		cells := []string{r.Regime.Label(), r.Right.Label(), strconv.Itoa(r.Received), strconv.Itoa(r.Complied),
			strconv.Itoa(r.Denied), strconv.Itoa(r.Pending), fmtDays(r.MedianDays), fmtDays(r.MeanDays)}
		for i, c := range cells {
			align := "R"
			if i < 2 {
				align = "L"
			}
			pdf.CellFormat(widths[i], 6, truncate(pdf, c, widths[i]-1), "B", 0, align, false, 0, "")
		}
		pdf.Ln(-1)
		tot.Received += r.Received
		tot.Complied += r.Complied
		tot.Denied += r.Denied
		tot.Pending += r.Pending
	}
	if len(m.Rows) > 0 {
		pdf.SetFont("go", "B", 9)
		for i, c := range []string{"All", "", strconv.Itoa(tot.Received), strconv.Itoa(tot.Complied), strconv.Itoa(tot.Denied), strconv.Itoa(tot.Pending), "", ""} {
			align := "R"
			if i < 2 {
				align = "L"
			}
			pdf.CellFormat(widths[i], 6, c, "", 0, align, false, 0, "")
		}
		pdf.Ln(-1)
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// truncate shortens s with an ellipsis to fit width.
func truncate(pdf *fpdf.Fpdf, s string, width float64) string {
	if pdf.GetStringWidth(s) <= width {
		return s
	}
	r := []rune(s)
	for len(r) > 1 && pdf.GetStringWidth(string(r)+"…") > width {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}
