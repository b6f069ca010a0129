package dbfile

import (
	"testing"
)

func TestUNCPathsAreRemote(t *testing.T) {
	for p, want := range map[string]bool{
		`\\server\share\PrivacyDesk`:        true,
		`//server/share/PrivacyDesk`:        true,
		`\\?\UNC\server\share\PrivacyDesk`:  true,
		`\\?\C:\Users\ana\AppData\Local\PD`: false,
		`\\.\PhysicalDrive0`:                false,
		`C:\Users\ana\AppData\Local\PD`:     false,
		`/home/ana/.config/PrivacyDesk`:     false,
		`relative\folder`:                   false,
	} {
		if got := uncRemote(p); got != want {
			t.Errorf("uncRemote(%q) = %v, want %v", p, got, want)
		}
	}
}
