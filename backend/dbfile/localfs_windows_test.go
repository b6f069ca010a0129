package dbfile

import (
	"strings"
	"testing"
)

// A database folder given as a UNC path is refused with the explanation.
func TestUNCFolderIsRefused(t *testing.T) {
	err := CheckLocal(`\\server\share\PrivacyDesk`)
	if err == nil || !strings.Contains(err.Error(), "network") || !strings.Contains(err.Error(), "same computer") {
		t.Fatalf("%v", err)
	}
}
