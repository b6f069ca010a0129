package main

import (
	"context"
	"log/slog"
	"os"

	"github.com/godbus/dbus/v5"
)

// Linux: the window locks when the desktop session locks. Screen savers announce it on
// the session bus (ActiveChanged(true) of org.freedesktop.ScreenSaver and the desktops'
// own names), and logind on the system bus (Lock of this process's session, sent by
// loginctl lock-session and by most lock screens). Either is enough; without a bus the
// idle lock and Ctrl+L remain.

var screenSaverInterfaces = []string{"org.freedesktop.ScreenSaver", "org.gnome.ScreenSaver",
	"org.cinnamon.ScreenSaver", "org.mate.ScreenSaver", "org.xfce.ScreenSaver"}

// watchSessionLock calls onLock whenever the desktop session locks, until ctx ends.
func watchSessionLock(ctx context.Context, onLock func()) {
	signals := make(chan *dbus.Signal, 8)
	if conn, err := dbus.ConnectSessionBus(dbus.WithContext(ctx)); err == nil {
		for _, iface := range screenSaverInterfaces {
			if err := conn.AddMatchSignal(dbus.WithMatchInterface(iface), dbus.WithMatchMember("ActiveChanged")); err != nil {
				slog.Info("session lock: screen saver not watched", "interface", iface, "err", err)
			}
		}
		conn.Signal(signals)
	}
	var session dbus.ObjectPath
	if conn, err := dbus.ConnectSystemBus(dbus.WithContext(ctx)); err == nil {
		err := conn.Object("org.freedesktop.login1", "/org/freedesktop/login1").
			Call("org.freedesktop.login1.Manager.GetSessionByPID", 0, uint32(os.Getpid())).Store(&session)
		if err == nil {
			err = conn.AddMatchSignal(dbus.WithMatchObjectPath(session), dbus.WithMatchInterface("org.freedesktop.login1.Session"),
				dbus.WithMatchMember("Lock"))
		}
		if err != nil {
			slog.Info("session lock: logind not watched", "err", err)
		} else {
			conn.Signal(signals)
		}
	}
	for {
		select {
		case <-ctx.Done():
			return
		case s := <-signals:
			if s != nil && sessionLocked(s, session) {
				onLock()
			}
		}
	}
}

// sessionLocked says whether signal s tells that the session locked.
func sessionLocked(s *dbus.Signal, session dbus.ObjectPath) bool {
	switch s.Name {
	case "org.freedesktop.login1.Session.Lock":
		return session != "" && s.Path == session
	}
	for _, iface := range screenSaverInterfaces {
		if s.Name == iface+".ActiveChanged" {
			active, ok := firstBool(s.Body)
			return ok && active
		}
	}
	return false
}

func firstBool(body []any) (bool, bool) {
	if len(body) == 0 {
		return false, false
	}
	b, ok := body[0].(bool)
	return b, ok
}
