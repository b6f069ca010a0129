package storage

import (
	"strconv"
	"strings"
	"testing"

	"privacydesk/backend"
)

// A row changed behind the app's back (a database tool, an UPDATE) is named by
// VerifyAudit, with what differs when the field is one kept in plain words.
func TestVerifyAuditNamesRecordChangedOutsideTheApp(t *testing.T) {
	cases := []struct {
		name   string
		tamper string
		says   string // "" when the trail still holds
	}{
		{"intact", "", ""},
		{"status", `UPDATE requests SET status = 'completed' WHERE reference = '%REF%'`,
			"request %REF%: status is 'completed' but its last event (%SEQ%) says 'acknowledged'"},
		{"notes", `UPDATE requests SET notes = 'rewritten' WHERE reference = '%REF%'`,
			"request %REF%: its fields no longer match its last event (%SEQ%)"},
		{"an outcome", `UPDATE request_rights SET outcome = 'denied' WHERE request_id = (SELECT id FROM requests WHERE reference = '%REF%')`,
			"request %REF%: its fields no longer match"},
		{"a vendor", `UPDATE vendors SET baa_status = 'signed' WHERE name = 'Cloud Files'`,
			"vendor Cloud Files: baa status is 'signed' but its last event"},
		{"an appeal's link", `UPDATE requests SET appeal_of = 'PR-2026-0001' WHERE reference = '%REF%'`,
			"request %REF%: its fields no longer match its last event (%SEQ%)"},
		{"a vendor's previous BAA", `UPDATE vendors SET prior_baa_ends_on = '2027-01-31' WHERE name = 'Cloud Files'`,
			"vendor Cloud Files: its fields no longer match its last event"},
		{"a letter's PDF", `%DROP-TRIGGER%; UPDATE letters SET pdf = 'another, longer document' WHERE id = 1`,
			"letter 1 of %REF%: its fields no longer match"},
		{"a request added with SQL", `INSERT INTO requests(reference, ref_year, ref_seq, requester_name, channel, received_at, received_date, regime, created_at, updated_at)
			VALUES ('PR-2026-9999', 2026, 9999, 'Nobody', 'email', '2026-03-01T10:00:00Z', '2026-03-01', 'ccpa', '2026-03-01T10:00:00Z', '2026-03-01T10:00:00Z')`,
			"request PR-2026-9999 has no event in the audit trail"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := newTestStore(t)
			r := mustCreateRequest(t, s, reqInput("Row Edited", "row@example.com", backend.RegimeCCPA, "2026-02-27", backend.RightAccess))
			mustTransition(t, s, r.Reference, backend.TransitionInput{Action: backend.ActionAcknowledge})
			if _, err := s.CreateVendor(backend.Vendor{Name: "Cloud Files"}); err != nil {
				t.Fatal(err)
			}
			if _, err := s.CreateLetter(backend.Letter{RequestRef: r.Reference, Kind: backend.LetterAcknowledgment, TemplateName: "Standard",
				TemplateVersion: 1, Recipient: "Row Edited", Pages: 1, PDF: []byte("%PDF-1.3 kept")}); err != nil {
				t.Fatal(err)
			}
			var seq int64 // the request's last event
			s.db.Raw(`SELECT max(seq) FROM audit_events WHERE entity = 'request' AND entity_id = ?`, r.Reference).Scan(&seq)
			before, err := s.VerifyAudit()
			if err != nil || !before.OK || before.Records != 3 || before.Unrecorded != 0 {
				t.Fatalf("before: %+v %v", before, err)
			}
			if tc.tamper != "" {
				for _, q := range strings.Split(strings.NewReplacer("%REF%", r.Reference, "%DROP-TRIGGER%", dropTriggerSQL(s, "letters_never_change", "letters")).Replace(tc.tamper), ";") {
					if err := s.db.Exec(q).Error; err != nil {
						t.Fatal(err)
					}
				}
			}
			rep, err := s.VerifyAudit()
			if err != nil {
				t.Fatal(err)
			}
			want := strings.NewReplacer("%REF%", r.Reference, "%SEQ%", strconv.FormatInt(seq, 10)).Replace(tc.says)
			if tc.says == "" {
				if !rep.OK {
					t.Errorf("intact: %+v", rep)
				}
				return
			}
			if rep.OK || !strings.Contains(rep.Problem, want) {
				t.Errorf("report %+v\nwant a problem containing %q", rep, want)
			}
		})
	}
}

// A field added to the records later (recordSpec.later) is hashed only when it holds a
// value: a vendor recorded before prior_baa_ends_on existed still matches its record,
// and one recorded with the field set does not match the hash without it.
func TestRecordLaterFieldsKeepEarlierHashes(t *testing.T) {
	s := newTestStore(t)
	v, err := s.CreateVendor(backend.Vendor{Name: "Cloud Files"})
	if err != nil {
		t.Fatal(err)
	}
	sp := *specFor("vendor")
	if len(sp.later) == 0 {
		t.Fatal("the vendor's record has no later fields")
	}
	before := sp
	before.later = nil
	hash := func(sp *recordSpec) string {
		rows, err := s.db.Raw(sp.query(s.dialect, "WHERE id = ?"), v.ID).Rows()
		if err != nil {
			t.Fatal(err)
		}
		var out string
		if err := sp.scan(rows, func(r recordRow) error { out = r.rec.SHA256; return nil }); err != nil {
			t.Fatal(err)
		}
		return out
	}
	if now, then := hash(&sp), hash(&before); now != then {
		t.Errorf("a vendor without the later fields hashes %s, records made before them %s", now, then)
	}
	if err := s.db.Exec(`UPDATE vendors SET prior_baa_ends_on = '2027-01-31' WHERE id = ?`, v.ID).Error; err != nil {
		t.Fatal(err)
	}
	if now, then := hash(&sp), hash(&before); now == then {
		t.Errorf("prior_baa_ends_on set: the record's hash %s does not cover it", now)
	}
}

// Rows from before records were kept are counted as not checked, not as changed.
func TestVerifyAuditCountsRowsWithoutRecords(t *testing.T) {
	s := newTestStore(t)
	mustCreateRequest(t, s, reqInput("Old Row", "old@example.com", backend.RegimeCCPA, "2026-02-27", backend.RightAccess))
	// As an older version wrote it: the same event without its record, rehashed.
	var r auditRow
	if err := s.db.First(&r, "seq = 1").Error; err != nil {
		t.Fatal(err)
	}
	r.Record = ""
	r.Hash = eventHash(&r)
	if err := s.db.Exec(`UPDATE audit_events SET record = '', hash = ? WHERE seq = 1`, r.Hash).Error; err != nil {
		t.Fatal(err)
	}
	s.db.Exec(`UPDATE audit_head SET hash = ?`, r.Hash)
	mustCreateRequest(t, s, reqInput("New Row", "new@example.com", backend.RegimeCCPA, "2026-02-27", backend.RightAccess))
	rep, err := s.VerifyAudit()
	if err != nil || !rep.OK || rep.Records != 1 || rep.Unrecorded != 1 {
		t.Errorf("report %+v %v", rep, err)
	}
}

// An anchor catches what the chain alone cannot: the trail deleted whole, cut short, or
// rewritten with every hash recomputed.
func TestVerifyAuditAnchored(t *testing.T) {
	cases := []struct {
		name   string
		attack func(t *testing.T, s *Store)
		says   string // "" when the trail still holds the anchor
	}{
		{"untouched, with later events", func(t *testing.T, s *Store) {
			mustCreateRequest(t, s, reqInput("Later", "later@example.com", backend.RegimeCCPA, "2026-02-28", backend.RightAccess))
		}, ""},
		{"deleted whole", func(t *testing.T, s *Store) {
			s.db.Exec(`DELETE FROM audit_events`)
			s.db.Exec(`DELETE FROM audit_head`)
		}, "the audit trail has no events, but the anchor recorded 3"},
		{"cut short", func(t *testing.T, s *Store) {
			s.db.Exec(`DELETE FROM audit_events WHERE seq = 3`)
			var r auditRow
			s.db.First(&r, "seq = 2")
			s.db.Exec(`UPDATE audit_head SET seq = 2, hash = ?`, r.Hash)
		}, "has 2 events, but the anchor recorded 3"},
		{"rewritten, chain recomputed", func(t *testing.T, s *Store) {
			var rows []auditRow
			s.db.Order("seq").Find(&rows)
			prev := genesisHash
			for i := range rows {
				r := &rows[i]
				if r.Seq == 2 {
					r.Staff = "Someone else"
				}
				r.PrevHash = prev
				r.Hash = eventHash(r)
				prev = r.Hash
				s.db.Exec(`UPDATE audit_events SET staff = ?, prev_hash = ?, hash = ? WHERE seq = ?`, r.Staff, r.PrevHash, r.Hash, r.Seq)
			}
			s.db.Exec(`UPDATE audit_head SET hash = ?`, prev)
		}, "event 3 is not the one the anchor recorded"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := newTestStore(t)
			r := mustCreateRequest(t, s, reqInput("Anchored", "a@example.com", backend.RegimeCCPA, "2026-02-27", backend.RightAccess))
			mustTransition(t, s, r.Reference, backend.TransitionInput{Action: backend.ActionAcknowledge})
			if _, err := s.CreateVendor(backend.Vendor{Name: "Cloud Files"}); err != nil {
				t.Fatal(err)
			}
			head, err := s.AuditHead()
			if err != nil || head.Events != 3 {
				t.Fatalf("head %+v %v", head, err)
			}
			if rep, _ := s.VerifyAudit(); rep.Head != head {
				t.Fatalf("verify's head %+v, stored %+v", rep.Head, head)
			}
			tc.attack(t, s)
			plain, err := s.VerifyAudit()
			if err != nil {
				t.Fatal(err)
			}
			rep, err := s.VerifyAuditAnchored(&head)
			if err != nil {
				t.Fatal(err)
			}
			if tc.says == "" {
				if !rep.OK {
					t.Errorf("anchored: %+v", rep)
				}
				return
			}
			// Deleted whole or recomputed, the trail holds together on its own: only the
			// anchor tells.
			if (tc.name == "deleted whole" || strings.HasPrefix(tc.name, "rewritten")) && !plain.OK {
				t.Errorf("without the anchor: %+v, expected to hold", plain)
			}
			if rep.OK || !strings.Contains(rep.Problem, tc.says) {
				t.Errorf("anchored report %+v, want %q", rep, tc.says)
			}
		})
	}
}
