package reporting

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"iter"
	"strconv"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"

	"privacydesk/backend"
	"privacydesk/backend/export"
)

// MetricsTable is the yearly metrics (storage's Metrics) as a table, one row per regime
// and right.
var MetricsTable = Table{Name: "Metrics", Columns: []Column{
	col("regime", "Regime", export.Text, "requests.regime"),
	col("right", "Right", export.Text, "request_rights.right_code"),
	col("received", "Received", export.Int, "requests.received_date"),
	col("complied", "Complied with in whole or in part", export.Int, "request_rights.outcome"),
	col("denied", "Denied", export.Int, "request_rights.outcome"),
	col("pending", "Still pending", export.Int, "request_rights.outcome"),
	col("medianDays", "Median days to respond", export.Float, "requests.received_date", "request_rights.outcome_at"),
	col("meanDays", "Mean days to respond", export.Float, "requests.received_date", "request_rights.outcome_at"),
}}

// Metrics computes the year's statistics (11 CCR 7102(a)).
func (s *Service) Metrics(ctx context.Context, year int) (backend.Metrics, error) {
	if year < 2000 || year > 9999 {
		return backend.Metrics{}, backend.Invalid("year", "%d is not a year Privacy Desk holds requests for.", year)
	}
	return s.st.Metrics(year)
}

func floatCell(f *float64) any {
	if f == nil {
		return nil
	}
	return *f
}

func metricsRows(m backend.Metrics) iter.Seq2[export.Row, error] {
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
// head, when not nil, is the audit chain's head, printed in the footer: the report then
// also anchors the trail (casework's audit anchor).
func writeMetricsPDF(w io.Writer, p backend.Practice, m backend.Metrics, head *backend.ChainHead, now time.Time) error {
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
		pdf.CellFormat(0, 5, fmt.Sprintf("Privacy Desk · generated %s · page %d", export.FormatInstant(now.Truncate(time.Second)), pdf.PageNo()), "", 0, "C", false, 0, "")
		if head != nil {
			pdf.SetY(-10)
			pdf.SetFont("go", "", 6.5)
			pdf.CellFormat(0, 4, "Audit trail at this report: "+head.String(), "", 0, "C", false, 0, "")
		}
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

func metricCells(regime, right string, r backend.MetricRow) []string {
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
