package command

import (
	"io"
	"log/slog"
	"os"
	"path/filepath"

	"gopkg.in/natefinch/lumberjack.v2"

	"privacydesk/backend/storage"
)

// logToDataFolder sends what a command logs to logs/privacydesk-cli.log in the data
// folder of dbPath (the window keeps its own privacydesk.log there), so stderr carries
// only the command's own lines: a refusal is one line. A data folder that does not
// exist yet is not made for the log (a refused command writes nothing): the log is
// dropped then. The returned func closes the file.
func logToDataFolder(dbPath string) func() {
	dir := filepath.Dir(dbPath)
	if storage.IsPostgresURL(dbPath) {
		p, err := DefaultDBPath()
		if err != nil {
			slog.SetDefault(slog.New(slog.NewTextHandler(io.Discard, nil)))
			return func() {}
		}
		dir = filepath.Dir(p)
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		slog.SetDefault(slog.New(slog.NewTextHandler(io.Discard, nil)))
		return func() {}
	}
	if err := os.MkdirAll(filepath.Join(dir, "logs"), 0o700); err != nil {
		slog.SetDefault(slog.New(slog.NewTextHandler(io.Discard, nil)))
		return func() {}
	}
	w := &lumberjack.Logger{Filename: filepath.Join(dir, "logs", "privacydesk-cli.log"), MaxSize: 5, MaxBackups: 5, Compress: true}
	slog.SetDefault(slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelInfo})))
	return func() { w.Close() }
}
