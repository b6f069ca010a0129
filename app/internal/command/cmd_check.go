package command

import (
	"context"
	"fmt"

	"privacydesk/backend/storage"
)

func init() {
	register(command{name: "check", summary: "run SQLite's full integrity check on the database", run: runCheck})
}

// runCheck runs the full integrity check on demand (opening the database runs the
// quicker check only when it can find something): exit 0 when the file is healthy,
// exit 1 with what SQLite found.
func runCheck(c *cli, args []string) error {
	fs := c.flags("check", "check")
	if err := c.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	s, err := c.openStore()
	if err != nil {
		return err
	}
	if storage.IsPostgresURL(s.Path()) {
		fmt.Fprintf(c.stdout, "%s is a PostgreSQL database: the server checks its own pages (data checksums, amcheck); there is no file to check here.\n", s.Path())
		return nil
	}
	if err := s.IntegrityCheck(context.Background()); err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "%s passes SQLite's integrity check.\n", s.Path())
	return nil
}
