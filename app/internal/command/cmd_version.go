package command

import "fmt"

func init() {
	register(command{name: "version", summary: "print the version, commit and build date", run: func(c *cli, args []string) error {
		fs := c.flags("version", "version")
		if err := c.parse(fs, args); err != nil {
			return err
		}
		if fs.NArg() > 0 {
			return usagef("unexpected argument %q", fs.Arg(0))
		}
		fmt.Fprintln(c.stdout, VersionLine())
		return nil
	}})
}

// VersionLine is what the version command prints: the version, the commit it was built
// from and the build date.
func VersionLine() string {
	return fmt.Sprintf("privacydesk %s (commit %s, built %s)", Version, Commit, Date)
}
