package demo

import (
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"privacydesk/backend"
	"privacydesk/backend/storage"
	"privacydesk/internal/testpg"
)

func TestExampleVendors(t *testing.T) {
	s, err := storage.Open(testpg.Location(t, filepath.Join(t.TempDir(), "demo.db")))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.Now = func() time.Time { return time.Date(2026, 3, 2, 18, 0, 0, 0, time.UTC) }
	sum, err := Load(s, Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Vendors != 13 {
		t.Errorf("%d vendors loaded, want the policy's ten and three labelled examples", sum.Vendors)
	}
	today, _ := s.Today()
	alerts, err := s.VendorAlerts(today)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range alerts {
		got = append(got, a.VendorName+":"+string(a.Kind))
	}
	// Only the labelled example vendors raise alerts: the policy's own vendors are as
	// the policy describes them.
	want := []string{"Fax service (example: PHI without BAA):phi-without-baa",
		"Scheduling app (example: review overdue):review-overdue",
		"Transcription service (example: BAA expiring):baa-expiring"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("alerts %v, want %v", got, want)
	}
	for _, name := range []string{"Stripe", "Payabli"} {
		v, err := s.GetVendorByName(name)
		if err != nil || v.PHIAccess != backend.PHINone || v.BAAStatus != backend.BAANotRequired || v.BAAReason != backend.ExemptPaymentProcessing {
			t.Errorf("%s: PHI %s, BAA %s (%s) %v", name, v.PHIAccess, v.BAAStatus, v.BAAReason, err)
		}
	}
	openai, err := s.GetVendorByName("OpenAI")
	if err != nil || openai.BAAStatus != backend.BAASigned || openai.BAASignedOn.IsZero() || openai.Checklist[0].Answer != backend.AnswerYes {
		t.Errorf("OpenAI: BAA %s signed %s %v", openai.BAAStatus, openai.BAASignedOn, err)
	}
	hb, _ := s.GetVendorByName("Healthcare Blocks")
	if hb.Hosting == "" || hb.Checklist[0].Answer != backend.AnswerYes || !hb.BAAExpiresOn.IsZero() {
		t.Errorf("Healthcare Blocks: %+v", hb)
	}
	ex, _ := s.GetVendorByName("Transcription service (example: BAA expiring)")
	if ex.BAAExpiresOn != today.AddDays(20) {
		t.Errorf("the expiring example expires on %s", ex.BAAExpiresOn)
	}
	m, err := s.ListDataMap()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range m {
		collected := c.Key == backend.DataIdentifiers || c.Key == backend.DataCustomerRecords || c.Key == backend.DataHealth
		if c.Collected != collected || c.Disclosed != collected || c.Warning != "" {
			t.Errorf("%s: collected %v disclosed %v warning %q", c.Key, c.Collected, c.Disclosed, c.Warning)
		}
		if c.Key == backend.DataIdentifiers && len(c.Vendors) != 13 {
			t.Errorf("identifiers go to %d vendors, want all thirteen", len(c.Vendors))
		}
	}
	// Loading again adds nothing and leaves the register as it was.
	sum, err = Load(s, Options{Seed: 1})
	if err != nil || sum.Vendors != 0 {
		t.Errorf("second load: %+v %v", sum, err)
	}
	if list, _ := s.ListVendors(backend.VendorFilter{}); len(list) != 13 {
		t.Errorf("%d vendors after loading twice", len(list))
	}
}
