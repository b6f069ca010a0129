package reporting

import (
	"context"
	"fmt"
	"io"
	"iter"
	"strconv"
	"time"

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

// writeMetricsPDF lays the metrics out as a one-table report on the practice's
// letterhead. head, when not nil, is the audit chain's head, printed in the footer: the
// report then also anchors the trail (casework's audit anchor).
func writeMetricsPDF(w io.Writer, p backend.Practice, m backend.Metrics, head *backend.ChainHead, now time.Time) error {
	footnote := ""
	if head != nil {
		footnote = "Audit trail at this report: " + head.String()
	}
	r := newReportPDF(p, fmt.Sprintf("Privacy request metrics for %d", m.Year), now, footnote)
	r.para(fmt.Sprintf("Requests received from 1 January to 31 December %d, by regime and right, as 11 CCR 7102(a) asks: "+
		"the number received, complied with in whole or in part, and denied, and the median and mean number of days "+
		"from receipt to the response. Days are calendar days.", m.Year), false, 10, 5)
	r.pdf.Ln(4)
	if len(m.Rows) == 0 {
		r.para(fmt.Sprintf("No requests were received in %d.", m.Year), false, 10, 6)
	} else {
		cells := make([][]string, 0, len(m.Rows)+1)
		for _, r := range m.Rows {
			cells = append(cells, metricCells(r.Regime.Label(), r.Right.Label(), r))
		}
		cells = append(cells, metricCells("All", "", m.All))
		t := newPDFTable(r, metricsHeads, []float64{42, 52, 18, 21, 15, 15, 14, 14}, 2, cells)
		t.header()
		for i, c := range cells {
			last := i == len(cells)-1 // the All row
			t.row(c, last, !last && i%2 == 1)
		}
	}
	return r.output(w)
}

func metricCells(regime, right string, r backend.MetricRow) []string {
	return []string{regime, right, strconv.Itoa(r.Received), strconv.Itoa(r.Complied),
		strconv.Itoa(r.Denied), strconv.Itoa(r.Pending), fmtDays(r.MedianDays), fmtDays(r.MeanDays)}
}

var metricsHeads = []string{"Regime", "Right", "Received", "Complied with (whole or part)", "Denied", "Still pending", "Median days", "Mean days"}
