package command

import (
	"os"
	"path/filepath"
	"testing"
)

// fakeProfile makes a user profile's Local and Roaming folders under a temporary folder.
func fakeProfile(t *testing.T) (local, roaming string) {
	t.Helper()
	base := t.TempDir()
	local, roaming = filepath.Join(base, "AppData", "Local"), filepath.Join(base, "AppData", "Roaming")
	for _, d := range []string{local, roaming} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	return local, roaming
}

func writeFile(t *testing.T, path, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func exists(path string) bool { _, err := os.Lstat(path); return err == nil }

func TestWindowsDataDirMovesRoamingToLocal(t *testing.T) {
	local, roaming := fakeProfile(t)
	writeFile(t, filepath.Join(roaming, "PrivacyDesk", "privacydesk.db"), "the practice's database")
	writeFile(t, filepath.Join(roaming, "PrivacyDesk", "attachments", "ab12"), "an attachment")
	writeFile(t, filepath.Join(roaming, "Other", "keep"), "another program's")

	dir, err := windowsDataDir(local, roaming)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(local, "PrivacyDesk"); dir != want {
		t.Fatalf("data folder %s, want %s", dir, want)
	}
	if got := readFile(t, filepath.Join(dir, "privacydesk.db")); got != "the practice's database" {
		t.Errorf("database after the move: %q", got)
	}
	if got := readFile(t, filepath.Join(dir, "attachments", "ab12")); got != "an attachment" {
		t.Errorf("attachment after the move: %q", got)
	}
	if exists(filepath.Join(roaming, "PrivacyDesk")) {
		t.Error("the Roaming folder is still there after the move")
	}
	if !exists(filepath.Join(roaming, "Other", "keep")) {
		t.Error("another program's Roaming folder was touched")
	}
	// The second start finds Local and moves nothing.
	dir2, err := windowsDataDir(local, roaming)
	if err != nil || dir2 != dir {
		t.Errorf("second start: %s %v", dir2, err)
	}
}

func TestWindowsDataDirKeepsLocalWhenBothExist(t *testing.T) {
	local, roaming := fakeProfile(t)
	writeFile(t, filepath.Join(roaming, "PrivacyDesk", "privacydesk.db"), "old roaming")
	writeFile(t, filepath.Join(local, "PrivacyDesk", "privacydesk.db"), "current local")
	dir, err := windowsDataDir(local, roaming)
	if err != nil {
		t.Fatal(err)
	}
	if dir != filepath.Join(local, "PrivacyDesk") || readFile(t, filepath.Join(dir, "privacydesk.db")) != "current local" {
		t.Errorf("data folder %s", dir)
	}
	if readFile(t, filepath.Join(roaming, "PrivacyDesk", "privacydesk.db")) != "old roaming" {
		t.Error("the Roaming folder was changed although Local exists")
	}
}

func TestWindowsDataDirFreshProfile(t *testing.T) {
	local, roaming := fakeProfile(t)
	dir, err := windowsDataDir(local, roaming)
	if err != nil || dir != filepath.Join(local, "PrivacyDesk") {
		t.Fatalf("%s %v", dir, err)
	}
	if exists(dir) || exists(filepath.Join(roaming, "PrivacyDesk")) {
		t.Error("choosing the folder created one; the store creates it with its own permissions")
	}
	// A file called PrivacyDesk in Roaming is not a data folder to move.
	writeFile(t, filepath.Join(roaming, "PrivacyDesk"), "not a folder")
	if dir, err := windowsDataDir(local, roaming); err != nil || dir != filepath.Join(local, "PrivacyDesk") || exists(dir) {
		t.Errorf("with a file in Roaming: %s %v", dir, err)
	}
}

func TestWindowsDataDirFailedMoveKeepsRoaming(t *testing.T) {
	_, roaming := fakeProfile(t)
	writeFile(t, filepath.Join(roaming, "PrivacyDesk", "privacydesk.db"), "db")
	// Local cannot be created (a file stands where its parent folder should be), so the
	// move fails and the data stays where it is, in use.
	blocker := filepath.Join(t.TempDir(), "file")
	writeFile(t, blocker, "x")
	dir, err := windowsDataDir(filepath.Join(blocker, "Local"), roaming)
	if err != nil {
		t.Fatal(err)
	}
	if dir != filepath.Join(roaming, "PrivacyDesk") || readFile(t, filepath.Join(dir, "privacydesk.db")) != "db" {
		t.Errorf("after a failed move: %s", dir)
	}
}

func TestWindowsDataDirWithoutEnvironment(t *testing.T) {
	if _, err := windowsDataDir("", ""); err == nil {
		t.Error("no error with neither %LocalAppData% nor %AppData%")
	}
	if dir, err := windowsDataDir("", `/r`); err != nil || dir != filepath.Join("/r", "PrivacyDesk") {
		t.Errorf("only %%AppData%%: %s %v", dir, err)
	}
	local, _ := fakeProfile(t)
	if dir, err := windowsDataDir(local, ""); err != nil || dir != filepath.Join(local, "PrivacyDesk") {
		t.Errorf("only %%LocalAppData%%: %s %v", dir, err)
	}
}
