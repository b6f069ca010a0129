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
	"privacydesk/backend"
	"privacydesk/backend/accounts"
	"privacydesk/backend/reporting"
)

// TestVendorCSVIsTheExportsScreens: `vendor list --format csv` and the Exports screen's
// vendor CSV are one table, so the same register gives the same bytes.
func TestVendorCSVIsTheExportsScreens(t *testing.T) {
	s, _ := exportDesk(t)
	// The CLI signs in: an account of its own (cheap to hash), whatever the desk has.
	svc := accounts.New(s.d.store)
	svc.Params = accounts.Params{Memory: 64, Time: 1, Threads: 1}
	if _, err := svc.Create(context.Background(), "Vendor CSV Check", backend.RoleAdministrator, "the vendor csv check"); err != nil {
		t.Fatal(err)
	}
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
