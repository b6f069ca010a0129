package backup

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Every backup's manifest holds the audit chain's head, and the preview checks the
// trail of the database it would install: intact, a row changed outside the app, and a
// trail that no longer holds the manifest's head are each told.
func TestBackupManifestHoldsTheChainHead(t *testing.T) {
	ctx := context.Background()
	st := demoStore(t, 3)
	dir := t.TempDir()
	out := filepath.Join(dir, "b.pdbackup")
	plainBackup(t, st, out) // in clear, so the test can edit the manifest
	head, err := st.AuditHead()
	if err != nil {
		t.Fatal(err)
	}
	pv, err := New(st, "test").Preview(ctx, out, "")
	if err != nil {
		t.Fatal(err)
	}
	if pv.AuditHead == nil || *pv.AuditHead != head || pv.AuditHead.Events != pv.Counts["auditEvents"] {
		t.Fatalf("manifest head %+v, the store's %+v, %d events counted", pv.AuditHead, head, pv.Counts["auditEvents"])
	}
	if !pv.Chain.OK || pv.Chain.Count != head.Events || pv.Chain.Records == 0 || !strings.Contains(pv.ChainText, "intact") {
		t.Fatalf("preview chain %+v %q", pv.Chain, pv.ChainText)
	}

	// The manifest's head altered: the trail inside no longer holds it.
	good, _ := os.ReadFile(out)
	forged := filepath.Join(dir, "forged.pdbackup")
	os.WriteFile(forged, withManifest(func(m *Manifest, _ map[string][]byte) {
		m.AuditHead.Hash = strings.Repeat("ab", 32)
	})(t, good), 0o600)
	info, err := Preview(ctx, forged, "")
	if err != nil {
		t.Fatal(err)
	}
	if info.Chain == nil || info.Chain.OK || !strings.Contains(info.Chain.Problem, "not the one the anchor recorded") {
		t.Errorf("a forged head: %+v", info.Chain)
	}

	// A request changed with SQL before the backup: the preview names it.
	db, err := sql.Open("sqlite3", st.Path())
	if err != nil {
		t.Fatal(err)
	}
	var ref string
	db.QueryRow(`SELECT reference FROM requests ORDER BY id LIMIT 1`).Scan(&ref)
	if _, err := db.Exec(`UPDATE requests SET assignee = 'Mallory' WHERE reference = ?`, ref); err != nil {
		t.Fatal(err)
	}
	db.Close()
	edited := filepath.Join(dir, "edited.pdbackup")
	plainBackup(t, st, edited)
	pv, err = New(st, "test").Preview(ctx, edited, "")
	if err != nil {
		t.Fatal(err)
	}
	if pv.Chain.OK || !strings.Contains(pv.Chain.Problem, "request "+ref+": assignee is 'Mallory'") || !strings.Contains(pv.ChainText, "does not verify") {
		t.Errorf("an edited row: %+v %q", pv.Chain, pv.ChainText)
	}
}
