package main

import (
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"testing"
	"time"

	"privacydesk/backend"
	"privacydesk/backend/storage"
	"privacydesk/internal/testpg"
)

// refusal is the message of a refused call, or "" when err is not a refusal.
func refusal(t *testing.T, err error) string {
	t.Helper()
	if err == nil {
		return ""
	}
	b := exportErr(t, err)
	for _, r := range []error{errNotSignedIn, errLocked} {
		if b.Message == backend.ErrorMessage(r) {
			return b.Message
		}
	}
	for _, role := range backend.Roles {
		for _, p := range backend.Permissions {
			if b.Message == backend.ErrorMessage(errNotAllowed(role, p.Permission)) {
				return b.Message
			}
		}
	}
	return ""
}

// startedServices are the bound services started on desk d without a window (the
// export service on the contract's clock, and no automatic backup).
func startedServices(d *desk) []service {
	services := boundServices(d)
	for _, s := range services {
		if es, ok := s.(*ExportService); ok {
			es.d, es.now = d, func() time.Time { return contractClock }
			es.init()
		} else {
			s.startup(nil, d)
		}
	}
	return services
}

// boundMethods lists every bound method as "Struct.Method" with its value, on desk d.
func boundMethods(d *desk) map[string]reflect.Value {
	out := map[string]reflect.Value{}
	for _, s := range startedServices(d) {
		v := reflect.ValueOf(s)
		for i := 0; i < v.NumMethod(); i++ {
			out[reflect.TypeOf(s).Elem().Name()+"."+v.Type().Method(i).Name] = v.Method(i)
		}
	}
	return out
}

// call calls m with the zero value of each argument and returns the error it returned
// (nil when it returns none). A panic fails the test.
func callZero(t *testing.T, name string, m reflect.Value) (err error) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("%s panicked: %v", name, r)
		}
	}()
	in := make([]reflect.Value, m.Type().NumIn())
	for i := range in {
		in[i] = reflect.Zero(m.Type().In(i))
	}
	out := m.Call(in)
	if len(out) == 0 {
		return nil
	}
	if e, ok := out[len(out)-1].Interface().(error); ok {
		return e
	}
	return nil
}

func auditTotal(t *testing.T, st *storage.Store) int64 {
	t.Helper()
	_, n, err := st.ListAuditEvents(backend.AuditFilter{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestBoundMethodRoles calls every bound method as nobody, as each role and in a locked
// window: a method the table (permissions.go) does not allow is refused with a clear
// message and changes nothing; one it allows is not refused. A bound method without an
// entry in the table fails.
func TestBoundMethodRoles(t *testing.T) {
	dir := t.TempDir()
	dbPath := testpg.Location(t, filepath.Join(dir, "privacydesk.db"))
	st, err := storage.Open(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	st.Now = func() time.Time { return contractClock }

	methods := boundMethods(&desk{})
	names := make([]string, 0, len(methods))
	for name := range methods {
		if _, ok := methodPermissions[name]; !ok {
			t.Errorf("bound method %s has no entry in methodPermissions (app/permissions.go)", name)
		}
		names = append(names, name)
	}
	sort.Strings(names)
	if t.Failed() {
		return
	}

	type session struct {
		name   string
		role   backend.Role
		locked bool
	}
	sessions := []session{{name: "nobody"}, {name: "locked administrator", role: backend.RoleAdministrator, locked: true}}
	for _, r := range backend.Roles {
		sessions = append(sessions, session{name: string(r), role: r})
	}
	for _, ss := range sessions {
		t.Run(ss.name, func(t *testing.T) {
			d := &desk{dbPath: dbPath, dataDir: dir, store: st, locked: ss.locked}
			if ss.role != "" {
				d.account = backend.StaffAccount{Name: "Robin", Role: ss.role}
			}
			methods := boundMethods(d)
			for _, name := range names {
				p := methodPermissions[name]
				if p == permissionAnyone {
					continue // the session's own methods: TestSession
				}
				allowed := ss.role != "" && !ss.locked && backend.Allowed(ss.role, p)
				if allowed && slices.Contains(notCalledWhenAllowed, name) {
					continue
				}
				before := auditTotal(t, st)
				got := refusal(t, callZero(t, name, methods[name]))
				switch {
				case allowed && got != "":
					t.Errorf("%s (%s) was refused: %s", name, p, got)
				case !allowed && got == "":
					t.Errorf("%s (%s) was not refused", name, p)
				case !allowed && auditTotal(t, st) != before:
					t.Errorf("%s (%s) was refused but wrote to the audit trail", name, p)
				}
			}
		})
	}
}

// notCalledWhenAllowed are allowed methods the role test does not call with zero
// arguments, because even failing they would take the test's database away.
var notCalledWhenAllowed = []string{"ExportService.Restore"}
