package storage

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkExport measures, on a database of 100,000 requests built once per run, a
// plain backup against a plain copy of the database file (within 2x). It prints the
// ratios. (The exports' benchmark is backend/reporting's BenchmarkRequestsExport.)
func BenchmarkExport(b *testing.B) {
	s := buildBenchDB(b, 100_000, 100_000)
	dir := b.TempDir()
	ctx := context.Background()
	// Checkpoint, so the file the floor reads holds everything.
	if err := s.db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`).Error; err != nil {
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
	backupOut := filepath.Join(dir, "b.pdbackup")
	run("backup/backup", func() {
		if _, err := s.Backup(ctx, backupOut, BackupOptions{AppVersion: "bench"}); err != nil {
			b.Fatal(err)
		}
	})
	ratio := func(name, num, den string, limit float64) {
		if perOp[num] == 0 || perOp[den] == 0 {
			return
		}
		r := float64(perOp[num]) / float64(perOp[den])
		verdict := "within"
		if r > limit {
			verdict = "OVER"
		}
		fmt.Printf("ratio %s: %.2fx (%v vs %v; target %gx, %s)\n", name, r, perOp[num].Round(time.Millisecond), perOp[den].Round(time.Millisecond), limit, verdict)
	}
	ratio("backup / file copy", "backup/backup", "backup/copy", 2)
	ratio("backup / file copy synced to disk", "backup/backup", "backup/copy+sync", 2)
}
