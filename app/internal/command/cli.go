// Package command is Privacy Desk's command line: the headless commands
// (privacydesk [--db FILE] COMMAND [flags]) that the window binary and the
// privacydesk-cli binary both run. It imports no Wails and no GTK, so the
// privacydesk-cli binary built from it runs where no desktop libraries are installed.
package command

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os/user"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"privacydesk/backend"
	"privacydesk/backend/casework"
	"privacydesk/backend/dbfile"
	"privacydesk/backend/storage"
)

// Build information, set at build time with
// -ldflags "-X privacydesk/app/internal/command.Version=... -X ...Commit=... -X ...Date=...".
var (
	Version = "0.1.0"
	Commit  = "unknown"
	Date    = "unknown"
)

// Window opens the desktop window on the database at dbPath and returns the exit
// status. A binary without a window passes nil to Run.
type Window func(dbPath string, stderr io.Writer) int

// command is one headless command. Each lives in its own cmd_*.go file and registers
// itself in that file's init.
type command struct {
	name    string
	summary string
	run     func(c *cli, args []string) error
	// A command made of subcommands has subs instead of run, and its usage.
	usage string
	subs  map[string]func(c *cli, args []string) error
	// kinds are the subcommands or kinds a command with run tells apart (c.sub),
	// each with its own entry in commandAccess.
	kinds []string
}

var commands = map[string]command{}

func register(cmd command) { commands[cmd.name] = cmd }

// usageError is a mistake in how a command was called: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// errHelp ends a command that printed its help.
var errHelp = errors.New("help shown")

// cli is what a command gets: its output streams, the database path, a clock (what the
// store it opens takes as Now, so "today" is the practice's date at that instant), who
// signs in (auth.go) and a lazily opened store.
type cli struct {
	stdout, stderr io.Writer
	window         Window
	dbPath         string
	now            func() time.Time
	// user and passFile are --user and --passphrase-file (else $PRIVACYDESK_USER and
	// $PRIVACYDESK_PASSPHRASE); passphrase, when set, is the passphrase already read.
	user, passFile, passphrase string
	// recoveryOut is --recovery-key-out: where a recovery key made by this command's
	// sign-in is saved (auth.go); newRecoveryKey the secret until it is.
	recoveryOut, newRecoveryKey string
	// recoveryKeyFile is --recovery-key-file: emergency access, opening the data with
	// the recovery key instead of an account (emergency.go).
	recoveryKeyFile string
	// path is the command as the access table names it ("request add"), built as the
	// command and its subcommand are chosen.
	path    string
	store   *storage.Store
	account backend.StaffAccount // the signed-in account, once the store is open
}

// openStore signs in (auth.go), refusing an account whose role may not run the command,
// opens the database once and returns it.
func (c *cli) openStore() (*storage.Store, error) {
	if c.store != nil {
		return c.store, nil
	}
	signIn := c.signIn
	if c.recoveryKeyFile != "" {
		signIn = c.openWithRecoveryKey
	}
	s, a, err := signIn()
	if err != nil {
		return nil, err
	}
	c.store, c.account = s, a
	return s, nil
}

// casework opens the database once and returns its request and vendor use cases with
// the command's context.
func (c *cli) casework() (*casework.Service, context.Context, error) {
	s, err := c.openStore()
	if err != nil {
		return nil, nil, err
	}
	return casework.New(s, ""), context.Background(), nil
}

// flags returns a flag set for a command whose errors are returned, not printed and exited.
func (c *cli) flags(name, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	fs.Usage = func() {
		fmt.Fprintf(c.stderr, "usage: privacydesk [--db FILE] %s\n", usage)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses args, turning flag errors into usage errors and -h into errHelp.
func (c *cli) parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return errHelp
		}
		return usageError{err.Error()}
	}
	return nil
}

// runSubcommand runs the subcommand args[0] names (request add, vendor list, ...);
// a missing or unknown one is a usage error, help prints the command's usage.
func runSubcommand(c *cli, args []string, usage string, subs map[string]func(c *cli, args []string) error) error {
	if len(args) == 0 {
		return usagef("missing subcommand (usage: privacydesk %s)", usage)
	}
	if run, ok := subs[args[0]]; ok {
		c.sub(args[0])
		return run(c, args[1:])
	}
	switch args[0] {
	case "-h", "--help", "help":
		fmt.Fprintf(c.stderr, "usage: privacydesk [--db FILE] %s\n", usage)
		return errHelp
	}
	return usagef("unknown subcommand %q (usage: privacydesk %s)", args[0], usage)
}

// printJSON writes v to stdout as indented JSON, the form every --json output takes.
func (c *cli) printJSON(v any) error {
	enc := json.NewEncoder(c.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// multiFlag collects a repeated string flag.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

// CurrentActor is the operating-system user running the program, with the staff name.
func CurrentActor(staff string) backend.Actor {
	a := backend.Actor{Staff: staff}
	if u, err := user.Current(); err == nil {
		a.OSUser = u.Username
	}
	return a
}

func (c *cli) printUsage(w io.Writer) {
	if c.window != nil {
		fmt.Fprintln(w, "usage: privacydesk [--db FILE] [--user NAME] [--passphrase-file F] [--recovery-key-out F | --recovery-key-file F] [COMMAND [flags]]")
		fmt.Fprintln(w, "With no command, Privacy Desk opens its window.")
	} else {
		fmt.Fprintln(w, "usage: privacydesk-cli [--db FILE] [--user NAME] [--passphrase-file F] [--recovery-key-out F | --recovery-key-file F] COMMAND [flags]")
		fmt.Fprintln(w, "The same commands as privacydesk, without the window.")
	}
	fmt.Fprintln(w, "\nCommands:")
	names, width := make([]string, 0, len(commands)), 0
	for n := range commands {
		names, width = append(names, n), max(width, len(n))
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-*s %s\n", width, n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nThe database is --db FILE, else $PRIVACYDESK_DB, else the one chosen for this computer under the window's Settings > Database, else the file in the user's data folder.")
	fmt.Fprintln(w, "Commands that read or change the practice's data sign in: --user NAME (else $PRIVACYDESK_USER) with the")
	fmt.Fprintln(w, "passphrase from --passphrase-file F (its first line), else $PRIVACYDESK_PASSPHRASE, else a prompt.")
	fmt.Fprintln(w, "A command that makes a new database saves its recovery key in --recovery-key-out FILE, else prints it once on stderr.")
	fmt.Fprintln(w, "Emergency access: --recovery-key-file F before an account command opens the data with the recovery key (audited).")
	fmt.Fprintln(w, "Run privacydesk COMMAND --help for a command's flags.")
}

// Run runs the program with args and returns the exit status: 0 success, 1 failure
// (one line on stderr), 2 usage error. With no command it opens window, or, when window
// is nil (the privacydesk-cli binary), prints the usage and returns 2.
func Run(args []string, stdout, stderr io.Writer, window Window) int {
	return (&cli{stdout: stdout, stderr: stderr, window: window, now: time.Now}).run(args)
}

// RunAt is Run without a window, with the clock the commands and the store they open
// use: the window's tests pin it to compare the CLI's output with the screens'.
func RunAt(now func() time.Time, args []string, stdout, stderr io.Writer) int {
	return (&cli{stdout: stdout, stderr: stderr, now: now}).run(args)
}

// globalFlags are the flags with a value given before the command, besides --db
// (setGlobal).
var globalFlags = []string{"user", "passphrase-file", "recovery-key-out", "recovery-key-file"}

// runCLI is Run without a window, as the tests call it.
func runCLI(args []string, stdout, stderr io.Writer) int { return Run(args, stdout, stderr, nil) }

// run is runCLI on c, whose clock (c.now) the commands and the store they open use:
// tests pin it.
func (c *cli) run(args []string) int {
	stdout, stderr := c.stdout, c.stderr
	for len(args) > 0 && strings.HasPrefix(args[0], "-") {
		a := args[0]
		switch {
		case a == "--db" || a == "-db":
			if len(args) < 2 {
				fmt.Fprintln(stderr, "privacydesk: --db needs a file name")
				return 2
			}
			c.dbPath, args = args[1], args[2:]
		case strings.HasPrefix(a, "--db="):
			c.dbPath, args = strings.TrimPrefix(a, "--db="), args[1:]
		case slices.Contains(globalFlags, strings.TrimLeft(a, "-")):
			if len(args) < 2 {
				fmt.Fprintf(stderr, "privacydesk: %s needs a value\n", a)
				return 2
			}
			c.setGlobal(strings.TrimLeft(a, "-"), args[1])
			args = args[2:]
		case strings.HasPrefix(a, "--") && strings.Contains(a, "=") && slices.Contains(globalFlags, strings.SplitN(a[2:], "=", 2)[0]):
			name, v, _ := strings.Cut(strings.TrimPrefix(a, "--"), "=")
			c.setGlobal(name, v)
			args = args[1:]
		case a == "-h" || a == "--help" || a == "help":
			c.printUsage(stdout)
			return 0
		default:
			// Wails passes its own flags (for example -devserver, -assetdir in dev
			// builds): leave everything from here on to the window.
			goto gui
		}
	}
gui:
	if c.dbPath == "" {
		p, err := DefaultDBPath()
		if err != nil {
			fmt.Fprintln(stderr, "privacydesk:", err)
			return 1
		}
		c.dbPath = p
	}
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		if c.window == nil {
			if len(args) > 0 {
				fmt.Fprintf(stderr, "privacydesk: unknown flag %q\n", args[0])
			} else {
				fmt.Fprintln(stderr, "privacydesk-cli has no window: give a command (the privacydesk program opens the window)")
			}
			c.printUsage(stderr)
			return 2
		}
		return c.window(c.dbPath, stderr)
	}
	if args[0] == "help" {
		c.printUsage(stdout)
		return 0
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "privacydesk: unknown command %q (run privacydesk --help)\n", args[0])
		return 2
	}
	c.path = cmd.name
	defer logToDataFolder(c.dbPath)()
	// A restore that a crash interrupted is finished or undone before any command, and
	// the person is told which. When it cannot be, the command's own opening of the
	// database says why (a command that does not open it is not held up).
	if note, _ := dbfile.Recover(c.dbPath); note != "" {
		fmt.Fprintln(stderr, "privacydesk:", note)
	}
	// The data key a command's sign-in unlocks is dropped when the command ends, so the
	// next command (in this process too: the window binary, the tests) signs in again;
	// a key the window had unlocked before stays.
	if !storage.IsUnlocked(c.dbPath) {
		defer func() {
			if abs, err := filepath.Abs(c.dbPath); err == nil {
				storage.Forget(abs)
			}
		}()
	}
	var err error
	if cmd.subs != nil {
		err = runSubcommand(c, args[1:], cmd.usage, cmd.subs)
	} else {
		err = cmd.run(c, args[1:])
	}
	if c.store != nil {
		c.store.Close()
	}
	var ue usageError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errHelp):
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "privacydesk %s: %s\n", cmd.name, ue.msg)
		return 2
	default:
		fmt.Fprintf(stderr, "privacydesk %s: %s\n", cmd.name, oneLine(cliMessage(err)))
		return 1
	}
}

// cliMessage is what a person at a terminal sees: the domain message with its field,
// or the detail of an internal error (a terminal user is the operator, not a patient).
func cliMessage(err error) string {
	var e *backend.Error
	if errors.As(err, &e) {
		if e.Field != "" {
			return e.Field + ": " + e.Message
		}
		return e.Message
	}
	return err.Error()
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
