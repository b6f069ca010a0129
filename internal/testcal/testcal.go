// Package testcal exports a practice's due-dates calendar and reads it back with an
// independent ICS parser, by UID: the calendar tests of reporting and the upgrade test
// of storage (whose calendar it cleans) read the file the same way.
package testcal

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	ics "github.com/arran4/golang-ical"

	"privacydesk/backend/reporting"
	"privacydesk/backend/storage"
)

// Event is one event of a calendar export as a calendar application reads it.
type Event struct {
	Start, Summary, Status string
	Seq                    int
	Alarms                 int
}

// Export writes s's calendar (ICS) and returns its events by UID (without the
// "@privacydesk" domain) and the parsed calendar.
func Export(t testing.TB, s *storage.Store) (map[string]Event, *ics.Calendar) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "due.ics")
	if _, err := reporting.New(s).Export(context.Background(), reporting.ExportRequest{Kind: "calendar", Format: "ics", Out: out}, nil); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cal, err := ics.ParseCalendar(f)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Event{}
	for _, ev := range cal.Events() {
		e := Event{Start: ev.GetProperty(ics.ComponentPropertyDtStart).Value,
			Summary: ev.GetProperty(ics.ComponentPropertySummary).Value, Alarms: len(ev.Alarms())}
		if p := ev.GetProperty(ics.ComponentPropertyStatus); p != nil {
			e.Status = p.Value
		}
		if p := ev.GetProperty(ics.ComponentPropertySequence); p != nil {
			e.Seq, _ = strconv.Atoi(p.Value)
		}
		got[strings.TrimSuffix(ev.Id(), "@privacydesk")] = e
	}
	return got, cal
}
