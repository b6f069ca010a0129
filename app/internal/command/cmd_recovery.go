package command

import (
	"fmt"

	"privacydesk/backend/backup"
)

func init() {
	register(command{name: "recovery-key", summary: "make the recovery key the daily backups are encrypted to", usage: recoveryKeyUsage,
		subs: map[string]func(*cli, []string) error{
			"create": runRecoveryKeyCreate,
			"show":   runRecoveryKeyShow,
		}})
}

const recoveryKeyUsage = "recovery-key create --out FILE [--pdf FILE] [--replace] | recovery-key show"

// runRecoveryKeyCreate makes the recovery key: the secret goes to --out (and on the
// --pdf page) and is printed once; the database keeps only the public half.
func runRecoveryKeyCreate(c *cli, args []string) error {
	fs := c.flags("recovery-key create", "recovery-key create --out FILE [--pdf FILE] [--replace]")
	out := fs.String("out", "", "the new file to save the secret recovery key in")
	pdf := fs.String("pdf", "", "also write a one-page PDF with the key and instructions")
	replace := fs.Bool("replace", false, "replace the practice's recovery key (older backups still need the old one)")
	if err := c.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	if *out == "" {
		return usagef("--out FILE is required")
	}
	s, err := c.openStore()
	if err != nil {
		return err
	}
	ctx, stop := interruptible()
	defer stop()
	k, err := backup.New(s, Version).CreateRecoveryKey(ctx, *out, *pdf, *replace)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "Recovery key saved in %s. Keep it (or the printed page) in a safe place: it alone opens the automatic backups.\n", k.KeyFile)
	if k.PDFFile != "" {
		fmt.Fprintf(c.stdout, "Instructions to print: %s\n", k.PDFFile)
	}
	fmt.Fprintf(c.stdout, "Secret key (shown once): %s\nPublic key: %s\n", k.Secret, k.Recipient)
	return nil
}

func runRecoveryKeyShow(c *cli, args []string) error {
	fs := c.flags("recovery-key show", "recovery-key show")
	if err := c.parse(fs, args); err != nil {
		return err
	}
	s, err := c.openStore()
	if err != nil {
		return err
	}
	ctx, stop := interruptible()
	defer stop()
	k, err := backup.New(s, Version).RecoveryKey(ctx)
	if err != nil {
		return err
	}
	if !k.Set {
		fmt.Fprintln(c.stdout, "No recovery key: automatic backups, and backups without a passphrase, are refused (they would not be encrypted). Make one with: privacydesk recovery-key create --out FILE --pdf FILE.pdf")
		return nil
	}
	fmt.Fprintf(c.stdout, "Automatic backups are encrypted to the recovery key %s.\n", k.Recipient)
	return nil
}
