package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"privacydesk/backend"
	"privacydesk/backend/internal/extool"
)

func TestZoneHeaderNamesTheZoneOnce(t *testing.T) {
	chicago, err := time.LoadLocation("America/Chicago")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		in   string
		loc  *time.Location
		want string
	}{
		{"Received at (UTC)", time.UTC, "Received at (UTC)"},
		{"Received at (UTC)", chicago, "Received at (America/Chicago)"},
		{"When", nil, "When (UTC)"},
		{"Updated (America/Chicago)", time.UTC, "Updated (UTC)"},
		{"Notes (internal)", time.UTC, "Notes (internal) (UTC)"},
	} {
		got := ZoneHeader(c.in, c.loc)
		if got != c.want {
			t.Errorf("ZoneHeader(%q, %v) = %q, want %q", c.in, c.loc, got, c.want)
		}
		if z, ok := HeaderZone(got); !ok || (c.loc != nil && z.String() != c.loc.String()) {
			t.Errorf("HeaderZone(%q) = %v, %v", got, z, ok)
		}
	}
	if _, ok := HeaderZone("Notes (internal)"); ok {
		t.Error("a bracketed word that is no zone read as a zone")
	}
}

// TestXLSXHeaderSaysTheZoneItsCellsHold writes the same rows as CSV and as XLSX shown in
// Chicago and in UTC: each XLSX date-time column's header names the zone of its cells,
// every cell read in that zone is the CSV's instant, and importing the workbook back
// (with a practice far from both zones) gives the instants the rows had.
func TestXLSXHeaderSaysTheZoneItsCellsHold(t *testing.T) {
	chicago, _ := time.LoadLocation("America/Chicago")
	kiritimati, _ := time.LoadLocation("Pacific/Kiritimati")
	rows := sampleRows()
	var c bytes.Buffer
	encodeAll(t, NewCSVEncoder(&c, sampleTable, CSVOptions{}), rows)
	recs, err := csv.NewReader(&c).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	const col = 3 // created_at
	if recs[0][col] != "Created (UTC)" {
		t.Errorf("CSV header %q", recs[0][col])
	}
	for _, loc := range []*time.Location{chicago, time.UTC} {
		var b bytes.Buffer
		enc, err := NewXLSXEncoder(&b, sampleTable, XLSXOptions{Location: loc})
		if err != nil {
			t.Fatal(err)
		}
		encodeAll(t, enc, rows)
		f, err := excelize.OpenReader(bytes.NewReader(b.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		got, err := f.GetRows("Requests", excelize.Options{RawCellValue: true})
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		zone, ok := HeaderZone(got[0][col])
		if !ok || zone.String() != loc.String() {
			t.Fatalf("%s: XLSX header %q does not name the zone of its cells", loc, got[0][col])
		}
		for i := 1; i < len(recs); i++ {
			if recs[i][col] == "" {
				continue
			}
			want, _ := time.Parse(time.RFC3339Nano, recs[i][col])
			at, err := parseDateTime(got[i][col], zone, false, false)
			// The cell holds the fraction of a second; its format shows whole seconds.
			if err != nil || at.Sub(want).Abs() >= time.Second {
				t.Errorf("%s row %d: XLSX %q read in %s is %v, the CSV says %v (%v)", loc, i+1, got[i][col], zone, at, want, err)
			}
		}
		s, err := ReadXLSX(bytes.NewReader(b.Bytes()), ReadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		fields := []Field{{Key: "reference", Label: "Reference"}, {Key: "created_at", Label: "Created", Type: DateTime}}
		m := Mapping{"reference": 0, "created_at": col}
		res := Convert(s, fields, m, ConvertOptions{Location: kiritimati})
		if err := res.Err(); err != nil {
			t.Fatal(err)
		}
		for i, r := range res.Records {
			want, _ := rows[i][col].(time.Time)
			if got, _ := r.Values["created_at"].(time.Time); got.Sub(want).Abs() >= time.Second {
				t.Errorf("%s: imported row %d created_at %v, want %v", loc, r.Row, got, want)
			}
		}
	}
}

// TestICSParsedByIcalendar reads a calendar with Python's icalendar: every event has
// its UID, date and summary, and text with commas, semicolons, backslashes, a line
// break and non-ASCII characters, long enough to be folded (also inside a multi-byte
// character), comes back exactly.
func TestICSParsedByIcalendar(t *testing.T) {
	py := extool.Python(t, "python3-icalendar", "icalendar")
	summary := "Due: PR-2026-0001, access; call back\nsecond line — Zoë Łukasiewicz 山田太郎 ✓ a\\b " + strings.Repeat("é", 40)
	events := []Event{
		{UID: "PR-2026-0001/access/due", Date: backend.NewDate(2026, 3, 2), Summary: summary,
			Description: "Regime: CCPA; right: access, deletion\nOpen in Privacy Desk.", Categories: []string{"Privacy Desk", "Zoë"}, RemindDaysBefore: 3},
		{UID: "PR-2026-0002/deletion/due", Date: backend.NewDate(2026, 12, 31), Summary: "Plain", Sequence: 2},
	}
	var b bytes.Buffer
	enc := NewICSEncoder(&b, ICSOptions{Name: "Due dates", Now: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)})
	for _, ev := range events {
		if err := enc.Encode(ev); err != nil {
			t.Fatal(err)
		}
	}
	if err := enc.Close(); err != nil {
		t.Fatal(err)
	}
	folded := false
	for _, line := range strings.Split(b.String(), "\r\n") {
		if len(line) > 75 {
			t.Errorf("a line of %d octets: %q", len(line), line)
		}
		folded = folded || strings.HasPrefix(line, " ")
	}
	if !folded {
		t.Fatal("the long summary was not folded; the test needs a folded line")
	}
	p := filepath.Join(t.TempDir(), "due.ics")
	if err := os.WriteFile(p, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(py, "-c", extool.ICSEvents, p).CombinedOutput()
	if err != nil {
		t.Fatalf("icalendar: %v\n%s", err, out)
	}
	var got []struct {
		UID, Date, Summary, Description string
		Categories                      []string
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if len(got) != len(events) {
		t.Fatalf("icalendar read %d events, want %d", len(got), len(events))
	}
	for i, ev := range events {
		g := got[i]
		if g.UID != ev.UID+uidDomain || g.Date != ev.Date.String() || g.Summary != ev.Summary || g.Description != ev.Description {
			t.Errorf("event %d read back as %+v, want %+v", i, g, ev)
		}
		if strings.Join(g.Categories, "|") != strings.Join(ev.Categories, "|") {
			t.Errorf("event %d categories %q, want %q", i, g.Categories, ev.Categories)
		}
	}
}
