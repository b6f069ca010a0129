package storage

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkExport measures, on a database of 100,000 requests built once per run:
// the CSV export of every request against the sqlite3 tool's own CSV output of the same
// query from the same file (the floor; the target: within 2x), the XLSX export against the
// same floor (within 10x), and a plain backup against a plain copy of the database file
// (within 2x). It prints the ratios.
func BenchmarkExport(b *testing.B) {
	sqlite3, err := exec.LookPath("sqlite3")
	if err != nil {
		b.Skip("the sqlite3 tool is not installed (apt-get install sqlite3): no floor to compare with")
	}
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
	floorOut := filepath.Join(dir, "floor.csv")
	run("csv/sqlite3", func() {
		out, err := os.Create(floorOut)
		if err != nil {
			b.Fatal(err)
		}
		cmd := exec.Command(sqlite3, "-readonly", "-csv", "-header", s.Path(), requestsExportSQL)
		cmd.Stdout = out
		if err := cmd.Run(); err != nil {
			b.Fatal(err)
		}
		out.Close()
	})
	for _, format := range []string{"csv", "xlsx"} {
		out := filepath.Join(dir, "requests."+format)
		run(format+"/export", func() {
			res, err := s.Export(ctx, ExportRequest{Kind: "requests", Format: format, Out: out}, nil)
			if err != nil || res.Rows != 100_000 {
				b.Fatalf("%s: %d rows, %v", format, res.Rows, err)
			}
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
	ratio("export csv / sqlite3 -csv", "csv/export", "csv/sqlite3", 2)
	ratio("export xlsx / sqlite3 -csv", "xlsx/export", "csv/sqlite3", 10)
	ratio("backup / file copy", "backup/backup", "backup/copy", 2)
	ratio("backup / file copy synced to disk", "backup/backup", "backup/copy+sync", 2)
}
