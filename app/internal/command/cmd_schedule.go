package command

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"privacydesk/backend"
	"privacydesk/backend/export"
	"privacydesk/backend/storage"
)

func init() {
	register(command{name: "schedule-backup", summary: "make a backup every day without the window (systemd timer, Task Scheduler)", run: runScheduleBackup})
}

// What schedule-backup installs: a systemd user service and timer on Linux, a task in
// Task Scheduler on Windows. Each runs privacydesk-cli backup --to DIR --keep N on the
// database the schedule was made for.
const (
	systemdUnit = "privacydesk-backup"
	windowsTask = `PrivacyDesk\Backup`
	// schtasks refuses a /TR command line longer than this.
	schtasksMaxTR = 261
)

// Seams for the tests: the operating system whose scheduler is used and the program the
// schedule runs (the test binary is not privacydesk-cli).
var (
	scheduleOS         = runtime.GOOS
	scheduleExecutable = os.Executable
)

// backupSchedule is what schedule-backup installs.
type backupSchedule struct {
	exe, db, dir string
	// account is the backup account the schedule signs in as; passFile holds its
	// passphrase, which also encrypts each backup.
	account, passFile string
	keep              int
	at                string // HH:MM, the computer's local time
}

// backupArgs is the command line the schedule runs, program first: a backup signed in
// as the backup account, which encrypts it with its own passphrase.
func (b backupSchedule) backupArgs() []string {
	return []string{b.exe, "--db", b.db, "--user", b.account, "--passphrase-file", b.passFile,
		"backup", "--to", b.dir, "--keep", strconv.Itoa(b.keep)}
}

// defaultBackupAccount is the name of the account scheduled backups sign in as.
const defaultBackupAccount = "Backup"

func runScheduleBackup(c *cli, args []string) error {
	fs := c.flags("schedule-backup", "schedule-backup --to DIR --passphrase-file F [--account NAME] [--every day] [--keep N] [--at HH:MM] | --remove")
	every := fs.String("every", "day", "how often: day (the only choice for now)")
	to := fs.String("to", "", "the folder the backups go to, privacydesk-YYYY-MM-DD.pdbackup each")
	keep := fs.Int("keep", backend.DefaultPractice().BackupKeep, "keep the newest N backups in the folder, delete older ones")
	at := fs.String("at", "12:30", "the time of day (the computer's clock); a computer that is off then catches up at the next start or login")
	passFile := fs.String("passphrase-file", "", "the backup account's passphrase, on this file's first line (only you may read the file): the schedule signs in with it and encrypts each backup with it")
	account := fs.String("account", defaultBackupAccount, "the backup account the schedule signs in as (made if missing; it may make backups and nothing else)")
	remove := fs.Bool("remove", false, "remove the scheduled backup instead")
	if err := c.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	if scheduleOS != "linux" && scheduleOS != "windows" {
		return backend.Errorf(backend.EINVALID, "schedule-backup knows systemd (Linux) and Task Scheduler (Windows), not %s: schedule privacydesk-cli backup --to DIR --keep N with the system's own scheduler", scheduleOS)
	}
	if *remove {
		if scheduleOS == "windows" {
			return removeWindowsTask(c)
		}
		return removeSystemdTimer(c)
	}
	if *every != "day" {
		return usagef("--every: only day is supported, not %q", *every)
	}
	if *to == "" {
		return usagef("--to DIR is required (the folder the backups go to)")
	}
	if *keep < 1 {
		return usagef("--keep must be 1 or more, not %d", *keep)
	}
	if _, err := time.Parse("15:04", *at); err != nil {
		return usagef("--at must be a time of day as HH:MM (24-hour clock), not %q", *at)
	}
	if *passFile == "" {
		return usagef("--passphrase-file F is required: the schedule signs in as the backup account with the passphrase in F, and encrypts each backup with it")
	}
	b := backupSchedule{keep: *keep, at: *at, account: strings.TrimSpace(*account)}
	var err error
	if b.exe, err = scheduleExecutable(); err != nil {
		return fmt.Errorf("cannot tell where this program is: %w", err)
	}
	// The schedule runs elsewhere (another working directory): every path absolute. A
	// PostgreSQL database's URL stays as it is (its account adds the backup account).
	server := storage.IsPostgresURL(c.dbPath)
	b.db = c.dbPath
	if !server {
		if b.db, err = filepath.Abs(c.dbPath); err != nil {
			return err
		}
		if st, err := os.Stat(b.db); err != nil || !st.Mode().IsRegular() {
			return backend.Invalid("db", "There is no database at %s to back up (give --db FILE before schedule-backup).", b.db)
		}
	}
	if b.dir, err = filepath.Abs(*to); err != nil {
		return err
	}
	pass, err := privatePassphrase(*passFile)
	if err != nil {
		return err
	}
	if b.passFile, err = filepath.Abs(*passFile); err != nil {
		return err
	}
	// The file signs the backup account in and opens the backups: beside the data, a
	// copy of the data folder would carry it.
	if !server && inDataFolder(b.db, b.passFile) {
		return backend.Invalid("passphrase-file", "%s is inside the data folder: keep the backup account's passphrase file elsewhere (your home folder), readable by you alone, as private as the data.", b.passFile)
	}
	if b.account, err = c.backupAccount(b.account, pass); err != nil {
		return err
	}
	if err := os.MkdirAll(b.dir, 0o700); err != nil {
		return backend.Invalid("to", "Cannot create the backup folder %s: %v", b.dir, err)
	}
	if scheduleOS == "windows" {
		return installWindowsTask(c, b)
	}
	return installSystemdTimer(c, b)
}

// privatePassphrase reads the passphrase file a schedule keeps, refusing one that other
// users of the computer may read (on Windows a file in the user's own folders is private).
func privatePassphrase(file string) (string, error) {
	pass, err := readPassphrase(file)
	if err != nil {
		return "", err
	}
	if st, err := os.Stat(file); err == nil && runtime.GOOS != "windows" && st.Mode().Perm()&0o077 != 0 {
		return "", backend.Invalid("passphrase-file", "Other users of this computer may read %s: make it yours alone (chmod 600) first.", file)
	}
	return pass, nil
}

// backupAccount makes name a backup account with the passphrase pass: a new account, or
// an existing backup account given pass (both audited). A staff account of another role
// is refused: the schedule must not run with more than the backup role may do. It
// returns the account's name as kept.
func (c *cli) backupAccount(name, pass string) (string, error) {
	svc, ctx, err := c.accounts()
	if err != nil {
		return "", err
	}
	list, err := svc.List(ctx)
	if err != nil {
		return "", err
	}
	for _, a := range list {
		if backend.NameKey(a.Name) != backend.NameKey(name) {
			continue
		}
		if a.Role != backend.RoleBackup {
			return "", backend.Invalid("account", "%s is %s, not a backup account: name another --account, which schedule-backup makes.", a.Name, roleNoun(a.Role))
		}
		if _, err := svc.ResetPassphrase(ctx, a.Name, pass); err != nil {
			return "", err
		}
		fmt.Fprintf(c.stdout, "The backup account %s signs in with the passphrase in the file.\n", a.Name)
		return a.Name, nil
	}
	a, err := svc.Create(ctx, name, backend.RoleBackup, pass)
	if err != nil {
		return "", err
	}
	fmt.Fprintf(c.stdout, "Added the backup account %s: it may make encrypted backups and nothing else.\n", a.Name)
	return a.Name, nil
}

// systemdDir is the folder of the user's own systemd units:
// $XDG_CONFIG_HOME/systemd/user, else ~/.config/systemd/user.
func systemdDir() (string, error) {
	cfg, err := os.UserConfigDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(cfg, "systemd", "user"), nil
}

// systemdQuote quotes one word of an ExecStart= line: in double quotes, with backslash
// and quote escaped, % doubled (systemd's specifiers) and $ doubled (its variables).
func systemdQuote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, `%`, `%%`, `$`, `$$`)
	return `"` + r.Replace(s) + `"`
}

// systemdUnits returns the service and the timer files' contents.
func (b backupSchedule) systemdUnits() (service, timer string) {
	words := b.backupArgs()
	for i, w := range words {
		words[i] = systemdQuote(w)
	}
	service = fmt.Sprintf(`# Written by privacydesk-cli schedule-backup; privacydesk-cli schedule-backup --remove removes it.
[Unit]
Description=Privacy Desk backup into %s

[Service]
Type=oneshot
ExecStart=%s
`, strings.ReplaceAll(b.dir, "%", "%%"), strings.Join(words, " "))
	timer = fmt.Sprintf(`# Written by privacydesk-cli schedule-backup; privacydesk-cli schedule-backup --remove removes it.
[Unit]
Description=Privacy Desk backup every day at %s

[Timer]
OnCalendar=*-*-* %s:00
# A computer that was off (or a user not logged in) at that time catches up at the next start.
Persistent=true

[Install]
WantedBy=timers.target
`, b.at, b.at)
	return service, timer
}

func installSystemdTimer(c *cli, b backupSchedule) error {
	dir, err := systemdDir()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return backend.Errorf(backend.EINVALID, "Cannot create %s: %v", dir, err)
	}
	service, timer := b.systemdUnits()
	for _, f := range []struct{ name, text string }{{systemdUnit + ".service", service}, {systemdUnit + ".timer", timer}} {
		p := filepath.Join(dir, f.name)
		if err := export.WriteBytes(context.Background(), p, 0o644, []byte(f.text)); err != nil {
			return backend.Errorf(backend.EINVALID, "Cannot write %s: %v", p, err)
		}
		fmt.Fprintf(c.stdout, "Wrote %s\n", p)
	}
	fmt.Fprintf(c.stdout, "It runs every day at %s: %s\n", b.at, strings.Join(b.backupArgs(), " "))
	if _, err := exec.LookPath("systemctl"); err != nil {
		fmt.Fprintf(c.stdout, "systemctl is not on this computer: start the timer with systemctl --user enable --now %s.timer where systemd runs.\n", systemdUnit)
		return nil
	}
	for _, args := range [][]string{{"--user", "daemon-reload"}, {"--user", "enable", "--now", systemdUnit + ".timer"}} {
		if err := runTool(c, "systemctl", args...); err != nil {
			return fmt.Errorf("the unit files are written, but %w; run it again in a desktop session", err)
		}
	}
	fmt.Fprintf(c.stdout, "The timer %s.timer is enabled (systemctl --user list-timers shows it). It runs while you are logged in; for a computer nobody logs in to, run loginctl enable-linger.\n", systemdUnit)
	return nil
}

func removeSystemdTimer(c *cli) error {
	dir, err := systemdDir()
	if err != nil {
		return err
	}
	_, lookErr := exec.LookPath("systemctl")
	if lookErr == nil {
		// Stopping a timer that was never enabled fails; the files still go.
		if err := runTool(c, "systemctl", "--user", "disable", "--now", systemdUnit+".timer"); err != nil {
			fmt.Fprintf(c.stderr, "privacydesk schedule-backup: %v\n", err)
		}
	}
	removed := 0
	for _, name := range []string{systemdUnit + ".timer", systemdUnit + ".service"} {
		p := filepath.Join(dir, name)
		switch err := os.Remove(p); {
		case err == nil:
			removed++
			fmt.Fprintf(c.stdout, "Removed %s\n", p)
		case !errors.Is(err, fs.ErrNotExist):
			return backend.Errorf(backend.EINVALID, "Cannot remove %s: %v", p, err)
		}
	}
	if removed == 0 {
		fmt.Fprintln(c.stdout, "No scheduled backup was installed.")
		return nil
	}
	if lookErr == nil {
		return runTool(c, "systemctl", "--user", "daemon-reload")
	}
	return nil
}

// windowsQuote quotes one argument the way Windows programs split their command line
// (CommandLineToArgvW): in double quotes when it holds a space, a tab or a quote, with
// the backslashes before a quote doubled.
func windowsQuote(s string) string {
	if s != "" && !strings.ContainsAny(s, " \t\"") {
		return s
	}
	var b strings.Builder
	b.WriteByte('"')
	slashes := 0
	for _, r := range s {
		switch r {
		case '\\':
			slashes++
		case '"':
			b.WriteString(strings.Repeat(`\`, slashes+1))
			slashes = 0
		default:
			slashes = 0
		}
		b.WriteRune(r)
	}
	b.WriteString(strings.Repeat(`\`, slashes))
	b.WriteByte('"')
	return b.String()
}

// schtasksCreateArgs are the arguments of schtasks that create the daily task (/F
// replaces one made before). Go quotes each argument once more when it starts
// schtasks, which is how /TR takes a program path with spaces.
func (b backupSchedule) schtasksCreateArgs() ([]string, error) {
	words := b.backupArgs()
	for i, w := range words {
		words[i] = windowsQuote(w)
	}
	tr := strings.Join(words, " ")
	if len(tr) > schtasksMaxTR {
		return nil, backend.Invalid("to", "The task's command line is %d characters, more than the %d Task Scheduler takes: choose a shorter backup folder or database path.", len(tr), schtasksMaxTR)
	}
	return []string{"/Create", "/SC", "DAILY", "/TN", windowsTask, "/TR", tr, "/ST", b.at, "/F"}, nil
}

func installWindowsTask(c *cli, b backupSchedule) error {
	args, err := b.schtasksCreateArgs()
	if err != nil {
		return err
	}
	if err := runTool(c, "schtasks", args...); err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "Task Scheduler task %s runs every day at %s: %s\n", windowsTask, b.at, args[6])
	return nil
}

func removeWindowsTask(c *cli) error {
	if err := runTool(c, "schtasks", "/Delete", "/TN", windowsTask, "/F"); err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "Removed the Task Scheduler task %s\n", windowsTask)
	return nil
}

// runTool runs a system program, its output going to stderr (what it says is for the
// person at the console); an error names the command and its exit.
func runTool(c *cli, name string, args ...string) error {
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = c.stderr, c.stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s %s failed: %v", name, strings.Join(args, " "), err)
	}
	return nil
}
