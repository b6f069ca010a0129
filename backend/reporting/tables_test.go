package reporting_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"privacydesk/backend/internal/testpractice"
	"regexp"
	"slices"
	"strings"
	"testing"

	"privacydesk/backend"
	"privacydesk/backend/export"
	"privacydesk/backend/reporting"
	"privacydesk/backend/storage"
)

// notExported are the columns of the exported tables that no export shows, each with
// the reason. A column added to the schema must be exported or listed here.
var notExported = map[string]string{
	"vendors.id":                    "internal key",
	"vendors.name_key":              "the lower-cased name, for uniqueness",
	"requests.id":                   "internal key",
	"requests.ref_year":             "part of the reference",
	"requests.ref_seq":              "part of the reference",
	"requests.rights":               "the rights come from request_rights, one per right",
	"requests.deletion_channel":     "timeline detail of the deletion confirmation",
	"requests.deletion_note":        "timeline detail of the deletion confirmation",
	"requests.deletion_recorded_at": "timeline detail of the deletion confirmation",
	"requests.deletion_recorded_by": "timeline detail of the deletion confirmation",
	"requests.extended_on":          "timeline detail of the extension",
	"requests.extended_at":          "timeline detail of the extension",
	"requests.extended_by":          "timeline detail of the extension",
	"requests.closed_on":            "the practice-zone date of closed_at, which is exported",
	"requests.name_key":             "search key",
	"requests.email_key":            "search key",
}

// exportedTables are the tables whose every column an export is to account for.
var exportedTables = []string{"vendors", "requests", "data_map", "audit_events"}

// TestTablesMatchTheSchema checks each export table, defined once, against the schema of
// a freshly migrated database: every database column a table reads exists, keys are
// unique, and every column of the exported tables is read or listed as not exported.
func TestTablesMatchTheSchema(t *testing.T) {
	ctx := context.Background()
	st := testpractice.Open(t, filepath.Join(t.TempDir(), "schema.db"))
	schema := map[string][]string{}
	columns := func(table string) []string {
		if cols, ok := schema[table]; ok {
			return cols
		}
		cols, err := st.TableColumns(ctx, table)
		if err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		schema[table] = cols
		return cols
	}
	read := map[string]bool{}
	for kind, table := range reporting.Tables() {
		keys := map[string]bool{}
		for _, c := range table.Columns {
			if keys[c.Key] {
				t.Errorf("%s: column key %q twice", kind, c.Key)
			}
			keys[c.Key] = true
			for _, from := range c.From {
				tbl, name, ok := strings.Cut(from, ".")
				if !ok || !slices.Contains(columns(tbl), name) {
					t.Errorf("%s: column %s reads %s, which the schema does not have", kind, c.Key, from)
				}
				read[from] = true
			}
		}
	}
	for _, tbl := range exportedTables {
		for _, name := range columns(tbl) {
			if from := tbl + "." + name; !read[from] && notExported[from] == "" {
				t.Errorf("%s is in the schema but in no export: export it or say why not in notExported", from)
			}
		}
	}
	for from := range notExported {
		tbl, name, _ := strings.Cut(from, ".")
		if !slices.Contains(columns(tbl), name) {
			t.Errorf("notExported names %s, which the schema does not have", from)
		}
	}
	if _, err := st.TableColumns(ctx, "patients"); err == nil {
		t.Errorf("columns of a table that does not exist")
	}
}

// TestRequestsQueryReadsWhatTheTableSays ties RequestsTable to storage's query: every
// requests, request_rights and request_verifications column the table names is selected.
func TestRequestsQueryReadsWhatTheTableSays(t *testing.T) {
	alias := map[string]string{"requests": "r", "request_rights": "rr", "request_verifications": "v", "letter_sendings": "s"}
	selected := map[string]bool{}
	sel, _, _ := strings.Cut(storage.RequestsExportSQL, "FROM requests")
	for _, m := range regexp.MustCompile(`\b(r|rr|v|s)\.(\w+)`).FindAllStringSubmatch(sel, -1) {
		selected[m[1]+"."+m[2]] = true
	}
	for _, c := range reporting.RequestsTable.Columns {
		if len(c.From) == 0 {
			t.Errorf("requests column %s reads nothing", c.Key)
		}
		for _, from := range c.From {
			tbl, name, _ := strings.Cut(from, ".")
			if !selected[alias[tbl]+"."+name] {
				t.Errorf("requests column %s reads %s, which the export query does not select", c.Key, from)
			}
		}
	}
}

// TestInstantsAreRFC3339UTC: every export writes an instant one way, RFC 3339 in UTC.
func TestInstantsAreRFC3339UTC(t *testing.T) {
	s := testpractice.Demo(t, 20)
	rfc3339UTC := regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$`)
	dir := t.TempDir()
	for _, kind := range []string{"requests", "vendors", "datamap", "audit"} {
		table := reporting.Tables()[kind]
		for _, format := range []string{"csv", "json"} {
			out := filepath.Join(dir, kind+"."+format)
			if _, err := reporting.New(s).Export(context.Background(), reporting.ExportRequest{Kind: kind, Format: format, Out: out}, nil); err != nil {
				t.Fatal(err)
			}
			var values []string
			switch format {
			case "csv":
				recs := testpractice.ReadCSV(t, out)
				for i, c := range table.Columns {
					if c.Type == export.DateTime {
						for _, r := range recs[1:] {
							values = append(values, r[i])
						}
					}
				}
			case "json":
				b, _ := os.ReadFile(out)
				var rows []map[string]any
				if err := json.Unmarshal(b, &rows); err != nil {
					t.Fatal(err)
				}
				for _, c := range table.Columns {
					if c.Type == export.DateTime {
						for _, r := range rows {
							if v, ok := r[c.Key].(string); ok {
								values = append(values, v)
							}
						}
					}
				}
			}
			n := 0
			for _, v := range values {
				if v == "" {
					continue
				}
				n++
				if !rfc3339UTC.MatchString(v) {
					t.Errorf("%s %s: instant %q is not RFC 3339 UTC", kind, format, v)
				}
			}
			if n == 0 {
				t.Errorf("%s %s: no instant to check", kind, format)
			}
		}
	}
}

func TestFileNameIsThePracticesToday(t *testing.T) {
	s := testpractice.Open(t, filepath.Join(t.TempDir(), "names.db"))
	// 15:04 UTC on 2 March is already 3 March in Kiritimati (UTC+14).
	p, err := s.GetPractice()
	if err != nil {
		t.Fatal(err)
	}
	p.Name, p.TimeZone = "Test Practice", "Pacific/Kiritimati"
	if _, err := s.SavePractice(p); err != nil {
		t.Fatal(err)
	}
	svc := reporting.New(s)
	for _, c := range []struct {
		req  reporting.ExportRequest
		want string
	}{
		{reporting.ExportRequest{Kind: "requests", Format: "csv"}, "privacy-requests-2026-03-03.csv"},
		{reporting.ExportRequest{Kind: "metrics", Format: "pdf"}, "privacy-metrics-2026.pdf"},
		{reporting.ExportRequest{Kind: "metrics", Format: "xlsx", Year: 2024}, "privacy-metrics-2024.xlsx"},
	} {
		if got, err := svc.FileName(c.req); err != nil || got != c.want {
			t.Errorf("%+v: %q %v, want %q", c.req, got, err, c.want)
		}
	}
	if _, err := svc.FileName(reporting.ExportRequest{Kind: "patients"}); backend.ErrorField(err) != "kind" {
		t.Errorf("unknown kind: %v", err)
	}
}
