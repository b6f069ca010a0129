package correspondence

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"privacydesk/backend"
	"privacydesk/backend/export"
	"privacydesk/backend/letters"
	"privacydesk/backend/workdir"
)

// Copies of kept letters taken out of the app: each holds personal information, so it
// is readable only by the user, and each is recorded in the audit trail with the
// letter's SHA-256.

// FileName is the name a copy of a letter is saved under.
func FileName(l letters.Letter) string {
	name := fmt.Sprintf("%s %s %d.pdf", l.RequestRef, l.Kind, l.ID)
	if l.VendorName != "" {
		name = fmt.Sprintf("%s %s %s %d.pdf", l.RequestRef, l.Kind, l.VendorName, l.ID)
	}
	return SafeName(name)
}

// SafeName keeps a suggested file name to characters every file system accepts.
func SafeName(s string) string {
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>|`, r) || r < 32 {
			return '-'
		}
		return r
	}, s)
}

// WriteCopy writes a copy of personal data readable only by the user, whole or not at
// all (export.WriteFile: a temporary file beside it, synced, renamed over path): a
// failed write leaves neither a half-written PDF nor a truncated earlier copy.
func WriteCopy(path string, b []byte) error {
	if err := export.WriteBytes(context.Background(), path, 0o600, b); err != nil {
		return backend.Errorf(backend.ECONFLICT, "The copy could not be written to %s: %v", path, err)
	}
	return nil
}

// copyRecord is what the audit trail keeps of a copy of a letter taken out of the app.
type copyRecord struct {
	LetterID int64  `json:"letterId"`
	SHA256   string `json:"sha256"`
	Path     string `json:"path,omitempty"`
}

// SaveCopy writes a copy of kept letter id at dest and records it ("save-copy").
func (s *Service) SaveCopy(ctx context.Context, id int64, dest string) error {
	l, err := s.GetLetter(ctx, id)
	if err != nil {
		return err
	}
	return s.saveLetterTo(l, dest)
}

func (s *Service) saveLetterTo(l letters.Letter, dest string) error {
	if strings.TrimSpace(dest) == "" {
		return backend.Invalid("path", "Choose where to save the copy.")
	}
	if err := s.st.CheckOutsideDataFolder("path", dest); err != nil {
		return err
	}
	if err := WriteCopy(dest, l.PDF); err != nil {
		return err
	}
	return s.st.RecordEvent("letter", l.RequestRef, "save-copy", copyRecord{LetterID: l.ID, SHA256: l.SHA256, Path: dest})
}

// SaveDraft writes kept letter id as an email draft at dest (WriteDraft), addressed with
// the request's current contact details, and records it ("save-draft"). The draft's
// attachment is the stored PDF, unchanged.
func (s *Service) SaveDraft(ctx context.Context, id int64, dest string) error {
	if strings.TrimSpace(dest) == "" {
		return backend.Invalid("path", "Choose where to save the email draft.")
	}
	if err := s.st.CheckOutsideDataFolder("path", dest); err != nil {
		return err
	}
	l, err := s.GetLetter(ctx, id)
	if err != nil {
		return err
	}
	p, err := s.planLetter(ctx, LetterInput{RequestRef: l.RequestRef, Kind: l.Kind, VendorName: l.VendorName})
	if err != nil {
		return err
	}
	d, err := draftOf(l, &p.data, s.st.Now())
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := WriteDraft(&b, d); err != nil {
		return err
	}
	if err := WriteCopy(dest, b.Bytes()); err != nil {
		return err
	}
	return s.st.RecordEvent("letter", l.RequestRef, "save-draft", copyRecord{LetterID: l.ID, SHA256: l.SHA256, Path: dest})
}

// Open writes a copy of kept letter id into a private temporary folder (readable only
// by the user), hands its path to launch (the system's PDF viewer) and, once launched,
// records it ("open").
func (s *Service) Open(ctx context.Context, id int64, launch func(path string) error) error {
	l, err := s.GetLetter(ctx, id)
	if err != nil {
		return err
	}
	dir := filepath.Join(os.TempDir(), "privacydesk-open")
	if err := workdir.Private(dir); err != nil {
		return err
	}
	path := filepath.Join(dir, FileName(l))
	if err := WriteCopy(path, l.PDF); err != nil {
		return err
	}
	if err := launch(path); err != nil {
		return err
	}
	return s.st.RecordEvent("letter", l.RequestRef, "open", copyRecord{LetterID: l.ID, SHA256: l.SHA256})
}

// MaxBatch caps the letters joined into one PDF for printing.
const MaxBatch = 1000

// Batch is kept letters joined, page for page as kept, into one PDF.
type Batch struct {
	PDF     []byte
	Letters []letters.Letter // without their PDFs, each once, in the order chosen
}

// BatchResult says what a batch print wrote.
type BatchResult struct {
	Saved   bool   `json:"saved"` // false when the dialog was cancelled
	Path    string `json:"path"`
	Letters int    `json:"letters"`
	Pages   int    `json:"pages"`
}

// Batch joins kept letters (a letter chosen twice is printed once) into one PDF. No
// letters, or more than MaxBatch, are refused on "letters".
func (s *Service) Batch(ctx context.Context, ids []int64) (Batch, error) {
	if len(ids) == 0 {
		return Batch{}, backend.Invalid("letters", "Choose the letters to print.")
	}
	if len(ids) > MaxBatch {
		return Batch{}, backend.Invalid("letters", "Print at most %d letters at a time (%d chosen).", MaxBatch, len(ids))
	}
	var pdfs [][]byte
	var list []letters.Letter
	seen := map[int64]bool{}
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		l, err := s.GetLetter(ctx, id)
		if err != nil {
			return Batch{}, err
		}
		pdfs = append(pdfs, l.PDF)
		l.PDF = nil
		list = append(list, l)
	}
	var buf bytes.Buffer
	if err := letters.Join(&buf, fmt.Sprintf("%d letters", len(list)), pdfs); err != nil {
		return Batch{}, err
	}
	return Batch{PDF: buf.Bytes(), Letters: list}, nil
}

// WriteBatch writes b at dest and records each letter in it ("print").
func (s *Service) WriteBatch(_ context.Context, b Batch, dest string) (BatchResult, error) {
	if strings.TrimSpace(dest) == "" {
		return BatchResult{}, backend.Invalid("path", "Choose where to save the letters.")
	}
	if err := s.st.CheckOutsideDataFolder("path", dest); err != nil {
		return BatchResult{}, err
	}
	if err := WriteCopy(dest, b.PDF); err != nil {
		return BatchResult{}, err
	}
	for _, l := range b.Letters {
		if err := s.st.RecordEvent("letter", l.RequestRef, "print", copyRecord{LetterID: l.ID, SHA256: l.SHA256, Path: dest}); err != nil {
			return BatchResult{}, err
		}
	}
	return BatchResult{Saved: true, Path: dest, Letters: len(b.Letters), Pages: letters.PageCount(b.PDF)}, nil
}

// PrintBatchTo joins the chosen letters into one PDF at dest, ready to print.
func (s *Service) PrintBatchTo(ctx context.Context, ids []int64, dest string) (BatchResult, error) {
	b, err := s.Batch(ctx, ids)
	if err != nil {
		return BatchResult{}, err
	}
	return s.WriteBatch(ctx, b, dest)
}

// CreateLetterTo is CreateLetter, then a copy of the PDF written at path (readable only
// by the user): the command line's letter. A path ending in .eml gets an email draft
// instead (WriteDraft), addressed to the recipient with the PDF attached. The letter is
// kept whatever happens to the copy.
func (s *Service) CreateLetterTo(ctx context.Context, in LetterInput, path string) (letters.Letter, error) {
	if strings.TrimSpace(path) == "" {
		return letters.Letter{}, backend.Invalid("path", "Choose where to write the letter.")
	}
	if err := s.st.CheckOutsideDataFolder("path", path); err != nil {
		return letters.Letter{}, err
	}
	l, p, err := s.createLetter(ctx, in)
	if err != nil {
		return letters.Letter{}, err
	}
	out := l.PDF
	if strings.EqualFold(filepath.Ext(path), ".eml") {
		d, err := draftOf(l, &p.data, s.st.Now())
		if err != nil {
			return l, backend.Invalid(backend.ErrorField(err), "Letter %d was kept, but %s", l.ID, backend.ErrorMessage(err))
		}
		var b bytes.Buffer
		if err := WriteDraft(&b, d); err != nil {
			return l, err
		}
		out = b.Bytes()
	}
	if err := WriteCopy(path, out); err != nil {
		return l, fmt.Errorf("letter %d was kept, but writing %s failed: %w", l.ID, path, err)
	}
	return l, nil
}
