//go:build linux

package correspondence

import (
	"bytes"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// A copy of a letter that cannot be written whole (the disk fills up; here the file
// size limit, which makes write fail with EFBIG as a full disk's ENOSPC would) must leave
// the file that was at the path as it was, and no half-written PDF.
func TestWriteCopyFailingLeavesTheFileThatWasThere(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "R-1 ack 1.pdf")
	old := append([]byte("%PDF-1.7 the copy sent last week "), bytes.Repeat([]byte("x"), 4000)...)
	if err := os.WriteFile(dest, old, 0o600); err != nil {
		t.Fatal(err)
	}
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
		t.Fatal(err)
	}
	small := lim
	small.Cur = 2048
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &small); err != nil {
		t.Skip(err)
	}
	err := WriteCopy(dest, append([]byte("%PDF-1.7 the new copy "), bytes.Repeat([]byte("y"), 3000)...))
	syscall.Setrlimit(syscall.RLIMIT_FSIZE, &lim)
	if err == nil {
		t.Fatal("the write past the limit did not fail")
	}
	got, _ := os.ReadFile(dest)
	if !bytes.Equal(got, old) {
		t.Errorf("after a failed copy the file holds %d bytes starting %q, not the %d bytes that were there", len(got), got[:min(len(got), 24)], len(old))
	}
	ents, _ := os.ReadDir(filepath.Dir(dest))
	if len(ents) != 1 {
		t.Errorf("the folder holds %d entries after a failed copy", len(ents))
	}
}
