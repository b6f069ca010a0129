package backend

import (
	"regexp"
	"sync"
)

// LazyRegexp compiles expr on first use, not when the program starts: every package
// linked into a binary runs its package-level initialisation before main, so a regular
// expression compiled there slows down every command, privacydesk-cli version included.
func LazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}
