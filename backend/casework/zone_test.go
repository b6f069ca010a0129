package casework

import (
	"context"
	"io/fs"
	"testing"
	"time"

	"privacydesk/backend"
	"privacydesk/backend/rules"
	"privacydesk/backend/storage"
)

// The computer's zone, as each kind of computer tells it.
func TestComputerTimeZone(t *testing.T) {
	none := func(string) ([]byte, error) { return nil, fs.ErrNotExist }
	noLink := func(string) (string, error) { return "", fs.ErrNotExist }
	env := func(v string) func(string) string { return func(string) string { return v } }
	local := time.FixedZone("Local", 0)
	for _, tc := range []struct {
		name     string
		local    *time.Location
		getenv   func(string) string
		readFile func(string) ([]byte, error)
		readlink func(string) (string, error)
		want     string
	}{
		{"TZ set", local, env(":Europe/Berlin"), none, noLink, "Europe/Berlin"},
		{"Debian's /etc/timezone", local, env(""), func(string) ([]byte, error) { return []byte("America/Denver\n"), nil }, noLink, "America/Denver"},
		{"the /etc/localtime link", local, env(""), none, func(string) (string, error) { return "/usr/share/zoneinfo/Europe/Dublin", nil }, "Europe/Dublin"},
		{"a named location", time.FixedZone("Asia/Tokyo", 9*3600), env(""), none, noLink, "Asia/Tokyo"},
		{"Windows: only Local", local, env(""), none, noLink, ""},
		{"nonsense everywhere", local, env("Mars/Olympus"), func(string) ([]byte, error) { return []byte("garbage"), nil },
			func(string) (string, error) { return "/etc/zones/whatever", nil }, ""},
	} {
		if got := backend.ComputerTimeZone(tc.local, tc.getenv, tc.readFile, tc.readlink); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

// The first start proposes the computer's zone (never silently America/Chicago) and
// the holiday country of the address; in a new install it needs the practice's name as
// well; the confirmation is stored with the profile in one audited step.
func TestZoneIsProposedAndConfirmed(t *testing.T) {
	cw, st := newService(t)
	ctx := context.Background()
	prop, err := cw.ZoneProposal(ctx, "Europe/Dublin")
	if err != nil || prop != (backend.ZoneProposal{TimeZone: "Europe/Dublin", FromComputer: true, HolidayCountry: "DE"}) {
		t.Errorf("new install: proposal %+v %v", prop, err)
	}
	if _, err := cw.ConfirmZone(ctx, backend.ZoneProposal{TimeZone: "Europe/Dublin", HolidayCountry: "IE"}); backend.ErrorField(err) != "name" {
		t.Errorf("a new install without a name: %v", err)
	}
	if _, err := cw.ConfirmZone(ctx, backend.ZoneProposal{PracticeName: "Sessions Ltd", TimeZone: "Mars/Olympus", HolidayCountry: "IE"}); backend.ErrorField(err) != "timeZone" {
		t.Errorf("a bad zone: %v", err)
	}
	if got, _ := st.GetAppState(ctx, storage.AppStateTimeZoneConfirmed); got != "" {
		t.Errorf("a refused confirmation was remembered")
	}
	if has, _ := st.HasPractice(); has {
		t.Errorf("a refused confirmation saved a profile")
	}
	p, err := cw.ConfirmZone(ctx, backend.ZoneProposal{PracticeName: "Sessions Ltd", TimeZone: "Europe/Dublin", HolidayCountry: "IE"})
	if err != nil || p.Name != "Sessions Ltd" || p.TimeZone != "Europe/Dublin" || p.HolidayCountry != "IE" {
		t.Fatalf("confirm: %+v %v", p, err)
	}
	if today, _ := st.Today(); today.String() != clock.In(mustZone(t, "Europe/Dublin")).Format("2006-01-02") {
		t.Errorf("today %s is not Dublin's", today)
	}
	events, _, err := st.ListAuditEvents(backend.AuditFilter{Entity: "practice", Action: "confirm-zone"})
	if err != nil || len(events) != 1 {
		t.Errorf("confirm-zone events: %d %v", len(events), err)
	}
	// Confirmed; an address naming an EU country proposes its holidays; a computer that
	// does not say proposes the current setting.
	p.Address = "Sessions\n1 Rue de Rivoli\n75001 Paris, France"
	if _, err := cw.SavePractice(ctx, p); err != nil {
		t.Fatal(err)
	}
	prop, _ = cw.ZoneProposal(ctx, "")
	if prop != (backend.ZoneProposal{PracticeName: "Sessions Ltd", TimeZone: "Europe/Dublin", HolidayCountry: "FR", FromAddress: true, Confirmed: true}) {
		t.Errorf("proposal %+v", prop)
	}
}

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	l, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestHolidayCountryFromAddress(t *testing.T) {
	for addr, want := range map[string]string{
		"3948 Market St #24702\nMinneapolis, MN 55424":   "",
		"Sessions\n1 Rue de Rivoli\n75001 Paris, France": "FR",
		"Hauptstr. 1\n10115 Berlin\nGermany":             "DE",
		"12 rue de la Paix, 75002 Paris, France":         "FR",
		"":                                               "",
		"Via Roma 1\nMilano\nItaly.":                     "IT",
	} {
		if got := rules.HolidayCountryFromAddress(addr); got != want {
			t.Errorf("%q: %q, want %q", addr, got, want)
		}
	}
}
