package command

import (
	"context"
	"flag"
	"fmt"
	"os"
	"text/tabwriter"

	"privacydesk/backend"
	"privacydesk/backend/accounts"
)

func init() {
	register(command{name: "account", summary: "add, list, disable, enable and reset staff accounts, change a role, check a passphrase", run: runAccount})
}

const accountUsage = "account add NAME --role R | account list [--json] | account disable NAME | account enable NAME | " +
	"account reset NAME | account role NAME R | account check NAME  (passphrase: --passphrase-file F or $PRIVACYDESK_PASSPHRASE)"

func runAccount(c *cli, args []string) error {
	return runSubcommand(c, args, accountUsage, map[string]func(*cli, []string) error{
		"add":     runAccountAdd,
		"list":    runAccountList,
		"disable": runAccountDisable,
		"enable":  runAccountEnable,
		"reset":   runAccountReset,
		"role":    runAccountRole,
		"check":   runAccountCheck,
	})
}

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

// accountPassphrase is the passphrase from --passphrase-file, else $PRIVACYDESK_PASSPHRASE
// (never from the command line, where other users of the computer can see it).
func accountPassphrase(file string) (string, error) {
	if file != "" {
		return readPassphrase(file)
	}
	if p := os.Getenv("PRIVACYDESK_PASSPHRASE"); p != "" {
		return p, nil
	}
	return "", backend.Invalid("passphrase", "Give the passphrase on the first line of --passphrase-file F, or in PRIVACYDESK_PASSPHRASE.")
}

func runAccountAdd(c *cli, args []string) error {
	const usage = "account add NAME --role administrator|staff|auditor|backup [--passphrase-file F]"
	fs := c.flags("account add", usage)
	role := fs.String("role", "", "administrator, staff, auditor or backup (the first account is an administrator)")
	passFile := fs.String("passphrase-file", "", "the new account's passphrase, on this file's first line (else $PRIVACYDESK_PASSPHRASE)")
	names, err := c.parseArgs(fs, args, 1, usage)
	if err != nil {
		return err
	}
	if *role == "" {
		return usagef("--role is required (administrator, staff, auditor or backup)")
	}
	pass, err := accountPassphrase(*passFile)
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
	return runAccountWithPassphrase(c, args, "reset", "the new passphrase",
		func(svc *accounts.Service, ctx context.Context, name, pass string) (string, error) {
			a, err := svc.ResetPassphrase(ctx, name, pass)
			return fmt.Sprintf("New passphrase set for %s.", a.Name), err
		})
}

// runAccountWithPassphrase runs sub on one named account with a passphrase (what the
// passphrase is for: what) and prints the line act returns.
func runAccountWithPassphrase(c *cli, args []string, sub, what string, act func(svc *accounts.Service, ctx context.Context, name, pass string) (string, error)) error {
	usage := "account " + sub + " NAME [--passphrase-file F]"
	fs := c.flags("account "+sub, usage)
	passFile := fs.String("passphrase-file", "", what+", on this file's first line (else $PRIVACYDESK_PASSPHRASE)")
	names, err := c.parseArgs(fs, args, 1, usage)
	if err != nil {
		return err
	}
	pass, err := accountPassphrase(*passFile)
	if err != nil {
		return err
	}
	svc, ctx, err := c.accounts()
	if err != nil {
		return err
	}
	line, err := act(svc, ctx, names[0], pass)
	if err != nil {
		return err
	}
	fmt.Fprintln(c.stdout, line)
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

// runAccountCheck signs in without doing anything else: a wrong passphrase counts as a
// failed sign-in, is audited, and makes the account wait like any other.
func runAccountCheck(c *cli, args []string) error {
	return runAccountWithPassphrase(c, args, "check", "the passphrase",
		func(svc *accounts.Service, ctx context.Context, name, pass string) (string, error) {
			a, err := svc.SignIn(ctx, name, pass)
			return fmt.Sprintf("The passphrase of %s (%s) is right.", a.Name, a.Role), err
		})
}
