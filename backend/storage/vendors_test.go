package storage

import (
	"database/sql"
	"encoding/json"
	"path/filepath"
	"reflect"
	"testing"

	"privacydesk/backend"
	"privacydesk/internal/testpg"
)

func vdate(s string) backend.Date {
	d, err := backend.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// sampleVendor is a complete vendor; tests change what they look at.
func sampleVendor(name string) backend.Vendor {
	return backend.Vendor{Name: name, Services: "Application hosting", Category: backend.VendorHosting,
		ContactName: "Compliance Team", ContactEmail: "compliance@example.com", ContactPhone: "+1 (555) 010-2000",
		Website: "https://example.com", PHIAccess: backend.PHIFull, Hosting: "AWS us-east-1", Subcontractors: "Amazon Web Services",
		DataCategories: []backend.DataCategoryKey{backend.DataHealth, backend.DataIdentifiers},
		BAAStatus:      backend.BAASigned, BAASignedOn: vdate("2025-01-10"), BAAEffective: vdate("2025-01-15"),
		BAAExpiresOn: vdate("2027-01-15"), NextReviewOn: vdate("2026-01-10"), Notes: "Quotes \" ' <b>html</b> and ; DROP TABLE vendors; --",
		Checklist: []backend.ChecklistItem{{Clause: "ii-J", Answer: backend.AnswerYes, Note: "Section 7.3"}}}
}

func auditCount(t *testing.T, s *Store, entity string) int64 {
	t.Helper()
	var n int64
	if err := s.db.Model(&auditRow{}).Where("entity = ?", entity).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func TestCreateAndGetVendor(t *testing.T) {
	s := newTestStore(t)
	in := sampleVendor("Healthcare Blocks")
	created, err := s.CreateVendor(in)
	if err != nil {
		t.Fatal(err)
	}
	if created.ID == 0 || created.CreatedAt.IsZero() {
		t.Fatalf("created %+v", created)
	}
	got, err := s.GetVendor(created.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, created) {
		t.Errorf("read back differs:\n got %+v\nwant %+v", got, created)
	}
	if got.Notes != in.Notes {
		t.Errorf("notes not kept as plain data: %q", got.Notes)
	}
	if want := []backend.DataCategoryKey{backend.DataIdentifiers, backend.DataHealth}; !reflect.DeepEqual(got.DataCategories, want) {
		t.Errorf("categories %v, want %v", got.DataCategories, want)
	}
	if len(got.Checklist) != len(backend.BAAClauses) || got.Checklist[10].Clause != "ii-J" || got.Checklist[10].Note != "Section 7.3" {
		t.Errorf("checklist %+v", got.Checklist)
	}
	byName, err := s.GetVendorByName("HEALTHCARE blocks")
	if err != nil || byName.ID != created.ID {
		t.Errorf("by name: %v %v", byName.ID, err)
	}
	if _, err := s.GetVendor(999); backend.ErrorCode(err) != backend.ENOTFOUND {
		t.Errorf("missing vendor: %v", err)
	}
	if _, err := s.GetVendorByName("Nobody"); backend.ErrorCode(err) != backend.ENOTFOUND {
		t.Errorf("missing name: %v", err)
	}
	events, _, err := s.ListAuditEvents(backend.AuditFilter{Entity: "vendor"})
	if err != nil || len(events) != 1 || events[0].Action != "create" || events[0].EntityID != "Healthcare Blocks" || events[0].Staff != "Dana" {
		t.Fatalf("audit: %+v %v", events, err)
	}
	var after backend.Vendor
	if err := json.Unmarshal([]byte(events[0].After), &after); err != nil || after.ID != created.ID {
		t.Errorf("audit after: %v %v", after.ID, err)
	}
}

func TestVendorRefusals(t *testing.T) {
	s := newTestStore(t)
	if _, err := s.CreateVendor(sampleVendor("École Numérique")); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		change func(v *backend.Vendor)
		field  string
	}{
		{"duplicate name", func(v *backend.Vendor) { v.Name = "École Numérique" }, "name"},
		{"duplicate name in another case", func(v *backend.Vendor) { v.Name = "  éCOLE NUMÉRIQUE " }, "name"},
		{"missing name", func(v *backend.Vendor) { v.Name = "" }, "name"},
		{"expiration before effective", func(v *backend.Vendor) { v.BAAExpiresOn = vdate("2025-01-01") }, "baaExpiresOn"},
		{"review before signing", func(v *backend.Vendor) { v.NextReviewOn = vdate("2024-12-31") }, "nextReviewOn"},
		{"not required without reason", func(v *backend.Vendor) { v.BAAStatus = backend.BAANotRequired }, "baaReason"},
		{"unknown data category", func(v *backend.Vendor) { v.DataCategories = []backend.DataCategoryKey{"dna"} }, "dataCategories"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			events := auditCount(t, s, "vendor")
			v := sampleVendor("Other")
			tt.change(&v)
			_, err := s.CreateVendor(v)
			if backend.ErrorCode(err) != backend.EINVALID || backend.ErrorField(err) != tt.field {
				t.Fatalf("got %v (field %q), want invalid %s", err, backend.ErrorField(err), tt.field)
			}
			list, _ := s.ListVendors(backend.VendorFilter{})
			if len(list) != 1 || auditCount(t, s, "vendor") != events {
				t.Errorf("a refused vendor wrote something: %d vendors", len(list))
			}
		})
	}
}

func TestUpdateVendorAndHistory(t *testing.T) {
	s := newTestStore(t)
	a, err := s.CreateVendor(sampleVendor("Mailgun"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.CreateVendor(sampleVendor("Twilio"))
	if err != nil {
		t.Fatal(err)
	}
	a.Name = "Mailgun (Sinch)"
	a.DataCategories = []backend.DataCategoryKey{backend.DataIdentifiers}
	updated, err := s.UpdateVendor(a)
	if err != nil {
		t.Fatal(err)
	}
	if updated.Name != "Mailgun (Sinch)" || len(updated.DataCategories) != 1 || !updated.CreatedAt.Equal(a.CreatedAt) {
		t.Errorf("updated %+v", updated)
	}
	// Renaming onto another vendor's name is refused on the field.
	a.Name = "TWILIO"
	if _, err := s.UpdateVendor(a); backend.ErrorField(err) != "name" {
		t.Errorf("rename onto Twilio: %v", err)
	}
	// Keeping its own name in another case is fine.
	a.Name = "mailgun (sinch)"
	if _, err := s.UpdateVendor(a); err != nil {
		t.Errorf("recasing own name: %v", err)
	}
	if _, err := s.SaveVendorChecklist(a.ID, []backend.ChecklistItem{{Clause: "iii", Answer: backend.AnswerNo, Note: "missing"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveVendorChecklist(a.ID, []backend.ChecklistItem{{Clause: "iii", Answer: "maybe"}}); backend.ErrorField(err) != "checklist.iii" {
		t.Errorf("bad answer: %v", err)
	}
	h, err := s.VendorHistory(a.ID)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range h {
		actions = append(actions, e.EntityID+":"+e.Action)
	}
	want := []string{"mailgun (sinch):checklist", "mailgun (sinch):update", "Mailgun (Sinch):update", "Mailgun:create"}
	if !reflect.DeepEqual(actions, want) {
		t.Errorf("history %v, want %v", actions, want)
	}
	if h, _ := s.VendorHistory(b.ID); len(h) != 1 {
		t.Errorf("Twilio's history has %d events", len(h))
	}
	if _, err := s.UpdateVendor(backend.Vendor{ID: 999, Name: "Ghost"}); backend.ErrorCode(err) != backend.ENOTFOUND {
		t.Errorf("update of a missing vendor: %v", err)
	}
}

func TestListVendorsFilters(t *testing.T) {
	s := newTestStore(t)
	for _, v := range []backend.Vendor{
		{Name: "Stripe", Category: backend.VendorPayments, BAAStatus: backend.BAANotRequired, BAAReason: backend.ExemptPaymentProcessing, Services: "Card payments"},
		{Name: "Datadog", Category: backend.VendorMonitoring, BAAStatus: backend.BAASigned, BAASignedOn: vdate("2025-01-01"), Services: "Monitoring 100%"},
		{Name: "zoom_like", Category: backend.VendorTelehealth, PHIAccess: backend.PHIFull, Services: "Video"},
	} {
		if _, err := s.CreateVendor(v); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		f    backend.VendorFilter
		want []string
	}{
		{backend.VendorFilter{}, []string{"Datadog", "Stripe", "zoom_like"}},
		{backend.VendorFilter{Search: "CARD"}, []string{"Stripe"}},
		{backend.VendorFilter{Search: "100%"}, []string{"Datadog"}},
		{backend.VendorFilter{Search: "_"}, []string{"zoom_like"}},
		{backend.VendorFilter{Category: "payments"}, []string{"Stripe"}},
		{backend.VendorFilter{BAAStatus: "pending"}, []string{"zoom_like"}},
		{backend.VendorFilter{PHIAccess: "full"}, []string{"zoom_like"}},
	}
	for _, tt := range tests {
		list, err := s.ListVendors(tt.f)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, v := range list {
			names = append(names, v.Name)
		}
		if !reflect.DeepEqual(names, tt.want) {
			t.Errorf("%+v: %v, want %v", tt.f, names, tt.want)
		}
	}
}

func TestDeleteVendor(t *testing.T) {
	s := newTestStore(t)
	v, err := s.CreateVendor(sampleVendor("Payabli"))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteVendor(v.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.GetVendor(v.ID); backend.ErrorCode(err) != backend.ENOTFOUND {
		t.Errorf("deleted vendor still there: %v", err)
	}
	var links int64
	s.db.Model(&vendorCategoryRow{}).Count(&links)
	if links != 0 {
		t.Errorf("%d category links left", links)
	}
	h, _ := s.VendorHistory(v.ID)
	if len(h) != 2 || h[0].Action != "delete" {
		t.Errorf("history after delete: %+v", h)
	}
	if err := s.DeleteVendor(v.ID); backend.ErrorCode(err) != backend.ENOTFOUND {
		t.Errorf("second delete: %v", err)
	}
}

// TestStoreVendorAlerts runs the alert rules over stored vendors with a fixed clock.
func TestStoreVendorAlerts(t *testing.T) {
	s := newTestStore(t)                 // clock: 2026-03-02
	var reviewed []backend.ChecklistItem // every clause of 164.504(e)(2) found in the BAA
	for _, c := range backend.BAAClauses {
		reviewed = append(reviewed, backend.ChecklistItem{Clause: c.ID, Answer: backend.AnswerYes})
	}
	vendors := []backend.Vendor{
		{Name: "No BAA", PHIAccess: backend.PHILimited, BAAStatus: backend.BAAPending},
		{Name: "Expiring", PHIAccess: backend.PHIFull, BAAStatus: backend.BAASigned, BAASignedOn: vdate("2024-03-20"), BAAExpiresOn: vdate("2026-03-20"), Checklist: reviewed},
		{Name: "Review", PHIAccess: backend.PHINone, BAAStatus: backend.BAASigned, BAASignedOn: vdate("2024-01-01"), NextReviewOn: vdate("2026-02-01"), Checklist: reviewed},
		{Name: "Fine", PHIAccess: backend.PHIFull, BAAStatus: backend.BAASigned, BAASignedOn: vdate("2024-01-01"), Checklist: reviewed},
	}
	for _, v := range vendors {
		if _, err := s.CreateVendor(v); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		today string
		want  []string
	}{
		{"2026-03-02", []string{"No BAA:phi-without-baa", "Review:review-overdue", "Expiring:baa-expiring"}},
		{"2026-03-21", []string{"Expiring:phi-without-baa", "No BAA:phi-without-baa", "Review:review-overdue"}},
		{"2026-01-01", []string{"No BAA:phi-without-baa", "Expiring:baa-expiring"}},
	}
	for _, tt := range tests {
		alerts, err := s.VendorAlerts(vdate(tt.today))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, a := range alerts {
			got = append(got, a.VendorName+":"+string(a.Kind))
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.today, got, tt.want)
		}
	}
	today, err := s.VendorAlertsToday()
	if err != nil || len(today) != 3 {
		t.Errorf("alerts today (the store's clock): %d %v", len(today), err)
	}
}

func TestDataMap(t *testing.T) {
	s := newTestStore(t)
	m, err := s.ListDataMap()
	if err != nil {
		t.Fatal(err)
	}
	if len(m) != 13 || m[0].Key != backend.DataIdentifiers || m[12].Key != backend.DataHealth || m[0].Collected || m[0].Examples == "" {
		t.Fatalf("empty map: %+v", m[0])
	}
	stripe, err := s.CreateVendor(backend.Vendor{Name: "Stripe", BAAStatus: backend.BAANotRequired, BAAReason: backend.ExemptPaymentProcessing})
	if err != nil {
		t.Fatal(err)
	}
	hb, err := s.CreateVendor(sampleVendor("Healthcare Blocks")) // identifiers, health
	if err != nil {
		t.Fatal(err)
	}
	rows := []backend.DataCategory{
		{Key: backend.DataIdentifiers, Collected: true, Disclosed: true, Purposes: "Scheduling; billing", Sources: "The client",
			Retention: "7 years after the last session", Vendors: []backend.VendorRef{{ID: stripe.ID}, {ID: hb.ID}}},
		{Key: backend.DataBiometric, Examples: "None", Collected: false},
	}
	m, err = s.SaveDataMap(rows)
	if err != nil {
		t.Fatal(err)
	}
	id := m[0]
	if !id.Collected || id.Retention != "7 years after the last session" || len(id.Vendors) != 2 ||
		id.Vendors[0].Name != "Healthcare Blocks" || id.Vendors[1].Name != "Stripe" || id.Warning != "" {
		t.Errorf("identifiers row: %+v", id)
	}
	if m[5].Key != backend.DataBiometric || m[5].Examples != "None" {
		t.Errorf("biometric row: %+v", m[5])
	}
	// Health is still undescribed but Healthcare Blocks receives it: the map warns.
	if m[12].Warning == "" || len(m[12].Vendors) != 1 {
		t.Errorf("health row: %+v", m[12])
	}
	got, _ := s.GetVendor(stripe.ID)
	if !reflect.DeepEqual(got.DataCategories, []backend.DataCategoryKey{backend.DataIdentifiers}) {
		t.Errorf("Stripe's categories after the map: %v", got.DataCategories)
	}
	if h, _ := s.VendorHistory(stripe.ID); len(h) != 2 || h[0].Action != "data-categories" {
		t.Errorf("Stripe's history: %+v", h)
	}
	if n := auditCount(t, s, "datamap"); n != 2 {
		t.Errorf("%d data map events, want 2", n)
	}
	// Saving the same again records nothing new.
	if _, err := s.SaveDataMap(rows); err != nil {
		t.Fatal(err)
	}
	if n := auditCount(t, s, "datamap"); n != 2 {
		t.Errorf("an unchanged save was audited: %d events", n)
	}
	// Refusals name the field and write nothing.
	for _, bad := range []struct {
		rows  []backend.DataCategory
		field string
	}{
		{[]backend.DataCategory{{Key: backend.DataGeolocation, Disclosed: true}}, "geolocation.disclosed"},
		{[]backend.DataCategory{{Key: backend.DataGeolocation, Collected: true}}, "geolocation.purposes"},
		{[]backend.DataCategory{{Key: "dna"}}, "key"},
		{[]backend.DataCategory{{Key: backend.DataSensory}, {Key: backend.DataSensory}}, "sensory.key"},
		{[]backend.DataCategory{{Key: backend.DataSensory, Collected: true, Disclosed: true, Purposes: "x", Vendors: []backend.VendorRef{{ID: 99, Name: "Ghost"}}}}, "sensory.vendors"},
	} {
		if _, err := s.SaveDataMap(bad.rows); backend.ErrorField(err) != bad.field {
			t.Errorf("%+v: got %v, want field %s", bad.rows, err, bad.field)
		}
	}
	if n := auditCount(t, s, "datamap"); n != 2 {
		t.Errorf("a refused save was audited: %d events", n)
	}
}

// TestUpgradeFromVersion2 builds a database at schema version 2 (migrations 1 and 2
// applied by hand, the way an older Privacy Desk left it, with a practice in it), then
// opens it: migration 3 must apply and the vendor register work.
func TestUpgradeFromVersion2(t *testing.T) {
	testpg.SQLiteOnly(t, "an upgrade of an old database file")
	path := filepath.Join(t.TempDir(), "v2.db")
	db, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	for _, m := range migrations()[:2] {
		if _, err := db.Exec(m.sql); err != nil {
			t.Fatalf("%s: %v", m.name, err)
		}
		if _, err := db.Exec(`INSERT INTO schema_version VALUES (?, ?, '2026-01-01T00:00:00Z')`, m.version, m.name); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Exec(`INSERT INTO practice(id, name) VALUES (1, 'Sessions, Inc.')`); err != nil {
		t.Fatal(err)
	}
	db.Close()

	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var v int
	s.db.Raw("SELECT max(version) FROM schema_version").Scan(&v)
	if v != SchemaVersion() || v < 3 {
		t.Errorf("schema version %d after upgrade, want %d", v, SchemaVersion())
	}
	if p, _ := s.GetPractice(); p.Name != "Sessions, Inc." {
		t.Errorf("practice lost: %q", p.Name)
	}
	if _, err := s.CreateVendor(sampleVendor("Claim.MD")); err != nil {
		t.Fatal(err)
	}
	if m, err := s.ListDataMap(); err != nil || len(m) != 13 {
		t.Errorf("data map after upgrade: %d rows, %v", len(m), err)
	}
	for _, table := range []string{"vendors", "vendor_data_categories", "data_map", "vendor_tasks", "vendor_task_proposals"} {
		var n int
		s.db.Raw("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?", table).Scan(&n)
		if n != 1 {
			t.Errorf("table %s missing after upgrade", table)
		}
	}
}
