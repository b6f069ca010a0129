package backup

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"privacydesk/backend/internal/benchratio"
)

// BenchmarkBackup measures, on a store with 100,000 requests, a plain backup against a
// plain copy of the database file (the target: within 2x), and against the same copy
// synced to disk. It prints the ratios.
func BenchmarkBackup(b *testing.B) {
	s := demoStore(b, 100_000)
	dir := b.TempDir()
	ctx := context.Background()
	// Checkpoint (the live-file snapshot does), so the copy reads everything.
	if _, err := New(s, "bench").Backup(ctx, filepath.Join(dir, "first"+Extension), "", nil); err != nil {
		b.Fatal(err)
	}
	perOp := map[string]time.Duration{}
	run := func(name string, fn func()) {
		b.Run(name, func(b *testing.B) {
			fn() // warm the page cache
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				fn()
			}
			perOp[name] = b.Elapsed() / time.Duration(b.N)
		})
	}
	copyOut := filepath.Join(dir, "copy.db")
	run("backup/copy", func() {
		in, err := os.Open(s.Path())
		if err != nil {
			b.Fatal(err)
		}
		out, err := os.Create(copyOut)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := io.Copy(out, in); err != nil {
			b.Fatal(err)
		}
		in.Close()
		if err := out.Close(); err != nil {
			b.Fatal(err)
		}
	})
	// A backup is synced to disk before it counts (a crash must not leave half a file);
	// the same copy made durable shows what the sync itself costs on this disk.
	run("backup/copy+sync", func() {
		in, err := os.Open(s.Path())
		if err != nil {
			b.Fatal(err)
		}
		out, err := os.Create(copyOut)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := io.Copy(out, in); err != nil {
			b.Fatal(err)
		}
		in.Close()
		if err := out.Sync(); err != nil {
			b.Fatal(err)
		}
		if err := out.Close(); err != nil {
			b.Fatal(err)
		}
	})
	backupOut := filepath.Join(dir, "b"+Extension)
	run("backup/backup", func() {
		if _, err := New(s, "bench").Backup(ctx, backupOut, "", nil); err != nil {
			b.Fatal(err)
		}
	})
	ratio := func(name, num, den string, goal float64) {
		benchratio.Print(name, perOp[num], perOp[den], goal)
	}
	ratio("backup / file copy", "backup/backup", "backup/copy", 2)
	ratio("backup / file copy synced to disk", "backup/backup", "backup/copy+sync", 2)
}
