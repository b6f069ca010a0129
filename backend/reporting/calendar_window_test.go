package reporting

import (
	"testing"

	"privacydesk/backend"
)

// A request is deleted only by a purge, once its retention has ended; the calendar needs
// no tombstone of it as long as every retention outlasts cancelWindow, so its cancelled
// events have left the file before the request can go.
func TestRetentionOutlastsTheCalendarsCancelWindow(t *testing.T) {
	for _, regime := range backend.Regimes {
		for _, closed := range []backend.Date{backend.NewDate(2024, 2, 29), backend.NewDate(2026, 3, 2), backend.NewDate(2027, 12, 31)} {
			if keep, last := backend.KeepUntil(regime, closed), closed.AddDays(cancelWindow); !keep.After(last) {
				t.Errorf("%s: a request closed on %s may be purged after %s, while its cancelled events are in the calendar until %s",
					regime, closed, keep, last)
			}
		}
	}
}
