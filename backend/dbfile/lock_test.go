package dbfile

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"privacydesk/backend"
)

func shortWaits(t *testing.T) {
	s, x := sharedWait, exclusiveWait
	sharedWait, exclusiveWait = 100*time.Millisecond, 100*time.Millisecond
	t.Cleanup(func() { sharedWait, exclusiveWait = s, x })
}

// Open stores share the lock; a restore's exclusive lock is refused while one is open
// (a separate open of the lock file, as another process's would be), and opens wait
// for a restore and are refused while it runs.
func TestLockSharedAndExclusive(t *testing.T) {
	shortWaits(t)
	db := filepath.Join(t.TempDir(), "pd.db")
	a, err := Shared(db)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Shared(db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Exclusive(db); backend.ErrorCode(err) != backend.ECONFLICT || !strings.Contains(err.Error(), "open in another Privacy Desk") {
		t.Fatalf("exclusive while open: %v", err)
	}
	a.Release()
	if _, err := Exclusive(db); err == nil {
		t.Fatal("exclusive while one store is still open")
	}
	b.Release()
	x, err := Exclusive(db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Shared(db); backend.ErrorCode(err) != backend.ECONFLICT || !strings.Contains(err.Error(), "being restored") {
		t.Fatalf("shared during a restore: %v", err)
	}
	x.Release()
	c, err := Shared(db)
	if err != nil {
		t.Fatal(err)
	}
	c.Release()
}
