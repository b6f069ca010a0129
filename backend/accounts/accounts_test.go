package accounts

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"privacydesk/backend"
	"privacydesk/backend/storage"
	"privacydesk/internal/testpg"
)

// cheap keeps the suite fast; one test hashes with DefaultParams.
var cheap = Params{Memory: 64, Time: 1, Threads: 1}

const pass = "correct horse battery"

// newService returns the service over a fresh migrated database whose clock the test
// moves through *now.
func newService(t *testing.T) (*Service, *storage.Store, *time.Time) {
	t.Helper()
	st, err := storage.Open(testpg.Location(t, filepath.Join(t.TempDir(), "pd.db")))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 2, 3, 30, 0, 0, time.UTC)
	st.Now = func() time.Time { return now }
	st.Actor = backend.Actor{OSUser: "tester", Staff: "Dana"}
	t.Cleanup(func() { st.Close() })
	s := New(st)
	s.Params = cheap
	return s, st, &now
}

func events(t *testing.T, st *storage.Store, name string) []backend.AuditEvent {
	t.Helper()
	evs, _, err := st.ListAuditEvents(backend.AuditFilter{Entity: "account", EntityID: name})
	if err != nil {
		t.Fatal(err)
	}
	return evs // newest first
}

func TestHashRoundTrip(t *testing.T) {
	h, err := Hash(pass, DefaultParams)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=65536,t=2,p=2$") {
		t.Errorf("hash %q does not carry its parameters", h)
	}
	if ok, err := Verify(pass, h); !ok || err != nil {
		t.Errorf("right passphrase: %v %v", ok, err)
	}
	if ok, err := Verify(pass+".", h); ok || err != nil {
		t.Errorf("wrong passphrase: %v %v", ok, err)
	}
	h2, _ := Hash(pass, DefaultParams)
	if h2 == h {
		t.Error("two hashes of one passphrase are equal: the salt is not random")
	}
	for _, bad := range []string{"", "$argon2i$v=19$m=65536,t=2,p=2$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
		strings.Replace(h, "v=19", "v=16", 1), strings.Replace(h, "m=65536", "m=x", 1), h[:strings.LastIndexByte(h, '$')]} {
		if _, err := Verify(pass, bad); err == nil {
			t.Errorf("malformed hash %q accepted", bad)
		}
	}
}

func TestCreateAndSignIn(t *testing.T) {
	s, st, _ := newService(t)
	ctx := context.Background()
	if _, err := s.Create(ctx, "Ann", backend.RoleStaff, pass); backend.ErrorField(err) != "role" {
		t.Fatalf("first account as staff: %v", err)
	}
	_, err := s.Create(ctx, "", "owner", "short")
	for _, f := range []string{"name", "role", "passphrase"} {
		if !hasProblem(err, f) {
			t.Errorf("bad create: no problem on %s in %v", f, err)
		}
	}
	if _, err := s.Create(ctx, "Ann", backend.RoleAdministrator, "eleven char"); backend.ErrorField(err) != "passphrase" {
		t.Errorf("11-character passphrase: %v", err)
	}
	a, err := s.Create(ctx, "Ann", backend.RoleAdministrator, pass)
	if err != nil {
		t.Fatal(err)
	}
	if a.PassphraseHash == "" || strings.Contains(a.PassphraseHash, pass) {
		t.Errorf("hash %q", a.PassphraseHash)
	}
	if _, err := s.Create(ctx, "ANN", backend.RoleStaff, pass); backend.ErrorField(err) != "name" {
		t.Errorf("duplicate name in another case: %v", err)
	}
	if _, err := s.Create(ctx, "Ben", backend.RoleStaff, pass); err != nil {
		t.Fatal(err)
	}
	got, err := s.SignIn(ctx, "ann", pass)
	if err != nil || got.Name != "Ann" || got.Role != backend.RoleAdministrator {
		t.Fatalf("sign in: %+v %v", got, err)
	}
	if _, err := s.SignIn(ctx, "Ann", "wrong wrong wrong"); backend.ErrorCode(err) != backend.EINVALID {
		t.Errorf("wrong passphrase: %v", err)
	}
	if _, err := s.SignIn(ctx, "Nobody", pass); err == nil || backend.ErrorMessage(err) != backend.ErrorMessage(errSignIn()) {
		t.Errorf("unknown name: %v (must read as a wrong passphrase)", err)
	}

	// The trail: created, signed in, failed; never the hash.
	var actions []string
	for _, e := range events(t, st, "Ann") {
		actions = append(actions, e.Action)
		if e.Staff != "Dana" || e.OSUser != "tester" {
			t.Errorf("event %s by %q/%q", e.Action, e.Staff, e.OSUser)
		}
		if strings.Contains(e.Before+e.After, "argon2") {
			t.Errorf("event %s carries the hash: %s", e.Action, e.After)
		}
	}
	if strings.Join(actions, ",") != "sign-in-failed,sign-in,create" {
		t.Errorf("Ann's events %v", actions)
	}
	if evs := events(t, st, "Nobody"); len(evs) != 1 || evs[0].Action != "sign-in-failed" || !strings.Contains(evs[0].After, "no such account") {
		t.Errorf("unknown name's events %+v", evs)
	}
	if rep, err := st.VerifyAudit(); err != nil || !rep.OK {
		t.Errorf("chain: %+v %v", rep, err)
	}
}

func TestLastAdministratorIsKept(t *testing.T) {
	s, st, _ := newService(t)
	ctx := context.Background()
	mustCreate(t, s, "Ann", backend.RoleAdministrator)
	mustCreate(t, s, "Ben", backend.RoleStaff)
	if _, err := s.Disable(ctx, "Ann"); backend.ErrorCode(err) != backend.ECONFLICT || !strings.Contains(backend.ErrorMessage(err), "last enabled administrator") {
		t.Errorf("disable the last administrator: %v", err)
	}
	if _, err := s.ChangeRole(ctx, "Ann", backend.RoleStaff); backend.ErrorField(err) != "role" || !strings.Contains(backend.ErrorMessage(err), "last enabled administrator") {
		t.Errorf("demote the last administrator: %v", err)
	}
	// A disabled administrator does not count.
	if _, err := s.ChangeRole(ctx, "Ben", backend.RoleAdministrator); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Disable(ctx, "Ben"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ChangeRole(ctx, "Ann", backend.RoleAuditor); backend.ErrorCode(err) != backend.ECONFLICT {
		t.Errorf("demote the last enabled administrator beside a disabled one: %v", err)
	}
	if _, err := s.Enable(ctx, "Ben"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Disable(ctx, "Ann"); err != nil {
		t.Errorf("disable one of two administrators: %v", err)
	}
	if _, err := s.SignIn(ctx, "Ann", pass); backend.ErrorCode(err) != backend.ECONFLICT || !strings.Contains(backend.ErrorMessage(err), "disabled") {
		t.Errorf("disabled account signs in: %v", err)
	}
	if _, err := s.Disable(ctx, "Ben"); backend.ErrorCode(err) != backend.ECONFLICT {
		t.Errorf("disable the other, now last: %v", err)
	}
	if _, err := s.Disable(ctx, "Zed"); backend.ErrorCode(err) != backend.ENOTFOUND {
		t.Errorf("unknown account: %v", err)
	}
	var actions []string
	for _, e := range events(t, st, "Ben") {
		actions = append(actions, e.Action)
	}
	if strings.Join(actions, ",") != "enable,disable,change-role,create" {
		t.Errorf("Ben's events %v (refused changes write nothing)", actions)
	}
	list, _ := s.List(ctx)
	if len(list) != 2 || !list[0].Disabled || list[1].Disabled || list[1].Role != backend.RoleAdministrator {
		t.Errorf("accounts %+v", list)
	}
}

func mustCreate(t *testing.T, s *Service, name string, role backend.Role) {
	t.Helper()
	if _, err := s.Create(context.Background(), name, role, pass); err != nil {
		t.Fatal(err)
	}
}

func TestBackoffAfterFailures(t *testing.T) {
	s, st, now := newService(t)
	ctx := context.Background()
	mustCreate(t, s, "Ann", backend.RoleAdministrator)
	for i := range FreeFailures {
		if _, err := s.SignIn(ctx, "Ann", "not the passphrase"); backend.ErrorCode(err) != backend.EINVALID {
			t.Fatalf("failure %d: %v", i+1, err)
		}
	}
	// Even the right passphrase waits now, and the refusal is audited.
	_, err := s.SignIn(ctx, "Ann", pass)
	if backend.ErrorCode(err) != backend.ECONFLICT || !strings.Contains(backend.ErrorMessage(err), "30 seconds") {
		t.Fatalf("during the wait: %v", err)
	}
	*now = now.Add(29 * time.Second)
	if _, err := s.SignIn(ctx, "Ann", pass); backend.ErrorCode(err) != backend.ECONFLICT {
		t.Fatalf("1 second before the end of the wait: %v", err)
	}
	*now = now.Add(time.Second)
	// A fourth failure doubles the wait.
	if _, err := s.SignIn(ctx, "Ann", "not the passphrase"); backend.ErrorCode(err) != backend.EINVALID {
		t.Fatalf("after the wait, wrong passphrase: %v", err)
	}
	*now = now.Add(59 * time.Second)
	if _, err := s.SignIn(ctx, "Ann", pass); backend.ErrorCode(err) != backend.ECONFLICT || !strings.Contains(backend.ErrorMessage(err), "1 seconds") {
		t.Fatalf("59 s into a 60 s wait: %v", err)
	}
	*now = now.Add(time.Second)
	a, err := s.SignIn(ctx, "Ann", pass)
	if err != nil || a.FailedAttempts != 0 || !a.LastFailureAt.IsZero() {
		t.Fatalf("after the doubled wait: %+v %v", a, err)
	}
	var actions []string
	for _, e := range events(t, st, "Ann") {
		actions = append(actions, e.Action)
	}
	want := "sign-in,sign-in-refused,sign-in-failed,sign-in-refused,sign-in-refused,sign-in-failed,sign-in-failed,sign-in-failed,create"
	if strings.Join(actions, ",") != want {
		t.Errorf("events\n got %s\nwant %s", strings.Join(actions, ","), want)
	}

	for _, tc := range []struct {
		failures int
		want     time.Duration
	}{{0, 0}, {2, 0}, {3, 30 * time.Second}, {4, time.Minute}, {7, 8 * time.Minute}, {8, 15 * time.Minute}, {1000, 15 * time.Minute}} {
		if got := Backoff(tc.failures); got != tc.want {
			t.Errorf("Backoff(%d) = %v, want %v", tc.failures, got, tc.want)
		}
	}
}

func TestResetPassphrase(t *testing.T) {
	s, _, _ := newService(t)
	ctx := context.Background()
	mustCreate(t, s, "Ann", backend.RoleAdministrator)
	for range FreeFailures {
		s.SignIn(ctx, "Ann", "not the passphrase")
	}
	if _, err := s.ResetPassphrase(ctx, "Ann", "too short"); backend.ErrorField(err) != "passphrase" {
		t.Errorf("short new passphrase: %v", err)
	}
	if _, err := s.ResetPassphrase(ctx, "Ann", "a brand new passphrase"); err != nil {
		t.Fatal(err)
	}
	// The reset clears the wait; the old passphrase no longer works.
	if _, err := s.SignIn(ctx, "Ann", pass); backend.ErrorCode(err) != backend.EINVALID {
		t.Errorf("old passphrase: %v", err)
	}
	if _, err := s.SignIn(ctx, "Ann", "a brand new passphrase"); err != nil {
		t.Errorf("new passphrase: %v", err)
	}
}

func hasProblem(err error, field string) bool {
	for _, p := range backend.ErrorProblems(err) {
		if p.Field == field {
			return true
		}
	}
	return false
}

// FuzzVerify: any stored string is verified or refused with an error, never a panic,
// and only a real hash of the passphrase verifies.
func FuzzVerify(f *testing.F) {
	h, _ := Hash(pass, cheap)
	f.Add(h, pass)
	f.Add("$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA", "x")
	f.Add("$argon2id$v=19$m=99999999,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA", "x")
	f.Add("$argon2id$v=19$m=64,t=1,p=0$$", "")
	f.Fuzz(func(t *testing.T, encoded, passphrase string) {
		// The parser takes anything; a costly hash that parses is not run (a real one
		// may take up to a gigabyte).
		if p, _, _, err := decode(encoded); err == nil && uint64(p.Memory)*uint64(p.Time) > 1<<16 {
			return
		}
		ok, err := Verify(passphrase, encoded)
		if ok && (err != nil || passphrase != pass) {
			t.Errorf("Verify(%q, %q) = true, %v", passphrase, encoded, err)
		}
	})
}

func TestCreateNormalisesTheRole(t *testing.T) {
	s, _, _ := newService(t)
	a, err := s.Create(context.Background(), "Ann", " Administrator", pass)
	if err != nil || a.Role != backend.RoleAdministrator {
		t.Errorf("%+v %v", a, err)
	}
}

// BenchmarkHashDefault measures one hash at DefaultParams, the cost of a sign-in and of a
// guess (README: Staff accounts and roles).
func BenchmarkHashDefault(b *testing.B) {
	for b.Loop() {
		if _, err := Hash(pass, DefaultParams); err != nil {
			b.Fatal(err)
		}
	}
}
