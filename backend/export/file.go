package export

import (
	"context"
	"errors"
	"io"
	"iter"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"privacydesk/backend"
)

// Progress is told how far long work has come: done of total units (rows, bytes);
// total is 0 when unknown. It is called from the working goroutine, often: keep it cheap
// (the UI layer throttles what it sends to the window).
type Progress func(done, total int64)

// ErrCanceled is returned when the context ends the work; nothing was written.
var ErrCanceled = backend.Errorf(backend.ECONFLICT, "Cancelled. Nothing was written.")

// WriteFile writes the file at path atomically: write gets a temporary file in the same
// folder, which is synced and renamed over path only when write returned nil and ctx is
// still live. On an error, a cancellation or a panic the temporary file is removed, so a
// failed or cancelled export never leaves a partial file, and an existing file at path
// stays as it was until the rename replaces it whole.
func WriteFile(ctx context.Context, path string, perm os.FileMode, write func(w io.Writer) error) (err error) {
	if err := ctx.Err(); err != nil {
		return ErrCanceled
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return backend.Errorf(backend.EINVALID, "%s is a folder; choose a file name.", path)
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return backend.Errorf(backend.EINVALID, "The folder %s does not exist; choose another or create it first.", dir)
	}
	f, err := os.CreateTemp(dir, "."+base+".part-*")
	if err != nil {
		return backend.Errorf(backend.EINVALID, "Cannot write in %s: %v", dir, err)
	}
	tmp := f.Name()
	done := false
	defer func() {
		if !done {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if err := f.Chmod(perm); err != nil && runtime.GOOS != "windows" {
		return err
	}
	if err := write(f); err != nil {
		if ctx.Err() != nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return ErrCanceled
		}
		return err
	}
	if ctx.Err() != nil {
		return ErrCanceled
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		done = true
		return backend.Errorf(backend.EINVALID, "Cannot replace %s: %v", path, err)
	}
	done = true
	syncDir(dir)
	return nil
}

// syncDir makes the rename durable (POSIX; Windows has no directory handles to sync).
// WriteBytes is WriteFile for content already in memory: b whole at path, or nothing.
func WriteBytes(ctx context.Context, path string, perm os.FileMode, b []byte) error {
	return WriteFile(ctx, path, perm, func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	})
}

func syncDir(dir string) {
	if runtime.GOOS == "windows" {
		return
	}
	d, err := os.Open(dir)
	if err == nil {
		err = d.Sync()
		d.Close()
	}
	if err != nil {
		// The file is complete and in place; only its survival of a power cut in the
		// next moments is not confirmed, which is not worth failing what was written.
		slog.Warn("the folder of a file just written could not be synced", "folder", dir, "err", err)
	}
}

// Copy encodes every row of rows with enc and closes it, checking ctx and reporting
// progress every 1,000 rows (total may be 0 when unknown). On cancellation it returns
// ErrCanceled without closing enc: its output is incomplete and is to be thrown away
// (WriteFile does that).
func Copy(ctx context.Context, enc Encoder, rows iter.Seq2[Row, error], total int64, progress Progress) (int64, error) {
	var n int64
	for r, err := range rows {
		if err != nil {
			return n, err
		}
		if n%1000 == 0 {
			if ctx.Err() != nil {
				return n, ErrCanceled
			}
			if progress != nil {
				progress(n, total)
			}
		}
		if err := enc.Encode(r); err != nil {
			return n, err
		}
		n++
	}
	if ctx.Err() != nil {
		return n, ErrCanceled
	}
	if err := enc.Close(); err != nil {
		return n, err
	}
	if progress != nil {
		progress(n, max(total, n))
	}
	return n, nil
}

// Slice is a row source over rows in memory.
func Slice(rows []Row) iter.Seq2[Row, error] {
	return func(yield func(Row, error) bool) {
		for _, r := range rows {
			if !yield(r, nil) {
				return
			}
		}
	}
}

// Format names a tabular export format.
type Format string

const (
	FormatCSV  Format = "csv"
	FormatXLSX Format = "xlsx"
	FormatJSON Format = "json"
)

// Options tune NewEncoder's output.
type Options struct {
	BOM      bool           // CSV: start with a UTF-8 byte order mark for Excel
	Location *time.Location // XLSX: the zone DateTime cells are shown in; UTC when nil
}

// NewEncoder returns the encoder for format f.
func NewEncoder(f Format, w io.Writer, t Table, opt Options) (Encoder, error) {
	switch f {
	case FormatCSV:
		return NewCSVEncoder(w, t, CSVOptions{BOM: opt.BOM}), nil
	case FormatXLSX:
		return NewXLSXEncoder(w, t, XLSXOptions{Location: opt.Location})
	case FormatJSON:
		return NewJSONEncoder(w, t), nil
	}
	return nil, backend.Invalid("format", "%q is not a format for a table (use csv, xlsx or json).", string(f))
}
