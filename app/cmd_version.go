package main

import "fmt"

func init() {
	register(command{name: "version", summary: "print the version", run: func(c *cli, args []string) error {
		fs := c.flags("version", "version")
		if err := c.parse(fs, args); err != nil {
			return err
		}
		if fs.NArg() > 0 {
			return usagef("unexpected argument %q", fs.Arg(0))
		}
		fmt.Fprintf(c.stdout, "privacydesk %s\n", version)
		return nil
	}})
}
