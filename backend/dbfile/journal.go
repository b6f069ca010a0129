package dbfile

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"

	"privacydesk/backend"
)

// A restore replaces the database (with its -wal and -shm) and the attachments folder
// by renames, which the operating system does one at a time. Before the first rename
// the restore writes its journal, the whole list of renames, and syncs it; it removes
// the journal after the last. A crash in between leaves the journal, and the next open
// (Recover) reads it and either finishes the renames (when the staged new files are all
// there, the usual case) or undoes those that were done: the result is the old data or
// the new data, complete, never a mixture, and never an empty database.

// JournalPath is the restore journal of the database at dbPath.
func JournalPath(dbPath string) string { return dbPath + ".restore-journal.json" }

// asideMark is in the name of every set-aside copy: name.before-restore-STAMP.
const asideMark = ".before-restore-"

// move is one rename of the journal.
type move struct {
	From string `json:"from"`
	To   string `json:"to"`
}

type journal struct {
	Version int       `json:"version"`
	Source  string    `json:"source"` // the backup file, for the messages
	Started time.Time `json:"started"`
	// Aside moves the current files out of the way (the -wal and -shm first, so the
	// database is never left beside another database's journal); In moves the staged
	// ones into place (the database last).
	Aside []move `json:"aside"`
	In    []move `json:"in"`
	// Staging are the folders the new files were staged in, removed once settled.
	Staging []string `json:"staging"`
}

// Plan is a restore's replacement of the files: the staged database and attachments
// folder, checked and synced, go to DBPath and AttachmentsDir. Staged files must be on
// the same file system as their targets (in folders beside them), so each move is a
// rename.
type Plan struct {
	DBPath            string
	AttachmentsDir    string // "" when the attachments are left as they are
	StagedDB          string
	StagedAttachments string // required with AttachmentsDir
	// Keyring, when not "", is the encrypted database's keyring file, replaced by
	// StagedKeyring in the same journal: the database and the keys that open it never
	// part (a restore, the encryption of an old database).
	Keyring       string
	StagedKeyring string
	Source        string // the backup file
	// Staging are folders to remove once the restore is settled (they hold what was
	// staged and not moved in).
	Staging []string
}

// afterStep is called after each step of Replace; a test makes it return an error to
// stop there as a crash would (nothing after it runs, nothing is cleaned up).
var afterStep = func(step string) error { return nil }

// now is the clock of set-aside names; tests pin it.
var now = time.Now

// Replace carries out p under the journal and returns the set-aside copies (the
// previous database and attachments folder). The caller holds Exclusive. On an error
// the renames done so far are undone and nothing is restored; when even that fails the
// journal stays, and the next open settles it.
func Replace(p Plan) ([]string, error) {
	j, setAside := plan(p)
	if err := syncTree(p.StagedDB, p.StagedAttachments); err != nil {
		return nil, backend.Errorf(backend.EINVALID, "Cannot write the restored files to disk: %v. Nothing was restored.", err)
	}
	if err := writeJournal(p.DBPath, j); err != nil {
		os.Remove(JournalPath(p.DBPath))
		return nil, backend.Errorf(backend.EINVALID, "Cannot write the restore journal beside %s: %v. Nothing was restored.", p.DBPath, err)
	}
	if err := afterStep("journal"); err != nil {
		return nil, err
	}
	for i, m := range append(append([]move{}, j.Aside...), j.In...) {
		if err := os.Rename(m.From, m.To); err != nil {
			slog.Error("restore: rename failed, undoing", "from", m.From, "to", m.To, "err", err)
			if _, rerr := settle(p.DBPath, j, false); rerr != nil {
				return nil, backend.Errorf(backend.EINTERNAL, "The restore stopped (cannot move %s: %v) and could not be undone (%v). The next start of Privacy Desk finishes or undoes it.", m.From, err, rerr)
			}
			return nil, backend.Errorf(backend.EINVALID, "Cannot move %s to %s: %v. Nothing was restored; your data is as it was.", m.From, m.To, err)
		}
		step := "aside " + filepath.Base(m.From)
		if i >= len(j.Aside) {
			step = "in " + filepath.Base(m.To)
		}
		if err := afterStep(step); err != nil {
			return nil, err
		}
	}
	if err := finish(p.DBPath, j); err != nil {
		return setAside, err
	}
	if err := afterStep("done"); err != nil {
		return nil, err
	}
	return setAside, nil
}

// plan lists the renames of p: the set-aside names share one stamp, to the nanosecond,
// with a counter added when even that is taken, so no copy is ever overwritten.
func plan(p Plan) (*journal, []string) {
	j := &journal{Version: 1, Source: p.Source, Started: now().UTC(), Staging: p.Staging}
	base := asideMark + now().Format("20060102-150405.000000000")
	var suffix string
	for n := 1; ; n++ {
		suffix = base
		if n > 1 {
			suffix = fmt.Sprintf("%s-%d", base, n)
		}
		taken := false
		for _, s := range []string{"", "-wal", "-shm"} {
			taken = taken || exists(p.DBPath+suffix+s)
		}
		if p.AttachmentsDir != "" {
			taken = taken || exists(filepath.Clean(p.AttachmentsDir)+suffix)
		}
		if p.Keyring != "" {
			taken = taken || exists(p.Keyring+suffix)
		}
		if !taken {
			break
		}
	}
	var setAside []string
	for _, s := range []string{"-wal", "-shm", ""} {
		if exists(p.DBPath + s) {
			j.Aside = append(j.Aside, move{p.DBPath + s, p.DBPath + suffix + s})
			if s == "" {
				setAside = append(setAside, p.DBPath+suffix)
			}
		}
	}
	if p.AttachmentsDir != "" {
		dir := filepath.Clean(p.AttachmentsDir)
		if exists(dir) {
			j.Aside = append(j.Aside, move{dir, dir + suffix})
			setAside = append(setAside, dir+suffix)
		}
		j.In = append(j.In, move{p.StagedAttachments, dir})
	}
	if p.Keyring != "" {
		if exists(p.Keyring) {
			j.Aside = append(j.Aside, move{p.Keyring, p.Keyring + suffix})
		}
		j.In = append(j.In, move{p.StagedKeyring, p.Keyring})
	}
	j.In = append(j.In, move{p.StagedDB, p.DBPath})
	sort.Strings(setAside)
	return j, setAside
}

// StagingPatterns are the name patterns (os.MkdirTemp's) of the folders beside the
// database at dbPath that a restore unpacks the backup into: its database and its
// attachments. They carry the database's name, so another database in the same folder
// never touches them.
func StagingPatterns(dbPath string) (db, attachments string) {
	b := filepath.Base(dbPath)
	return ".privacydesk-restore-" + b + "-*", ".privacydesk-attachments-" + b + "-*"
}

// RemoveStale removes staging folders a restore left beside the database at dbPath when
// it was killed before writing its journal: they hold a copy of health data nobody
// will use. The caller holds the lock (shared or exclusive), so no restore of this
// database is running, and no journal may be pending.
func RemoveStale(dbPath string) {
	if Pending(dbPath) {
		return
	}
	dbPattern, attPattern := StagingPatterns(dbPath)
	for _, pattern := range []string{dbPattern, attPattern} {
		m, _ := filepath.Glob(filepath.Join(globQuote(filepath.Dir(dbPath)), globEscape(pattern)))
		for _, p := range m {
			if err := os.RemoveAll(p); err != nil {
				slog.Warn("stale restore folder not removed", "path", p, "err", err)
			}
		}
	}
}

// Pending reports whether an unfinished restore's journal is beside dbPath.
func Pending(dbPath string) bool { return exists(JournalPath(dbPath)) }

// Recover settles an unfinished restore of the database at dbPath, if its journal is
// there: it takes the exclusive lock, finishes the restore when the staged files are
// all there or else undoes it, and returns a sentence telling the user which; "" when
// there was nothing to do.
func Recover(dbPath string) (string, error) {
	if !Pending(dbPath) {
		return "", nil
	}
	l, ok, err := take(dbPath, true, sharedWait)
	if err != nil {
		return "", err
	}
	if !ok {
		// A restore is running in another process: its journal is not ours to settle.
		return "", backend.Errorf(backend.ECONFLICT, "A backup is being restored into %s by another Privacy Desk. Try again when it is done; nothing was changed.", filepath.Base(dbPath))
	}
	defer l.Release()
	return RecoverLocked(dbPath)
}

// RecoverLocked is Recover for a caller that holds the exclusive lock already.
func RecoverLocked(dbPath string) (string, error) {
	b, err := os.ReadFile(JournalPath(dbPath))
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", backend.Errorf(backend.EINVALID, "Cannot read the restore journal %s: %v. Nothing was changed.", JournalPath(dbPath), err)
	}
	var j journal
	if err := json.Unmarshal(b, &j); err != nil {
		// A journal is written whole then renamed in: a broken one was never in force,
		// and no rename had started.
		slog.Error("restore journal unreadable, removed", "path", JournalPath(dbPath), "err", err)
		return "", os.Remove(JournalPath(dbPath))
	}
	j = j.resolvedIn(filepath.Dir(dbPath))
	forward, err := settle(dbPath, &j, true)
	if err != nil {
		return "", backend.Errorf(backend.EINTERNAL, "An interrupted restore of %s could not be settled: %v. The files are as the journal %s describes; nothing was deleted.", dbPath, err, JournalPath(dbPath))
	}
	src := filepath.Base(j.Source)
	if forward {
		var kept []string
		for _, m := range j.Aside {
			if !strings.HasSuffix(m.From, "-wal") && !strings.HasSuffix(m.From, "-shm") {
				kept = append(kept, m.To)
			}
		}
		msg := fmt.Sprintf("A restore of %s was interrupted and has now been finished: the backup's data is in place, complete.", src)
		if len(kept) > 0 {
			msg += " The previous data was kept as " + strings.Join(kept, " and ") + "."
		}
		slog.Warn("interrupted restore finished", "db", dbPath, "source", j.Source)
		return msg, nil
	}
	slog.Warn("interrupted restore undone", "db", dbPath, "source", j.Source)
	return fmt.Sprintf("A restore of %s was interrupted before its files were all in place and has been undone: your data is as it was before it.", src), nil
}

// settle finishes j (forward, when every staged file is still there or moved in) or
// undoes it, then removes the journal and the staging folders. It reports whether it
// went forward.
func settle(dbPath string, j *journal, preferForward bool) (bool, error) {
	forward := preferForward
	for _, m := range j.In {
		if !exists(m.From) && !j.movedIn(m) {
			forward = false
		}
	}
	if forward {
		for _, m := range j.Aside {
			if exists(m.To) || !exists(m.From) {
				continue // set aside before the crash (the names are unique), or nothing was there
			}
			if err := os.Rename(m.From, m.To); err != nil {
				return false, err
			}
		}
		for _, m := range j.In {
			if !exists(m.From) {
				continue // moved in before the crash
			}
			if exists(m.To) {
				return false, fmt.Errorf("%s is in the way of %s", m.To, m.From)
			}
			if err := os.Rename(m.From, m.To); err != nil {
				return false, err
			}
		}
	} else {
		for i := len(j.In) - 1; i >= 0; i-- {
			if m := j.In[i]; j.movedIn(m) {
				if err := os.Rename(m.To, m.From); err != nil {
					return false, err
				}
			}
		}
		for i := len(j.Aside) - 1; i >= 0; i-- {
			m := j.Aside[i]
			if exists(m.To) && !exists(m.From) {
				if err := os.Rename(m.To, m.From); err != nil {
					return false, err
				}
			}
		}
	}
	return forward, finish(dbPath, j)
}

// movedIn reports whether the staged file of m is in place already: it left its
// staging place, and what was at its target before went aside (so what is there now is
// the new file, not the old one).
func (j *journal) movedIn(m move) bool {
	if exists(m.From) || !exists(m.To) {
		return false
	}
	for _, a := range j.Aside {
		if a.From == m.To {
			return exists(a.To)
		}
	}
	return true
}

// relativeTo is j with the paths inside dir written relative to it, so a data folder
// moved or renamed after a crash (or reached by another drive letter) still recovers.
func (j *journal) relativeTo(dir string) *journal {
	c := *j
	rel := func(p string) string {
		if r, err := filepath.Rel(dir, p); err == nil && r != ".." && !strings.HasPrefix(r, ".."+string(filepath.Separator)) {
			return r
		}
		return p
	}
	c.Aside, c.In, c.Staging = mapMoves(j.Aside, rel), mapMoves(j.In, rel), mapPaths(j.Staging, rel)
	return &c
}

// resolvedIn is j with its relative paths taken inside dir.
func (j journal) resolvedIn(dir string) journal {
	abs := func(p string) string {
		if filepath.IsAbs(p) {
			return p
		}
		return filepath.Join(dir, p)
	}
	j.Aside, j.In, j.Staging = mapMoves(j.Aside, abs), mapMoves(j.In, abs), mapPaths(j.Staging, abs)
	return j
}

func mapMoves(ms []move, f func(string) string) []move {
	out := make([]move, len(ms))
	for i, m := range ms {
		out[i] = move{From: f(m.From), To: f(m.To)}
	}
	return out
}

func mapPaths(ps []string, f func(string) string) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = f(p)
	}
	return out
}

// finish syncs the renames, removes the journal and what is left of the staging.
func finish(dbPath string, j *journal) error {
	dir := filepath.Dir(dbPath)
	if err := syncDir(dir); err != nil {
		return err
	}
	if err := os.Remove(JournalPath(dbPath)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := syncDir(dir); err != nil {
		return err
	}
	for _, s := range j.Staging {
		os.RemoveAll(s)
	}
	return nil
}

// writeJournal writes j beside dbPath: whole into a temporary file, synced, renamed
// into place, the folder synced.
func writeJournal(dbPath string, j *journal) error {
	b, err := json.MarshalIndent(j.relativeTo(filepath.Dir(dbPath)), "", "  ")
	if err != nil {
		return err
	}
	tmp := JournalPath(dbPath) + ".tmp"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, JournalPath(dbPath)); err != nil {
		return err
	}
	return syncDir(filepath.Dir(dbPath))
}

// syncTree syncs the staged database's folder and every folder of the staged
// attachments, so the files written into them are reachable after a power cut.
func syncTree(stagedDB, stagedAttachments string) error {
	if err := syncDir(filepath.Dir(stagedDB)); err != nil {
		return err
	}
	if stagedAttachments == "" {
		return nil
	}
	return filepath.WalkDir(stagedAttachments, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		return syncDir(p)
	})
}

// syncDir makes the folder's entries durable. Windows has no such call (NTFS journals
// its metadata).
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

func exists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}

// SetAside lists the copies restores set aside beside the database at dbPath (the
// previous databases and attachments folders), oldest first. They are never removed by
// Privacy Desk.
func SetAside(dbPath string) ([]string, error) {
	var out []string
	for _, pattern := range []string{dbPath + asideMark + "*", filepath.Join(filepath.Dir(dbPath), "attachments") + asideMark + "*"} {
		m, err := filepath.Glob(globEscape(pattern))
		if err != nil {
			return nil, err
		}
		for _, p := range m {
			if !strings.HasSuffix(p, "-wal") && !strings.HasSuffix(p, "-shm") {
				out = append(out, p)
			}
		}
	}
	stamp := func(p string) string { return p[strings.LastIndex(p, asideMark):] }
	sort.Slice(out, func(a, b int) bool {
		if sa, sb := stamp(out[a]), stamp(out[b]); sa != sb {
			return sa < sb
		}
		return out[a] < out[b]
	})
	return out, nil
}

// globEscape escapes the glob syntax in pattern's literal part (everything before its
// final "*"): a data folder may well be called "Practice [2]".
func globEscape(pattern string) string {
	return globQuote(strings.TrimSuffix(pattern, "*")) + "*"
}

// globQuote is lit with its glob syntax escaped.
func globQuote(lit string) string {
	if runtime.GOOS != "windows" {
		return strings.NewReplacer(`\`, `\\`, "*", `\*`, "?", `\?`, "[", `\[`).Replace(lit)
	}
	// Windows' separator is the backslash, so filepath.Match has no escape: a character
	// class of one character stands for it.
	return strings.NewReplacer("*", "[*]", "?", "[?]", "[", "[[]").Replace(lit)
}
