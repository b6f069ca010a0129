package signin

import (
	"bytes"
	"context"
	"database/sql"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"privacydesk/backend"
	"privacydesk/backend/backup"
	"privacydesk/backend/correspondence"
	"privacydesk/backend/demo"
	"privacydesk/backend/letters"
	"privacydesk/backend/reporting"
	"privacydesk/internal/testpg"
)

// A copy of the data folder shows no requester's name or email: after the example
// practice, letters, an attachment, an export and a letter's copy aimed at the data
// folder (refused there), and a backup, no file in it (the database with its -wal and
// -shm, the keyring, the backups, the log) holds a requester's name or email, and
// SQLite without the key cannot read the database.
func TestNoPlaintextPHIInTheDataFolder(t *testing.T) {
	testpg.SQLiteOnly(t, "the database file, its WAL and its keyring in the data folder")
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "PrivacyDesk")
	path := filepath.Join(dir, "privacydesk.db")
	// The log, as the app writes it, in the data folder.
	if err := os.MkdirAll(filepath.Join(dir, "logs"), 0o700); err != nil {
		t.Fatal(err)
	}
	logFile, err := os.OpenFile(filepath.Join(dir, "logs", "privacydesk.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer logFile.Close()
	defer slog.SetDefault(slog.Default())
	slog.SetDefault(slog.New(slog.NewTextHandler(logFile, &slog.HandlerOptions{Level: slog.LevelDebug})))

	clock := func() time.Time { return time.Date(2026, 3, 2, 15, 4, 5, 0, time.UTC) }
	s, _, err := Create(ctx, path, "Ana Office", "correct horse battery", Options{Cost: cheap, Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := demo.Load(s, demo.Options{Requests: 60, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	page, err := s.ListRequests(backend.RequestFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	var secrets []string
	for _, r := range page.Items[:8] {
		secrets = append(secrets, r.Requester.Name, r.Requester.Email)
	}
	ref := page.Items[0].Reference
	outside := t.TempDir()

	c := correspondence.New(s)
	l, err := c.CreateLetter(ctx, correspondence.LetterInput{RequestRef: ref, Kind: letters.KindAcknowledgment, AcceptWarnings: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.SaveCopy(ctx, l.ID, filepath.Join(dir, "letter.pdf")); backend.ErrorField(err) != "path" {
		t.Errorf("a letter's copy into the data folder: %v; want refused on path", err)
	}
	if err := c.SaveCopy(ctx, l.ID, filepath.Join(outside, "letter.pdf")); err != nil {
		t.Errorf("a letter's copy outside the data folder: %v", err)
	}
	id := filepath.Join(outside, "id-copy.txt")
	os.WriteFile(id, []byte("Passport of "+page.Items[0].Requester.Name+" <"+page.Items[0].Requester.Email+">"), 0o600)
	if _, err := s.AddRequestAttachment(ref, id, "ID copy"); err != nil {
		t.Fatal(err)
	}
	rep := reporting.New(s)
	if _, err := rep.Export(ctx, reporting.ExportRequest{Kind: "requests", Format: "csv", Out: filepath.Join(dir, "requests.csv")}, nil); backend.ErrorField(err) != "out" {
		t.Errorf("an export into the data folder: %v; want refused on out", err)
	}
	if _, err := rep.Export(ctx, reporting.ExportRequest{Kind: "requests", Format: "csv", Out: filepath.Join(outside, "requests.csv")}, nil); err != nil {
		t.Errorf("an export outside the data folder: %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(outside, "requests.csv")); !bytes.Contains(b, []byte(secrets[0])) {
		t.Fatalf("the scan would not see a name: the export outside does not hold %q", secrets[0])
	}
	if _, err := backup.New(s, "test").Backup(ctx, filepath.Join(dir, "backups", "b"+backup.Extension), "", nil); err != nil {
		t.Fatal(err)
	}

	scan := func(when string) {
		n := 0
		filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			n++
			b, err := os.ReadFile(p)
			if err != nil {
				t.Errorf("%s: %v", p, err)
				return nil
			}
			for _, w := range secrets {
				if bytes.Contains(b, []byte(w)) || bytes.Contains(bytes.ToLower(b), []byte(strings.ToLower(w))) {
					t.Errorf("%s: %s shows %q", when, p, w)
				}
			}
			return nil
		})
		if n < 4 {
			t.Errorf("%s: only %d files scanned", when, n)
		}
	}
	// Open: the -wal and -shm are there.
	if _, err := os.Stat(path + "-wal"); err != nil {
		t.Fatalf("no WAL to scan: %v", err)
	}
	scan("open")
	s.Close()
	scan("closed")

	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow("SELECT count(*) FROM sqlite_master").Scan(&n); err == nil {
		t.Errorf("SQLite without the key read the database: %d objects", n)
	}
}
