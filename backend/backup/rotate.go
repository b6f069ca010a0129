package backup

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"privacydesk/backend"
)

// Automatic backups are named by their date, so a folder listing sorts them and a
// person can tell which day each holds: privacydesk-2026-03-02.pdbackup.
const dailyPrefix = "privacydesk-"

var dailyRE = backend.LazyRegexp(`^privacydesk-(\d{4}-\d{2}-\d{2})\.pdbackup$`)

// DailyName is the file name of the automatic backup of day d.
func DailyName(d backend.Date) string { return dailyPrefix + d.String() + Extension }

// DailyDone reports whether dir already holds the automatic backup of day d.
func DailyDone(dir string, d backend.Date) bool {
	st, err := os.Stat(filepath.Join(dir, DailyName(d)))
	return err == nil && st.Mode().IsRegular()
}

// Daily makes the automatic backup of day d in dir unless it exists (the first start
// of each day makes it), then keeps the newest keep of them. made reports whether a
// backup was written.
func Daily(ctx context.Context, dir string, keep int, d backend.Date, src Source, opt Options) (path string, made bool, err error) {
	if dir == "" {
		return "", false, backend.Invalid("backupFolder", "Choose a folder for automatic backups.")
	}
	path = filepath.Join(dir, DailyName(d))
	if DailyDone(dir, d) {
		return path, false, nil
	}
	if _, err := Create(ctx, path, src, opt); err != nil {
		return "", false, err
	}
	_, err = RotateAsOf(dir, keep, d)
	return path, true, err
}

// Rotate deletes all but the newest keep automatic backups in dir (keep <= 0 keeps all),
// and the leftovers of backups that were interrupted more than a day ago (a file being
// written; and a database copy, which versions before the private work folders
// (RemoveLeftovers) made in the backup folder). It touches no other file: a backup a
// person saved there under another name stays.
func Rotate(dir string, keep int) (removed []string, err error) {
	return rotate(dir, keep, nil)
}

// RotateAsOf is Rotate after the automatic backup of day today was made: a backup dated
// after today (written while the computer's clock was wrong) is neither counted nor
// deleted, so it can never push today's backup, or the good ones before it, out.
func RotateAsOf(dir string, keep int, today backend.Date) (removed []string, err error) {
	return rotate(dir, keep, &today)
}

func rotate(dir string, keep int, today *backend.Date) (removed []string, err error) {
	ents, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, backend.Errorf(backend.EINVALID, "Cannot read the backup folder %s: %v", dir, err)
	}
	var daily []string
	for _, e := range ents {
		name := e.Name()
		switch {
		case e.Type().IsRegular() && dailyRE().MatchString(name):
			if d, err := backend.ParseDate(dailyRE().FindStringSubmatch(name)[1]); err == nil && (today == nil || !d.After(*today)) {
				daily = append(daily, name)
			}
		case strings.HasPrefix(name, "."+dailyPrefix) && strings.Contains(name, Extension+".part-"),
			strings.HasPrefix(name, ".privacydesk-snapshot-"):
			if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > 24*time.Hour {
				p := filepath.Join(dir, name)
				if os.RemoveAll(p) == nil {
					removed = append(removed, p)
				}
			}
		}
	}
	if keep <= 0 || len(daily) <= keep {
		return removed, nil
	}
	sort.Sort(sort.Reverse(sort.StringSlice(daily)))
	for _, name := range daily[keep:] {
		p := filepath.Join(dir, name)
		if err := os.Remove(p); err != nil {
			return removed, backend.Errorf(backend.EINVALID, "Cannot delete the old backup %s: %v", p, err)
		}
		removed = append(removed, p)
	}
	return removed, nil
}

// NewestDaily returns the newest automatic backup in dir and its day ("" when there is
// none, or no such folder yet).
func NewestDaily(dir string) (path string, day backend.Date, err error) {
	ents, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return "", backend.Date{}, nil
	}
	if err != nil {
		return "", backend.Date{}, err
	}
	for _, e := range ents {
		m := dailyRE().FindStringSubmatch(e.Name())
		if m == nil || !e.Type().IsRegular() {
			continue
		}
		d, err := backend.ParseDate(m[1])
		if err == nil && (path == "" || d.After(day)) {
			path, day = filepath.Join(dir, e.Name()), d
		}
	}
	return path, day, nil
}
