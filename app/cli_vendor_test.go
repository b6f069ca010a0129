package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"privacydesk/app/internal/command"
	"privacydesk/backend/accounts"
	"privacydesk/backend/reporting"
	"privacydesk/backend/signin"
	"privacydesk/backend/storage"
)

// TestVendorCSVIsTheExportsScreens: `vendor list --format csv` and the Exports screen's
// vendor CSV are one table, so the same register gives the same bytes.
func TestVendorCSVIsTheExportsScreens(t *testing.T) {
	// An encrypted desk, as the window's is once an administrator signed in, whose first
	// administrator the CLI signs in as (cheap to hash).
	s, _ := exportDeskOn(t, func(dbPath string) (*storage.Store, error) {
		st, _, err := signin.Create(context.Background(), dbPath, "Vendor CSV Check", "the vendor csv check",
			signin.Options{Cost: accounts.Params{Memory: 64, Time: 1, Threads: 1}})
		return st, err
	})
	t.Setenv("PRIVACYDESK_USER", "Vendor CSV Check")
	t.Setenv("PRIVACYDESK_PASSPHRASE", "the vendor csv check")
	var cliOut, cliErr bytes.Buffer
	if code := command.RunAt(func() time.Time { return exportClock }, []string{"--db", s.d.dbPath, "vendor", "list", "--format", "csv"}, &cliOut, &cliErr); code != 0 {
		t.Fatalf("vendor list: exit %d %s", code, cliErr.String())
	}
	out := filepath.Join(t.TempDir(), "vendors.csv")
	j, err := s.ExportTo(reporting.ExportRequest{Kind: "vendors", Format: "csv", Out: out})
	if err != nil {
		t.Fatal(err)
	}
	if done := s.wait(j.ID); done.State != "done" {
		t.Fatalf("export: %+v", done.Error)
	}
	screen, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(cliOut.Bytes(), screen) {
		t.Errorf("the CLI's CSV differs from the Exports screen's:\nCLI:    %.300q\nscreen: %.300q", cliOut.String(), screen)
	}
	records, err := csv.NewReader(bytes.NewReader(screen)).ReadAll()
	if err != nil || len(records) != 14 {
		t.Fatalf("%d records, %v", len(records), err)
	}
	// Not trivially equal: the register's alerts and instants are in both.
	if !strings.Contains(string(screen), "Fax service (example: PHI without BAA) has limited PHI access") || !strings.Contains(string(screen), "Z,") {
		t.Errorf("the CSV lacks today's alerts or UTC instants:\n%s", screen)
	}
}
