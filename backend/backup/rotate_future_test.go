package backup

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"privacydesk/backend"
)

// A daily backup dated in the future (made once while the computer's clock was wrong)
// sorts first by name: the rotation after today's backup must not delete today's.
func TestDailyKeepsTodaysBackupBesideAFutureDatedOne(t *testing.T) {
	dir := t.TempDir()
	today := backend.NewDate(2026, 12, 7)
	// Two automatic backups written on a day the clock said 2036.
	for _, d := range []backend.Date{backend.NewDate(2036, 1, 1), backend.NewDate(2036, 1, 2)} {
		if err := os.WriteFile(filepath.Join(dir, DailyName(d)), []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	f := newFixture(t)
	p, made, err := Daily(context.Background(), dir, 2, today, f.source(VacuumInto), Options{})
	if err != nil || !made {
		t.Fatalf("daily %s %v %v", p, made, err)
	}
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("today's backup, reported made at %s, was deleted by the rotation that followed it: %v", p, err)
	}
}
