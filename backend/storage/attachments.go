package storage

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"gorm.io/gorm"

	"privacydesk/backend"
	"privacydesk/backend/export"
)

// Attached files live in the database, in attachment_blobs under their SHA-256:
// content-addressed, so the same file attached twice is kept once and a stored file can
// be checked against its hash; encrypted at rest with the rest of the data (an ID copy
// is PHI) and backed up with it. Older versions kept them in <data folder>/attachments/
// <sha256>; opening the database moves those files in (absorbAttachmentFiles).

type attachmentRow struct {
	ID           int64 `gorm:"primaryKey"`
	OwnerType    string
	OwnerID      int64
	Kind         string
	OriginalName string
	MIMEType     string `gorm:"column:mime_type"`
	Size         int64
	SHA256       string `gorm:"column:sha256"`
	AddedAt      string
	AddedBy      string
	OSUser       string `gorm:"column:os_user"`
}

func (attachmentRow) TableName() string { return "attachments" }

func (row *attachmentRow) attachment() backend.Attachment {
	return backend.Attachment{ID: row.ID, OwnerType: row.OwnerType, OwnerID: row.OwnerID, Kind: row.Kind,
		OriginalName: row.OriginalName, MIMEType: row.MIMEType, Size: row.Size, SHA256: row.SHA256,
		AddedAt: parseTime(row.AddedAt), AddedBy: row.AddedBy, OSUser: row.OSUser}
}

// AttachmentsDir is the folder older versions kept attached files in, beside the
// database (for PostgreSQL, a local folder of that database's own): opening moves what it
// holds into the database, and a restored backup from before puts its files there to be
// moved in.
func (s *Store) AttachmentsDir() string { return filepath.Join(s.dir, "attachments") }

// Blob is a file stored under its hash, not yet linked to anything.
type Blob struct {
	SHA256   string `json:"sha256"`
	Name     string `json:"name"` // the original file name, for display only
	MIMEType string `json:"mimeType"`
	Size     int64  `json:"size"`
	created  bool   // this call stored the content (it was not there before)
}

// StoreBlob stores the content of the file at src in the database under its SHA-256,
// in one transaction. Files over the practice's limit (Settings, default 50 MB) are
// refused with the field "file".
func (s *Store) StoreBlob(src string) (Blob, error) {
	p, err := getPractice(s.db)
	if err != nil {
		return Blob{}, err
	}
	limit := int64(p.AttachmentMaxMB) << 20
	f, err := os.Open(src)
	if err != nil {
		return Blob{}, backend.Invalid("file", "Cannot read %s: %v", filepath.Base(src), unwrapPathError(err))
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return Blob{}, backend.Invalid("file", "Cannot read %s: %v", filepath.Base(src), unwrapPathError(err))
	}
	if !st.Mode().IsRegular() {
		return Blob{}, backend.Invalid("file", "%s is not a file.", filepath.Base(src))
	}
	if st.Size() > limit {
		return Blob{}, tooBig(src, st.Size(), p.AttachmentMaxMB)
	}
	// Read one byte more than the limit: a file that grew since Stat is caught too.
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return Blob{}, backend.Invalid("file", "Cannot read %s: %v", filepath.Base(src), unwrapPathError(err))
	}
	if int64(len(data)) > limit {
		return Blob{}, tooBig(src, int64(len(data)), p.AttachmentMaxMB)
	}
	sum := sha256.Sum256(data)
	b := Blob{SHA256: hex.EncodeToString(sum[:]), Name: displayName(filepath.Base(src)), Size: int64(len(data))}
	b.MIMEType = detectType(data[:min(len(data), 512)], b.Name)
	b.created, err = putBlob(s.db, b.SHA256, data)
	return b, err
}

// putBlob stores data under its hash sha unless it is there already (then it reports
// false). A stored copy that no longer matches its hash is replaced, which repairs it.
func putBlob(db *gorm.DB, sha string, data []byte) (bool, error) {
	var created bool
	err := db.Transaction(func(tx *gorm.DB) error {
		old, found, err := blobData(tx, sha)
		if err != nil {
			return err
		}
		if found {
			if sum := sha256.Sum256(old); hex.EncodeToString(sum[:]) == sha {
				return nil
			}
		}
		created = !found
		return tx.Exec(`INSERT INTO attachment_blobs(sha256, size, data) VALUES (?, ?, ?)
			ON CONFLICT(sha256) DO UPDATE SET size = excluded.size, data = excluded.data`, sha, len(data), data).Error
	})
	return created, err
}

// blobData is the stored content of hash sha, and whether there is one.
func blobData(db *gorm.DB, sha string) ([]byte, bool, error) {
	var data []byte
	err := db.Raw(`SELECT data FROM attachment_blobs WHERE sha256 = ?`, sha).Row().Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	return data, err == nil, err
}

// absorbAttachmentFiles moves the files of the old attachments folder into the
// database, each checked against its name (its SHA-256) and removed once its row is
// committed, then the folder when empty: nothing attached stays readable on disk. A
// file that does not match its name (damaged) is left there and logged.
func (s *Store) absorbAttachmentFiles() error {
	dir := s.AttachmentsDir()
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read %s: %w", dir, err)
	}
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		if !e.Type().IsRegular() {
			continue
		}
		if strings.HasPrefix(e.Name(), ".incoming-") {
			os.Remove(p) // a copy an older version did not finish
			continue
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return fmt.Errorf("read %s: %w", p, err)
		}
		if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != e.Name() {
			slog.Warn("attachment file not moved into the database: its content does not match its name", "path", p)
			continue
		}
		if _, err := putBlob(s.db, e.Name(), data); err != nil {
			return err
		}
		if err := os.Remove(p); err != nil {
			return err
		}
	}
	os.Remove(dir) // only when empty
	return nil
}

func tooBig(src string, size int64, maxMB int) error {
	return backend.Invalid("file", "%s is %.1f MB; files up to %d MB can be attached (the limit is in Settings).",
		filepath.Base(src), float64(size)/(1<<20), maxMB)
}

func unwrapPathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// detectType judges the type from the content (so a renamed file is not trusted as a
// PDF), falling back to the extension only where the content says nothing specific.
func detectType(head []byte, name string) string {
	t := http.DetectContentType(head)
	if base, _, _ := strings.Cut(t, ";"); base == "application/octet-stream" || base == "text/plain" || base == "application/zip" {
		if ext := mime.TypeByExtension(strings.ToLower(filepath.Ext(name))); ext != "" && !strings.HasPrefix(ext, "application/pdf") {
			return ext
		}
	}
	return t
}

// displayName cleans an original file name for display: valid UTF-8, no control
// characters, at most 255 characters.
func displayName(name string) string {
	name = strings.ToValidUTF8(name, "�")
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, name)
	if utf8.RuneCountInString(name) > 255 {
		name = string([]rune(name)[:255])
	}
	if strings.TrimSpace(name) == "" {
		name = "attachment"
	}
	return name
}

// safeFileName makes an original name usable as the last element of a path we create
// (opening a copy): no separators, no "." or "..".
func safeFileName(name string) string {
	name = displayName(name)
	name = strings.Map(func(r rune) rune {
		switch r {
		case '/', '\\', ':', '*', '?', '"', '<', '>', '|':
			return '_'
		}
		return r
	}, name)
	name = strings.Trim(name, ". ")
	if name == "" {
		name = "attachment"
	}
	if len(name) > 150 {
		ext := filepath.Ext(name)
		if len(ext) > 20 {
			ext = ""
		}
		name = strings.ToValidUTF8(name[:150-len(ext)], "") + ext
	}
	return name
}

// insertAttachment links a stored blob to its owner inside tx. Vendors and other areas
// that keep files call it with their own owner type.
func (s *Store) insertAttachment(tx *gorm.DB, ownerType string, ownerID int64, kind string, b Blob) (backend.Attachment, error) {
	row := attachmentRow{OwnerType: ownerType, OwnerID: ownerID, Kind: kind, OriginalName: b.Name, MIMEType: b.MIMEType,
		Size: b.Size, SHA256: b.SHA256, AddedAt: timeText(s.Now()), AddedBy: s.Actor.Staff, OSUser: s.Actor.OSUser}
	if err := tx.Create(&row).Error; err != nil {
		return backend.Attachment{}, err
	}
	return row.attachment(), nil
}

// forgetBlob removes a blob this call created when the transaction that was to link it
// failed, unless another row links the same content.
func (s *Store) forgetBlob(b Blob) {
	if b.created {
		deleteUnlinkedBlobs(s.db, []string{b.SHA256})
	}
}

// deleteUnlinkedBlobs deletes the stored content of each hash no attachment links.
func deleteUnlinkedBlobs(db *gorm.DB, shas []string) error {
	if len(shas) == 0 {
		return nil
	}
	return db.Exec(`DELETE FROM attachment_blobs WHERE sha256 IN ? AND sha256 NOT IN (SELECT sha256 FROM attachments)`, shas).Error
}

func listAttachments(db *gorm.DB, ownerType string, ownerID int64) ([]backend.Attachment, error) {
	var rows []attachmentRow
	if err := db.Where("owner_type = ? AND owner_id = ?", ownerType, ownerID).Order("id").Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]backend.Attachment, len(rows))
	for i := range rows {
		out[i] = rows[i].attachment()
	}
	return out, nil
}

// AddRequestAttachment copies the file at src into the data folder and attaches it to
// the request, with a timeline entry and an audit event. kind says what the file is
// ("ID copy", "signed permission", ...).
func (s *Store) AddRequestAttachment(ref, src, kind string) (backend.Attachment, error) {
	kind = strings.TrimSpace(kind)
	if err := backend.ValidateText("kind", kind, 100, false); err != nil {
		return backend.Attachment{}, err
	}
	if _, err := s.loadRequest(s.db, ref); err != nil {
		return backend.Attachment{}, err
	}
	b, err := s.StoreBlob(src)
	if err != nil {
		return backend.Attachment{}, err
	}
	var a backend.Attachment
	err = s.db.Transaction(func(tx *gorm.DB) error {
		r, err := s.loadRequest(tx, ref)
		if err != nil {
			return err
		}
		if a, err = s.insertAttachment(tx, "request", r.ID, kind, b); err != nil {
			return err
		}
		summary := fmt.Sprintf("File attached: %s (%s, %s)", a.OriginalName, a.MIMEType, humanSize(a.Size))
		if kind != "" {
			summary = fmt.Sprintf("File attached (%s): %s (%s, %s)", kind, a.OriginalName, a.MIMEType, humanSize(a.Size))
		}
		if err := s.addRequestEvent(tx, r.ID, backend.RequestEvent{Kind: backend.EventAttachment, Summary: summary}); err != nil {
			return err
		}
		if err := tx.Exec(`UPDATE requests SET updated_at = ? WHERE id = ?`, timeText(s.Now()), r.ID).Error; err != nil {
			return err
		}
		return s.appendAudit(tx, "request", r.Reference, "attachment", nil, a)
	})
	if err != nil {
		s.forgetBlob(b)
		return backend.Attachment{}, err
	}
	return a, nil
}

func humanSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// GetAttachment returns an attachment's record.
func (s *Store) GetAttachment(id int64) (backend.Attachment, error) {
	var row attachmentRow
	res := s.db.Limit(1).Find(&row, id)
	if res.Error != nil {
		return backend.Attachment{}, res.Error
	}
	if res.RowsAffected == 0 {
		return backend.Attachment{}, backend.Errorf(backend.ENOTFOUND, "There is no attachment %d.", id)
	}
	return row.attachment(), nil
}

// RequestAttachments lists a request's files.
func (s *Store) RequestAttachments(ref string) ([]backend.Attachment, error) {
	r, err := s.loadRequest(s.db, ref)
	if err != nil {
		return nil, err
	}
	return listAttachments(s.db, "request", r.ID)
}

// copyVerified copies a stored blob to w, failing when its content no longer matches
// its hash (the file was changed or damaged behind the app's back).
func (s *Store) copyVerified(a backend.Attachment, w io.Writer) error {
	data, found, err := blobData(s.db, a.SHA256)
	if err != nil {
		return err
	}
	if !found {
		return backend.Errorf(backend.ENOTFOUND, "The stored copy of %s is missing from the database; restore it from a backup.", a.OriginalName)
	}
	if _, err := w.Write(data); err != nil {
		return err
	}
	if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != a.SHA256 {
		return backend.Errorf(backend.ECONFLICT, "The stored copy of %s was changed or damaged: its SHA-256 no longer matches the one recorded. Restore it from a backup.", a.OriginalName)
	}
	return nil
}

// SaveAttachmentAs writes a copy of attachment id to dest (chosen by the person in a
// save dialog), checked against its hash, through a temporary file synced and renamed
// into place.
// Taking a copy out of the app is an export, so it is audited.
func (s *Store) SaveAttachmentAs(id int64, dest string) error {
	a, err := s.GetAttachment(id)
	if err != nil {
		return err
	}
	// Whole or not at all, and on the disk before it replaces what was at dest (synced
	// before the rename, the folder after it): a power cut never leaves an empty file.
	if err := export.WriteFile(context.Background(), dest, 0o600, func(w io.Writer) error {
		return s.copyVerified(a, w)
	}); err != nil {
		return err
	}
	return s.RecordEvent("attachment", a.SHA256, "export", map[string]any{"id": a.ID, "name": a.OriginalName, "to": dest})
}

// OpenableCopy writes a copy of attachment id, under its original (cleaned) name, into
// a new private folder under dir and returns its path, for the system's default
// application: the stored file has no extension to open it by.
func (s *Store) OpenableCopy(id int64, dir string) (string, error) {
	a, err := s.GetAttachment(id)
	if err != nil {
		return "", err
	}
	folder, err := os.MkdirTemp(dir, "privacydesk-open-*")
	if err != nil {
		return "", err
	}
	path := filepath.Join(folder, safeFileName(a.OriginalName))
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		os.RemoveAll(folder)
		return "", copyFailed(a, folder, err)
	}
	err = s.copyVerified(a, f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.RemoveAll(folder)
		return "", copyFailed(a, folder, err)
	}
	return path, nil
}

// copyFailed is err, a failure to write a copy of attachment a into folder, without the
// copy's path: the path ends in the requester's file name ("Jane Doe - intake.pdf"), and
// an internal error is written to the log, a plain file, in full. A domain error (the
// stored copy damaged) is shown to the person and passes as it is.
func copyFailed(a backend.Attachment, folder string, err error) error {
	var e *backend.Error
	if errors.As(err, &e) {
		return err
	}
	return fmt.Errorf("copy of attachment %d into %s: %w", a.ID, folder, unwrapPathError(err))
}
