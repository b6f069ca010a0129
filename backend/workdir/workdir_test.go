package workdir

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

const prefix = "privacydesk-package"

// holdEnv names the folder TestHoldWorkDir makes its work folder in, when the test binary
// runs as another process's work in progress.
const holdEnv = "PRIVACYDESK_TEST_WORKDIR_HOLD"

// TestHoldWorkDir is not a test of its own: run by TestRemoveLeftoversSparesWorkInProgress
// as a second process, it makes a work folder, prints its path and holds it until its
// standard input closes.
func TestHoldWorkDir(t *testing.T) {
	base := os.Getenv(holdEnv)
	if base == "" {
		t.Skip("the other process of TestRemoveLeftoversSparesWorkInProgress")
	}
	d, err := New(base, prefix)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(d.Path, "scan.pdf"), []byte("%PDF"), 0o600); err != nil {
		t.Fatal(err)
	}
	os.Stdout.WriteString(d.Path + "\n")
	bufio.NewReader(os.Stdin).ReadString('\n')
	if err := d.Remove(); err != nil {
		t.Fatal(err)
	}
}

// A crash leaves decrypted copies behind; the next start removes them, and only them:
// another process's work in progress (however old its folder), this process's own, a
// folder made a moment ago, and anything not named like a work folder stay.
func TestRemoveLeftoversSparesWorkInProgress(t *testing.T) {
	base := t.TempDir()
	now := time.Now()
	old := now.Add(-2 * time.Hour)
	age := func(p string, at time.Time) {
		t.Helper()
		if err := os.Chtimes(p, at, at); err != nil {
			t.Fatal(err)
		}
	}
	exists := func(p string) bool { _, err := os.Stat(p); return err == nil }

	// What a crashed run left: a folder with its lock file (free now) and a copy.
	crashed, err := New(base, prefix)
	if err != nil {
		t.Fatal(err)
	}
	copyPath := filepath.Join(crashed.Path, "0", "letter.pdf")
	os.MkdirAll(filepath.Dir(copyPath), 0o700)
	if err := os.WriteFile(copyPath, []byte("%PDF"), 0o600); err != nil {
		t.Fatal(err)
	}
	crashed.lock.Close() // the process ended without removing it
	age(crashed.Path, old)
	// Left by a version that made no lock file.
	unlocked := filepath.Join(base, prefix+"-12345")
	os.Mkdir(unlocked, 0o700)
	age(unlocked, old)

	// Another process's package, under way.
	cmd := exec.Command(os.Args[0], "-test.run=^TestHoldWorkDir$")
	cmd.Env = append(os.Environ(), holdEnv+"="+base)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("the other process: %v", err)
	}
	other := strings.TrimSpace(line)
	if !strings.HasPrefix(other, filepath.Join(base, prefix+"-")) {
		t.Fatalf("the other process's folder %q", other)
	}
	age(other, old)

	// This process's own, and one made a moment ago (not yet locked).
	mine, err := New(base, prefix)
	if err != nil {
		t.Fatal(err)
	}
	defer mine.Remove()
	age(mine.Path, old)
	young := filepath.Join(base, prefix+"-67890")
	os.Mkdir(young, 0o700)
	unrelated := filepath.Join(base, "privacydesk-open-1")
	os.Mkdir(unrelated, 0o700)
	age(unrelated, old)

	removed, err := RemoveLeftovers(base, prefix, now)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{crashed.Path, unlocked}; !reflect.DeepEqual(removed, want) && !reflect.DeepEqual(removed, []string{unlocked, crashed.Path}) {
		t.Errorf("removed %q, want %q", removed, want)
	}
	if exists(crashed.Path) || exists(unlocked) {
		t.Error("a crashed run's copies are still there")
	}
	if !exists(filepath.Join(other, "scan.pdf")) {
		t.Error("another process's package under way was removed")
	}
	if !exists(mine.Path) || !exists(young) || !exists(unrelated) {
		t.Errorf("removed what it must not: own %v, young %v, unrelated %v", exists(mine.Path), exists(young), exists(unrelated))
	}

	// The other process ends its work: its folder goes with it.
	stdin.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("the other process: %v", err)
	}
	if exists(other) {
		t.Error("the other process's folder outlived its work")
	}
}

// A work folder is private: only its owner may read the copies in it.
func TestNewIsPrivate(t *testing.T) {
	d, err := New(t.TempDir(), prefix)
	if err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(d.Path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o700 && os.PathSeparator == '/' {
		t.Errorf("mode %v, want 0700", perm)
	}
	if !strings.HasPrefix(filepath.Base(d.Path), prefix+"-") {
		t.Errorf("name %s", d.Path)
	}
	if err := d.Remove(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(d.Path); !os.IsNotExist(err) {
		t.Errorf("still there after Remove: %v", err)
	}
}
