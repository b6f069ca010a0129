package storage

import (
	"strings"
	"testing"
	"unicode/utf8"

	"privacydesk/backend"
)

func backendFilter(q string) backend.RequestFilter { return backend.RequestFilter{Search: q} }

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Łukasz Żółć": "lukasz zolc", "Nguyễn Thị Minh Khai": "nguyen thi minh khai", "Zoë O'Brien-Núñez": "zoe o'brien-nunez",
		"Søndergaard": "sondergaard", "Straße": "strasse", "王小明": "王小明", "Αλέξανδρος": "αλεξανδρος", "ANNA": "anna",
	} {
		if got := fold(in); got != want {
			t.Errorf("fold(%q) = %q, want %q", in, got, want)
		}
	}
	if got := searchTerms(" (555) 010-2000  Ann "); strings.Join(got, "|") != "555|0102000|ann" {
		t.Errorf("terms = %q", got)
	}
}

// FuzzSearchText: folding never panics, keeps valid text valid, is idempotent, and a
// term's full-text query is one quoted phrase whatever the person typed.
func FuzzSearchText(f *testing.F) {
	for _, s := range []string{"Łukasz", `"quoted" term*`, "%_\\", "NEAR/2 OR AND NOT", "王小明 (555) 010", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		once := fold(s)
		if utf8.ValidString(s) && !utf8.ValidString(once) {
			t.Fatalf("fold(%q) = %q is not valid UTF-8", s, once)
		}
		if utf8.ValidString(s) && fold(once) != once {
			t.Fatalf("fold is not idempotent on %q: %q then %q", s, once, fold(once))
		}
		for _, term := range searchTerms(s) {
			q := ftsPrefix(term)
			if q == "" {
				continue
			}
			if !strings.HasPrefix(q, `"`) || !strings.HasSuffix(q, `*"`) || strings.Count(q, `"`) != 2 {
				t.Fatalf("ftsPrefix(%q) = %q", term, q)
			}
		}
	})
}

// TestHostileSearches: whatever is typed in the search box is data, never SQL or
// full-text syntax.
func TestHostileSearches(t *testing.T) {
	s := newTestStore(t)
	in := reqInput("Ann Lee", "ann@example.com", "ccpa", "2026-02-27", "access")
	in.Notes = "Asked about NEAR and OR in her records; AND also NOT."
	mustCreateRequest(t, s, in)
	for _, q := range []string{`"`, `""`, `*`, `-ann`, `ann*`, `NEAR/2`, `OR`, `a OR b`, `(ann`, `ann)`, `^ann`, `'; DROP TABLE requests; --`,
		`%`, `_`, `\`, `ann\`, `{text}:ann`, `text:ann`, `near`, "\x00", strings.Repeat("x", 200)} {
		page, err := s.ListRequests(backendFilter(q))
		if err != nil && !strings.Contains(err.Error(), "control character") {
			t.Errorf("search %q: %v", q, err)
		}
		_ = page
	}
	// Punctuation is not part of a word: "ann*" and "-ann" look for the word ann, as
	// data (neither is a prefix operator or a NOT), and find her.
	for q, want := range map[string]int64{"near": 1, "or": 1, "records;": 1, "ann*": 1, "-ann": 1, "anne": 0, "xann": 0} {
		page, err := s.ListRequests(backendFilter(q))
		if err != nil || page.Total != want {
			t.Errorf("search %q: %d, %v; want %d", q, page.Total, err, want)
		}
	}
}

// A database from before the search index (version 9: names in a table of their own,
// only the notes in the full-text index) is reindexed by its upgrade, and found by name,
// by a run of phone digits and by reference number.
func TestUpgradeReindexesSearch(t *testing.T) {
	s := newTestStore(t)
	in := reqInput("Łukasz Nowak", "lukasz@example.com", "ccpa", "2026-02-27", "access")
	in.Requester.Phone = "(555) 010-2000"
	r := mustCreateRequest(t, s, in)
	if err := s.db.Exec(`DELETE FROM request_text`).Error; err != nil {
		t.Fatal(err)
	}
	rewind(t, s, 10)
	if page, _ := s.ListRequests(backendFilter("nowak")); page.Total != 0 {
		t.Fatalf("the emptied index still finds %d", page.Total)
	}
	path := s.Path()
	s.Close()
	s2, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	num := r.Reference[strings.LastIndexByte(r.Reference, '-')+1:]
	for _, q := range []string{"nowak", "lukasz@example", "0102000", "5550102", strings.TrimLeft(num, "0"), r.Reference} {
		page, err := s2.ListRequests(backendFilter(q))
		if err != nil || page.Total != 1 {
			t.Errorf("search %q after the upgrade: %d, %v", q, page.Total, err)
		}
	}
}
