package casework

import (
	"encoding/json"
	"strings"

	"privacydesk/backend"
)

// vendorHistory adds to each audit event of a vendor the fields it changed, so the
// history says "BAA status: Pending → Signed" and not only "Changed".
func vendorHistory(events []backend.AuditEvent) []backend.VendorEvent {
	out := make([]backend.VendorEvent, len(events))
	for i, e := range events {
		out[i] = backend.VendorEvent{AuditEvent: e, Changes: []backend.FieldChange{}}
		if e.Entity != "vendor" || e.Before == "" || e.After == "" {
			continue
		}
		var before, after backend.Vendor
		if json.Unmarshal([]byte(e.Before), &before) != nil || json.Unmarshal([]byte(e.After), &after) != nil {
			continue
		}
		out[i].Changes = VendorChanges(before, after)
	}
	return out
}

// OptionLabel is the label of value among opts (value itself when it is not one).
func OptionLabel(opts []backend.Option, value string) string {
	for _, o := range opts {
		if o.Value == value {
			return o.Label
		}
	}
	return value
}

// VendorChanges lists the fields that differ between two versions of a vendor, in the
// form's order, each with the form's label and values as the form shows them. The BAA
// document is left out (its own events say which file), and so are the timestamps.
func VendorChanges(before, after backend.Vendor) []backend.FieldChange {
	o := VendorOptions()
	label := OptionLabel
	cats := func(keys []backend.DataCategoryKey) string {
		names := make([]string, len(keys))
		for i, k := range keys {
			names[i] = string(k)
			for _, c := range backend.DataCategoryInfos {
				if c.Key == k {
					names[i] = c.Label
				}
			}
		}
		return strings.Join(names, ", ")
	}
	date := func(d backend.Date) string {
		if d.IsZero() {
			return ""
		}
		return d.String()
	}
	fields := []struct {
		key, label string
		get        func(v backend.Vendor) string
	}{
		{"name", "Name", func(v backend.Vendor) string { return v.Name }},
		{"services", "Services provided", func(v backend.Vendor) string { return v.Services }},
		{"category", "Category", func(v backend.Vendor) string { return label(o.Categories, string(v.Category)) }},
		{"contactName", "Contact name", func(v backend.Vendor) string { return v.ContactName }},
		{"contactEmail", "Contact email", func(v backend.Vendor) string { return v.ContactEmail }},
		{"contactPhone", "Contact phone", func(v backend.Vendor) string { return v.ContactPhone }},
		{"website", "Website", func(v backend.Vendor) string { return v.Website }},
		{"address", "Postal address", func(v backend.Vendor) string { return v.Address }},
		{"phiAccess", "PHI access", func(v backend.Vendor) string { return label(o.PHIAccess, string(v.PHIAccess)) }},
		{"dataCategories", "Data categories shared", func(v backend.Vendor) string { return cats(v.DataCategories) }},
		{"hosting", "Where it is hosted", func(v backend.Vendor) string { return v.Hosting }},
		{"subcontractors", "Subcontractors", func(v backend.Vendor) string { return v.Subcontractors }},
		{"baaStatus", "BAA status", func(v backend.Vendor) string { return label(o.BAAStatuses, string(v.BAAStatus)) }},
		{"baaReason", "Why no BAA is required", func(v backend.Vendor) string { return label(o.BAAExemptions, string(v.BAAReason)) }},
		{"baaReasonNote", "Reason, in your words", func(v backend.Vendor) string { return v.BAAReasonNote }},
		{"baaSignedOn", "Signed on", func(v backend.Vendor) string { return date(v.BAASignedOn) }},
		{"baaEffectiveOn", "Effective from", func(v backend.Vendor) string { return date(v.BAAEffective) }},
		{"baaExpiresOn", "Expires on", func(v backend.Vendor) string { return date(v.BAAExpiresOn) }},
		{"priorBaaEndsOn", "Previous BAA in force until", func(v backend.Vendor) string { return date(v.PriorBAAEndsOn) }},
		{"nextReviewOn", "Next review", func(v backend.Vendor) string { return date(v.NextReviewOn) }},
		{"terminatedOn", "Terminated on", func(v backend.Vendor) string { return date(v.TerminatedOn) }},
		{"phiDisposition", "PHI returned or destroyed", func(v backend.Vendor) string { return label(o.Dispositions, string(v.PHIDisposition)) }},
		{"phiConfirmedOn", "Vendor confirmed on", func(v backend.Vendor) string { return date(v.PHIConfirmedOn) }},
		{"notes", "Notes", func(v backend.Vendor) string { return v.Notes }},
	}
	out := []backend.FieldChange{}
	for _, f := range fields {
		if b, a := f.get(before), f.get(after); b != a {
			out = append(out, backend.FieldChange{Field: f.key, Label: f.label, Before: b, After: a})
		}
	}
	// The checklist, clause by clause: "Clause 45 CFR 164.504(e)(2)(i): not checked → yes".
	answers := func(v backend.Vendor) map[string]backend.ChecklistItem {
		m := map[string]backend.ChecklistItem{}
		for _, it := range v.Checklist {
			m[it.Clause] = it
		}
		return m
	}
	answer := func(it backend.ChecklistItem) string {
		s := string(it.Answer)
		if s == "" {
			s = "not checked"
		}
		if it.Note != "" {
			s += " (" + it.Note + ")"
		}
		return s
	}
	b, a := answers(before), answers(after)
	for _, c := range backend.BAAClauses {
		if b[c.ID] != a[c.ID] {
			out = append(out, backend.FieldChange{Field: "checklist." + c.ID, Label: "Clause " + c.Citation,
				Before: answer(b[c.ID]), After: answer(a[c.ID])})
		}
	}
	return out
}
