package main

import (
	"context"
	"fmt"
	"os/exec"
	goruntime "runtime"
	"strings"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"privacydesk/backend"
	"privacydesk/backend/correspondence"
	"privacydesk/backend/letters"
)

// LetterService is the Letters screen's and the request screen's backend: which letters
// fit a request, making one (kept as evidence), the letters kept, the template library
// and editor with its live preview, and copies of stored letters (save, open, print a
// batch). The use cases are backend/correspondence's; this adapts them to the window
// (the native dialogs, the system's PDF viewer) and to the error contract.
//
// Error contract: see uierror.go. Validation errors name the JSON field of the input:
// "kind", "reference", "vendorTaskId", "templateName", "body", "name", "letters", and
// the engine's own ("practice.name", "recipient.name", ...) when a letter cannot be made.
type LetterService struct{ d *desk }

func (s *LetterService) startup(_ context.Context, d *desk) { s.d = d }

// The window's shapes are the service's.
type (
	KindOption   = correspondence.KindOption
	IssueInput   = correspondence.IssueInput
	PreviewInput = correspondence.PreviewInput
	Preview      = correspondence.Preview
	BatchResult  = correspondence.BatchResult
	DirectInput  = correspondence.DirectInput
	DirectResult = correspondence.DirectResult
)

// service returns the letters service over the open store (a restore may swap the
// store, so it is built per call) and the call's context.
func (s *LetterService) service() (*correspondence.Service, context.Context, error) {
	st, err := s.d.open()
	if err != nil {
		return nil, nil, toUI(err)
	}
	ctx := s.d.ctx
	if ctx == nil {
		ctx = context.Background()
	}
	return correspondence.New(st), ctx, nil
}

// Kinds lists every kind. With a request's reference, each says whether it fits that
// request now and, if not, why.
func (s *LetterService) Kinds(ref string) ([]KindOption, error) {
	c, ctx, err := s.service()
	if err != nil {
		return nil, err
	}
	return wrap(c.Kinds(ctx, ref))
}

// Issue makes a letter for a request and keeps it as evidence (the PDF, its SHA-256,
// the template and version, who and when; the audit trail and the request's timeline
// record it). A kind that does not fit the request is refused on "kind", saying why.
// The answer carries no PDF: Save copy, Open and View read the stored one.
func (s *LetterService) Issue(in IssueInput) (letters.Letter, error) {
	c, ctx, err := s.service()
	if err != nil {
		return letters.Letter{}, err
	}
	l, err := c.Issue(ctx, in)
	l.PDF = nil
	return wrap(l, err)
}

// Preflight checks a letter before it is made and returns every problem (blocking or a
// warning to acknowledge), each with the field to fix and the screen where it is fixed;
// an empty list when the letter can be made as it is. Issue runs the same checks.
func (s *LetterService) Preflight(in IssueInput) ([]letters.Problem, error) {
	c, ctx, err := s.service()
	if err != nil {
		return nil, err
	}
	return wrap(c.PreflightIssue(ctx, in))
}

// MarkSent records that a letter went out: the day ("" for today), how (post, email,
// in-person, portal) and by whom. Refused on "method" or "on" when they are wrong, and
// as a conflict when the letter is already recorded as sent.
func (s *LetterService) MarkSent(id int64, in backend.LetterSentInput) (letters.Letter, error) {
	c, ctx, err := s.service()
	if err != nil {
		return letters.Letter{}, err
	}
	return wrap(c.MarkSent(ctx, id, in))
}

// List returns the letters kept for a request, oldest first.
func (s *LetterService) List(ref string) ([]letters.Letter, error) {
	c, ctx, err := s.service()
	if err != nil {
		return nil, err
	}
	return wrap(c.ListLetters(ctx, ref))
}

// All returns the letters kept for every request, newest first, narrowed by f.
func (s *LetterService) All(f backend.LetterFilter) ([]letters.Letter, error) {
	c, ctx, err := s.service()
	if err != nil {
		return nil, err
	}
	return wrap(c.ListAllLetters(ctx, f))
}

// LetterPDF is a stored letter with its bytes (base64 in JSON), for viewing in the app.
type LetterPDF struct {
	Letter letters.Letter `json:"letter"`
	PDF    []byte         `json:"pdf"`
}

// Get returns a stored letter with its PDF, after checking it still matches its SHA-256.
func (s *LetterService) Get(id int64) (LetterPDF, error) {
	c, ctx, err := s.service()
	if err != nil {
		return LetterPDF{}, err
	}
	l, err := c.GetLetter(ctx, id)
	if err != nil {
		return LetterPDF{}, toUI(err)
	}
	pdf := l.PDF
	l.PDF = nil
	return LetterPDF{Letter: l, PDF: pdf}, nil
}

// Preview renders the template body without keeping anything: the template editor's
// live preview. An unknown merge field or a markup mistake is refused on "body",
// naming it and its line.
func (s *LetterService) Preview(in PreviewInput) (Preview, error) {
	c, ctx, err := s.service()
	if err != nil {
		return Preview{}, err
	}
	return wrap(c.Preview(ctx, in))
}

// Templates returns the template library: for each kind (or only kind, when set), the
// built-in template and the latest version of each of the practice's copies.
func (s *LetterService) Templates(kind letters.Kind) ([]letters.SavedTemplate, error) {
	c, ctx, err := s.service()
	if err != nil {
		return nil, err
	}
	return wrap(c.ListTemplates(ctx, kind))
}

// Template returns one template: version 0 is the latest.
func (s *LetterService) Template(kind letters.Kind, name string, version int) (letters.SavedTemplate, error) {
	c, ctx, err := s.service()
	if err != nil {
		return letters.SavedTemplate{}, err
	}
	return wrap(c.GetTemplate(ctx, kind, name, version))
}

// SaveTemplate saves the practice's edited copy of a template as the next version of its
// name. An unknown or misspelled merge field is refused on "body" before anything is
// saved, naming the field.
func (s *LetterService) SaveTemplate(t letters.Template) (letters.SavedTemplate, error) {
	c, ctx, err := s.service()
	if err != nil {
		return letters.SavedTemplate{}, err
	}
	return wrap(c.SaveTemplate(ctx, t))
}

// Fields lists the merge fields, lists and tables a template may use, with what each
// prints, for the editor's field picker.
func (s *LetterService) Fields() ([]letters.Field, error) {
	if err := s.d.guard(); err != nil {
		return nil, err
	}
	return letters.Fields(), nil
}

// SaveAs saves a copy of a stored letter where the person chooses in the native dialog;
// false when they cancelled. The copy is recorded in the audit trail.
func (s *LetterService) SaveAs(id int64) (bool, error) {
	return s.saveLetter(id, "Save a copy of the letter", ".pdf", runtime.FileFilter{DisplayName: "PDF documents (*.pdf)", Pattern: "*.pdf"},
		func(c *correspondence.Service, ctx context.Context, dest string) error {
			return c.SaveCopy(ctx, id, dest)
		})
}

// SaveDraftAs saves a stored letter as an email draft (.eml, X-Unsent) where the person
// chooses: Outlook, Thunderbird and Apple Mail open it as a draft addressed to the
// recipient with the PDF attached. False when they cancelled; recorded in the audit trail.
func (s *LetterService) SaveDraftAs(id int64) (bool, error) {
	return s.saveLetter(id, "Save the letter as an email draft", ".eml", runtime.FileFilter{DisplayName: "Email drafts (*.eml)", Pattern: "*.eml"},
		func(c *correspondence.Service, ctx context.Context, dest string) error {
			return c.SaveDraft(ctx, id, dest)
		})
}

// saveLetter asks where to save letter id (named as the letter, with ext) and saves it
// there with save; false when the person cancelled.
func (s *LetterService) saveLetter(id int64, title, ext string, filter runtime.FileFilter,
	save func(c *correspondence.Service, ctx context.Context, dest string) error) (bool, error) {
	c, ctx, err := s.service()
	if err != nil {
		return false, err
	}
	if s.d.ctx == nil {
		return false, toUI(errNoWindow)
	}
	l, err := c.GetLetter(ctx, id)
	if err != nil {
		return false, toUI(err)
	}
	name := strings.TrimSuffix(correspondence.FileName(l), ".pdf") + ext
	dest, err := runtime.SaveFileDialog(s.d.ctx, runtime.SaveDialogOptions{Title: title, DefaultFilename: name, Filters: []runtime.FileFilter{filter}})
	if err != nil || dest == "" {
		return false, toUI(err)
	}
	return true, toUI(save(c, ctx, dest))
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
	c, ctx, err := s.service()
	if err != nil {
		return err
	}
	return toUI(c.Open(ctx, id, openWithSystem))
}

// PrintBatch puts the chosen stored letters into one PDF, each page exactly as kept,
// and saves it where the person chooses, ready to print.
func (s *LetterService) PrintBatch(ids []int64) (BatchResult, error) {
	c, ctx, err := s.service()
	if err != nil {
		return BatchResult{}, err
	}
	if s.d.ctx == nil {
		return BatchResult{}, toUI(errNoWindow)
	}
	b, err := c.Batch(ctx, ids)
	if err != nil {
		return BatchResult{}, toUI(err)
	}
	dest, err := runtime.SaveFileDialog(s.d.ctx, runtime.SaveDialogOptions{Title: "Save the letters to print",
		DefaultFilename: fmt.Sprintf("letters-%d.pdf", len(b.Letters)), Filters: []runtime.FileFilter{{DisplayName: "PDF documents (*.pdf)", Pattern: "*.pdf"}}})
	if err != nil || dest == "" {
		return BatchResult{}, toUI(err)
	}
	return wrap(c.WriteBatch(ctx, b, dest))
}

// DirectVendors is "Direct all vendors" on a request: a direction letter to every vendor
// whose task is waiting to be told, kept and recorded as sent today by in.Method, with
// one timeline line for the batch. By post the person chooses where the one PDF to print
// goes; by email, the folder for one draft per vendor. A vendor whose letter cannot be
// made (no postal address for post, no email for email, a blocking preflight problem)
// is left out and listed in Skipped; the others go ahead. Saved is false when the dialog
// was cancelled (nothing was made).
func (s *LetterService) DirectVendors(in DirectInput) (DirectResult, error) {
	c, ctx, err := s.service()
	if err != nil {
		return DirectResult{}, err
	}
	if s.d.ctx == nil {
		return DirectResult{}, toUI(errNoWindow)
	}
	var dest string
	switch in.Method {
	case backend.SendPost:
		dest, err = runtime.SaveFileDialog(s.d.ctx, runtime.SaveDialogOptions{Title: "Save the direction letters to print",
			DefaultFilename: correspondence.SafeName(in.Reference + " vendor directions.pdf"), Filters: []runtime.FileFilter{{DisplayName: "PDF documents (*.pdf)", Pattern: "*.pdf"}}})
	case backend.SendEmail:
		dest, err = runtime.OpenDirectoryDialog(s.d.ctx, runtime.OpenDialogOptions{Title: "Choose the folder for the email drafts (one per vendor)", CanCreateDirectories: true})
	default:
		return wrap(c.DirectVendors(ctx, in, ""))
	}
	if err != nil || dest == "" {
		return DirectResult{}, toUI(err)
	}
	return wrap(c.DirectVendors(ctx, in, dest))
}
