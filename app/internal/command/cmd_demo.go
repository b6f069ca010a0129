package command

import (
	"fmt"

	"privacydesk/backend/demo"
)

func init() {
	register(command{name: "demo", summary: "load the example practice (Sessions, Inc.)", run: runDemo})
}

func runDemo(c *cli, args []string) error {
	fs := c.flags("demo", "demo [--requests N] [--seed S]")
	n := fs.Int("requests", 0, "also add N synthetic requests")
	seed := fs.Uint64("seed", 1, "seed for the synthetic requests (same seed, same data)")
	if err := c.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	if *n < 0 || *n > 1_000_000 {
		return usagef("--requests must be between 0 and 1000000")
	}
	s, err := c.openStore()
	if err != nil {
		return err
	}
	sum, err := demo.Load(s, demo.Options{Requests: *n, Seed: *seed})
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "Loaded %s into %s (%d vendors, %d requests).\n", sum.Practice, s.Path(), sum.Vendors, sum.Requests)
	return nil
}
