package letters

import (
	"strings"
	"testing"
	"unicode/utf8"

	"privacydesk/backend"
)

func TestBuiltinTemplatesValid(t *testing.T) {
	tpls := BuiltinTemplates()
	if len(tpls) != len(KindsList()) {
		t.Fatalf("%d built-in templates for %d kinds", len(tpls), len(KindsList()))
	}
	for _, tpl := range tpls {
		if err := ValidateTemplate(tpl); err != nil {
			t.Errorf("%s: %v", tpl.Kind, err)
		}
		doc, err := ParseTemplate(tpl.Body)
		if err != nil {
			t.Fatal(err)
		}
		if len(doc.subject) == 0 {
			t.Errorf("%s: no Re: line", tpl.Kind)
		}
		if fs := doc.Fields(); !contains(fs, "request.reference") {
			t.Errorf("%s: the letter never names the request's reference (fields %v)", tpl.Kind, fs)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestParseTemplateRefuses(t *testing.T) {
	cases := []struct {
		name, body, want string
	}{
		{"misspelled field", "Re: x\n\nDear {{requester.nmae}},", "Line 3: unknown merge field {{requester.nmae}}; did you mean {{requester.name}}?"},
		{"unknown field", "Hello {{patient.ssn}}", "unknown merge field {{patient.ssn}}"},
		{"unknown field in if", "{{#if requester.nmae}}\nx\n{{/if}}", "unknown merge field requester.nmae in {{#if}}; did you mean {{requester.name}}?"},
		{"unclosed field", "Dear {{requester.name,", "Line 1: {{requester.name, is not closed with }}."},
		{"unclosed if", "x\n{{#if right:deletion}}\ny", "Line 2: {{#if}} is not closed"},
		{"else without if", "x\n{{#else}}", "{{#else}} without {{#if}}"},
		{"end without if", "x\n{{/if}}", "{{/if}} without {{#if}}"},
		{"two elses", "{{#if right:access}}\na\n{{#else}}\nb\n{{#else}}\nc\n{{/if}}", "a second {{#else}}"},
		{"unknown regime", "{{#if regime:california}}\nx\n{{/if}}", "unknown regime \"california\""},
		{"unknown right", "{{#if right:forget}}\nx\n{{/if}}", "unknown right \"forget\""},
		{"unknown condition", "{{#if kind:denial}}\nx\n{{/if}}", "unknown condition"},
		{"empty if", "{{#if}}\nx\n{{/if}}", "needs a condition"},
		{"unknown table", "{{#table vendors}}", "unknown table \"vendors\""},
		{"unknown column", "{{#table datamap: category, sauces}}", "has no column \"sauces\""},
		{"unknown list", "{{#list vendors}}", "unknown list \"vendors\""},
		{"unknown directive", "{{#each vendors_told}}", "unknown directive"},
		{"directive inline", "Text {{#if right:access}} more", "must stand alone on its line"},
		{"directive with text", "{{#if right:access}} more", "must stand alone on its line"},
		{"unclosed bold", "Some **bold text\nand more", "** (bold) is opened but not closed"},
		{"empty", "  \n\n", "The template is empty."},
		{"only subject", "Re: hello", "no text"},
		{"invalid utf8", "Re: x\n\n\xff", "not valid UTF-8"},
		{"too long", strings.Repeat("a", MaxBodyChars+1), "too long"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseTemplate(c.body)
			if backend.ErrorCode(err) != backend.EINVALID || backend.ErrorField(err) != "body" {
				t.Fatalf("got %v, want EINVALID on body", err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("message %q does not contain %q", err, c.want)
			}
		})
	}
}

func TestTemplateValidate(t *testing.T) {
	ok := Template{Kind: KindAcknowledgment, Name: "Short version", Version: 2, Body: "Re: {{request.reference}}\n\nWe received it."}
	if err := ValidateTemplate(ok); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		field string
		edit  func(t *Template)
	}{
		{"kind", func(t *Template) { t.Kind = "thanks" }},
		{"name", func(t *Template) { t.Name = " " }},
		{"name", func(t *Template) { t.Name = strings.Repeat("n", 101) }},
		{"version", func(t *Template) { t.Version = 0 }},
		{"body", func(t *Template) { t.Body = "Dear {{requester.nmae}}" }},
		{"body", func(t *Template) { t.Body = "Thank you 🙏 {{requester.name}}" }},
	}
	for _, c := range cases {
		tpl := ok
		c.edit(&tpl)
		if err := ValidateTemplate(tpl); backend.ErrorField(err) != c.field {
			t.Errorf("%+v: got %v, want an error on %s", tpl, err, c.field)
		}
	}
	// An edited template with an unknown field is refused by Render as well.
	bad := ok
	bad.Body = "Dear {{requester.nmae}},"
	if _, err := RenderBytes(bad, baseData(backend.RegimeCCPA, backend.RightAccess)); backend.ErrorField(err) != "body" {
		t.Errorf("Render: got %v, want an error on body", err)
	}
}

// TestMarkup checks the structure the parser builds and what the resolver makes of it.
func TestMarkup(t *testing.T) {
	body := `Re: Request {{request.reference}}

Dear {{requester.name}},
second line of the same paragraph.

# Heading with **bold**
- first item
  continued
- second item
1. numbered

{{#if regime:gdpr,uk-gdpr}}
GDPR text.
{{#else}}
Other text.
{{/if}}
{{#if !right:deletion request.description}}
No deletion; description given.
{{/if}}
{{#list request.rights}}
{{#table datamap: category, retention}}
`
	doc, err := ParseTemplate(body)
	if err != nil {
		t.Fatal(err)
	}
	d := baseData(backend.RegimeCCPA, backend.RightAccess, backend.RightPortability)
	d.DataMap = testDataMap[:2]
	rv := &resolver{d: &d, k: KindAcknowledgment}
	subj, err := rv.inline(doc.subject)
	if err != nil || plain(subj, "") != "Request PR-2026-0001" {
		t.Fatalf("subject %q, %v", plain(subj, ""), err)
	}
	bs, err := rv.blocks(doc.blocks, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range bs {
		switch b.kind {
		case bHeading:
			got = append(got, "H:"+plain(b.text, ""))
		case bPara:
			got = append(got, "P:"+plain(b.text, ""))
		case bList:
			items := make([]string, len(b.items))
			for i, it := range b.items {
				items[i] = plain(it, "")
			}
			kind := "L:"
			if b.numbered {
				kind = "N:"
			}
			got = append(got, kind+strings.Join(items, "|"))
		case bTable:
			got = append(got, "T:"+strings.Join(b.header, "|")+" rows "+string(rune('0'+len(b.rows))))
		}
	}
	want := []string{
		"P:Dear Łukasz Nguyễn-Müller, second line of the same paragraph.",
		"H:Heading with bold",
		"L:first item continued|second item",
		"N:numbered",
		"P:Other text.",
		"P:No deletion; description given.",
		"L:Access to your personal information|A portable copy of your personal information",
		"T:Category|Retention rows 2",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestFieldsListed(t *testing.T) {
	fs := Fields()
	names := map[string]bool{}
	for _, f := range fs {
		if f.Description == "" || f.Where == "" {
			t.Errorf("field %s lacks a description or where it is recorded", f.Name)
		}
		if names[f.Name] {
			t.Errorf("field %s listed twice", f.Name)
		}
		names[f.Name] = true
	}
	for _, want := range []string{"requester.name", "request.reference", "request.received", "deadline.respond_by", "practice.name", "#table datamap", "#list vendors_told"} {
		if !names[want] {
			t.Errorf("Fields() lacks %s", want)
		}
	}
	// Every listed merge field parses in a template.
	for _, f := range fs {
		if strings.HasPrefix(f.Name, "#") {
			continue
		}
		if _, err := ParseTemplate("x {{" + f.Name + "}}"); err != nil {
			t.Errorf("%s: %v", f.Name, err)
		}
	}
}

func TestKinds(t *testing.T) {
	want := []string{"acknowledgment", "verify-identity", "agent-proof", "deletion-confirm", "extension", "access-response",
		"portability-cover", "correction-done", "deletion-done", "opt-out-done", "denial", "appeal-decision", "hipaa-access",
		"hipaa-amendment", "hipaa-accounting", "vendor-direction"}
	got := KindsList()
	if len(got) != len(want) {
		t.Fatalf("%d kinds, want %d", len(got), len(want))
	}
	for i, k := range got {
		if string(k.Kind) != want[i] || k.Description == "" || k.Title == "" {
			t.Errorf("kind %d: %+v, want %s with a title and description", i, k, want[i])
		}
		if p, err := ParseKind("kind", want[i]); err != nil || p != k.Kind {
			t.Errorf("ParseKind(%s) = %v, %v", want[i], p, err)
		}
	}
	if _, err := ParseKind("kind", "hipaa_access"); backend.ErrorField(err) != "kind" || !strings.Contains(err.Error(), "hipaa-access") {
		t.Errorf("ParseKind of a misspelling: %v", err)
	}
}

// FuzzParseTemplate: the parser never panics, refuses only with an EINVALID error on
// "body", and whatever it accepts renders (or is refused cleanly) without panicking.
func FuzzParseTemplate(f *testing.F) {
	for _, tpl := range BuiltinTemplates() {
		f.Add(tpl.Body)
	}
	for _, s := range []string{"", "{{", "}}", "**", "{{#if}}", "{{/if}}", "- a\n  b\n1. c", "# h\n\n## h2", "{{#table datamap: category}}",
		"Re: {{request.reference}}\n{{#if !regime:gdpr right:access}}\nx\n{{#else}}\ny\n{{/if}}", "\r\n\t{{ requester.name }}"} {
		f.Add(s)
	}
	d := baseData(backend.RegimeCCPA, backend.RightAccess)
	d.DataMap = testDataMap
	f.Fuzz(func(t *testing.T, body string) {
		doc, err := ParseTemplate(body)
		if err != nil {
			if backend.ErrorCode(err) != backend.EINVALID || backend.ErrorField(err) != "body" {
				t.Fatalf("refusal is not EINVALID on body: %v", err)
			}
			return
		}
		_ = doc.Fields()
		if !utf8.ValidString(body) {
			t.Fatalf("accepted invalid UTF-8")
		}
		if len(body) > 4000 {
			return // rendering is slow; the parser is what is fuzzed
		}
		_, err = RenderBytes(Template{Kind: KindAcknowledgment, Name: "fuzz", Version: 1, Body: body}, d)
		if err != nil && backend.ErrorCode(err) != backend.EINVALID {
			t.Fatalf("render failed with a non-validation error: %v", err)
		}
	})
}
