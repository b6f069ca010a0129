package command

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"privacydesk/internal/testpg"
)

// fakeTool puts a program called name on PATH (alone: no real systemctl or schtasks is
// found) that appends its arguments, one line per call, to the returned log file.
func fakeTool(t *testing.T, name string) (log string) {
	t.Helper()
	bin := t.TempDir()
	log = filepath.Join(t.TempDir(), name+".log")
	script := "#!/bin/sh\necho \"$*\" >> '" + log + "'\n"
	if err := os.WriteFile(filepath.Join(bin, name), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin)
	return log
}

func calls(t *testing.T, log string) []string {
	t.Helper()
	b, err := os.ReadFile(log)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSpace(string(b)), "\n")
}

// scheduleFor makes schedule-backup act as on goos, running exe.
func scheduleFor(t *testing.T, goos, exe string) {
	t.Helper()
	oldOS, oldExe := scheduleOS, scheduleExecutable
	scheduleOS, scheduleExecutable = goos, func() (string, error) { return exe, nil }
	t.Cleanup(func() { scheduleOS, scheduleExecutable = oldOS, oldExe })
}

// privateFile writes text into a file only its owner may read.
func privateFile(t *testing.T, text string) string {
	t.Helper()
	f := filepath.Join(t.TempDir(), "backup passphrase.txt")
	if err := os.WriteFile(f, []byte(text+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return f
}

func demoDB(t *testing.T) string {
	t.Helper()
	db := testpg.Location(t, filepath.Join(t.TempDir(), "pd.db"))
	if code, _, errs := runArgs(t, "--db", db, "demo"); code != 0 {
		t.Fatalf("demo: %s", errs)
	}
	return db
}

func TestScheduleBackupSystemd(t *testing.T) {
	db := demoDB(t)
	cfg := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", cfg)
	log := fakeTool(t, "systemctl")
	scheduleFor(t, "linux", "/usr/bin/privacydesk-cli")
	dir := filepath.Join(t.TempDir(), "100% backups")

	pf := privateFile(t, "the backup account's passphrase")
	os.Chmod(pf, 0o644)
	if code, _, errs := runArgs(t, "--db", db, "schedule-backup", "--to", dir, "--passphrase-file", pf); code != 1 || !strings.Contains(errs, "Other users of this computer may read") {
		t.Errorf("a passphrase file others may read: exit %d %q", code, errs)
	}
	os.Chmod(pf, 0o600)
	code, out, errs := runArgs(t, "--db", db, "schedule-backup", "--every", "day", "--keep", "7", "--to", dir, "--passphrase-file", pf)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "Added the backup account Backup: it may make encrypted backups and nothing else.") {
		t.Errorf("stdout does not name the backup account:\n%s", out)
	}
	units := filepath.Join(cfg, "systemd", "user")
	service, err := os.ReadFile(filepath.Join(units, "privacydesk-backup.service"))
	if err != nil {
		t.Fatal(err)
	}
	wantExec := `ExecStart="/usr/bin/privacydesk-cli" "--db" "` + db + `" "--user" "Backup" "--passphrase-file" "` + pf + `" "backup" "--to" "` +
		strings.ReplaceAll(dir, "%", "%%") + `" "--keep" "7"`
	if !strings.Contains(string(service), wantExec+"\n") {
		t.Errorf("service:\n%s\nwant the line %s", service, wantExec)
	}
	timer, err := os.ReadFile(filepath.Join(units, "privacydesk-backup.timer"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"OnCalendar=*-*-* 12:30:00\n", "Persistent=true\n", "WantedBy=timers.target\n"} {
		if !strings.Contains(string(timer), want) {
			t.Errorf("timer lacks %q:\n%s", want, timer)
		}
	}
	if got, want := calls(t, log), []string{"--user daemon-reload", "--user enable --now privacydesk-backup.timer"}; !slices.Equal(got, want) {
		t.Errorf("systemctl calls %q, want %q", got, want)
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		t.Errorf("the backup folder was not made: %v", err)
	}
	if !strings.Contains(out, "Wrote "+filepath.Join(units, "privacydesk-backup.timer")) || !strings.Contains(out, "every day at 12:30") {
		t.Errorf("stdout does not say what was installed:\n%s", out)
	}

	code, out, errs = runArgs(t, "--db", db, "schedule-backup", "--remove")
	if code != 0 {
		t.Fatalf("--remove: exit %d: %s", code, errs)
	}
	for _, name := range []string{"privacydesk-backup.service", "privacydesk-backup.timer"} {
		if _, err := os.Stat(filepath.Join(units, name)); !os.IsNotExist(err) {
			t.Errorf("%s is still there after --remove (%v)", name, err)
		}
	}
	if got := calls(t, log)[2:]; !slices.Equal(got, []string{"--user disable --now privacydesk-backup.timer", "--user daemon-reload"}) {
		t.Errorf("systemctl calls on --remove %q", got)
	}
	if !strings.Contains(out, "Removed "+filepath.Join(units, "privacydesk-backup.service")) {
		t.Errorf("--remove stdout:\n%s", out)
	}
	if _, out, _ = runArgs(t, "--db", db, "schedule-backup", "--remove"); !strings.Contains(out, "No scheduled backup was installed.") {
		t.Errorf("a second --remove says %q", out)
	}
}

// The service runs exactly what the backup command takes: its ExecStart, unquoted, makes
// a backup.
func TestScheduledBackupCommandRuns(t *testing.T) {
	db := demoDB(t)
	dir := t.TempDir()
	pf := privateFile(t, "the backup account's passphrase")
	scheduleFor(t, "linux", "privacydesk-cli")
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	fakeTool(t, "systemctl")
	if code, _, errs := runArgs(t, "--db", db, "schedule-backup", "--to", dir, "--passphrase-file", pf, "--keep", "2"); code != 0 {
		t.Fatalf("schedule-backup: exit %d %s", code, errs)
	}
	b := backupSchedule{exe: "privacydesk-cli", db: db, dir: dir, account: defaultBackupAccount, passFile: pf, keep: 2, at: "12:30"}
	// The backup account's own passphrase encrypts each backup.
	for i := 0; i < 2; i++ {
		if code, out, errs := runArgs(t, b.backupArgs()[1:]...); code != 0 || !strings.Contains(out, "Backed up") || !strings.Contains(out, ", encrypted.") {
			t.Fatalf("run %d: exit %d %s %s", i, code, out, errs)
		}
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 || !strings.HasPrefix(ents[0].Name(), "privacydesk-") || !strings.HasSuffix(ents[0].Name(), ".pdbackup") {
		t.Fatalf("a second backup the same day should replace the first: %v", ents)
	}
	// The backup account's backup restores (on another computer: a new path, where only
	// the backup's own keyring opens its data) with the file's passphrase, for one of
	// the backup's accounts.
	_, want, _ := runArgs(t, "--db", db, "request", "list", "--format", "csv")
	restored := filepath.Join(t.TempDir(), "pd.db")
	code, out, errs := runArgs(t, "--db", restored, "restore", filepath.Join(dir, ents[0].Name()), "--passphrase-file", pf)
	if code != 0 || !strings.Contains(out, "Restored into") || !strings.Contains(out, testUser+" (administrator) signs in to it.") {
		t.Fatalf("restore of the scheduled backup: exit %d %q %q", code, out, errs)
	}
	if code, got, errs := runArgs(t, "--db", restored, "request", "list", "--format", "csv"); code != 0 || got != want || strings.Count(got, "\n") < 2 {
		t.Errorf("the restored requests: exit %d %q, want %q", code, got+errs, want)
	}
	// The file signs in and opens the backups: never inside the data folder (a file's;
	// a server's database has none beside it).
	if !testpg.Enabled() {
		inside := filepath.Join(filepath.Dir(db), "backup-passphrase.txt")
		os.WriteFile(inside, []byte("the backup account's passphrase\n"), 0o600)
		if code, _, errs := runArgs(t, "--db", db, "schedule-backup", "--to", dir, "--passphrase-file", inside); code != 1 || !strings.Contains(errs, "inside the data folder") {
			t.Errorf("a passphrase file in the data folder: exit %d %q", code, errs)
		}
	}
}

func TestBackupKeepsNewest(t *testing.T) {
	db := demoDB(t)
	dir := t.TempDir()
	for _, d := range []string{"2020-01-01", "2020-01-02", "2020-01-03"} {
		if err := os.WriteFile(filepath.Join(dir, "privacydesk-"+d+".pdbackup"), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	other := filepath.Join(dir, "mine.pdbackup")
	if err := os.WriteFile(other, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runArgs(t, "--db", db, "backup", "--to", dir, "--keep", "2")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var names []string
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		names = append(names, e.Name())
	}
	// Today's (2026 or later) and the newest old one stay; a file of another name stays.
	if len(names) != 3 || !slices.Contains(names, "privacydesk-2020-01-03.pdbackup") || !slices.Contains(names, "mine.pdbackup") {
		t.Errorf("left %v", names)
	}
	if !strings.Contains(out, "Removed the old backup "+filepath.Join(dir, "privacydesk-2020-01-01.pdbackup")) {
		t.Errorf("stdout:\n%s", out)
	}
}

func TestBackupFlagErrors(t *testing.T) {
	db := demoDB(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"backup"}, "--out FILE or --to DIR is required"},
		{[]string{"backup", "--out", "a", "--to", "b"}, "not both"},
		{[]string{"backup", "--out", "a", "--keep", "3"}, "--keep needs --to"},
		{[]string{"backup", "--to", "b", "--keep", "-1"}, "--keep must be"},
		{[]string{"schedule-backup", "--to", "b", "--every", "week"}, "only day"},
		{[]string{"schedule-backup", "--keep", "3"}, "--to DIR is required"},
		{[]string{"schedule-backup", "--to", "b", "--at", "25:00"}, "--at must be"},
		{[]string{"schedule-backup", "--to", "b"}, "--passphrase-file F is required"},
	} {
		code, _, errs := runArgs(t, append([]string{"--db", db}, tc.args...)...)
		if code != 2 || !strings.Contains(errs, tc.want) {
			t.Errorf("%v: exit %d, %q; want 2 and %q", tc.args, code, errs, tc.want)
		}
	}
}

func TestSchtasksArguments(t *testing.T) {
	b := backupSchedule{exe: `C:\Program Files\Privacy Desk\privacydesk-cli.exe`, db: `C:\Users\Front Desk\AppData\Local\PrivacyDesk\privacydesk.db`,
		dir: `D:\Backups\`, account: "Backup", passFile: `C:\Users\Front Desk\backup.txt`, keep: 14, at: "12:30"}
	got, err := b.schtasksCreateArgs()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"/Create", "/SC", "DAILY", "/TN", `PrivacyDesk\Backup`, "/TR",
		`"C:\Program Files\Privacy Desk\privacydesk-cli.exe" --db "C:\Users\Front Desk\AppData\Local\PrivacyDesk\privacydesk.db" --user Backup ` +
			`--passphrase-file "C:\Users\Front Desk\backup.txt" backup --to D:\Backups\ --keep 14`,
		"/ST", "12:30", "/F"}
	if !slices.Equal(got, want) {
		t.Errorf("schtasks args\n%q\nwant\n%q", got, want)
	}
	for in, want := range map[string]string{`a b\`: `"a b\\"`, `say "hi"`: `"say \"hi\""`, `x\"y z`: `"x\\\"y z"`, "": `""`, `C:\plain`: `C:\plain`} {
		if got := windowsQuote(in); got != want {
			t.Errorf("windowsQuote(%q) = %s, want %s", in, got, want)
		}
	}
	b.dir = `D:\` + strings.Repeat("x", 200)
	if _, err := b.schtasksCreateArgs(); err == nil || !strings.Contains(err.Error(), "261") {
		t.Errorf("a command line too long for Task Scheduler: %v", err)
	}
}

// On Windows the task is made and removed with schtasks (a fake one here).
func TestScheduleBackupWindows(t *testing.T) {
	db := demoDB(t)
	log := fakeTool(t, "schtasks")
	scheduleFor(t, "windows", `C:\PD\privacydesk-cli.exe`)
	// A short folder: Task Scheduler takes 261 characters, and a server's URL is longer
	// than a file's path.
	dir, err := os.MkdirTemp("", "pd")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	pf := privateFile(t, "the backup account's passphrase")
	if code, out, errs := runArgs(t, "--db", db, "schedule-backup", "--to", dir, "--keep", "3", "--at", "09:15", "--passphrase-file", pf, "--account", "Night Backup"); code != 0 || !strings.Contains(out, `PrivacyDesk\Backup`) {
		t.Fatalf("exit %d: %s %s", code, out, errs)
	}
	// A staff account of another role is not made the schedule's; the backup account
	// made before takes the passphrase again.
	if code, _, errs := runArgs(t, "--db", db, "schedule-backup", "--to", dir, "--passphrase-file", pf, "--account", testUser); code != 1 ||
		errs != "privacydesk schedule-backup: account: Test Administrator is an administrator, not a backup account: name another --account, which schedule-backup makes.\n" {
		t.Errorf("an administrator as the backup account: exit %d %q", code, errs)
	}
	if code, out, errs := runArgs(t, "--db", db, "schedule-backup", "--to", dir, "--keep", "3", "--at", "09:15", "--passphrase-file", pf, "--account", "night backup"); code != 0 ||
		!strings.Contains(out, "The backup account Night Backup signs in with the passphrase in the file.") {
		t.Errorf("again: exit %d %s %s", code, out, errs)
	}
	if code, _, errs := runArgs(t, "--db", db, "schedule-backup", "--remove"); code != 0 {
		t.Fatalf("--remove: exit %d: %s", code, errs)
	}
	want := []string{`/Create /SC DAILY /TN PrivacyDesk\Backup /TR C:\PD\privacydesk-cli.exe --db ` + db + ` --user "Night Backup" --passphrase-file "` + pf +
		`" backup --to ` + dir + ` --keep 3 /ST 09:15 /F`,
		`/Create /SC DAILY /TN PrivacyDesk\Backup /TR C:\PD\privacydesk-cli.exe --db ` + db + ` --user "Night Backup" --passphrase-file "` + pf +
			`" backup --to ` + dir + ` --keep 3 /ST 09:15 /F`,
		`/Delete /TN PrivacyDesk\Backup /F`}
	if got := calls(t, log); !slices.Equal(got, want) {
		t.Errorf("schtasks calls\n%q\nwant\n%q", got, want)
	}
}
