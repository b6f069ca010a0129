package command

import (
	"fmt"
	"log/slog"
	"path/filepath"
	"time"

	"privacydesk/backend/reporting"
)

func init() {
	register(command{name: "package", summary: "write a requester's response package (ZIP, optionally encrypted)", run: runPackage})
}

// runPackage writes the same response package as the Exports screen: the cover letter,
// the files attached as the response, the request as JSON and CSV, and a SHA-256
// manifest; with a passphrase, AES-256 encrypted (README, "Encryption").
func runPackage(c *cli, args []string) error {
	fs := c.flags("package", "package --request REF --out FILE.zip [--passphrase-file F]")
	ref := fs.String("request", "", "the request's reference (PR-YYYY-NNNN)")
	out := fs.String("out", "", "the ZIP file to write (replaced only when complete)")
	passFile := fs.String("passphrase-file", "", "encrypt with the passphrase on this file's first line")
	if err := c.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	if *ref == "" || *out == "" {
		return usagef("--request REF and --out FILE.zip are required")
	}
	pass, err := newPassphrase(*passFile)
	if err != nil {
		return err
	}
	abs, err := filepath.Abs(*out)
	if err != nil {
		return err
	}
	s, err := c.openStore()
	if err != nil {
		return err
	}
	// What an earlier package left when it was cut short (a crash, a killed command) is
	// health data outside the encrypted store: it goes before this one is written.
	if left, err := reporting.RemovePackageLeftovers(time.Now()); err != nil {
		slog.Warn("the files of an interrupted response package could not all be removed", "err", err)
	} else if len(left) > 0 {
		slog.Info("removed the folders of interrupted response packages", "folders", left)
	}
	ctx, stop := interruptible()
	defer stop()
	res, err := reporting.New(s).PackageTo(ctx, *ref, pass, abs)
	if err != nil {
		return err
	}
	enc := "not encrypted"
	if res.Encryption != "" && res.Encryption != "none" {
		enc = "encrypted with " + res.Encryption
	}
	fmt.Fprintf(c.stdout, "Response package for %s: %d files, %s, written to %s.\n", res.Reference, len(res.Files), enc, abs)
	return nil
}
