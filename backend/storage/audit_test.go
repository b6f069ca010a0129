package storage

import (
	"fmt"
	"testing"
)

func seedEvents(t *testing.T, s *Store, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		if err := s.RecordEvent("export", fmt.Sprintf("file-%d", i), "export", map[string]int{"rows": i}); err != nil {
			t.Fatal(err)
		}
	}
}

// TestAuditTamper changes the chain directly in SQLite, as someone bypassing the app
// would, and checks verification names the first affected event.
func TestAuditTamper(t *testing.T) {
	cases := []struct {
		name    string
		tamper  []string
		wantBad int64
	}{
		{"intact", nil, 0},
		{"edit", []string{`UPDATE audit_events SET after = '{"rows":99}' WHERE seq = 3`}, 3},
		{"delete middle", []string{`DELETE FROM audit_events WHERE seq = 2`}, 3},
		{"delete last", []string{`DELETE FROM audit_events WHERE seq = 5`}, 5},
		{"insert", []string{`UPDATE audit_events SET seq = seq + 1000 WHERE seq >= 4`, `UPDATE audit_events SET seq = seq - 999 WHERE seq >= 1000`,
			`INSERT INTO audit_events(seq, at, entity, action, prev_hash, hash) SELECT 4, at, 'x', 'forged', hash, 'abc' FROM audit_events WHERE seq = 3`}, 4},
		{"reorder", []string{
			`UPDATE audit_events SET seq = 100 WHERE seq = 2`,
			`UPDATE audit_events SET seq = 2 WHERE seq = 3`,
			`UPDATE audit_events SET seq = 3 WHERE seq = 100`}, 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := newTestStore(t)
			seedEvents(t, s, 5)
			for _, q := range tc.tamper {
				if err := s.db.Exec(q).Error; err != nil {
					t.Fatal(err)
				}
			}
			rep, err := s.VerifyAudit()
			if err != nil {
				t.Fatal(err)
			}
			if tc.wantBad == 0 {
				if !rep.OK || rep.Count != 5 {
					t.Errorf("intact chain reported %+v", rep)
				}
				return
			}
			if rep.OK || rep.BadSeq != tc.wantBad || rep.Problem == "" {
				t.Errorf("report = %+v, want first bad event %d", rep, tc.wantBad)
			}
		})
	}
}

// The change marker moves with every change and only then.
func TestChangeMarkerMovesWithEveryChange(t *testing.T) {
	s := newTestStore(t)
	before, err := s.ChangeMarker()
	if err != nil {
		t.Fatal(err)
	}
	if again, err := s.ChangeMarker(); err != nil || again != before {
		t.Fatalf("marker read twice: %d then %d (%v)", before, again, err)
	}
	seedEvents(t, s, 2)
	after, err := s.ChangeMarker()
	if err != nil {
		t.Fatal(err)
	}
	if after != before+2 {
		t.Errorf("marker %d after two changes from %d, want %d", after, before, before+2)
	}
}
