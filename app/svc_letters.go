package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	goruntime "runtime"
	"strings"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"privacydesk/backend"
	"privacydesk/backend/letters"
	"privacydesk/backend/storage"
)

// LetterService is the Letters screen's and the request screen's backend: which letters
// fit a request, making one (kept as evidence by storage), the letters kept, the
// template library and editor with its live preview, and copies of stored letters
// (save, open, print a batch).
//
// Error contract: see uierror.go. Validation errors name the JSON field of the input:
// "kind", "reference", "vendorTaskId", "templateName", "body", "name", "letters", and
// the engine's own ("practice.name", "recipient.name", ...) when a letter cannot be made.
type LetterService struct{ d *desk }

func (s *LetterService) startup(_ context.Context, d *desk) { s.d = d }

// KindOption is a letter kind, and whether it fits the request asked about.
type KindOption struct {
	letters.KindInfo
	// Fits is true when a letter of this kind can be made for the request now (always
	// true when no request was named).
	Fits bool `json:"fits"`
	// Reason says why it does not fit, in a sentence a person can act on.
	Reason string `json:"reason"`
	// UsesResponse, UsesEnclosures and UsesDisclosures say which optional details the
	// built-in template prints, so the UI offers them.
	UsesResponse    bool `json:"usesResponse"`
	UsesEnclosures  bool `json:"usesEnclosures"`
	UsesDisclosures bool `json:"usesDisclosures"`
}

// Kinds lists every kind. With a request's reference, each says whether it fits that
// request now and, if not, why. A vendor-direction letter is made from one of the
// request's vendor tasks: here it fits when the request asks for something vendors must
// carry out.
func (s *LetterService) Kinds(ref string) ([]KindOption, error) {
	st, err := s.d.open()
	if err != nil {
		return nil, toUI(err)
	}
	return wrap(kindOptions(st, strings.TrimSpace(ref)))
}

// KindsFor lists only the kinds that fit the request now, in the order people work a
// request.
func (s *LetterService) KindsFor(ref string) ([]KindOption, error) {
	all, err := s.Kinds(ref)
	if err != nil {
		return nil, err
	}
	out := []KindOption{}
	for _, k := range all {
		if k.Fits {
			out = append(out, k)
		}
	}
	return out, nil
}

func kindOptions(st *storage.Store, ref string) ([]KindOption, error) {
	var base letters.Data
	if ref != "" {
		var err error
		if base, err = st.LetterData(storage.LetterInput{RequestRef: ref, Kind: letters.KindAcknowledgment}); err != nil {
			return nil, err
		}
	}
	var out []KindOption
	for _, info := range letters.KindsList() {
		fields := strings.Join(mustFields(letters.Builtin(info.Kind).Body), " ")
		o := KindOption{KindInfo: info, Fits: true,
			UsesResponse:    strings.Contains(fields, "request.response"),
			UsesEnclosures:  strings.Contains(fields, "enclosures"),
			UsesDisclosures: strings.Contains(fields, "disclosures")}
		if ref != "" {
			d := base
			// Only the deadline differs between kinds (an extension notice gives the
			// original date, every other letter the extended one): fit never depends on it.
			if info.ToVendor {
				d.Vendor.Name = "the vendor"
			}
			if err := letters.CheckFit(info.Kind, &d); err != nil {
				if backend.ErrorCode(err) != backend.EINVALID {
					return nil, err
				}
				o.Fits, o.Reason = false, backend.ErrorMessage(err)
			}
		}
		out = append(out, o)
	}
	return out, nil
}

// mustFields lists the fields a built-in template uses (built-ins always parse: the
// letters package tests them).
func mustFields(body string) []string {
	doc, err := letters.ParseTemplate(body)
	if err != nil {
		return nil
	}
	return doc.Fields()
}

// IssueInput says which letter to make.
type IssueInput struct {
	Reference string       `json:"reference"`
	Kind      letters.Kind `json:"kind"`
	// TemplateName is "" (or "Standard") for the built-in template, else the name of the
	// practice's edited copy; its latest version is used.
	TemplateName string `json:"templateName"`
	// VendorTaskID names the vendor task a vendor-direction letter is written for.
	VendorTaskID int64 `json:"vendorTaskId"`
	// Optional details some letters print.
	Response    string               `json:"response"`
	Enclosures  []string             `json:"enclosures"`
	Disclosures []letters.Disclosure `json:"disclosures"`
}

func (s *LetterService) letterInput(st *storage.Store, in IssueInput) (storage.LetterInput, error) {
	li := storage.LetterInput{RequestRef: strings.TrimSpace(in.Reference), Kind: in.Kind, TemplateName: in.TemplateName,
		Response: in.Response, Enclosures: nonEmpty(in.Enclosures), Disclosures: in.Disclosures}
	if li.RequestRef == "" {
		return li, backend.Invalid("reference", "Choose the request the letter is for.")
	}
	if in.VendorTaskID != 0 {
		t, err := st.GetVendorTask(in.VendorTaskID)
		if err != nil {
			return li, err
		}
		if t.RequestRef != li.RequestRef {
			return li, backend.Invalid("vendorTaskId", "Vendor task %d belongs to request %s, not %s.", t.ID, t.RequestRef, li.RequestRef)
		}
		li.VendorName = t.VendorName
	} else if in.Kind == letters.KindVendorDirection {
		return li, backend.Invalid("vendorTaskId", "A direction letter goes to one vendor: make it from the request's vendor task for that vendor.")
	}
	return li, nil
}

func nonEmpty(list []string) []string {
	var out []string
	for _, s := range list {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// Issue makes a letter for a request and keeps it as evidence (the PDF, its SHA-256,
// the template and version, who and when; the audit trail and the request's timeline
// record it). A kind that does not fit the request is refused on "kind", saying why.
// The answer carries no PDF: Save copy, Open and View read the stored one.
func (s *LetterService) Issue(in IssueInput) (letters.Letter, error) {
	st, err := s.d.open()
	if err != nil {
		return letters.Letter{}, toUI(err)
	}
	li, err := s.letterInput(st, in)
	if err != nil {
		return letters.Letter{}, toUI(err)
	}
	l, err := st.CreateLetter(li)
	if err != nil {
		return letters.Letter{}, toUI(err)
	}
	l.PDF = nil
	return l, nil
}

// List returns the letters kept for a request, oldest first.
func (s *LetterService) List(ref string) ([]letters.Letter, error) {
	st, err := s.d.open()
	if err != nil {
		return nil, toUI(err)
	}
	l, err := st.ListLetters(ref)
	if l == nil {
		l = []letters.Letter{}
	}
	return wrap(l, err)
}

// All returns the letters kept for every request, newest first, narrowed by f.
func (s *LetterService) All(f storage.LetterFilter) ([]letters.Letter, error) {
	st, err := s.d.open()
	if err != nil {
		return nil, toUI(err)
	}
	l, err := st.ListAllLetters(f)
	if l == nil {
		l = []letters.Letter{}
	}
	return wrap(l, err)
}

// LetterPDF is a stored letter with its bytes (base64 in JSON), for viewing in the app.
type LetterPDF struct {
	Letter letters.Letter `json:"letter"`
	PDF    []byte         `json:"pdf"`
}

// Get returns a stored letter with its PDF, after checking it still matches its SHA-256.
func (s *LetterService) Get(id int64) (LetterPDF, error) {
	st, err := s.d.open()
	if err != nil {
		return LetterPDF{}, toUI(err)
	}
	l, err := st.GetLetter(id)
	if err != nil {
		return LetterPDF{}, toUI(err)
	}
	pdf := l.PDF
	l.PDF = nil
	return LetterPDF{Letter: l, PDF: pdf}, nil
}

// PreviewInput is the template being edited and what to print it with.
type PreviewInput struct {
	Kind letters.Kind `json:"kind"`
	Body string       `json:"body"`
	// Reference, when set, previews with that request's data; otherwise with a made-up
	// request on the practice's letterhead.
	Reference string `json:"reference"`
	// VendorTaskID picks the vendor of a vendor-direction preview for a real request.
	VendorTaskID int64 `json:"vendorTaskId"`
}

// Preview is a rendered preview: nothing is stored.
type Preview struct {
	PDF    []byte   `json:"pdf"`
	Pages  int      `json:"pages"`
	Fields []string `json:"fields"` // the merge fields the template uses
	// Example is true when the preview used the made-up request.
	Example bool `json:"example"`
	// Placeholders name the practice details that were missing and made up for the
	// preview (name, address, ...): a real letter needs them in Settings.
	Placeholders []string `json:"placeholders"`
}

// Preview renders the template body without keeping anything: the template editor's
// live preview. An unknown merge field or a markup mistake is refused on "body",
// naming it and its line.
func (s *LetterService) Preview(in PreviewInput) (Preview, error) {
	st, err := s.d.open()
	if err != nil {
		return Preview{}, toUI(err)
	}
	return wrap(preview(st, in))
}

func preview(st *storage.Store, in PreviewInput) (Preview, error) {
	kind, err := letters.ParseKind("kind", string(in.Kind))
	if err != nil {
		return Preview{}, err
	}
	doc, err := letters.ParseTemplate(in.Body)
	if err != nil {
		return Preview{}, err
	}
	draft := letters.Template{Kind: kind, Name: "Preview", Version: 1, Body: in.Body}
	out := Preview{Fields: doc.Fields(), Placeholders: []string{}}
	if strings.TrimSpace(in.Reference) == "" {
		d, notes, err := st.ExampleLetterData(kind)
		if err != nil {
			return Preview{}, err
		}
		if out.PDF, err = letters.RenderBytes(draft, d); err != nil {
			return Preview{}, err
		}
		out.Example = true
		if notes != nil {
			out.Placeholders = notes
		}
	} else {
		li := storage.LetterInput{RequestRef: strings.TrimSpace(in.Reference), Kind: kind}
		if in.VendorTaskID != 0 {
			t, err := st.GetVendorTask(in.VendorTaskID)
			if err != nil {
				return Preview{}, err
			}
			li.VendorName = t.VendorName
		} else if kind == letters.KindVendorDirection {
			// Preview with the request's first vendor, when it has one.
			tasks, err := st.ListVendorTasks(li.RequestRef)
			if err != nil {
				return Preview{}, err
			}
			if len(tasks.Tasks) == 0 {
				return Preview{}, backend.Invalid("reference", "Request %s has no vendor task: preview a direction letter with the example request instead.", li.RequestRef)
			}
			li.VendorName = tasks.Tasks[0].VendorName
		}
		if out.PDF, err = st.PreviewLetter(li, &draft); err != nil {
			return Preview{}, err
		}
	}
	out.Pages = letters.PageCount(out.PDF)
	return out, nil
}

// Templates returns the template library: for each kind (or only kind, when set), the
// built-in template and the latest version of each of the practice's copies.
func (s *LetterService) Templates(kind letters.Kind) ([]letters.SavedTemplate, error) {
	st, err := s.d.open()
	if err != nil {
		return nil, toUI(err)
	}
	t, err := st.ListTemplates(kind)
	if t == nil {
		t = []letters.SavedTemplate{}
	}
	return wrap(t, err)
}

// Template returns one template: version 0 is the latest.
func (s *LetterService) Template(kind letters.Kind, name string, version int) (letters.SavedTemplate, error) {
	st, err := s.d.open()
	if err != nil {
		return letters.SavedTemplate{}, toUI(err)
	}
	return wrap(st.GetTemplate(kind, name, version))
}

// SaveTemplate saves the practice's edited copy of a template as the next version of its
// name. An unknown or misspelled merge field is refused on "body" before anything is
// saved, naming the field.
func (s *LetterService) SaveTemplate(t letters.Template) (letters.SavedTemplate, error) {
	st, err := s.d.open()
	if err != nil {
		return letters.SavedTemplate{}, toUI(err)
	}
	return wrap(st.SaveTemplate(t))
}

// Fields lists the merge fields, lists and tables a template may use, with what each
// prints, for the editor's field picker.
func (s *LetterService) Fields() []letters.Field { return letters.Fields() }

// letterFileName is the name a copy of a letter is saved under.
func letterFileName(l letters.Letter) string {
	name := fmt.Sprintf("%s %s %d.pdf", l.RequestRef, l.Kind, l.ID)
	if l.VendorName != "" {
		name = fmt.Sprintf("%s %s %s %d.pdf", l.RequestRef, l.Kind, l.VendorName, l.ID)
	}
	return letterSafeName(name)
}

// letterSafeName keeps a suggested file name to characters every file system accepts.
func letterSafeName(s string) string {
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>|`, r) || r < 32 {
			return '-'
		}
		return r
	}, s)
}

// writeCopy writes a copy of personal data readable only by the user.
func writeCopy(path string, b []byte) error {
	if err := os.WriteFile(path, b, 0o600); err != nil {
		return backend.Errorf(backend.ECONFLICT, "The copy could not be written to %s: %v", path, err)
	}
	return nil
}

// SaveAs saves a copy of a stored letter where the person chooses in the native dialog;
// false when they cancelled. The copy is recorded in the audit trail.
func (s *LetterService) SaveAs(id int64) (bool, error) {
	st, err := s.d.open()
	if err != nil {
		return false, toUI(err)
	}
	if s.d.ctx == nil {
		return false, toUI(errNoWindow)
	}
	l, err := st.GetLetter(id)
	if err != nil {
		return false, toUI(err)
	}
	dest, err := runtime.SaveFileDialog(s.d.ctx, runtime.SaveDialogOptions{Title: "Save a copy of the letter",
		DefaultFilename: letterFileName(l), Filters: []runtime.FileFilter{{DisplayName: "PDF documents (*.pdf)", Pattern: "*.pdf"}}})
	if err != nil || dest == "" {
		return false, toUI(err)
	}
	return true, toUI(saveLetterTo(st, l, dest))
}

// SaveCopyTo saves a copy of a stored letter at path (the end-to-end tests, which cannot
// drive the native dialog).
func (s *LetterService) SaveCopyTo(id int64, path string) error {
	st, err := s.d.open()
	if err != nil {
		return toUI(err)
	}
	l, err := st.GetLetter(id)
	if err != nil {
		return toUI(err)
	}
	return toUI(saveLetterTo(st, l, path))
}

func saveLetterTo(st *storage.Store, l letters.Letter, dest string) error {
	if strings.TrimSpace(dest) == "" {
		return backend.Invalid("path", "Choose where to save the copy.")
	}
	if err := writeCopy(dest, l.PDF); err != nil {
		return err
	}
	return st.RecordEvent("letter", l.RequestRef, "save-copy", copyRecord{LetterID: l.ID, SHA256: l.SHA256, Path: dest})
}

// copyRecord is what the audit trail keeps of a copy of a letter taken out of the app.
type copyRecord struct {
	LetterID int64  `json:"letterId"`
	SHA256   string `json:"sha256"`
	Path     string `json:"path,omitempty"`
}

// openWithSystem opens a file in the system's default application (a test seam).
var openWithSystem = func(path string) error {
	var cmd *exec.Cmd
	switch goruntime.GOOS {
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", path)
	case "darwin":
		cmd = exec.Command("open", path)
	default:
		cmd = exec.Command("xdg-open", path)
	}
	if err := cmd.Start(); err != nil {
		return backend.Errorf(backend.ECONFLICT, "No application to show PDF files could be started (%v). Use Save copy and open the file yourself.", err)
	}
	go cmd.Wait() // reap the launcher; the viewer lives on by itself
	return nil
}

// Open opens a stored letter in the system's PDF viewer, from a copy in a private
// temporary folder (readable only by the user).
func (s *LetterService) Open(id int64) error {
	st, err := s.d.open()
	if err != nil {
		return toUI(err)
	}
	l, err := st.GetLetter(id)
	if err != nil {
		return toUI(err)
	}
	dir := filepath.Join(os.TempDir(), "privacydesk-open")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return toUI(err)
	}
	path := filepath.Join(dir, letterFileName(l))
	if err := writeCopy(path, l.PDF); err != nil {
		return toUI(err)
	}
	if err := openWithSystem(path); err != nil {
		return toUI(err)
	}
	return toUI(st.RecordEvent("letter", l.RequestRef, "open", copyRecord{LetterID: l.ID, SHA256: l.SHA256}))
}

// batchPDF joins stored letters, page for page as kept, into one PDF.
func batchPDF(st *storage.Store, ids []int64) ([]byte, []letters.Letter, error) {
	if len(ids) == 0 {
		return nil, nil, backend.Invalid("letters", "Choose the letters to print.")
	}
	const maxBatch = 1000
	if len(ids) > maxBatch {
		return nil, nil, backend.Invalid("letters", "Print at most %d letters at a time (%d chosen).", maxBatch, len(ids))
	}
	var pdfs [][]byte
	var list []letters.Letter
	seen := map[int64]bool{}
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		l, err := st.GetLetter(id)
		if err != nil {
			return nil, nil, err
		}
		pdfs = append(pdfs, l.PDF)
		l.PDF = nil
		list = append(list, l)
	}
	var buf bytes.Buffer
	if err := letters.Join(&buf, fmt.Sprintf("%d letters", len(list)), pdfs); err != nil {
		return nil, nil, err
	}
	return buf.Bytes(), list, nil
}

// BatchResult says what a batch print wrote.
type BatchResult struct {
	Saved   bool   `json:"saved"` // false when the dialog was cancelled
	Path    string `json:"path"`
	Letters int    `json:"letters"`
	Pages   int    `json:"pages"`
}

// PrintBatch puts the chosen stored letters into one PDF, each page exactly as kept,
// and saves it where the person chooses, ready to print.
func (s *LetterService) PrintBatch(ids []int64) (BatchResult, error) {
	st, err := s.d.open()
	if err != nil {
		return BatchResult{}, toUI(err)
	}
	if s.d.ctx == nil {
		return BatchResult{}, toUI(errNoWindow)
	}
	pdf, list, err := batchPDF(st, ids)
	if err != nil {
		return BatchResult{}, toUI(err)
	}
	dest, err := runtime.SaveFileDialog(s.d.ctx, runtime.SaveDialogOptions{Title: "Save the letters to print",
		DefaultFilename: fmt.Sprintf("letters-%d.pdf", len(list)), Filters: []runtime.FileFilter{{DisplayName: "PDF documents (*.pdf)", Pattern: "*.pdf"}}})
	if err != nil || dest == "" {
		return BatchResult{}, toUI(err)
	}
	return wrap(writeBatch(st, pdf, list, dest))
}

// PrintBatchTo is PrintBatch to a path (the end-to-end tests).
func (s *LetterService) PrintBatchTo(ids []int64, path string) (BatchResult, error) {
	st, err := s.d.open()
	if err != nil {
		return BatchResult{}, toUI(err)
	}
	pdf, list, err := batchPDF(st, ids)
	if err != nil {
		return BatchResult{}, toUI(err)
	}
	return wrap(writeBatch(st, pdf, list, path))
}

func writeBatch(st *storage.Store, pdf []byte, list []letters.Letter, dest string) (BatchResult, error) {
	if strings.TrimSpace(dest) == "" {
		return BatchResult{}, backend.Invalid("path", "Choose where to save the letters.")
	}
	if err := writeCopy(dest, pdf); err != nil {
		return BatchResult{}, err
	}
	for _, l := range list {
		if err := st.RecordEvent("letter", l.RequestRef, "print", copyRecord{LetterID: l.ID, SHA256: l.SHA256, Path: dest}); err != nil {
			return BatchResult{}, err
		}
	}
	return BatchResult{Saved: true, Path: dest, Letters: len(list), Pages: letters.PageCount(pdf)}, nil
}
