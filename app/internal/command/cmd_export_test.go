package command

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"privacydesk/internal/testpg"
)

// TestExportImportBackupCommands drives the headless commands end to end: export,
// import into a fresh database, backup, restore into a new path, and the refusals with
// their exit codes (1 with one line for a refused file, 2 for a usage mistake).
func TestExportImportBackupCommands(t *testing.T) {
	dir := t.TempDir()
	// The data folder is a folder of its own: what the commands write goes outside it.
	db := testpg.Location(t, filepath.Join(dir, "data", "pd.db"))
	if code, _, errs := runArgs(t, "--db", db, "demo", "--requests", "40"); code != 0 {
		t.Fatalf("demo: %s", errs)
	}
	csvOut := filepath.Join(dir, "requests.csv")
	code, out, errs := runArgs(t, "--db", db, "export", "requests", "--format", "csv", "--out", csvOut, "--bom")
	if code != 0 || !strings.Contains(out, "Wrote 50 requests") {
		t.Fatalf("export: %d %q %q", code, out, errs)
	}
	if b, _ := os.ReadFile(csvOut); !strings.HasPrefix(string(b), "\uFEFFReference,") {
		t.Errorf("csv starts %q", b[:20])
	}
	code, out, _ = runArgs(t, "--db", db, "export", "audit", "--format", "json", "--out", filepath.Join(dir, "audit.json"))
	if code != 0 || !strings.Contains(out, "Audit chain verified") {
		t.Errorf("audit export: %d %q", code, out)
	}
	fresh := filepath.Join(dir, "fresh", "pd.db")
	code, out, errs = runArgs(t, "--db", fresh, "import", "requests", csvOut)
	if code != 0 || !strings.Contains(out, "Imported 50 requests") {
		t.Fatalf("import: %d %q %q", code, out, errs)
	}

	pass := filepath.Join(dir, "pass.txt")
	os.WriteFile(pass, []byte("a long enough passphrase\n"), 0o600)
	bk := filepath.Join(dir, "b.pdbackup")
	if code, out, errs := runArgs(t, "--db", db, "backup", "--out", bk, "--passphrase-file", pass); code != 0 || !strings.Contains(out, "encrypted") {
		t.Fatalf("backup: %d %q %q", code, out, errs)
	}
	restored := filepath.Join(dir, "restored", "pd.db")
	code, out, errs = runArgs(t, "--db", restored, "restore", bk, "--passphrase-file", pass)
	if code != 0 || !strings.Contains(out, "Sessions, Inc.") || !strings.Contains(out, "Restored into") {
		t.Fatalf("restore: %d %q %q", code, out, errs)
	}

	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("Name,Email,Received,Regime,Rights\nAna,ana@example.org,2026-02-30,ccpa,access\n"), 0o600)
	cut := filepath.Join(dir, "cut.pdbackup")
	whole, _ := os.ReadFile(bk)
	os.WriteFile(cut, whole[:len(whole)/2], 0o600)
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"import", "requests", bad}, 1, "row 2, column Received"},
		{[]string{"restore", bk}, 1, "passphrase: This backup is encrypted"},
		{[]string{"restore", cut, "--passphrase-file", pass}, 1, "damaged or incomplete"},
		{[]string{"export", "patients", "--out", "x"}, 2, "unknown export"},
		{[]string{"export", "requests"}, 2, "--out FILE is required"},
		{[]string{"export", "requests", "--format", "pdf", "--out", filepath.Join(dir, "x.pdf")}, 1, "format"},
		{[]string{"backup"}, 2, "--out FILE or --to DIR is required"},
		{[]string{"import", "email", filepath.Join("..", "..", "..", "backend", "mailimport", "testdata", "plain-withdraw.eml")}, 2, "--regime is required"},
	}
	for _, c := range cases {
		code, _, errs := runArgs(t, append([]string{"--db", restored}, c.args...)...)
		if code != c.code || !strings.Contains(errs, c.want) || strings.Count(strings.TrimSpace(errs), "\n") > 0 && c.code == 1 {
			t.Errorf("%v: exit %d %q, want %d %q", c.args, code, errs, c.code, c.want)
		}
	}
	code, out, errs = runArgs(t, "--db", restored, "import", "email", filepath.Join("..", "..", "..", "backend", "mailimport", "testdata", "plain-withdraw.eml"), "--regime", "gdpr")
	if code != 0 || !strings.HasPrefix(out, "PR-") {
		t.Errorf("import email: %d %q %q", code, out, errs)
	}
}

// TestImportSaysHowSlashDatesAreRead: the command line says, as the window does, in
// which order the day and month of a date column were read.
func TestImportSaysHowSlashDatesAreRead(t *testing.T) {
	dir := t.TempDir()
	db := testpg.Location(t, filepath.Join(dir, "data", "pd.db"))
	file := filepath.Join(dir, "log.csv")
	os.WriteFile(file, []byte("Name,Email,Date received,Law,Request type\n"+
		"Ann Lee,ann@example.org,13/02/2026,UK GDPR,access\nBo Chen,bo@example.org,01/02/2026,UK GDPR,access\n"), 0o600)
	for _, args := range [][]string{{"--dry-run"}, {}} {
		code, out, errs := runArgs(t, append([]string{"--db", db, "import", "requests", file}, args...)...)
		if code != 0 || !strings.Contains(out, "Column Date received: dates with slashes are read day first (DD/MM/YYYY), because row 2, column Date received (13/02/2026)") {
			t.Errorf("import %v: %d %q %q", args, code, out, errs)
		}
	}
}
