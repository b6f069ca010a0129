package crash

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"privacydesk/backend"
	"privacydesk/backend/accounts"
	"privacydesk/backend/dbfile"
	"privacydesk/backend/keyring"
	"privacydesk/backend/signin"
	"privacydesk/backend/storage"
)

// cliBinary is CRASH_CLI, or privacydesk-cli built into the test's folder.
func cliBinary(t *testing.T) string {
	if p := os.Getenv("CRASH_CLI"); p != "" {
		abs, err := filepath.Abs(p)
		if err != nil {
			t.Fatal(err)
		}
		return abs
	}
	bin := filepath.Join(t.TempDir(), "privacydesk-cli")
	out, err := exec.Command("go", "build", "-o", bin, "privacydesk/app/cmd/privacydesk-cli").CombinedOutput()
	if err != nil {
		t.Fatalf("building privacydesk-cli: %v\n%s", err, out)
	}
	return bin
}

// run is one finished or killed command.
type run struct {
	code           int // -1 when killed
	stdout, stderr string
	elapsed        time.Duration
}

func (r run) killed() bool { return r.code == -1 }

type harness struct {
	t    *testing.T
	bin  string
	dir  string
	db   string
	rng  *rand.Rand
	kill map[string]time.Duration // per operation: the longest run seen, the window kills fall in
	// acked are the requests whose writes the command line acknowledged; they must
	// all be in the database.
	acked   map[string]bool
	backups []backupFile
	stats   map[string]int
	key     string // the practice's recovery key file
}

type backupFile struct {
	path  string
	acked map[string]bool
}

// exec runs the CLI on db with args and kills it after killAfter (0: never).
func (h *harness) exec(db string, killAfter time.Duration, args ...string) run {
	h.t.Helper()
	cmd := exec.Command(h.bin, append([]string{"--db", db}, args...)...)
	cmd.Env = append(os.Environ(), "TZ=Pacific/Kiritimati", "PRIVACYDESK_USER="+testUser, "PRIVACYDESK_PASSPHRASE="+testPassphrase)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	if err := cmd.Start(); err != nil {
		h.t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var timer <-chan time.Time
	if killAfter > 0 {
		timer = time.After(killAfter)
	}
	select {
	case <-done:
	case <-timer:
		cmd.Process.Kill() // SIGKILL
		<-done
		if !cmd.ProcessState.Exited() {
			return run{code: -1, stdout: out.String(), stderr: errb.String(), elapsed: time.Since(start)}
		}
	case <-time.After(2 * time.Minute):
		cmd.Process.Kill()
		<-done
		h.t.Fatalf("%v did not end in 2 minutes", args)
	}
	return run{code: cmd.ProcessState.ExitCode(), stdout: out.String(), stderr: errb.String(), elapsed: time.Since(start)}
}

// killed runs op's command and kills it at a random moment up to a little longer than
// the longest run of op so far (so most kills land inside it and some runs finish).
// The first run of each operation is not killed: it measures how long op takes.
func (h *harness) killed(op, db string, args ...string) run {
	var after time.Duration
	if window := h.kill[op] * 13 / 10; window > 0 {
		after = time.Duration(1 + h.rng.Int64N(int64(window)))
	}
	r := h.exec(db, after, args...)
	if r.killed() {
		h.stats[op+" killed"]++
	} else {
		h.stats[op+" finished"]++
		if r.elapsed > h.kill[op] {
			h.kill[op] = r.elapsed
		}
	}
	return r
}

// must runs a command that is not killed and must succeed.
func (h *harness) must(db string, args ...string) run {
	h.t.Helper()
	r := h.exec(db, 0, args...)
	if r.code != 0 {
		h.t.Fatalf("%v: exit %d\n%s%s", args, r.code, r.stdout, r.stderr)
	}
	return r
}

// The account every command signs in as; the first command on a new database makes it
// the first administrator (the scripts and the e2e harness use the same two values).
const (
	testUser       = "Test Administrator"
	testPassphrase = "correct horse battery staple"
)

// verify checks db: integrity, the audit chain, and (for the practice's database)
// every acknowledged write. A command killed before it made the first administrator
// of a new database left no account, so nobody can sign in: then it holds no data.
func (h *harness) verify(db string, acked map[string]bool) map[string]bool {
	h.t.Helper()
	st, err := signin.Check(context.Background(), db)
	if err != nil {
		h.t.Fatal(err)
	}
	if st == signin.StatusReady && keyring.Exists(db) {
		// A demo killed after it wrote the new database's keyring, before the first
		// administrator had its key in it: nobody can sign in, so it holds no data
		// anyone acknowledged.
		if f, err := keyring.Load(db); err == nil && !f.Has(testUser) {
			if len(acked) > 0 {
				h.t.Fatalf("%s has no key for %s but holds acknowledged data", db, testUser)
			}
			h.stats["killed before the first administrator"]++
			return map[string]bool{}
		}
	}
	if st != signin.StatusReady {
		if len(acked) > 0 || (st == signin.StatusNoAccounts && len(names(h.t, db)) > 0) {
			h.t.Fatalf("%s has no staff accounts (%s) but holds data", db, st)
		}
		h.stats["killed before the first administrator"]++
		return map[string]bool{}
	}
	r := h.must(db, "check")
	if strings.Contains(r.stderr, "interrupted") {
		h.stats["restores settled at the next start"]++
	}
	h.must(db, "audit", "verify")
	present := names(h.t, db)
	// A killed restore's unpacked copy (health data) does not outlive the next open.
	dbPattern, attPattern := dbfile.StagingPatterns(db)
	for _, pattern := range []string{dbPattern, attPattern} {
		if m, _ := filepath.Glob(filepath.Join(filepath.Dir(db), pattern)); len(m) > 0 {
			h.t.Fatalf("restore staging left after the next open: %v", m)
		}
	}
	for n := range acked {
		if !present[n] {
			h.t.Fatalf("acknowledged write lost: %q is not in %s", n, db)
		}
	}
	return present
}

// names are the requesters' names in db.
func names(t *testing.T, db string) map[string]bool {
	t.Helper()
	s := openAsTestUser(t, db)
	defer s.Close()
	out := map[string]bool{}
	err := s.EachRequest(backend.RequestFilter{}, func(r backend.Request) error {
		out[r.Requester.Name] = true
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// openAsTestUser opens the database at db with the data key unwrapped from its keyring
// with the test account's passphrase, as a sign-in does, but recording nothing (a
// database from before encryption opens without a key); the key is forgotten again at
// the end of the test, so every command signs in for itself.
func openAsTestUser(t *testing.T, db string) *storage.Store {
	t.Helper()
	var key []byte
	if keyring.Exists(db) {
		f, err := keyring.Load(db)
		if err != nil {
			t.Fatal(err)
		}
		if key, err = f.Unwrap(testUser, testPassphrase, accounts.DefaultParams.KeyParams()); err != nil {
			t.Fatalf("%s: the test account's key: %v", db, err)
		}
	}
	s, err := storage.OpenKeyed(db, key)
	if err != nil {
		t.Fatal(err)
	}
	if abs, err := filepath.Abs(db); err == nil {
		t.Cleanup(func() { storage.Forget(abs) })
	}
	return s
}

func clone(m map[string]bool) map[string]bool {
	c := make(map[string]bool, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

var reference = regexp.MustCompile(`(?m)^[A-Z0-9][A-Z0-9-]{3,}\s*$`)

func (h *harness) add(i int) {
	name := fmt.Sprintf("Crash Add %d", i)
	r := h.killed("add", h.db, "request", "add", "--name", name, "--email", fmt.Sprintf("add%d@example.org", i),
		"--regime", "gdpr", "--right", "access", "--received", "2026-03-02")
	if r.code == 0 && reference.MatchString(r.stdout) {
		h.acked[name] = true
		h.stats["acknowledged writes"]++
	} else if !r.killed() {
		h.t.Fatalf("request add: exit %d %q %q", r.code, r.stdout, r.stderr)
	}
	h.verify(h.db, h.acked)
}

func (h *harness) importCSV(i int) {
	const rows = 10
	var b strings.Builder
	b.WriteString("Name,Email,Received,Regime,Rights\n")
	for k := 0; k < rows; k++ {
		fmt.Fprintf(&b, "Crash Import %d-%d,imp%d-%d@example.org,2026-03-02,gdpr,access\n", i, k, i, k)
	}
	csv := filepath.Join(h.dir, fmt.Sprintf("import-%d.csv", i))
	if err := os.WriteFile(csv, []byte(b.String()), 0o600); err != nil {
		h.t.Fatal(err)
	}
	r := h.killed("import", h.db, "import", "requests", csv)
	if r.code == 0 && strings.Contains(r.stdout, fmt.Sprintf("Imported %d requests", rows)) {
		for k := 0; k < rows; k++ {
			h.acked[fmt.Sprintf("Crash Import %d-%d", i, k)] = true
		}
		h.stats["acknowledged writes"] += rows
	} else if !r.killed() {
		h.t.Fatalf("import: exit %d %q %q", r.code, r.stdout, r.stderr)
	}
	present := h.verify(h.db, h.acked)
	n := 0
	for k := 0; k < rows; k++ {
		if present[fmt.Sprintf("Crash Import %d-%d", i, k)] {
			n++
		}
	}
	if n != 0 && n != rows {
		h.t.Fatalf("import half written: %d of %d rows", n, rows)
	}
}

// demo loads the example practice into a database of its own.
func (h *harness) demo(i int) {
	db := filepath.Join(h.dir, fmt.Sprintf("demo-%d", i), "pd.db")
	r := h.killed("demo", db, "demo", "--requests", "30")
	if !r.killed() && r.code != 0 {
		h.t.Fatalf("demo: exit %d %q %q", r.code, r.stdout, r.stderr)
	}
	h.verify(db, nil)
}

func (h *harness) backup(i int) {
	out := filepath.Join(h.dir, "backups", fmt.Sprintf("b-%d.pdbackup", i))
	acked := clone(h.acked)
	r := h.killed("backup", h.db, "backup", "--out", out)
	if !r.killed() && r.code != 0 {
		h.t.Fatalf("backup: exit %d %q %q", r.code, r.stdout, r.stderr)
	}
	_, err := os.Stat(out)
	switch {
	case r.code == 0 || err == nil:
		// Written whole or not at all: a file that is there checks out.
		h.must(h.db, "restore", out, "--key", h.key, "--check")
		h.backups = append(h.backups, backupFile{path: out, acked: acked})
	case r.killed() && err != nil:
	default:
		h.t.Fatalf("backup said done but %s: %v", out, err)
	}
	h.verify(h.db, h.acked)
}

// restore puts an earlier backup back, with a write acknowledged after the backup so
// the old data and the backup's can be told apart: afterwards the database holds one
// or the other, complete.
func (h *harness) restore(i int) {
	if len(h.backups) == 0 {
		h.backup(i)
		return
	}
	b := h.backups[h.rng.IntN(len(h.backups))]
	marker := fmt.Sprintf("Crash Marker %d", i)
	h.must(h.db, "request", "add", "--name", marker, "--email", fmt.Sprintf("m%d@example.org", i), "--regime", "gdpr", "--right", "access", "--received", "2026-03-02")
	h.acked[marker] = true
	h.stats["acknowledged writes"]++
	r := h.killed("restore", h.db, "restore", b.path, "--key", h.key)
	if !r.killed() && r.code != 0 {
		h.t.Fatalf("restore: exit %d %q %q", r.code, r.stdout, r.stderr)
	}
	if c := h.must(h.db, "check"); strings.Contains(c.stderr, "interrupted") { // settles an interrupted restore
		h.stats["restores settled at the next start"]++
	}
	present := names(h.t, h.db)
	old := true
	for n := range h.acked {
		old = old && present[n]
	}
	switch {
	case old && r.code == 0:
		h.t.Fatalf("restore said done, but the old data is still there")
	case old:
		h.stats["restores: old data kept"]++
	default:
		h.stats["restores: backup's data in place"]++
		h.acked = clone(b.acked)
	}
	h.verify(h.db, h.acked)
}

// TestCrashWritePaths kills the command line's write paths at random moments CRASH_N
// times and checks that nothing acknowledged is lost and nothing is damaged.
func TestCrashWritePaths(t *testing.T) {
	n, err := strconv.Atoi(os.Getenv("CRASH_N"))
	if err != nil || n <= 0 {
		t.Skip("set CRASH_N (make crash) to run the crash harness")
	}
	seed := uint64(time.Now().UnixNano())
	if s, err := strconv.ParseUint(os.Getenv("CRASH_SEED"), 10, 64); err == nil {
		seed = s
	}
	t.Logf("CRASH_SEED=%d CRASH_N=%d", seed, n)
	dir := t.TempDir()
	h := &harness{t: t, bin: cliBinary(t), dir: dir, db: filepath.Join(dir, "data", "pd.db"), rng: rand.New(rand.NewPCG(seed, seed)),
		kill: map[string]time.Duration{}, acked: map[string]bool{}, stats: map[string]int{}}
	// The practice's recovery key, made with its database: the backups without a
	// passphrase are encrypted to it, and restore with it.
	h.key = filepath.Join(dir, "recovery-key.txt")
	h.must(h.db, "--recovery-key-out", h.key, "demo", "--requests", "20")
	ops := []func(int){h.add, h.importCSV, h.demo, h.backup, h.restore}
	for i := 0; i < n; i++ {
		if err := context.Cause(t.Context()); err != nil {
			t.Fatal(err)
		}
		ops[h.rng.IntN(len(ops))](i)
	}
	t.Logf("%d runs: %v", n, h.stats)
}
