package storage

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"privacydesk/backend"
	"privacydesk/internal/testpg"
)

// A folder or file name with URI syntax in it opens exactly that file, private to the
// user, and nothing else is created beside it.
func TestOpenPathWithURISyntax(t *testing.T) {
	testpg.SQLiteOnly(t, "a file path with URI syntax")
	for _, name := range []string{"practice #2.db", "what?.db", "100% sure.db", "a b%20c.db"} {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "data #1 ?x")
			path := filepath.Join(dir, name)
			s, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.SavePractice(func() backend.Practice { p := backend.DefaultPractice(); p.Name = "Hash Practice"; return p }()); err != nil {
				t.Fatal(err)
			}
			s.Close()
			fi, err := os.Stat(path)
			if err != nil || fi.Mode().Perm() != 0o600 || fi.Size() == 0 {
				t.Fatalf("%s: %v %v", path, fi, err)
			}
			ents, _ := os.ReadDir(dir)
			for _, e := range ents {
				if !strings.HasPrefix(e.Name(), name) {
					t.Errorf("another file appeared beside it: %q", e.Name())
				}
			}
			s, err = Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if p, err := s.GetPractice(); err != nil || p.Name != "Hash Practice" {
				t.Errorf("reopened: %q %v", p.Name, err)
			}
		})
	}
}

// concurrentRounds is how many times each loop opens the database; PRIVACYDESK_CONCURRENCY_ROUNDS
// raises it (make crash runs 2,000).
func concurrentRounds() int {
	if n, err := strconv.Atoi(os.Getenv("PRIVACYDESK_CONCURRENCY_ROUNDS")); err == nil && n > 0 {
		return n
	}
	return 100
}

// Two writer loops and a reader loop each open the database, as separate command-line
// runs do, while the others write: the pre-open check must never call the healthy file
// damaged (it once read it without locks, ignoring the WAL).
func TestOpenWhileOthersWriteIsNeverDamaged(t *testing.T) {
	testpg.SQLiteOnly(t, "processes opening one database file")
	path := filepath.Join(t.TempDir(), "pd.db")
	first, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	first.Close()
	rounds := concurrentRounds()
	var wg sync.WaitGroup
	errs := make(chan error, 3*rounds)
	loop := func(writer int) {
		defer wg.Done()
		for i := 0; i < rounds; i++ {
			s, err := Open(path)
			if err != nil {
				errs <- fmt.Errorf("loop %d round %d: %w", writer, i, err)
				continue
			}
			s.Now = func() time.Time { return time.Date(2026, 3, 2, 15, 0, 0, 0, time.UTC) }
			if writer > 0 {
				_, err = s.CreateRequest(backend.RequestInput{Requester: backend.Person{Name: fmt.Sprintf("Writer %d-%d", writer, i), Email: "w@example.com"},
					Channel: backend.ChannelEmail, ReceivedDate: "2026-03-01", ReceivedTime: "09:00", Regime: backend.RegimeGDPR,
					Rights: []backend.Right{backend.RightAccess}})
			} else {
				_, err = s.ListRequests(backend.RequestFilter{Limit: 5})
			}
			if err != nil && backend.ErrorCode(err) != backend.ECONFLICT {
				errs <- fmt.Errorf("loop %d round %d: %w", writer, i, err)
			}
			s.Close()
		}
	}
	wg.Add(3)
	go loop(0)
	go loop(1)
	go loop(2)
	wg.Wait()
	close(errs)
	for err := range errs {
		if strings.Contains(err.Error(), "damaged") || strings.Contains(err.Error(), "restore") {
			t.Errorf("a healthy database was called damaged: %v", err)
		} else {
			t.Errorf("%v", err)
		}
	}
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.IntegrityCheck(t.Context()); err != nil {
		t.Fatal(err)
	}
	page, err := s.ListRequests(backend.RequestFilter{})
	if err != nil || page.Total != int64(2*rounds) {
		t.Errorf("%d requests after %d writes each from two loops (%v)", page.Total, rounds, err)
	}
}

// A schema newer than this version's is refused even while it is only in the WAL (a
// newer Privacy Desk has the file open and has not checkpointed yet).
func TestNewerSchemaInTheWALIsRefused(t *testing.T) {
	testpg.SQLiteOnly(t, "the write-ahead log")
	path := filepath.Join(t.TempDir(), "pd.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.db.Exec("PRAGMA wal_autocheckpoint = 0").Error; err != nil {
		t.Fatal(err)
	}
	if err := s.db.Exec("INSERT INTO schema_version(version, name, applied_at) VALUES (?, ?, ?)", len(migrations())+1, "from the future", "2030-01-01T00:00:00Z").Error; err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path + "-wal"); err != nil {
		t.Fatalf("no WAL: %v", err)
	}
	if _, err := Open(path); err == nil || !strings.Contains(err.Error(), "newer version") {
		t.Fatalf("opened a database a newer version wrote (still in the WAL): %v", err)
	}
}
