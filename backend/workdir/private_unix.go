//go:build !windows

package workdir

import (
	"io/fs"
	"os"
	"syscall"
)

// ownedByUser reports whether the file fi describes belongs to this process's user.
func ownedByUser(fi fs.FileInfo) bool {
	st, ok := fi.Sys().(*syscall.Stat_t)
	return ok && int(st.Uid) == os.Geteuid()
}
