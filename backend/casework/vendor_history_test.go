package casework

import (
	"context"
	"reflect"
	"testing"

	"privacydesk/backend"
)

// A vendor's history says what each change changed, field by field, with the form's
// labels and values.
func TestVendorHistorySaysWhatChanged(t *testing.T) {
	cw, _ := newService(t)
	ctx := context.Background()
	v, err := cw.CreateVendor(ctx, backend.Vendor{Name: "Hosting Co", Services: "Hosting", Category: backend.VendorHosting,
		PHIAccess: backend.PHIFull, BAAStatus: backend.BAAPending, DataCategories: []backend.DataCategoryKey{backend.DataHealth}})
	if err != nil {
		t.Fatal(err)
	}
	signed, _ := backend.ParseDate("2026-02-01")
	v.BAAStatus, v.BAASignedOn, v.Notes = backend.BAASigned, signed, "Countersigned."
	if v, err = cw.UpdateVendor(ctx, v); err != nil {
		t.Fatal(err)
	}
	if _, err = cw.SaveChecklist(ctx, v.ID, []backend.ChecklistItem{{Clause: "iii", Answer: backend.AnswerYes, Note: "Section 9"}}); err != nil {
		t.Fatal(err)
	}
	d, err := cw.Vendor(ctx, v.ID)
	if err != nil || len(d.History) != 3 {
		t.Fatalf("history %+v, %v", d.History, err)
	}
	checklist, update, create := d.History[0], d.History[1], d.History[2]
	want := []backend.FieldChange{
		{Field: "baaStatus", Label: "BAA status", Before: "Pending", After: "Signed"},
		{Field: "baaSignedOn", Label: "Signed on", Before: "", After: "2026-02-01"},
		{Field: "notes", Label: "Notes", Before: "", After: "Countersigned."},
	}
	if update.Action != "update" || !reflect.DeepEqual(update.Changes, want) {
		t.Errorf("update changes %+v, want %+v", update.Changes, want)
	}
	wantClause := []backend.FieldChange{{Field: "checklist.iii", Label: "Clause 45 CFR 164.504(e)(2)(iii)", Before: "not checked", After: "yes (Section 9)"}}
	if checklist.Action != "checklist" || !reflect.DeepEqual(checklist.Changes, wantClause) {
		t.Errorf("checklist changes %+v, want %+v", checklist.Changes, wantClause)
	}
	if create.Action != "create" || create.Changes == nil || len(create.Changes) != 0 {
		t.Errorf("create changes %+v, want none (and not null)", create.Changes)
	}
}

// The checklist answered "all present, per the signed agreement" in one step: only for a
// signed BAA, every clause yes, a clause's own note kept, audited, and each clause still
// editable afterwards.
func TestChecklistAllPresent(t *testing.T) {
	cw, _ := newService(t)
	ctx := context.Background()
	v, err := cw.CreateVendor(ctx, backend.Vendor{Name: "Fax Co", Services: "Fax", PHIAccess: backend.PHILimited, BAAStatus: backend.BAAPending})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cw.MarkChecklistAllPresent(ctx, v.ID); backend.ErrorCode(err) != backend.ECONFLICT {
		t.Fatalf("pending BAA: err = %v, want a conflict", err)
	}
	v.BAAStatus, v.BAASignedOn = backend.BAASigned, mustDate(t, "2026-01-05")
	if v, err = cw.UpdateVendor(ctx, v); err != nil {
		t.Fatal(err)
	}
	if _, err = cw.SaveChecklist(ctx, v.ID, []backend.ChecklistItem{{Clause: "ii-J", Answer: backend.AnswerNo, Note: "Section 7.3"}}); err != nil {
		t.Fatal(err)
	}
	v, err = cw.MarkChecklistAllPresent(ctx, v.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Checklist) != len(backend.BAAClauses) {
		t.Fatalf("%d clauses", len(v.Checklist))
	}
	for _, it := range v.Checklist {
		wantNote := backend.AllPresentNote
		if it.Clause == "ii-J" {
			wantNote = "Section 7.3"
		}
		if it.Answer != backend.AnswerYes || it.Note != wantNote {
			t.Errorf("clause %s: %q %q", it.Clause, it.Answer, it.Note)
		}
	}
	if alerts := backend.VendorAlerts(v, mustDate(t, "2026-03-02")); len(alerts) != 0 {
		t.Errorf("alerts after the checklist: %+v", alerts)
	}
	d, err := cw.Vendor(ctx, v.ID)
	if err != nil || d.History[0].Action != "checklist-all-present" || len(d.History[0].Changes) != len(backend.BAAClauses) {
		t.Fatalf("history: %+v %v", d.History[0], err)
	}
	if c := d.History[0].Changes[0]; c.Before != "not checked" || c.After != "yes ("+backend.AllPresentNote+")" {
		t.Errorf("first change %+v", c)
	}
	// Still editable, clause by clause.
	items := v.Checklist
	items[0].Answer, items[0].Note = backend.AnswerNA, "Not applicable here."
	v, err = cw.SaveChecklist(ctx, v.ID, items)
	if err != nil || v.Checklist[0].Answer != backend.AnswerNA || v.Checklist[1].Answer != backend.AnswerYes {
		t.Errorf("edited afterwards: %+v %v", v.Checklist[:2], err)
	}
}

func mustDate(t *testing.T, s string) backend.Date {
	t.Helper()
	d, err := backend.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
