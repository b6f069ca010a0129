package backend

import (
	"reflect"
	"strings"
	"testing"
)

// alertToday is the fixed clock of the alert rules' tests.
var alertToday = vdate("2026-03-02")

type alertWant struct {
	Kind     AlertKind
	Severity AlertSeverity
	Window   int
	Days     int
}

func TestVendorAlerts(t *testing.T) {
	signed := func(expires string) Vendor {
		v := Vendor{ID: 7, Name: "Twilio", PHIAccess: PHILimited, BAAStatus: BAASigned, BAASignedOn: vdate("2024-01-01"), Checklist: reviewedChecklist()}
		if expires != "" {
			v.BAAExpiresOn = vdate(expires)
		}
		return v
	}
	// renewed is a BAA signed on 1 March 2026, effective from effective until 31 March
	// 2029, renewing one that ends on prior.
	renewed := func(prior, effective string) Vendor {
		v := signed("2029-03-31")
		v.BAASignedOn, v.BAAEffective, v.PriorBAAEndsOn = vdate("2026-03-01"), vdate(effective), vdate(prior)
		return v
	}
	tests := []struct {
		name   string
		vendor Vendor
		want   []alertWant
	}{
		{"signed, no expiry", signed(""), nil},
		{"signed, expires in 91 days", signed("2026-06-01"), nil},
		{"signed, expires in 90 days", signed("2026-05-31"), []alertWant{{AlertBAAExpiring, SeverityNotice, 90, 90}}},
		{"signed, expires in 61 days", signed("2026-05-02"), []alertWant{{AlertBAAExpiring, SeverityNotice, 90, 61}}},
		{"signed, expires in 60 days", signed("2026-05-01"), []alertWant{{AlertBAAExpiring, SeverityNotice, 60, 60}}},
		{"signed, expires in 31 days", signed("2026-04-02"), []alertWant{{AlertBAAExpiring, SeverityNotice, 60, 31}}},
		{"signed, expires in 30 days", signed("2026-04-01"), []alertWant{{AlertBAAExpiring, SeverityWarning, 30, 30}}},
		{"signed, expires today", signed("2026-03-02"), []alertWant{{AlertBAAExpiring, SeverityWarning, 30, 0}}},
		{"signed, expired yesterday, PHI", signed("2026-03-01"), []alertWant{{AlertPHIWithoutBAA, SeverityCritical, 0, -1}}},
		{"signed, expired yesterday, no PHI", func() Vendor { v := signed("2026-03-01"); v.PHIAccess = PHINone; return v }(),
			[]alertWant{{AlertBAAExpired, SeverityWarning, 0, -1}}},
		{"status expired, no PHI", Vendor{Name: "Datadog", PHIAccess: PHINone, BAAStatus: BAAExpired},
			[]alertWant{{AlertBAAExpired, SeverityWarning, 0, 0}}},
		{"PHI, pending", Vendor{Name: "X", PHIAccess: PHIFull, BAAStatus: BAAPending},
			[]alertWant{{AlertPHIWithoutBAA, SeverityCritical, 0, 0}}},
		{"PHI, not required (section 1179)", Vendor{Name: "Stripe", PHIAccess: PHILimited, BAAStatus: BAANotRequired, BAAReason: ExemptPaymentProcessing}, nil},
		{"not required, review overdue", Vendor{Name: "Payabli", PHIAccess: PHILimited, BAAStatus: BAANotRequired, BAAReason: ExemptPaymentProcessing, NextReviewOn: vdate("2026-02-28")},
			[]alertWant{{AlertReviewOverdue, SeverityWarning, 0, -2}}},
		{"no PHI, pending", Vendor{Name: "X", PHIAccess: PHINone, BAAStatus: BAAPending}, nil},
		{"PHI, signed but not yet effective", func() Vendor { v := signed(""); v.BAAEffective = vdate("2026-03-03"); return v }(),
			[]alertWant{{AlertPHIWithoutBAA, SeverityCritical, 0, 0}}},
		{"PHI, signed and effective today", func() Vendor { v := signed(""); v.BAAEffective = alertToday; return v }(), nil},
		{"review due today", func() Vendor { v := signed(""); v.NextReviewOn = alertToday; return v }(), nil},
		{"review overdue by one day", func() Vendor { v := signed(""); v.NextReviewOn = vdate("2026-03-01"); return v }(),
			[]alertWant{{AlertReviewOverdue, SeverityWarning, 0, -1}}},
		{"expiring and review overdue", func() Vendor { v := signed("2026-03-20"); v.NextReviewOn = vdate("2025-12-01"); return v }(),
			[]alertWant{{AlertBAAExpiring, SeverityWarning, 30, 18}, {AlertReviewOverdue, SeverityWarning, 0, -91}}},
		{"terminated, PHI not returned", Vendor{Name: "Old EHR", PHIAccess: PHIFull, BAAStatus: BAATerminated, TerminatedOn: vdate("2026-01-31"), NextReviewOn: vdate("2025-01-01")},
			[]alertWant{{AlertPHINotReturned, SeverityWarning, 0, -30}}},
		{"terminated, PHI destroyed", Vendor{Name: "Old EHR", PHIAccess: PHIFull, BAAStatus: BAATerminated, TerminatedOn: vdate("2026-01-31"), PHIDisposition: PHIDestroyed}, nil},
		// A renewal signed before the old BAA ends and taking effect later: the old one
		// covers the vendor until it ends (PriorBAAEndsOn).
		{"renewed early, follows on", renewed("2026-03-31", "2026-04-01"), nil},
		{"renewed early, overlapping", renewed("2026-04-30", "2026-04-01"), nil},
		{"renewed early, gap: expiring counts to the old end", renewed("2026-03-20", "2026-04-01"),
			[]alertWant{{AlertBAAExpiring, SeverityWarning, 30, 18}}},
		{"renewed early, gap: old end today", renewed("2026-03-02", "2026-04-01"),
			[]alertWant{{AlertBAAExpiring, SeverityWarning, 30, 0}}},
		{"renewed early, gap: old BAA ended yesterday", renewed("2026-03-01", "2026-04-01"),
			[]alertWant{{AlertPHIWithoutBAA, SeverityCritical, 0, 1125}}},
		{"renewed, renewal in force: its own expiry counts", func() Vendor {
			v := renewed("2026-02-27", "2026-02-28")
			v.BAAExpiresOn = vdate("2026-04-01")
			return v
		}(), []alertWant{{AlertBAAExpiring, SeverityWarning, 30, 30}}},
		{"termination in the future still alerts as active", func() Vendor {
			v := signed("2026-03-10")
			v.TerminatedOn = vdate("2026-04-01")
			return v
		}(), []alertWant{{AlertBAAExpiring, SeverityWarning, 30, 8}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := VendorAlerts(tt.vendor, alertToday)
			var gotW []alertWant
			for _, a := range got {
				gotW = append(gotW, alertWant{a.Kind, a.Severity, a.Window, a.Days})
				if a.VendorName != tt.vendor.Name || a.VendorID != tt.vendor.ID {
					t.Errorf("alert names vendor %d %q", a.VendorID, a.VendorName)
				}
				if !strings.Contains(a.Message, tt.vendor.Name) {
					t.Errorf("message %q does not name the vendor", a.Message)
				}
			}
			if !reflect.DeepEqual(gotW, tt.want) {
				t.Errorf("got %+v\nwant %+v", gotW, tt.want)
			}
		})
	}
}

// reviewedChecklist is a BAA found to hold every clause of 45 CFR 164.504(e)(2), (ii)(H)
// not applying.
func reviewedChecklist() []ChecklistItem {
	var out []ChecklistItem
	for _, c := range BAAClauses {
		a := AnswerYes
		if c.ID == "ii-H" {
			a = AnswerNA
		}
		out = append(out, ChecklistItem{Clause: c.ID, Answer: a})
	}
	return out
}

// A signed BAA whose checklist is not fully answered, or lacks a clause, is a warning
// (the save is not refused); the fixed date keeps the expiry rules out of the way.
func TestChecklistIncompleteAlert(t *testing.T) {
	with := func(status BAAStatus, expires string, answers map[string]ChecklistAnswer, whole bool) Vendor {
		v := Vendor{ID: 3, Name: "Healthcare Blocks", PHIAccess: PHIFull, BAAStatus: status, BAASignedOn: vdate("2025-06-01")}
		if expires != "" {
			v.BAAExpiresOn = vdate(expires)
		}
		if whole {
			v.Checklist = reviewedChecklist()
		}
		for id, a := range answers {
			found := false
			for i := range v.Checklist {
				if v.Checklist[i].Clause == id {
					v.Checklist[i].Answer, found = a, true
				}
			}
			if !found {
				v.Checklist = append(v.Checklist, ChecklistItem{Clause: id, Answer: a})
			}
		}
		return v
	}
	tests := []struct {
		name    string
		vendor  Vendor
		want    []alertWant
		message string // expected in the checklist alert's message
	}{
		{"signed, no checklist at all", with(BAASigned, "", nil, false),
			[]alertWant{{AlertChecklistIncomplete, SeverityWarning, 0, 0}}, "has 12 of 12 clauses unanswered (45 CFR 164.504(e)(2))"},
		{"signed, every clause answered", with(BAASigned, "", nil, true), nil, ""},
		{"signed, every clause answered n/a", func() Vendor {
			v := with(BAASigned, "", nil, true)
			for i := range v.Checklist {
				v.Checklist[i].Answer = AnswerNA
			}
			return v
		}(), nil, ""},
		{"signed, one clause unanswered", with(BAASigned, "", map[string]ChecklistAnswer{"ii-J": AnswerUnchecked}, true),
			[]alertWant{{AlertChecklistIncomplete, SeverityWarning, 0, 0}}, "has 1 of 12 clauses unanswered"},
		{"signed, one clause answered no", with(BAASigned, "", map[string]ChecklistAnswer{"ii-C": AnswerNo}, true),
			[]alertWant{{AlertChecklistIncomplete, SeverityWarning, 0, 0}}, "lacks 1 required clause (answered no)"},
		{"signed, unanswered and no", with(BAASigned, "", map[string]ChecklistAnswer{"i": AnswerYes, "ii-C": AnswerNo, "iii": AnswerNo}, false),
			[]alertWant{{AlertChecklistIncomplete, SeverityWarning, 0, 0}}, "has 9 of 12 clauses unanswered and lacks 2 required clauses (answered no)"},
		{"signed, expiring in 20 days, unchecked", with(BAASigned, "2026-03-22", nil, false),
			[]alertWant{{AlertBAAExpiring, SeverityWarning, 30, 20}, {AlertChecklistIncomplete, SeverityWarning, 0, 0}}, "has 12 of 12 clauses unanswered"},
		{"signed but expired: the expiry alert, not the checklist", with(BAASigned, "2026-03-01", nil, false),
			[]alertWant{{AlertPHIWithoutBAA, SeverityCritical, 0, -1}}, ""},
		{"pending BAA, unchecked: not yet signed", with(BAAPending, "", nil, false),
			[]alertWant{{AlertPHIWithoutBAA, SeverityCritical, 0, 0}}, ""},
		{"terminated, unchecked", func() Vendor {
			v := with(BAATerminated, "", nil, false)
			v.TerminatedOn, v.PHIDisposition = vdate("2026-02-01"), PHIDestroyed
			return v
		}(), nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []alertWant
			for _, a := range VendorAlerts(tt.vendor, alertToday) {
				got = append(got, alertWant{a.Kind, a.Severity, a.Window, a.Days})
				if a.Kind == AlertChecklistIncomplete && !strings.Contains(a.Message, "Healthcare Blocks: the signed BAA's checklist "+tt.message) {
					t.Errorf("message %q, want it to say %q", a.Message, tt.message)
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestVendorAlertMessages(t *testing.T) {
	v := Vendor{Name: "Mailgun", PHIAccess: PHILimited, BAAStatus: BAASigned, BAASignedOn: vdate("2023-01-01"), BAAExpiresOn: vdate("2026-02-01")}
	a := VendorAlerts(v, alertToday)
	if len(a) != 1 || !strings.Contains(a[0].Message, "expired on Feb 1, 2026") || !strings.Contains(a[0].Message, "164.502(e)") {
		t.Fatalf("got %+v", a)
	}
	v = Vendor{Name: "HelpScout", PHIAccess: PHINone, NextReviewOn: vdate("2026-03-01")}
	a = VendorAlerts(v, alertToday)
	if len(a) != 1 || !strings.Contains(a[0].Message, "1 day overdue (practice policy)") {
		t.Fatalf("got %+v", a)
	}
}

func TestSortVendorAlerts(t *testing.T) {
	a := []VendorAlert{
		{VendorName: "B", Severity: SeverityNotice, Days: 80},
		{VendorName: "C", Severity: SeverityWarning, Days: 20},
		{VendorName: "A", Severity: SeverityCritical},
		{VendorName: "A", Severity: SeverityWarning, Days: -5},
	}
	SortVendorAlerts(a)
	var order []string
	for _, x := range a {
		order = append(order, x.VendorName+string(x.Severity))
	}
	want := []string{"Acritical", "Awarning", "Cwarning", "Bnotice"}
	if !reflect.DeepEqual(order, want) {
		t.Errorf("order %v, want %v", order, want)
	}
}

// On the expiry day itself the BAA is still in force (HasCurrentBAA) and the message says
// "today", as the register's badge does, not "in 0 days".
func TestVendorAlertExpiresToday(t *testing.T) {
	v := Vendor{Name: "Mailgun", PHIAccess: PHILimited, BAAStatus: BAASigned, BAASignedOn: vdate("2023-01-01"), BAAExpiresOn: alertToday,
		Checklist: reviewedChecklist()}
	if !v.HasCurrentBAA(alertToday) {
		t.Error("the BAA is not in force on its expiry day")
	}
	a := VendorAlerts(v, alertToday)
	if len(a) != 1 || a[0].Message != "Mailgun: the BAA expires today (Mar 2, 2026)." {
		t.Fatalf("got %+v", a)
	}
}

// TestKeepPriorBAA: saving a signed BAA that takes effect after today over a vendor whose
// agreement is in force records when that agreement ends; nothing else does.
func TestKeepPriorBAA(t *testing.T) {
	current := Vendor{Name: "Twilio", PHIAccess: PHIFull, BAAStatus: BAASigned, BAASignedOn: vdate("2023-04-01"),
		BAAEffective: vdate("2023-04-01"), BAAExpiresOn: vdate("2026-03-31")}
	renewal := func(effective string) Vendor {
		v := current
		v.BAASignedOn, v.BAAEffective, v.BAAExpiresOn = vdate("2026-03-01"), vdate(effective), vdate("2029-03-31")
		return v
	}
	with := func(v Vendor, f func(*Vendor)) Vendor { f(&v); return v }
	tests := []struct {
		name          string
		before, after Vendor
		want          string // PriorBAAEndsOn after, "" for none
	}{
		{"renewal after the old end", current, renewal("2026-04-01"), "2026-03-31"},
		{"renewal after a gap", current, renewal("2026-04-15"), "2026-03-31"},
		{"old one runs past the renewal's start", current, renewal("2026-03-15"), "2026-03-14"},
		{"old one open-ended", with(current, func(v *Vendor) { v.BAAExpiresOn = Date{} }), renewal("2026-04-01"), "2026-03-31"},
		{"renewal of a renewal not yet in force", with(renewal("2026-04-01"), func(v *Vendor) { v.PriorBAAEndsOn = vdate("2026-03-31") }),
			with(renewal("2026-04-01"), func(v *Vendor) { v.Notes = "edited" }), "2026-03-31"},
		{"an earlier renewal's end sent back", with(current, func(v *Vendor) { v.PriorBAAEndsOn = vdate("2023-03-31") }),
			with(renewal("2026-04-01"), func(v *Vendor) { v.PriorBAAEndsOn = vdate("2023-03-31") }), "2026-03-31"},
		{"an earlier renewal's end sent back, nothing in force", with(current, func(v *Vendor) {
			v.PriorBAAEndsOn, v.BAAExpiresOn = vdate("2023-03-31"), vdate("2026-02-28")
		}), with(renewal("2026-04-01"), func(v *Vendor) { v.PriorBAAEndsOn = vdate("2023-03-31") }), ""},
		{"end given by staff", current, with(renewal("2026-04-01"), func(v *Vendor) { v.PriorBAAEndsOn = vdate("2026-03-25") }), "2026-03-25"},
		{"renewal in force today", current, renewal("2026-03-02"), ""},
		{"old one already expired", with(current, func(v *Vendor) { v.BAAExpiresOn = vdate("2026-03-01") }), renewal("2026-04-01"), ""},
		{"old one pending", with(current, func(v *Vendor) { v.BAAStatus = BAAPending }), renewal("2026-04-01"), ""},
		{"new one pending", current, with(renewal("2026-04-01"), func(v *Vendor) { v.BAAStatus = BAAPending }), ""},
		{"new vendor", Vendor{}, renewal("2026-04-01"), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := tt.after
			v.KeepPriorBAA(tt.before, alertToday)
			got := ""
			if !v.PriorBAAEndsOn.IsZero() {
				got = v.PriorBAAEndsOn.String()
			}
			if got != tt.want {
				t.Errorf("PriorBAAEndsOn %q, want %q", got, tt.want)
			}
		})
	}
}
