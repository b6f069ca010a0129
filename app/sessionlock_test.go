package main

import (
	"context"
	"encoding/binary"
	"errors"
	"strings"
	"testing"
	"time"

	"privacydesk/backend"
)

// scriptedDesktop is a desktop whose lock state is read from a script, one answer per
// question (an error where err is set).
type scriptedDesktop struct {
	answers []scripted
	asked   int
}

type scripted struct {
	locked bool
	err    error
}

func (s *scriptedDesktop) SessionLocked() (bool, error) {
	a := s.answers[s.asked]
	s.asked++
	return a.locked, a.err
}

// runPoll runs pollSessionLock over desk's script, one tick per answer, and returns when
// the poll has handled them all and ended.
func runPoll(t *testing.T, desk *scriptedDesktop, onLock func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	tick := make(chan time.Time) // unbuffered: each send waits for the previous tick's work
	done := make(chan struct{})
	go func() {
		pollSessionLock(ctx, desk, tick, onLock)
		close(done)
	}()
	for range desk.answers {
		tick <- time.Time{}
	}
	cancel()
	<-done
	if desk.asked != len(desk.answers) {
		t.Fatalf("the poll asked %d times, want %d", desk.asked, len(desk.answers))
	}
}

// The poll reacts to the desktop's lock once per lock: not at every tick while it stays
// locked, again after an unlock and a new lock, and not at all when the state cannot be
// read (an error keeps what was known).
func TestPollSessionLockOncePerLock(t *testing.T) {
	fail := errors.New("no answer")
	for _, tc := range []struct {
		name   string
		script []scripted
		locks  int
	}{
		{"never locked", []scripted{{}, {}, {}}, 0},
		{"locked and stays locked", []scripted{{}, {locked: true}, {locked: true}, {locked: true}}, 1},
		{"locked, unlocked, locked again", []scripted{{}, {locked: true}, {}, {locked: true}}, 2},
		{"locked at the first question", []scripted{{locked: true}}, 1},
		{"an error while locked is not a new lock", []scripted{{locked: true}, {err: fail}, {locked: true}}, 1},
		{"errors only", []scripted{{err: fail}, {err: fail}}, 0},
		{"an error, then locked", []scripted{{err: fail}, {locked: true}}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			locks := 0
			runPoll(t, &scriptedDesktop{answers: tc.script}, func() { locks++ })
			if locks != tc.locks {
				t.Errorf("%d locks, want %d", locks, tc.locks)
			}
		})
	}
}

// When the desktop session locks (here a scripted desktop, on Windows the workstation's
// lock), the signed-in session locks as the Linux watch locks it: bound calls are refused
// as locked, the window is told once, and the trail records one lock, reason session.
func TestDesktopLockLocksTheSession(t *testing.T) {
	s := newSession(t)
	requests := &RequestService{d: s.d}
	if _, err := requests.List(backend.RequestFilter{}); err != nil {
		t.Fatalf("before the lock: %v", err)
	}
	told := 0
	runPoll(t, &scriptedDesktop{answers: []scripted{{}, {locked: true}, {locked: true}}}, onDesktopLock(s.d, func() { told++ }))
	if told != 1 {
		t.Errorf("the window was told %d times, want 1", told)
	}
	_, err := requests.List(backend.RequestFilter{})
	if refusal(t, err) != backend.ErrorMessage(errLocked) {
		t.Errorf("after the desktop's lock List answered (%v), want the locked refusal", err)
	}
	s.d.mu.RLock()
	st := s.d.store
	s.d.mu.RUnlock()
	events, _, err := st.ListAuditEvents(backend.AuditFilter{Entity: "account", Action: "lock"})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range events {
		if strings.Contains(e.After, `"reason":"session"`) {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d lock events with reason session in the audit trail, want 1: %+v", n, events)
	}
	// Unlocked again with the passphrase, the session opens; the desktop's next lock
	// locks it again.
	if _, err := s.Unlock(contractPassphrase); err != nil {
		t.Fatal(err)
	}
	if _, err := requests.List(backend.RequestFilter{}); err != nil {
		t.Fatalf("after unlocking: %v", err)
	}
	runPoll(t, &scriptedDesktop{answers: []scripted{{}, {locked: true}}}, onDesktopLock(s.d, func() { told++ }))
	if _, err := requests.List(backend.RequestFilter{}); refusal(t, err) != backend.ErrorMessage(errLocked) {
		t.Errorf("after the second desktop lock List answered (%v), want the locked refusal", err)
	}
}

// The WTSINFOEXW that Windows returns: SessionFlags at offset 16 after Level 1 says
// locked (0) or unlocked (1); anything else, a short buffer or another level, is an
// error, never "unlocked".
func TestDecodeWTSInfoEx(t *testing.T) {
	info := func(level uint32, flags int32) []byte {
		b := make([]byte, 232) // sizeof(WTSINFOEXW) on 64-bit Windows
		binary.LittleEndian.PutUint32(b[0:], level)
		binary.LittleEndian.PutUint32(b[8:], 3)  // SessionId
		binary.LittleEndian.PutUint32(b[12:], 0) // SessionState: WTSActive
		binary.LittleEndian.PutUint32(b[16:], uint32(flags))
		return b
	}
	for _, tc := range []struct {
		name    string
		b       []byte
		locked  bool
		wantErr bool
	}{
		{"locked", info(1, 0), true, false},
		{"unlocked", info(1, 1), false, false},
		{"unknown", info(1, -1), false, true},
		{"another level", info(2, 0), false, true},
		{"too short", info(1, 0)[:19], false, true},
		{"empty", nil, false, true},
	} {
		locked, err := decodeWTSInfoEx(tc.b)
		if locked != tc.locked || (err != nil) != tc.wantErr {
			t.Errorf("%s: locked %v, err %v; want locked %v, error %v", tc.name, locked, err, tc.locked, tc.wantErr)
		}
	}
}
