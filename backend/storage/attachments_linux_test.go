//go:build linux

package storage

import (
	"bytes"
	"strings"
	"syscall"
	"testing"

	"privacydesk/backend"
)

// TestOpenableCopyFailureNamesNoFile: a copy for the viewer that cannot be written (the
// disk fills up; here the file size limit, which fails the write as a full disk would)
// is an internal error, which the window writes to its log in full. The log is a plain
// file: the error names the attachment by its number, not by the requester's file name
// ("Jane Doe - intake.pdf"), which is in the path of the copy.
func TestOpenableCopyFailureNamesNoFile(t *testing.T) {
	s := newTestStore(t)
	r := mustCreateRequest(t, s, reqInput("Jane Doe", "jane@example.com", backend.RegimeHIPAA, "2026-02-27", backend.RightAccess))
	p := writeAttachmentSource(t, t.TempDir(), "Jane Doe - intake.pdf", append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte("x"), 4000)...))
	a, err := s.AddRequestAttachment(r.Reference, p, "")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
		t.Fatal(err)
	}
	small := lim
	small.Cur = 2048
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &small); err != nil {
		t.Skip(err)
	}
	_, err = s.OpenableCopy(a.ID, dir)
	syscall.Setrlimit(syscall.RLIMIT_FSIZE, &lim)
	if err == nil {
		t.Fatal("the copy past the size limit did not fail")
	}
	if strings.Contains(err.Error(), "Jane") {
		t.Errorf("the error names the requester's file: %v", err)
	}
}
