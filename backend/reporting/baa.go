package reporting

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"privacydesk/backend"
	"privacydesk/backend/casework"
)

// baaHeads are the columns of the BAA status report.
var baaHeads = []string{"Vendor", "PHI access", "BAA status", "Signed", "Expires", "Next review", "Clauses checked", "Alerts"}

// writeBAAReport writes the BAA status report: every vendor in the register, how much
// PHI it can see, where its business associate agreement stands (45 CFR 164.502(e)),
// its dates, how many of the clauses 45 CFR 164.504(e)(2) requires were checked, and
// the alerts it raises on today, then each alert in full. It returns the vendors
// written.
func (s *Service) writeBAAReport(ctx context.Context, w io.Writer, p backend.Practice) (int64, error) {
	vendors, err := s.st.ListVendors(backend.VendorFilter{})
	if err != nil {
		return 0, err
	}
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	today, err := s.st.Today()
	if err != nil {
		return 0, err
	}
	return int64(len(vendors)), writeBAAReportPDF(w, p, vendors, today, s.st.Now())
}

func writeBAAReportPDF(w io.Writer, p backend.Practice, vendors []backend.Vendor, today backend.Date, now time.Time) error {
	o := casework.VendorOptions()
	r := newReportPDF(p, "BAA status report", now, "")
	withPHI, covered := 0, 0
	var alerts []backend.VendorAlert
	type row struct {
		cells []string
	}
	rows := make([]row, len(vendors))
	for i, v := range vendors {
		va := backend.VendorAlerts(v, today)
		alerts = append(alerts, va...)
		// An ended agreement needs no current BAA (its alert asks for the PHI's fate).
		if v.PHIAccess != backend.PHINone && !v.Ended(today) {
			withPHI++
			if v.HasCurrentBAA(today) && checkedClauses(v) == len(backend.BAAClauses) {
				covered++
			}
		}
		status := casework.OptionLabel(o.BAAStatuses, string(v.BAAStatus))
		if v.BAAStatus == backend.BAANotRequired && v.BAAReason != "" {
			status += ": " + casework.OptionLabel(o.BAAExemptions, string(v.BAAReason))
			if v.BAAReason == backend.ExemptOther && v.BAAReasonNote != "" {
				status += " (" + v.BAAReasonNote + ")"
			}
		}
		if v.BAAStatus == backend.BAATerminated && !v.TerminatedOn.IsZero() {
			status += " on " + v.TerminatedOn.String()
		}
		clauses := "–"
		if v.BAAStatus != backend.BAANotRequired {
			clauses = fmt.Sprintf("%d/%d", checkedClauses(v), len(backend.BAAClauses))
		}
		var short []string
		for _, a := range va {
			short = append(short, alertShort(a))
		}
		alertCell := "None"
		if len(short) > 0 {
			alertCell = strings.Join(short, "; ")
		}
		rows[i] = row{[]string{v.Name, casework.OptionLabel(o.PHIAccess, string(v.PHIAccess)), status,
			dateText(v.BAASignedOn), dateText(v.BAAExpiresOn), dateText(v.NextReviewOn), clauses, alertCell}}
	}
	r.para(fmt.Sprintf("As of %s. Every vendor in the register: how much protected health information (PHI) it can "+
		"access; where its business associate agreement stands (a covered entity may disclose PHI to a business associate only "+
		"under one, 45 CFR 164.502(e)); the agreement's dates; how many of the %d clauses 45 CFR 164.504(e)(2) requires were "+
		"checked in the signed agreement; and what needs attention. Next review dates are the practice's own policy.",
		today.Long(), len(backend.BAAClauses)), false, 10, 5)
	r.pdf.Ln(2)
	summary := fmt.Sprintf("%s · %d with PHI access, %d of them under a signed, current BAA with every clause checked · %s",
		plural(len(vendors), "vendor", "vendors"), withPHI, covered, plural(len(alerts), "alert", "alerts"))
	if len(vendors) == 0 {
		summary = "No vendor is registered yet."
	}
	r.para(summary, true, 10, 5)
	r.pdf.Ln(3)
	if len(vendors) > 0 {
		cells := make([][]string, len(rows))
		for i, row := range rows {
			cells[i] = row.cells
		}
		t := newPDFTable(r, baaHeads, []float64{33, 14, 26, 21, 21, 21, 16, 28}, len(baaHeads), cells)
		t.header()
		for i, row := range rows {
			t.row(row.cells, false, i%2 == 1)
		}
	}
	r.heading("Needs attention")
	if len(alerts) == 0 {
		r.para("Nothing: no vendor raises an alert today.", false, 10, 5)
	}
	backend.SortVendorAlerts(alerts)
	left, _, _, _ := r.pdf.GetMargins()
	for _, a := range alerts {
		// The severity and its message (up to three lines of it) share a page.
		msg := r.ts.Words(a.Message, false, 9).Lines(r.textWidth() - 22)
		r.room(5 * float64(min(len(msg), 3)))
		y := r.pdf.GetY()
		r.textAt(severityWord(a.Severity), true, 9, left, 22, 5)
		r.pdf.SetY(y)
		r.ts.Flow(msg, 9, left+22, 5)
		r.pdf.Ln(0.5)
	}
	return r.output(w)
}

// checkedClauses counts the clauses someone answered (yes, no or n/a).
func checkedClauses(v backend.Vendor) int {
	n := 0
	for _, c := range v.Checklist {
		if c.Answer != backend.AnswerUnchecked {
			n++
		}
	}
	return n
}

// alertShort names an alert in a table cell, as the register's badges do.
func alertShort(a backend.VendorAlert) string {
	switch a.Kind {
	case backend.AlertPHIWithoutBAA:
		return "PHI without BAA"
	case backend.AlertBAAExpired:
		return "BAA expired"
	case backend.AlertBAAExpiring:
		if a.Days == 0 {
			return "BAA expires today"
		}
		return fmt.Sprintf("BAA expires in %s", plural(a.Days, "day", "days"))
	case backend.AlertReviewOverdue:
		return fmt.Sprintf("Review overdue by %s", plural(-a.Days, "day", "days"))
	case backend.AlertPHINotReturned:
		return "PHI return not recorded"
	case backend.AlertChecklistIncomplete:
		return "Checklist incomplete"
	}
	return string(a.Kind)
}

func severityWord(s backend.AlertSeverity) string {
	switch s {
	case backend.SeverityCritical:
		return "Critical"
	case backend.SeverityWarning:
		return "Warning"
	}
	return "Notice"
}

func dateText(d backend.Date) string {
	if d.IsZero() {
		return "–"
	}
	return d.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
