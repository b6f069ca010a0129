package command

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"

	"privacydesk/backend"
	"privacydesk/backend/accounts"
	"privacydesk/backend/signin"
)

func init() {
	register(command{name: "account", summary: "add, list, disable, enable and reset staff accounts, change a role, check a passphrase", usage: accountUsage,
		subs: map[string]func(*cli, []string) error{
			"add":     runAccountAdd,
			"list":    runAccountList,
			"disable": runAccountDisable,
			"enable":  runAccountEnable,
			"reset":   runAccountReset,
			"role":    runAccountRole,
			"check":   runAccountCheck,
		}})
}

const accountUsage = "account add NAME --role R | account list [--json] | account disable NAME | account enable NAME | " +
	"account reset NAME | account role NAME R | account check NAME  (the account's passphrase: --passphrase-file F, else $PRIVACYDESK_NEW_PASSPHRASE, else asked)"

// accounts opens the database once and returns the account use cases.
func (c *cli) accounts() (*accounts.Service, context.Context, error) {
	s, err := c.openStore()
	if err != nil {
		return nil, nil, err
	}
	return accounts.New(s), context.Background(), nil
}

// parseArgs parses args with the arguments before, between or after the flags
// ("account add Ann --role staff") and returns them; there must be want of them.
func (c *cli) parseArgs(fs *flag.FlagSet, args []string, want int, usage string) ([]string, error) {
	var got []string
	for {
		if err := c.parse(fs, args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			break
		}
		got, args = append(got, fs.Arg(0)), fs.Args()[1:]
	}
	if len(got) != want {
		return nil, usagef("usage: privacydesk %s", usage)
	}
	return got, nil
}

// newPassphrase is the passphrase an account is given (account add, account reset): from
// the subcommand's --passphrase-file, else $PRIVACYDESK_NEW_PASSPHRASE, else asked twice
// on the terminal without echo (never from the command line, where other users of the
// computer can see it). $PRIVACYDESK_PASSPHRASE is the signed-in account's own.
// It is checked here, before the command opens (or makes) the database.
func (c *cli) newPassphrase(file, name string) (string, error) {
	p, err := c.readNewPassphrase(file, name)
	if err != nil {
		return "", err
	}
	return p, backend.ValidatePassphrase(p)
}

func (c *cli) readNewPassphrase(file, name string) (string, error) {
	if file != "" {
		return readPassphrase(file)
	}
	if p := os.Getenv("PRIVACYDESK_NEW_PASSPHRASE"); p != "" {
		return p, nil
	}
	if !stdinIsTerminal() {
		return "", backend.Invalid("passphrase", "Give the new passphrase of %s on the first line of --passphrase-file F (after the subcommand), or in PRIVACYDESK_NEW_PASSPHRASE.", name)
	}
	var twice [2]string
	for i, prompt := range []string{"New passphrase for %s: ", "The same again: "} {
		fmt.Fprintf(c.stderr, prompt, name)
		b, err := readHidden()
		fmt.Fprintln(c.stderr)
		if err != nil {
			return "", fmt.Errorf("reading the passphrase: %w", err)
		}
		twice[i] = string(b)
	}
	if twice[0] != twice[1] {
		return "", backend.Invalid("passphrase", "The two passphrases typed differ; nothing was changed.")
	}
	return twice[0], nil
}

func runAccountAdd(c *cli, args []string) error {
	const usage = "account add NAME --role administrator|staff|auditor|backup [--passphrase-file F]"
	fs := c.flags("account add", usage)
	role := fs.String("role", "", "administrator, staff, auditor or backup (the first account is an administrator)")
	passFile := fs.String("passphrase-file", "", "the new account's passphrase, on this file's first line (else $PRIVACYDESK_NEW_PASSPHRASE, else asked)")
	names, err := c.parseArgs(fs, args, 1, usage)
	if err != nil {
		return err
	}
	if *role == "" {
		return usagef("--role is required (administrator, staff, auditor or backup)")
	}
	pass, err := c.newPassphrase(*passFile, names[0])
	if err != nil {
		return err
	}
	svc, ctx, err := c.accounts()
	if err != nil {
		return err
	}
	a, err := svc.Create(ctx, names[0], backend.Role(*role), pass)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "Added %s (%s).\n", a.Name, a.Role)
	return nil
}

func runAccountList(c *cli, args []string) error {
	const usage = "account list [--json]"
	fs := c.flags("account list", usage)
	asJSON := fs.Bool("json", false, "print the accounts as a JSON array")
	if _, err := c.parseArgs(fs, args, 0, usage); err != nil {
		return err
	}
	svc, ctx, err := c.accounts()
	if err != nil {
		return err
	}
	list, err := svc.List(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		return c.printJSON(list)
	}
	if len(list) == 0 {
		fmt.Fprintln(c.stdout, "No staff accounts yet: add the first administrator with account add NAME --role administrator.")
		return nil
	}
	w := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "NAME\tROLE\tSTATE\tFAILED SIGN-INS")
	for _, a := range list {
		state := "enabled"
		if a.Disabled {
			state = "disabled"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%d\n", a.Name, a.Role, state, a.FailedAttempts)
	}
	return w.Flush()
}

// runAccountChange runs a change of one named account and says what it did.
func runAccountChange(c *cli, args []string, sub, done string, change func(*accounts.Service, context.Context, string) (backend.StaffAccount, error)) error {
	usage := "account " + sub + " NAME"
	fs := c.flags("account "+sub, usage)
	names, err := c.parseArgs(fs, args, 1, usage)
	if err != nil {
		return err
	}
	svc, ctx, err := c.accounts()
	if err != nil {
		return err
	}
	a, err := change(svc, ctx, names[0])
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "%s %s.\n", done, a.Name)
	return nil
}

func runAccountDisable(c *cli, args []string) error {
	return runAccountChange(c, args, "disable", "Disabled", (*accounts.Service).Disable)
}

func runAccountEnable(c *cli, args []string) error {
	return runAccountChange(c, args, "enable", "Enabled", (*accounts.Service).Enable)
}

func runAccountReset(c *cli, args []string) error {
	const usage = "account reset NAME [--passphrase-file F]"
	fs := c.flags("account reset", usage)
	passFile := fs.String("passphrase-file", "", "the new passphrase, on this file's first line (else $PRIVACYDESK_NEW_PASSPHRASE, else asked)")
	names, err := c.parseArgs(fs, args, 1, usage)
	if err != nil {
		return err
	}
	pass, err := c.newPassphrase(*passFile, names[0])
	if err != nil {
		return err
	}
	svc, ctx, err := c.accounts()
	if err != nil {
		return err
	}
	a, err := svc.ResetPassphrase(ctx, names[0], pass)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "New passphrase set for %s.\n", a.Name)
	return nil
}

func runAccountRole(c *cli, args []string) error {
	const usage = "account role NAME administrator|staff|auditor|backup"
	fs := c.flags("account role", usage)
	got, err := c.parseArgs(fs, args, 2, usage)
	if err != nil {
		return err
	}
	svc, ctx, err := c.accounts()
	if err != nil {
		return err
	}
	a, err := svc.ChangeRole(ctx, got[0], backend.Role(got[1]))
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "%s is now %s.\n", a.Name, a.Role)
	return nil
}

// runAccountCheck signs in as NAME (default: the --user signing in) without doing
// anything else: a wrong passphrase counts as a failed sign-in, is audited, and makes
// the account wait like any other.
func runAccountCheck(c *cli, args []string) error {
	const usage = "account check [NAME] [--passphrase-file F]"
	fs := c.flags("account check", usage)
	passFile := fs.String("passphrase-file", "", "the passphrase, on this file's first line (else the sign-in's: --passphrase-file before the command, $PRIVACYDESK_PASSPHRASE, or asked)")
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		c.user, args = args[0], args[1:]
	}
	if err := c.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("usage: privacydesk %s", usage)
	}
	if *passFile != "" {
		c.passFile, c.passphrase = *passFile, ""
	}
	name, pass, err := c.credentials()
	if err != nil {
		return err
	}
	s, a, err := signin.Open(context.Background(), c.dbPath, name, pass, c.signinOptions())
	if err != nil {
		return err
	}
	c.keepRecoveryKey(s)
	s.Close()
	fmt.Fprintf(c.stdout, "The passphrase of %s (%s) is right.\n", a.Name, a.Role)
	return nil
}
