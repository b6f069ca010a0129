package command

import (
	"archive/zip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"privacydesk/backend/workdir"
	"privacydesk/internal/testpg"
)

func TestPackageCommand(t *testing.T) {
	dir := t.TempDir()
	// The data folder is a folder of its own: what the commands write goes outside it.
	db := testpg.Location(t, filepath.Join(dir, "data", "pd.db"))
	if code, _, errs := runArgs(t, "--db", db, "demo"); code != 0 {
		t.Fatalf("demo: %s", errs)
	}
	code, ref, errs := runArgs(t, "--db", db, "request", "add", "--name", "Zoë O'Brien-Núñez", "--email", "zoe@example.com",
		"--regime", "ccpa", "--right", "access", "--received", "2026-11-20")
	if code != 0 {
		t.Fatalf("request add: %d %s", code, errs)
	}
	ref = strings.TrimSpace(ref)
	out := filepath.Join(dir, "package.zip")

	// Without a cover letter the package is refused, naming why, and no file is left.
	code, _, errs = runArgs(t, "--db", db, "package", "--request", ref, "--out", out)
	if code != 1 || !strings.Contains(errs, "reference") {
		t.Errorf("without a cover letter: exit %d, %q", code, errs)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a refused package left a file")
	}
	if code, _, errs := runArgs(t, "--db", db, "package", "--request", ref); code != 2 || !strings.Contains(errs, "--out") {
		t.Errorf("missing --out: exit %d, %q", code, errs)
	}

	if code, _, errs := runArgs(t, "--db", db, "letter", "--request", ref, "--kind", "access-response", "--out", filepath.Join(dir, "cover.pdf")); code != 0 {
		t.Fatalf("letter: %s", errs)
	}
	code, stdout, errs := runArgs(t, "--db", db, "package", "--request", ref, "--out", out)
	if code != 0 || !strings.Contains(stdout, "not encrypted") {
		t.Fatalf("package: exit %d, %q %q", code, stdout, errs)
	}
	zr, err := zip.OpenReader(out)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	joined := strings.Join(names, ",")
	for _, want := range []string{"manifest.json", "request.json", "request.csv", ".pdf"} {
		if !strings.Contains(joined, want) {
			t.Errorf("package members %v lack %s", names, want)
		}
	}

	// With a passphrase file the package is encrypted.
	pass := filepath.Join(dir, "pass.txt")
	os.WriteFile(pass, []byte("correct horse battery staple 42\n"), 0o600)
	enc := filepath.Join(dir, "package-enc.zip")
	code, stdout, errs = runArgs(t, "--db", db, "package", "--request", ref, "--out", enc, "--passphrase-file", pass)
	if code != 0 || !strings.Contains(stdout, "encrypted with AES-256") {
		t.Errorf("encrypted package: exit %d, %q %q", code, stdout, errs)
	}
}

// The passphrase is the file's first line as the requester will type it: not the line
// end Windows writes, nor the byte order mark Notepad puts before UTF-8 text (the
// package would be encrypted with three bytes nobody can type).
func TestReadPassphraseIsTheTypedLine(t *testing.T) {
	for _, content := range []string{"k7wq-3nfa-xy9p-2mdr", "k7wq-3nfa-xy9p-2mdr\n", "k7wq-3nfa-xy9p-2mdr\r\nnext",
		"\uFEFFk7wq-3nfa-xy9p-2mdr\r\n"} {
		path := filepath.Join(t.TempDir(), "pass.txt")
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		if got, err := newPassphrase(path); err != nil || got != "k7wq-3nfa-xy9p-2mdr" {
			t.Errorf("%q: read %q, %v", content, got, err)
		}
	}
	// A passphrase that opens what was made from the same file before keeps the mark:
	// an account or a backup made from it used it.
	path := filepath.Join(t.TempDir(), "pass.txt")
	if err := os.WriteFile(path, []byte("\uFEFFk7wq-3nfa-xy9p-2mdr\r\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got, err := readPassphrase(path); err != nil || got != "\uFEFFk7wq-3nfa-xy9p-2mdr" {
		t.Errorf("sign-in or backup passphrase read %q, %v; want the line as written", got, err)
	}
}

// The decrypted response files of a package cut short (a crash, a killed command) stay
// in the temporary folder; the next package command removes them, and says so in its
// log, but not the files of a package another command or window is writing, however
// long it has been at it.
func TestPackageCommandRemovesLeftovers(t *testing.T) {
	testpg.SQLiteOnly(t, "the command's log is in the SQLite file's data folder")
	dir := t.TempDir()
	tmp := filepath.Join(dir, "tmp")
	os.Mkdir(tmp, 0o700)
	t.Setenv("TMPDIR", tmp)
	old := time.Now().Add(-3 * time.Hour)
	crashed := filepath.Join(tmp, "privacydesk-package-123")
	os.MkdirAll(filepath.Join(crashed, "0"), 0o700)
	os.WriteFile(filepath.Join(crashed, "0", "records.pdf"), []byte("%PDF"), 0o600)
	os.Chtimes(crashed, old, old)
	// Under way: its lock is held (by another open file, as another process holds it).
	busy, err := workdir.New(tmp, "privacydesk-package")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Remove()
	os.Chtimes(busy.Path, old, old)

	db := filepath.Join(dir, "data", "pd.db")
	if code, _, errs := runArgs(t, "--db", db, "demo"); code != 0 {
		t.Fatalf("demo: %s", errs)
	}
	code, ref, errs := runArgs(t, "--db", db, "request", "add", "--name", "Ann Lee", "--email", "ann@example.com",
		"--regime", "ccpa", "--right", "access", "--received", "2026-11-20")
	if code != 0 {
		t.Fatalf("request add: %d %s", code, errs)
	}
	runArgs(t, "--db", db, "letter", "--request", strings.TrimSpace(ref), "--kind", "access-response", "--out", filepath.Join(dir, "cover.pdf"))
	if code, _, errs := runArgs(t, "--db", db, "package", "--request", strings.TrimSpace(ref), "--out", filepath.Join(dir, "p.zip")); code != 0 {
		t.Fatalf("package: %d %s", code, errs)
	}
	if _, err := os.Stat(crashed); err == nil {
		t.Error("the interrupted package's files are still there")
	}
	if _, err := os.Stat(busy.Path); err != nil {
		t.Errorf("the package under way lost its files: %v", err)
	}
	log, err := os.ReadFile(filepath.Join(dir, "data", "logs", "privacydesk-cli.log"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(log), "interrupted response packages") || !strings.Contains(string(log), crashed) {
		t.Errorf("the log does not say what was removed:\n%s", log)
	}
	if left, _ := filepath.Glob(filepath.Join(tmp, "privacydesk-package-*")); len(left) != 1 {
		t.Errorf("package folders left: %v (want only the one under way)", left)
	}
}
