package main

import (
	"encoding/json"
	"reflect"
	"slices"
	"testing"

	"privacydesk/backend"
	"privacydesk/backend/letters"
)

// TestLetterJSONShapes pins the keys the Letters screens read (the zod schemas of
// frontend/src/features/letters/api/letters.ts) to what the bound methods return, so
// moving a type between packages cannot change what the window receives.
func TestLetterJSONShapes(t *testing.T) {
	keys := func(v any) []string {
		t.Helper()
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		var out []string
		for k := range m {
			out = append(out, k)
		}
		slices.Sort(out)
		return out
	}
	sorted := func(s ...string) []string { slices.Sort(s); return s }
	letterKeys := sorted("id", "requestRef", "vendorTaskId", "vendorName", "kind", "title", "templateName", "templateVersion",
		"recipient", "pages", "size", "sha256", "createdBy", "createdAt", "sent")
	for _, tc := range []struct {
		name string
		v    any
		want []string
	}{
		{"kind option", KindOption{}, sorted("kind", "title", "description", "toVendor", "fits", "reason", "usesResponse", "usesEnclosures", "usesDisclosures")},
		{"letter", letters.Letter{PDF: []byte("%PDF")}, letterKeys},
		{"template", letters.SavedTemplate{}, sorted("kind", "name", "version", "body", "createdBy", "createdAt", "builtin")},
		{"preview", Preview{}, sorted("pdf", "pages", "fields", "example", "placeholders")},
		{"letter pdf", LetterPDF{}, sorted("letter", "pdf")},
		{"batch", BatchResult{}, sorted("saved", "path", "letters", "pages")},
	} {
		if got := keys(tc.v); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: keys %v, want %v", tc.name, got, tc.want)
		}
	}

	// What the window sends decodes into the bound methods' inputs.
	var in IssueInput
	if err := json.Unmarshal([]byte(`{"reference":"PR-2026-0001","kind":"hipaa-accounting","templateName":"Mine","vendorTaskId":3,
		"response":"r","enclosures":["a"],"disclosures":[{"date":"2026-01-02","recipient":"x","description":"d","purpose":"p"}]}`), &in); err != nil {
		t.Fatal(err)
	}
	if in.Reference != "PR-2026-0001" || in.Kind != letters.KindHIPAAAccounting || in.TemplateName != "Mine" || in.VendorTaskID != 3 ||
		in.Response != "r" || len(in.Enclosures) != 1 || len(in.Disclosures) != 1 || in.Disclosures[0].Date.String() != "2026-01-02" {
		t.Errorf("issue input %+v", in)
	}
	var p PreviewInput
	if err := json.Unmarshal([]byte(`{"kind":"denial","body":"b","reference":"PR-2026-0001","vendorTaskId":4}`), &p); err != nil ||
		p.Kind != letters.KindDenial || p.Body != "b" || p.Reference != "PR-2026-0001" || p.VendorTaskID != 4 {
		t.Errorf("preview input %+v, %v", p, err)
	}
	var f backend.LetterFilter
	if err := json.Unmarshal([]byte(`{"kind":"denial","search":"x","limit":5}`), &f); err != nil || f.Kind != letters.KindDenial || f.Search != "x" || f.Limit != 5 {
		t.Errorf("filter %+v, %v", f, err)
	}
	var tpl letters.Template
	if err := json.Unmarshal([]byte(`{"kind":"denial","name":"n","version":2,"body":"b"}`), &tpl); err != nil ||
		tpl != (letters.Template{Kind: letters.KindDenial, Name: "n", Version: 2, Body: "b"}) {
		t.Errorf("template %+v, %v", tpl, err)
	}
}
