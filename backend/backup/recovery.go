package backup

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"filippo.io/age"

	"privacydesk/backend"
	"privacydesk/backend/export"
	"privacydesk/backend/keyring"
	"privacydesk/backend/letters"
)

// The recovery key is an age X25519 identity made once, at setup. The app keeps only
// its public half (the recipient, "age1…"), so the daily automatic backups are
// encrypted without anyone typing a passphrase and nothing on this computer can
// decrypt them; the secret half ("AGE-SECRET-KEY-1…") is shown once, saved where the
// person chooses and printed on one page to keep in a safe. A restore takes either the
// recovery key or, for a backup made by hand, its passphrase: the same argument carries
// both, since a passphrase never starts the way an age secret key does.

// identityPrefix starts every age secret key.
const identityPrefix = "AGE-SECRET-KEY-1"

// IsRecoveryKey reports whether secret, given where a passphrase or a recovery key is
// accepted, is a recovery key (the text of a key file, or the key alone).
func IsRecoveryKey(secret string) bool { return strings.Contains(secret, identityPrefix) }

// ReadRecoveryKey reads a recovery key file (field names the flag or form field it came
// from) and returns its text, to pass where a passphrase or a recovery key is accepted.
func ReadRecoveryKey(field, path string) (string, error) {
	if strings.TrimSpace(path) == "" {
		return "", backend.Invalid(field, "Choose the recovery key file.")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", backend.Invalid(field, "Cannot read the recovery key file: %v", err)
	}
	// The key is returned as a string (the form the window's fields and age's parsers
	// pass a secret in), which cannot be zeroed; the bytes read are.
	defer clear(b)
	if len(b) > 64<<10 || !IsRecoveryKey(string(b)) {
		return "", backend.Invalid(field, "%s is not a recovery key file: it has no line starting %s.", filepath.Base(path), identityPrefix)
	}
	if _, err := age.ParseIdentities(bytes.NewReader(b)); err != nil {
		return "", backend.Invalid(field, "The recovery key in %s cannot be read: %v", filepath.Base(path), err)
	}
	return string(b), nil
}

// stanzaKind tells how an age file is encrypted, from its header: "scrypt" for a
// passphrase, "X25519" for a key, "" when neither is recognised.
func stanzaKind(r io.ReaderAt) string {
	sc := bufio.NewScanner(io.NewSectionReader(r, 0, 4096))
	for sc.Scan() {
		line := sc.Text()
		if kind, ok := strings.CutPrefix(line, "-> "); ok {
			kind, _, _ = strings.Cut(kind, " ")
			return kind
		}
		if strings.HasPrefix(line, "---") {
			break
		}
	}
	return ""
}

// identityFor turns what the person gave (secret: a passphrase, or a recovery key) into
// the age identity that opens an archive encrypted as kind says, or a sentence naming
// the field to fix. age takes a passphrase only as a string and derives its scrypt key
// inside (unexported, not zeroed by age): the identity is dropped with the archive's
// reader when the preview or restore ends; nothing here keeps a derived key.
func identityFor(file, kind, secret string) ([]age.Identity, error) {
	name := filepath.Base(file)
	switch kind {
	case "X25519":
		if !IsRecoveryKey(secret) {
			if secret == "" {
				return nil, backend.Invalid("key", "%s is encrypted to the practice's recovery key: give the recovery key file.", name)
			}
			return nil, backend.Invalid("key", "%s is encrypted to the practice's recovery key, not a passphrase: give the recovery key file.", name)
		}
		ids, err := age.ParseIdentities(strings.NewReader(secret))
		if err != nil {
			return nil, backend.Invalid("key", "The recovery key cannot be read: %v", err)
		}
		return ids, nil
	case "scrypt":
		if secret == "" {
			return nil, backend.Invalid("passphrase", "This backup is encrypted: enter its passphrase.")
		}
		if IsRecoveryKey(secret) {
			return nil, backend.Invalid("passphrase", "%s is protected by a passphrase, not the recovery key: enter its passphrase.", name)
		}
		id, err := age.NewScryptIdentity(secret)
		if err != nil {
			return nil, backend.Invalid("passphrase", "Enter the backup's passphrase.")
		}
		return []age.Identity{id}, nil
	}
	return nil, backend.Invalid("file", "%s is encrypted in a way Privacy Desk does not make: it is not a Privacy Desk backup.", name)
}

// wrongKey is the sentence for an archive the given secret does not open.
func wrongKey(file, kind string) error {
	if kind == "X25519" {
		return backend.Invalid("key", "This recovery key does not open %s: it was encrypted to another recovery key. Nothing was restored.", filepath.Base(file))
	}
	return backend.Invalid("passphrase", "The passphrase is wrong. Nothing was restored.")
}

// RecoveryKeyStatus tells whether the practice has a recovery key.
type RecoveryKeyStatus struct {
	Set       bool   `json:"set"`
	Recipient string `json:"recipient"` // the public half, "" when none
}

// RecoveryKey tells whether the practice has a recovery key, and its public half.
func (s *Service) RecoveryKey(ctx context.Context) (RecoveryKeyStatus, error) {
	if err := s.open(); err != nil {
		return RecoveryKeyStatus{}, err
	}
	r, err := s.st.RecoveryRecipient(ctx)
	return RecoveryKeyStatus{Set: r != "", Recipient: r}, err
}

// RecoveryKeyResult is a recovery key just made. Secret is in it once, to be shown once:
// the app keeps only Recipient.
type RecoveryKeyResult struct {
	Recipient string `json:"recipient"`
	Secret    string `json:"secret"`
	KeyFile   string `json:"keyFile"`
	PDFFile   string `json:"pdfFile"`   // "" when no PDF was asked for
	CreatedAt string `json:"createdAt"` // RFC 3339, UTC
}

// CreateRecoveryKey makes the practice's recovery key: it writes the secret key to
// keyOut (a new file, 0600, in the age tool's key-file format), the one-page
// instructions to pdfOut when it is not "", and only then records the public half, so
// the automatic backups are never encrypted to a key nobody saved. A practice that has
// a key keeps it unless replace is true (the backups made so far still need the old one).
func (s *Service) CreateRecoveryKey(ctx context.Context, keyOut, pdfOut string, replace bool) (RecoveryKeyResult, error) {
	keyOut, pdfOut = strings.TrimSpace(keyOut), strings.TrimSpace(pdfOut)
	if keyOut == "" {
		return RecoveryKeyResult{}, backend.Invalid("out", "Choose the file to save the recovery key in.")
	}
	if pdfOut != "" && filepath.Clean(pdfOut) == filepath.Clean(keyOut) {
		return RecoveryKeyResult{}, backend.Invalid("pdf", "Save the instructions PDF under another name than the key file.")
	}
	if _, err := os.Lstat(keyOut); err == nil {
		return RecoveryKeyResult{}, backend.Invalid("out", "%s exists already: choose a new file for the recovery key (an existing key file is never overwritten).", keyOut)
	}
	if err := s.open(); err != nil {
		return RecoveryKeyResult{}, err
	}
	old, err := s.st.RecoveryRecipient(ctx)
	if err != nil {
		return RecoveryKeyResult{}, err
	}
	if old != "" && !replace {
		return RecoveryKeyResult{}, backend.Invalid("replace", "The practice already has a recovery key (%s). The backups made so far need it; make a new one only to replace it.", old)
	}
	p, err := s.st.GetPractice()
	if err != nil {
		return RecoveryKeyResult{}, err
	}
	id, err := age.GenerateX25519Identity()
	if err != nil {
		return RecoveryKeyResult{}, err
	}
	res, err := s.writeRecoveryKey(ctx, p, id, keyOut, pdfOut)
	if err != nil {
		return RecoveryKeyResult{}, err
	}
	if s.st.Encrypted() {
		// The keyring first: a recipient recorded whose key cannot open the data would
		// let the old key (maybe lost) be the only one that can.
		key := s.st.DataKey()
		err := keyring.ReplaceRecovery(s.st.Path(), key, res.Recipient)
		clear(key)
		if err != nil {
			return RecoveryKeyResult{}, err
		}
	}
	if err := s.st.SetRecoveryRecipient(ctx, res.Recipient); err != nil {
		return RecoveryKeyResult{}, err
	}
	return res, nil
}

// writeRecoveryKey writes the key file of id (keyOut, a new file, 0600) and, when pdfOut
// is not "", its one-page instructions.
func (s *Service) writeRecoveryKey(ctx context.Context, p backend.Practice, id *age.X25519Identity, keyOut, pdfOut string) (RecoveryKeyResult, error) {
	now := s.st.Now().UTC().Truncate(time.Second)
	res := RecoveryKeyResult{Recipient: id.Recipient().String(), Secret: id.String(), KeyFile: keyOut, PDFFile: pdfOut,
		CreatedAt: now.Format(time.RFC3339)}
	keyText := fmt.Sprintf("# Privacy Desk recovery key of %s\n# created: %s\n# public key: %s\n%s\n",
		practiceOr(p.Name), res.CreatedAt, res.Recipient, res.Secret)
	if err := export.WriteFile(ctx, keyOut, 0o600, func(w io.Writer) error {
		_, err := io.WriteString(w, keyText)
		return err
	}); err != nil {
		return RecoveryKeyResult{}, err
	}
	if pdfOut != "" {
		err := export.WriteFile(ctx, pdfOut, 0o600, func(w io.Writer) error {
			return letters.WriteSheet(w, recoverySheet(p, res, now))
		})
		if err != nil {
			return RecoveryKeyResult{}, err
		}
	}
	return res, nil
}

// SaveRecoveryKey writes the recovery key made at setup (signin.Create hands its secret,
// "AGE-SECRET-KEY-1…", to Options.RecoveryKey) to keyOut (a new file, 0600, in the age
// tool's key-file format) and, when pdfOut is not "", its one-page instructions to print;
// secret must be the practice's recorded recovery key. Nothing is recorded: the key was.
func (s *Service) SaveRecoveryKey(ctx context.Context, secret, keyOut, pdfOut string) (RecoveryKeyResult, error) {
	keyOut, pdfOut = strings.TrimSpace(keyOut), strings.TrimSpace(pdfOut)
	if keyOut == "" {
		return RecoveryKeyResult{}, backend.Invalid("out", "Choose the file to save the recovery key in.")
	}
	if pdfOut != "" && filepath.Clean(pdfOut) == filepath.Clean(keyOut) {
		return RecoveryKeyResult{}, backend.Invalid("pdf", "Save the instructions PDF under another name than the key file.")
	}
	if _, err := os.Lstat(keyOut); err == nil {
		return RecoveryKeyResult{}, backend.Invalid("out", "%s exists already: choose a new file for the recovery key (an existing key file is never overwritten).", keyOut)
	}
	if err := s.open(); err != nil {
		return RecoveryKeyResult{}, err
	}
	id, err := age.ParseX25519Identity(strings.TrimSpace(secret))
	if err != nil {
		return RecoveryKeyResult{}, backend.Invalid("secret", "That is not a recovery key (it starts with AGE-SECRET-KEY-1).")
	}
	recorded, err := s.st.RecoveryRecipient(ctx)
	if err != nil {
		return RecoveryKeyResult{}, err
	}
	if recorded != id.Recipient().String() {
		return RecoveryKeyResult{}, backend.Invalid("secret", "This is not the practice's recovery key.")
	}
	p, err := s.st.GetPractice()
	if err != nil {
		return RecoveryKeyResult{}, err
	}
	return s.writeRecoveryKey(ctx, p, id, keyOut, pdfOut)
}

func practiceOr(name string) string {
	if name == "" {
		return "the practice"
	}
	return name
}

// recoverySheet is the one page printed with a recovery key: the key and what to do
// with it, in words a practice manager can follow without Privacy Desk's help.
func recoverySheet(p backend.Practice, k RecoveryKeyResult, now time.Time) letters.Sheet {
	return letters.Sheet{Title: "Privacy Desk recovery key", Practice: p.Name, Paper: p.PaperSize, Now: now, Blocks: []letters.SheetBlock{
		{Heading: "What this is", Text: "This key opens the automatic backups Privacy Desk makes every day. They are encrypted " +
			"to it, so nobody needs to type a passphrase to make them, and nothing on the office computer can open them: " +
			"only this key can. Without it, the automatic backups cannot be restored."},
		{Heading: "Keep it safe", Text: "Keep this page in a safe or a locked drawer, away from the computer. Anyone who has " +
			"both this key and a backup file can read every request in it. Do not email it or store it in a shared folder. " +
			"If it is lost or seen by someone it should not be, make a new recovery key in Privacy Desk (Exports, Recovery key) " +
			"and destroy this page; the backups made before still need this key."},
		{Heading: "The key", Text: k.Secret, Mono: true},
		{Heading: "How to restore with it", Text: "In Privacy Desk, open Exports, and under Restore choose the backup file " +
			"(privacydesk-YYYY-MM-DD.pdbackup) and paste or type the key above as the passphrase or recovery key. " +
			"From the command line: privacydesk-cli restore FILE --key KEYFILE, where KEYFILE is a text file holding " +
			"the key. Without Privacy Desk, the free age tool decrypts a backup into an ordinary ZIP file: " +
			"age -d -i KEYFILE -o backup.zip FILE."},
		{Heading: "Public key (safe to share)", Text: k.Recipient, Mono: true},
	}}
}
