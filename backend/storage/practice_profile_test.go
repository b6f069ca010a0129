package storage

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"privacydesk/backend"
	"privacydesk/internal/testpg"
)

// A practice saved before the profile migration comes back with every applicability
// field unrecorded, and the new fields are saved and read back.
func TestPracticeProfileMigrationAndRoundTrip(t *testing.T) {
	testpg.SQLiteOnly(t, "an upgrade of an old database file")
	src, err := os.ReadFile("testdata/v1.db")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "v1.db")
	if err := os.WriteFile(path, src, 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var cols []string
	s.db.Raw("SELECT name FROM pragma_table_info('practice') WHERE name IN ('state','hipaa_role','revenue_band','consumers','sells_data','offers_eu','offers_uk')").Scan(&cols)
	if len(cols) != 7 {
		t.Fatalf("practice columns after upgrade: %v", cols)
	}
	p, err := s.GetPractice()
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "Sessions, Inc." || p.State != "" || p.HIPAARole != "" || p.RevenueBand != "" || p.Consumers != nil ||
		p.SellsData != "" || p.OffersEU != "" || p.OffersUK != "" {
		t.Fatalf("profile after upgrade = %+v", p)
	}
	n := 12000
	p.State, p.HIPAARole, p.RevenueBand, p.Consumers = "ca", backend.HIPAACoveredEntity, backend.RevenueUnder25M, &n
	p.SellsData, p.OffersEU, p.OffersUK = backend.No, backend.Yes, backend.No
	if _, err := s.SavePractice(p); err != nil {
		t.Fatal(err)
	}
	got, err := s.GetPractice()
	if err != nil {
		t.Fatal(err)
	}
	if got.State != "CA" || got.HIPAARole != backend.HIPAACoveredEntity || got.RevenueBand != backend.RevenueUnder25M ||
		got.Consumers == nil || *got.Consumers != 12000 || got.SellsData != backend.No || got.OffersEU != backend.Yes || got.OffersUK != backend.No {
		t.Errorf("profile read back = %+v", got)
	}
	// Back to unrecorded: the number of consumers is NULL again.
	got.Consumers = nil
	if _, err := s.SavePractice(got); err != nil {
		t.Fatal(err)
	}
	if again, _ := s.GetPractice(); again.Consumers != nil {
		t.Errorf("consumers = %d, want unrecorded", *again.Consumers)
	}
}

func TestPracticeProfileValidationNamesField(t *testing.T) {
	neg, big := -1, backend.MaxConsumers+1
	cases := map[string]func(*backend.Practice){
		"state":       func(p *backend.Practice) { p.State = "XX" },
		"hipaaRole":   func(p *backend.Practice) { p.HIPAARole = "provider" },
		"revenueBand": func(p *backend.Practice) { p.RevenueBand = "1m" },
		"consumers":   func(p *backend.Practice) { p.Consumers = &neg },
		"sellsData":   func(p *backend.Practice) { p.SellsData = "maybe" },
		"offersEU":    func(p *backend.Practice) { p.OffersEU = "true" },
		"offersUK":    func(p *backend.Practice) { p.OffersUK = "Y" },
	}
	cases["consumers "] = func(p *backend.Practice) { p.Consumers = &big }
	for field, set := range cases {
		p := examplePractice()
		set(&p)
		err := p.Validate()
		if backend.ErrorCode(err) != backend.EINVALID || backend.ErrorField(err) != strings.TrimSpace(field) {
			t.Errorf("%s: err = %v (field %q)", field, err, backend.ErrorField(err))
		}
	}
	p := examplePractice()
	p.State = " tx "
	if err := p.Validate(); err != nil || p.State != "TX" {
		t.Errorf("a lower-case state is accepted and upper-cased: %q %v", p.State, err)
	}
}
