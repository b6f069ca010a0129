package backup

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"

	"privacydesk/backend"
	"privacydesk/backend/export"
	"privacydesk/backend/keyring"
	"privacydesk/backend/storage"
)

// Service is what the window and the command line do with backups of the open
// database: make one (by hand or the daily automatic one) and preview one before it is
// restored. Restoring replaces the database, so it is not a method: see RestoreDB and
// RestoreOver.
type Service struct {
	st         *storage.Store
	appVersion string
}

// New returns the backup service of the store st (nil when no database is open: only
// Preview works then), recording appVersion in each backup it makes.
func New(st *storage.Store, appVersion string) *Service {
	return &Service{st: st, appVersion: appVersion}
}

// MinPassphrase is the shortest passphrase a backup takes. age derives the key with
// scrypt, which makes each guess slow, but a backup holds every patient's request: a
// short passphrase is still refused (twelve characters, as for response packages).
const MinPassphrase = 12

// CheckPassphrase refuses a passphrase too short to protect a backup ("" is none: the
// backup is not encrypted).
func CheckPassphrase(p string) error {
	if p != "" && len([]rune(p)) < MinPassphrase {
		return backend.Invalid("passphrase", "The passphrase is %d characters long: use at least %d, or none.", len([]rune(p)), MinPassphrase)
	}
	return nil
}

// DefaultName is the file name proposed for a backup made by hand, dated with the
// practice's today (in its time zone), as the automatic backups are.
func (s *Service) DefaultName(ctx context.Context) (string, error) {
	if err := s.open(); err != nil {
		return "", err
	}
	today, err := s.st.Today()
	if err != nil {
		return "", err
	}
	return "privacydesk-backup-" + today.String() + Extension, nil
}

func (s *Service) open() error {
	if s.st == nil {
		return backend.Errorf(backend.EINTERNAL, "The database is not open.")
	}
	return nil
}

// source describes the open database for Create. The database goes into the archive
// as the file itself, made consistent under the store's one connection
// (Store.SnapshotStream): the backup then costs about one file copy. The online backup
// API (Store.Snapshot) is the fallback; either is consistent while the app runs.
func (s *Service) source(ctx context.Context) (Source, error) {
	p, err := s.st.GetPractice()
	if err != nil {
		return Source{}, err
	}
	counts, err := s.st.TableCounts(ctx)
	if err != nil {
		return Source{}, err
	}
	src := Source{Snapshot: s.st.Snapshot, SnapshotStream: s.st.SnapshotStream, AttachmentsDir: s.st.AttachmentsDir(),
		AppVersion: s.appVersion, SchemaVersion: storage.SchemaVersion(), PracticeName: p.Name, Counts: counts}
	if s.st.Encrypted() {
		src.Keyring = keyring.Path(s.st.Path())
	}
	return src, nil
}

// auditHead is the chain's head now, for the manifest.
func (s *Service) auditHead() (*backend.ChainHead, error) {
	h, err := s.st.AuditHead()
	if err != nil {
		return nil, err
	}
	return &h, nil
}

// noRecoveryKey refuses a backup that would be written unencrypted.
const noRecoveryKey = "This practice has no recovery key, so a backup without a passphrase would hold its data unencrypted, and it was not made. " +
	"Make the recovery key (in the window: Exports, Backup and restore, Recovery key; or privacydesk-cli recovery-key create --out FILE), " +
	"or give a passphrase to encrypt the backup with."

// recipient is the recovery key's public half, which a backup without a passphrase is
// encrypted to. A practice from before recovery keys may have none: its backup would
// then not be encrypted (a PostgreSQL practice's snapshot is a plain SQLite file with
// every request, letter and attached file; a SQLite practice's is SQLCipher-encrypted,
// but its keyring beside it is only as strong as the weakest staff passphrase, open to
// guessing offline), so it is refused, on the passphrase field, saying what to do.
func (s *Service) recipient(ctx context.Context) (string, error) {
	r, err := s.st.RecoveryRecipient(ctx)
	if err != nil {
		return "", err
	}
	if r == "" {
		return "", backend.Invalid("passphrase", "%s", noRecoveryKey)
	}
	return r, nil
}

// BackupResult is what a finished backup reports.
type BackupResult struct {
	File         string           `json:"file"`
	PracticeName string           `json:"practiceName"`
	CreatedAt    string           `json:"createdAt"` // RFC 3339, UTC
	Counts       map[string]int64 `json:"counts"`
	Encrypted    bool             `json:"encrypted"`
}

// Backup writes the database and every attachment into one file at out, encrypted with
// passphrase when it is not "" (which CheckPassphrase must accept), else to the recovery
// key (refused when the practice has none), and records it in the audit trail. A failed
// or cancelled backup leaves no file.
func (s *Service) Backup(ctx context.Context, out, passphrase string, progress export.Progress) (BackupResult, error) {
	out = strings.TrimSpace(out)
	if out == "" {
		return BackupResult{}, backend.Invalid("out", "Choose the file to write.")
	}
	if err := CheckPassphrase(passphrase); err != nil {
		return BackupResult{}, err
	}
	if err := s.open(); err != nil {
		return BackupResult{}, err
	}
	// Without a passphrase the backup is encrypted to the recovery key, as the automatic
	// ones are; a practice without one gets no backup without a passphrase.
	opt := Options{Passphrase: passphrase, Progress: progress}
	if passphrase == "" {
		var err error
		if opt.Recipient, err = s.recipient(ctx); err != nil {
			return BackupResult{}, err
		}
	}
	return s.write(ctx, out, opt)
}

// write records the backup to out in the audit trail and writes it with opt (Now is
// the store's clock). It encrypts only as opt says: Backup made sure it does.
func (s *Service) write(ctx context.Context, out string, opt Options) (BackupResult, error) {
	src, err := s.source(ctx)
	if err != nil {
		return BackupResult{}, err
	}
	encrypted := opt.Passphrase != "" || opt.Recipient != ""
	// The audit event goes in first, so the backup holds the record of its own making.
	if err := s.st.RecordEvent("backup", filepath.Base(out), "backup", map[string]any{"file": out,
		"encrypted": encrypted, "counts": src.Counts}); err != nil {
		return BackupResult{}, err
	}
	src.Counts["auditEvents"]++
	if src.AuditHead, err = s.auditHead(); err != nil {
		return BackupResult{}, err
	}
	opt.Now = s.st.Now
	m, err := Create(ctx, out, src, opt)
	if err != nil {
		return BackupResult{}, err
	}
	return BackupResult{File: out, PracticeName: m.PracticeName, CreatedAt: m.CreatedAt.UTC().Format("2006-01-02T15:04:05Z"),
		Counts: m.Counts, Encrypted: encrypted}, nil
}

// BackupPreview is what the restore dialog shows before the person confirms.
type BackupPreview struct {
	File          string           `json:"file"`
	Name          string           `json:"name"`
	Size          int64            `json:"size"`
	Encrypted     bool             `json:"encrypted"`
	PracticeName  string           `json:"practiceName"`
	CreatedAt     string           `json:"createdAt"` // RFC 3339, UTC
	AppVersion    string           `json:"appVersion"`
	SchemaVersion int              `json:"schemaVersion"`
	Counts        map[string]int64 `json:"counts"`
	Files         int              `json:"files"`
	// Integrity says what was checked: every member's SHA-256 and SQLite's quick_check.
	Integrity string `json:"integrity"`
	// Chain is the check of the audit trail inside: intact, or the first broken event;
	// ChainText says it in a sentence.
	Chain     backend.ChainReport `json:"chain"`
	ChainText string              `json:"chainText"`
	// AuditHead is the chain head the manifest recorded (nil for older backups).
	AuditHead *backend.ChainHead `json:"auditHead"`
	// Current is what the open database holds now, for comparison (absent when no
	// database is open).
	Current map[string]int64 `json:"current"`
}

// Preview checks the backup in file fully and tells what it holds, beside what the open
// database holds now; a damaged, foreign or wrongly decrypted file is refused with a
// sentence saying why.
func (s *Service) Preview(ctx context.Context, file, passphrase string) (BackupPreview, error) {
	file = strings.TrimSpace(file)
	if file == "" {
		return BackupPreview{}, backend.Invalid("file", "Choose the backup file.")
	}
	info, err := Preview(ctx, file, passphrase)
	if err != nil {
		return BackupPreview{}, err
	}
	pv := BackupPreview{File: file, Name: filepath.Base(file), Size: info.Size, Encrypted: info.Encrypted,
		PracticeName: info.PracticeName, CreatedAt: info.CreatedAt.UTC().Format("2006-01-02T15:04:05Z"),
		AppVersion: info.AppVersion, SchemaVersion: info.SchemaVersion, Counts: info.Counts, Files: len(info.Files),
		Integrity: IntegrityText(len(info.Files)), AuditHead: info.AuditHead}
	if info.Chain != nil {
		pv.Chain, pv.ChainText = *info.Chain, ChainText(*info.Chain)
	}
	if pv.Counts == nil {
		pv.Counts = map[string]int64{}
	}
	if s.st != nil {
		if counts, err := s.st.TableCounts(ctx); err == nil {
			pv.Current = counts
		} else {
			slog.Warn("backup preview: the open database was not counted", "err", err)
		}
	}
	return pv, nil
}

// ChainText says in a sentence what the check of a backup's audit trail found.
func ChainText(r backend.ChainReport) string {
	switch {
	case r.OK:
		return fmt.Sprintf("Its audit trail is intact: %d events, and %d requests, vendors and letters match their last event.", r.Count, r.Records)
	case r.BadSeq > 0:
		return fmt.Sprintf("Its audit trail is BROKEN at event %d: %s.", r.BadSeq, r.Problem)
	default:
		return fmt.Sprintf("Its audit trail does not verify: %s.", r.Problem)
	}
}

// IntegrityText says what a preview checked in a backup of files members.
func IntegrityText(files int) string {
	what := "The file inside matches its SHA-256 checksum"
	if files != 1 {
		what = fmt.Sprintf("All %d files inside match their SHA-256 checksums", files)
	}
	return what + " and the database passed SQLite's integrity check."
}
