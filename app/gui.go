package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/menu"
	"github.com/wailsapp/wails/v2/pkg/menu/keys"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
	"github.com/wailsapp/wails/v2/pkg/runtime"

	"privacydesk/app/internal/command"
	"privacydesk/backend/export"
	"privacydesk/backend/storage"
	"privacydesk/frontend"
)

// windowState is the window's size and position, remembered between runs.
type windowState struct {
	Width, Height, X, Y int
	Maximised           bool
}

func windowStatePath(dataDir string) string { return filepath.Join(dataDir, "window.json") }

func loadWindowState(dataDir string) windowState {
	ws := windowState{Width: 1280, Height: 800, X: -1, Y: -1}
	b, err := os.ReadFile(windowStatePath(dataDir))
	if err == nil {
		_ = json.Unmarshal(b, &ws)
	}
	if ws.Width < 900 || ws.Height < 600 {
		ws.Width, ws.Height = 1280, 800
	}
	return ws
}

func saveWindowState(dataDir string, ws windowState) {
	b, _ := json.Marshal(ws)
	if err := export.WriteBytes(context.Background(), windowStatePath(dataDir), 0o600, b); err != nil {
		slog.Warn("the window's size and place were not saved", "err", err)
	}
}

// runGUI opens the window on the database at dbPath: a SQLite file, or a PostgreSQL
// server's postgres:// URL.
// newDesk is the desk of a window on the database at location, not open yet (it opens
// when someone signs in, SessionService). A file's data folder is the file's own; a
// PostgreSQL server's is the user's data folder, which keeps the window's log and size.
// The URL, password and all, stays in memory: it is shown and logged only redacted
// (storage.RedactLocation).
func newDesk(location string) (*desk, error) {
	osUser := command.CurrentActor("").OSUser
	if storage.IsPostgresURL(location) {
		dir, err := command.DataDir()
		if err != nil {
			return nil, err
		}
		return &desk{dbPath: location, dataDir: dir, osUser: osUser}, nil
	}
	abs, err := filepath.Abs(location)
	if err != nil {
		return nil, err
	}
	return &desk{dbPath: abs, dataDir: filepath.Dir(abs), osUser: osUser}, nil
}

func runGUI(dbPath string, stderr io.Writer) int {
	d, err := newDesk(dbPath)
	if err != nil {
		fmt.Fprintln(stderr, "privacydesk:", err)
		return 1
	}
	abs := d.dbPath
	// The database chosen for this computer under Settings > Database is kept in the
	// user's data folder; --db and PRIVACYDESK_DB take priority over it.
	if dir, err := command.DataDir(); err == nil {
		d.userDir = dir
		chosen, err := command.DefaultDBPath()
		d.followsChoice = err == nil && os.Getenv("PRIVACYDESK_DB") == "" && chosen == dbPath
	}
	// A PostgreSQL server that wants a password the credential store lacks: the sign-in
	// screen asks for it (SessionService.GiveDatabasePassword).
	storage.AskDBPassword = d.askDBPassword
	if err := os.MkdirAll(d.dataDir, 0o700); err != nil {
		fmt.Fprintln(stderr, "privacydesk: cannot create the data folder:", err)
		return 1
	}
	setupLogging(d.dataDir)
	ws := loadWindowState(d.dataDir)
	services := boundServices(d)
	bind := make([]any, len(services))
	for i, s := range services {
		bind[i] = s
	}

	err = wails.Run(&options.App{
		Title:     appTitle,
		Width:     ws.Width,
		Height:    ws.Height,
		MinWidth:  900,
		MinHeight: 600,
		AssetServer: &assetserver.Options{
			Assets: frontend.Assets,
		},
		Menu: appMenu(d),
		// Dropped files reach the UI with their paths (an .eml dropped on the Exports or
		// Requests screen), through window.runtime.OnFileDrop.
		DragAndDrop: &options.DragAndDrop{EnableFileDrop: true},
		SingleInstanceLock: &options.SingleInstanceLock{
			UniqueId: "privacydesk-2f6c1d0e-" + fmt.Sprintf("%x", hashString(abs)),
			OnSecondInstanceLaunch: func(options.SecondInstanceData) {
				if d.ctx != nil {
					runtime.WindowUnminimise(d.ctx)
					runtime.WindowShow(d.ctx)
					runtime.EventsEmit(d.ctx, "app:focus")
				}
			},
		},
		OnStartup: func(ctx context.Context) {
			d.ctx = ctx
			removeLeftovers(time.Now())
			for _, s := range services {
				s.startup(ctx, d)
			}
			// The window locks with the desktop session (Linux and Windows).
			go watchSessionLock(ctx, onDesktopLock(d, func() { runtime.EventsEmit(ctx, "session:locked") }))
			// The backend's idle lock holds even when the window's timer does not fire.
			go watchIdleLock(ctx, d, 5*time.Second, func() { runtime.EventsEmit(ctx, "session:locked") })
		},
		OnDomReady: func(ctx context.Context) {
			if ws.X >= 0 && ws.Y >= 0 {
				runtime.WindowSetPosition(ctx, ws.X, ws.Y)
			}
			if ws.Maximised {
				runtime.WindowMaximise(ctx)
			}
		},
		OnBeforeClose: func(ctx context.Context) bool {
			cur := ws
			cur.Maximised = runtime.WindowIsMaximised(ctx)
			if !cur.Maximised {
				cur.Width, cur.Height = runtime.WindowGetSize(ctx)
				cur.X, cur.Y = runtime.WindowGetPosition(ctx)
			}
			saveWindowState(d.dataDir, cur)
			return false
		},
		OnShutdown: func(context.Context) {
			for _, s := range services {
				if es, ok := s.(*ExportService); ok {
					es.emails.Close()
				}
			}
			removeTempCopies(tempCopyGlobs(), time.Time{})
			d.mu.Lock()
			if d.store != nil {
				d.store.Close()
				d.store = nil
			}
			d.mu.Unlock()
		},
		Linux: &linux.Options{ProgramName: "privacydesk", Icon: windowIcon(), WebviewGpuPolicy: linux.WebviewGpuPolicyNever},
		Bind:  bind,
	})
	if err != nil {
		fmt.Fprintln(stderr, "privacydesk:", err)
		return 1
	}
	return 0
}

// windowIcon is build/appicon.png as the UI build copies it into dist.
func windowIcon() []byte {
	b, _ := fs.ReadFile(frontend.Assets, "dist/icon.png")
	return b
}

func hashString(s string) uint32 {
	var h uint32 = 2166136261
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
}

// appMenu is the native menu. Items that open a screen emit an event the UI handles.
func appMenu(d *desk) *menu.Menu {
	emit := func(name string) func(*menu.CallbackData) {
		return func(*menu.CallbackData) {
			if d.ctx != nil {
				runtime.EventsEmit(d.ctx, name)
			}
		}
	}
	m := menu.NewMenu()
	for _, item := range platformMenus() {
		m.Append(item)
	}
	file := m.AddSubmenu("File")
	file.AddText("New request", keys.CmdOrCtrl("n"), emit("menu:new-request"))
	file.AddText("Import…", keys.CmdOrCtrl("i"), emit("menu:import"))
	file.AddText("Export…", keys.CmdOrCtrl("e"), emit("menu:export"))
	file.AddText("Backup…", keys.CmdOrCtrl("b"), emit("menu:backup"))
	file.AddSeparator()
	file.AddText("Lock", keys.CmdOrCtrl("l"), emit("menu:lock"))
	file.AddText("Sign out", nil, emit("menu:sign-out"))
	if quitInFileMenu {
		file.AddSeparator()
		file.AddText("Quit", keys.CmdOrCtrl("q"), func(*menu.CallbackData) {
			if d.ctx != nil {
				runtime.Quit(d.ctx)
			}
		})
	}
	help := m.AddSubmenu("Help")
	help.AddText("About Privacy Desk", nil, emit("menu:about"))
	return m
}
