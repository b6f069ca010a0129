package dbfile

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// files reads every regular file under dir into name -> content ("" names dir itself
// when it is a file); nil when dir does not exist.
func files(t *testing.T, dir string) map[string]string {
	t.Helper()
	if !exists(dir) {
		return nil
	}
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func write(t *testing.T, p, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

// restoreSetup is a data folder with a database, its WAL and two attachments, and a
// restore staged beside it; it returns the plan.
func restoreSetup(t *testing.T, dir, tag string) Plan {
	t.Helper()
	db := filepath.Join(dir, "pd #1.db")
	if !exists(db) {
		write(t, db, "OLD-DB")
		write(t, db+"-wal", "OLD-WAL")
		write(t, filepath.Join(dir, "attachments", "1", "a.pdf"), "old a")
		write(t, filepath.Join(dir, "attachments", "2", "b.pdf"), "old b")
	}
	dbPattern, attPattern := StagingPatterns(db)
	work, err := os.MkdirTemp(dir, dbPattern)
	if err != nil {
		t.Fatal(err)
	}
	att, err := os.MkdirTemp(dir, attPattern)
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(work, "database.sqlite"), "NEW-DB"+tag)
	write(t, filepath.Join(att, "1", "a.pdf"), "new a"+tag)
	write(t, filepath.Join(att, "3", "c.pdf"), "new c"+tag)
	return Plan{DBPath: db, AttachmentsDir: filepath.Join(dir, "attachments"), StagedDB: filepath.Join(work, "database.sqlite"),
		StagedAttachments: att, Source: "monday.pdbackup", Staging: []string{work, att}}
}

var (
	oldAttachments = map[string]string{"1/a.pdf": "old a", "2/b.pdf": "old b"}
	newAttachments = map[string]string{"1/a.pdf": "new a", "3/c.pdf": "new c"}
)

func withStep(t *testing.T, f func(string) error) {
	t.Helper()
	prev := afterStep
	afterStep = f
	t.Cleanup(func() { afterStep = prev })
}

var errCrash = errors.New("crash")

// A restore stopped after each step of its journal, as a crash would stop it, is
// settled by the next open: the old data or the new, complete (database, its WAL and
// the attachments), the old kept aside when the new is in place, the journal and the
// staging folders gone, and a sentence for the user.
func TestRestoreCrashAtEveryStepRecovers(t *testing.T) {
	var steps []string
	withStep(t, func(s string) error { steps = append(steps, s); return nil })
	if _, err := Replace(restoreSetup(t, t.TempDir(), "")); err != nil {
		t.Fatal(err)
	}
	if len(steps) != 7 { // journal, 3 aside, 2 in, done
		t.Fatalf("steps: %q", steps)
	}
	type tc struct {
		step      string
		loseStage bool // the staged files vanish before the restart: only undoing is possible
	}
	var cases []tc
	for _, s := range steps {
		cases = append(cases, tc{step: s})
	}
	cases = append(cases, tc{step: "journal", loseStage: true}, tc{step: steps[2], loseStage: true})
	for _, c := range cases {
		name := c.step
		if c.loseStage {
			name += " staged files lost"
		}
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			p := restoreSetup(t, dir, "")
			withStep(t, func(s string) error {
				if s == c.step {
					return errCrash
				}
				return nil
			})
			if _, err := Replace(p); !errors.Is(err, errCrash) {
				t.Fatalf("Replace: %v", err)
			}
			if c.loseStage {
				os.RemoveAll(filepath.Dir(p.StagedDB))
			}
			withStep(t, func(string) error { return nil })
			note, err := Recover(p.DBPath)
			if err != nil {
				t.Fatal(err)
			}
			db, _ := os.ReadFile(p.DBPath)
			atts := files(t, p.AttachmentsDir)
			aside, _ := SetAside(p.DBPath)
			switch string(db) {
			case "NEW-DB":
				if !reflect.DeepEqual(atts, newAttachments) || exists(p.DBPath+"-wal") {
					t.Errorf("new database with attachments %v (wal left: %v)", atts, exists(p.DBPath+"-wal"))
				}
				if len(aside) != 2 {
					t.Fatalf("set aside: %q", aside)
				}
				oldDB, _ := os.ReadFile(aside[1])
				oldWAL, _ := os.ReadFile(aside[1] + "-wal")
				if string(oldDB) != "OLD-DB" || string(oldWAL) != "OLD-WAL" || !reflect.DeepEqual(files(t, aside[0]), oldAttachments) {
					t.Errorf("the previous data was not kept whole: %q %q %v", oldDB, oldWAL, files(t, aside[0]))
				}
				if c.step != "done" && !strings.Contains(note, "finished") {
					t.Errorf("note: %q", note)
				}
			case "OLD-DB":
				wal, _ := os.ReadFile(p.DBPath + "-wal")
				if !reflect.DeepEqual(atts, oldAttachments) || string(wal) != "OLD-WAL" || len(aside) != 0 {
					t.Errorf("old database with attachments %v, wal %q, aside %q", atts, wal, aside)
				}
				if !strings.Contains(note, "undone") {
					t.Errorf("note: %q", note)
				}
				if !c.loseStage {
					t.Errorf("undone although the staged files were all there")
				}
			default:
				t.Fatalf("database after recovery: %q", db)
			}
			if Pending(p.DBPath) {
				t.Error("the journal is still there")
			}
			for _, s := range p.Staging {
				if exists(s) {
					t.Errorf("staging folder left: %s", s)
				}
			}
		})
	}
}

// Two restores within the same second (the same instant even) each keep the data they
// replaced, under names that do not collide.
func TestTwoRestoresKeepBothSetAsideCopies(t *testing.T) {
	prev := now
	now = func() time.Time { return time.Date(2026, 12, 7, 6, 0, 0, 0, time.UTC) }
	t.Cleanup(func() { now = prev })
	dir := t.TempDir()
	first, err := Replace(restoreSetup(t, dir, "-1"))
	if err != nil {
		t.Fatal(err)
	}
	second, err := Replace(restoreSetup(t, dir, "-2"))
	if err != nil {
		t.Fatal(err)
	}
	all, err := SetAside(filepath.Join(dir, "pd #1.db"))
	if err != nil {
		t.Fatal(err)
	}
	if len(first) != 2 || len(second) != 2 || len(all) != 4 {
		t.Fatalf("first %q second %q all %q", first, second, all)
	}
	db1, _ := os.ReadFile(first[1])
	db2, _ := os.ReadFile(second[1])
	if string(db1) != "OLD-DB" || string(db2) != "NEW-DB-1" {
		t.Errorf("set-aside databases: %q %q", db1, db2)
	}
	if got := files(t, second[0]); got["3/c.pdf"] != "new c-1" {
		t.Errorf("second set-aside attachments: %v", got)
	}
}

// A journal cut short (written but not renamed into place never happens; a truncated
// one can only be a leftover) is removed without touching the files.
func TestRecoverIgnoresABrokenJournal(t *testing.T) {
	dir := t.TempDir()
	p := restoreSetup(t, dir, "")
	write(t, JournalPath(p.DBPath), `{"version":1,"aside":[{"from"`)
	note, err := Recover(p.DBPath)
	if err != nil || note != "" || Pending(p.DBPath) {
		t.Fatalf("%q %v pending=%v", note, err, Pending(p.DBPath))
	}
	if db, _ := os.ReadFile(p.DBPath); string(db) != "OLD-DB" {
		t.Errorf("database: %q", db)
	}
}

// Staging folders a restore killed before its journal left behind (copies of health
// data) are removed; those a pending journal names are kept for its recovery. A folder
// name with glob syntax is taken literally.
func TestRemoveStaleStaging(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "Practice [2] *?")
	p := restoreSetup(t, dir, "")
	other := filepath.Join(t.TempDir(), "elsewhere", ".privacydesk-restore-pd #1.db-1")
	write(t, filepath.Join(other, "database.sqlite"), "x")
	// Another database's restore in the same folder is not this one's to clean up.
	otherDB := filepath.Join(dir, ".privacydesk-restore-other.db-1")
	write(t, filepath.Join(otherDB, "database.sqlite"), "x")
	write(t, JournalPath(p.DBPath), "{}")
	RemoveStale(p.DBPath)
	for _, s := range p.Staging {
		if !exists(s) {
			t.Fatalf("removed %s while a journal is pending", s)
		}
	}
	os.Remove(JournalPath(p.DBPath))
	RemoveStale(p.DBPath)
	for _, s := range p.Staging {
		if exists(s) {
			t.Errorf("stale %s left", s)
		}
	}
	if db, _ := os.ReadFile(p.DBPath); string(db) != "OLD-DB" || !reflect.DeepEqual(files(t, p.AttachmentsDir), oldAttachments) || !exists(other) || !exists(otherDB) {
		t.Errorf("removed more than the staging folders")
	}
}

// The journal names the files relative to the database's folder: a data folder moved
// or renamed after the crash still recovers.
func TestRecoverAfterTheDataFolderMoved(t *testing.T) {
	root := t.TempDir()
	p := restoreSetup(t, filepath.Join(root, "before"), "")
	withStep(t, func(s string) error {
		if s == "aside pd #1.db" {
			return errCrash
		}
		return nil
	})
	if _, err := Replace(p); !errors.Is(err, errCrash) {
		t.Fatalf("Replace: %v", err)
	}
	if b, _ := os.ReadFile(JournalPath(p.DBPath)); strings.Contains(string(b), root) {
		t.Errorf("the journal holds absolute paths:\n%s", b)
	}
	moved := filepath.Join(root, "after")
	if err := os.Rename(filepath.Join(root, "before"), moved); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(moved, "pd #1.db")
	note, err := Recover(db)
	if err != nil || !strings.Contains(note, "finished") {
		t.Fatalf("%q %v", note, err)
	}
	if b, _ := os.ReadFile(db); string(b) != "NEW-DB" || !reflect.DeepEqual(files(t, filepath.Join(moved, "attachments")), newAttachments) {
		t.Errorf("after recovery: %q %v", b, files(t, filepath.Join(moved, "attachments")))
	}
}

// An encrypted database's keyring moves with it: a restore stopped after any step is
// settled with the database and the keyring from the same side, never the new database
// beside the old keys.
func TestRestoreMovesTheKeyringWithTheDatabase(t *testing.T) {
	withKeys := func(dir string) Plan {
		p := restoreSetup(t, dir, "")
		p.Keyring, p.StagedKeyring = p.DBPath+".keys", p.StagedDB+".keys"
		write(t, p.Keyring, "OLD-KEYS")
		write(t, p.StagedKeyring, "NEW-KEYS")
		return p
	}
	var steps []string
	withStep(t, func(s string) error { steps = append(steps, s); return nil })
	if _, err := Replace(withKeys(t.TempDir())); err != nil {
		t.Fatal(err)
	}
	if len(steps) != 9 { // journal, 4 aside, 3 in, done
		t.Fatalf("steps: %q", steps)
	}
	for _, step := range steps {
		t.Run(step, func(t *testing.T) {
			p := withKeys(t.TempDir())
			withStep(t, func(s string) error {
				if s == step {
					return errCrash
				}
				return nil
			})
			if _, err := Replace(p); !errors.Is(err, errCrash) {
				t.Fatalf("Replace: %v", err)
			}
			withStep(t, func(string) error { return nil })
			if _, err := Recover(p.DBPath); err != nil {
				t.Fatal(err)
			}
			db, _ := os.ReadFile(p.DBPath)
			keys, _ := os.ReadFile(p.Keyring)
			if want := map[string]string{"NEW-DB": "NEW-KEYS", "OLD-DB": "OLD-KEYS"}[string(db)]; string(keys) != want {
				t.Errorf("database %q beside keyring %q", db, keys)
			}
		})
	}
}
