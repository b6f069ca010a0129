package command

import (
	"archive/zip"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
