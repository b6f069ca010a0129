package main

import (
	"testing"

	"github.com/godbus/dbus/v5"
)

func TestSessionLockedSignals(t *testing.T) {
	mine := dbus.ObjectPath("/org/freedesktop/login1/session/_32")
	for _, tc := range []struct {
		s    dbus.Signal
		want bool
	}{
		{dbus.Signal{Name: "org.freedesktop.ScreenSaver.ActiveChanged", Body: []any{true}}, true},
		{dbus.Signal{Name: "org.gnome.ScreenSaver.ActiveChanged", Body: []any{true}}, true},
		{dbus.Signal{Name: "org.gnome.ScreenSaver.ActiveChanged", Body: []any{false}}, false},
		{dbus.Signal{Name: "org.freedesktop.ScreenSaver.ActiveChanged"}, false},
		{dbus.Signal{Name: "org.freedesktop.login1.Session.Lock", Path: mine}, true},
		{dbus.Signal{Name: "org.freedesktop.login1.Session.Lock", Path: "/org/freedesktop/login1/session/_33"}, false},
		{dbus.Signal{Name: "org.freedesktop.login1.Session.Unlock", Path: mine}, false},
	} {
		if got := sessionLocked(&tc.s, mine); got != tc.want {
			t.Errorf("%s %v on %s: locked %v, want %v", tc.s.Name, tc.s.Body, tc.s.Path, got, tc.want)
		}
	}
}
