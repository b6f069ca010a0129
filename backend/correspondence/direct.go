package correspondence

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"privacydesk/backend"
	"privacydesk/backend/letters"
)

// DirectInput is "Direct all vendors" on a deletion or correction request: a direction
// letter to every vendor whose task is still waiting to be told, sent by post (one PDF
// to print) or by email (one draft per vendor).
type DirectInput struct {
	Reference string             `json:"reference"`
	Method    backend.SendMethod `json:"method"` // post or email
	// AcceptWarnings acknowledges the preflight warnings of every letter.
	AcceptWarnings bool `json:"acceptWarnings"`
}

// DirectSkip is a vendor the batch left out, and why, with the field to fix.
type DirectSkip struct {
	VendorTaskID int64  `json:"vendorTaskId"`
	VendorName   string `json:"vendorName"`
	Field        string `json:"field"`
	Message      string `json:"message"`
}

// DirectResult says what "Direct all vendors" did: the letters kept and recorded as sent
// (without their PDFs), the vendors left out with the reason, and where the PDF or the
// drafts were written.
type DirectResult struct {
	Saved     bool               `json:"saved"` // false when the dialog was cancelled
	Reference string             `json:"reference"`
	Method    backend.SendMethod `json:"method"`
	On        backend.Date       `json:"on"`
	Letters   []letters.Letter   `json:"letters"`
	Skipped   []DirectSkip       `json:"skipped"`
	// Path is the PDF to print (post) or the folder of the drafts (email); Files are the
	// files written.
	Path  string   `json:"path"`
	Files []string `json:"files"`
	Pages int      `json:"pages"`
}

// directed is one letter of the batch before it is kept.
type directed struct {
	plan *letterPlan
	rec  letters.Letter
}

// DirectVendors makes a direction letter for every vendor task of the request that is
// open and not yet told, keeps them all and records them as sent today by in.Method in
// one transaction (one timeline line for the batch), then writes them to out: by post
// one PDF at out, by email one .eml draft per vendor in the folder out. Each letter is
// checked on its own (preflight, and a postal address for post or an email address for
// email): a vendor whose letter cannot be made is left out and reported in Skipped, the
// others go ahead. Nothing to direct, or no letter that can be made, is refused.
func (s *Service) DirectVendors(ctx context.Context, in DirectInput, out string) (DirectResult, error) {
	in.Reference = strings.TrimSpace(in.Reference)
	in.Method = backend.SendMethod(strings.ToLower(strings.TrimSpace(string(in.Method))))
	switch {
	case in.Reference == "":
		return DirectResult{}, backend.Invalid("reference", "Choose the request whose vendors are to be directed.")
	case in.Method != backend.SendPost && in.Method != backend.SendEmail:
		return DirectResult{}, backend.Invalid("method", "Direct the vendors by post (one PDF to print) or by email (one draft per vendor).")
	case strings.TrimSpace(out) == "":
		return DirectResult{}, backend.Invalid("path", "Choose where to write the letters.")
	case s.st.CheckOutsideDataFolder("path", out) != nil:
		return DirectResult{}, s.st.CheckOutsideDataFolder("path", out)
	}
	if in.Method == backend.SendEmail {
		if st, err := os.Stat(out); err != nil || !st.IsDir() {
			return DirectResult{}, backend.Invalid("path", "%s is not a folder: email drafts are written one per vendor into a folder.", out)
		}
	}
	tasks, err := s.st.ListVendorTasks(in.Reference)
	if err != nil {
		return DirectResult{}, err
	}
	res := DirectResult{Reference: tasks.RequestRef, Method: in.Method, Path: out, Letters: []letters.Letter{}, Skipped: []DirectSkip{}, Files: []string{}}
	var batch []directed
	for _, t := range tasks.Tasks {
		if !t.Open() {
			continue
		}
		if !t.NotifiedOn.IsZero() {
			res.Skipped = append(res.Skipped, DirectSkip{t.ID, t.VendorName, "notifiedOn",
				fmt.Sprintf("%s was already told on %s; record its confirmation instead.", t.VendorName, t.NotifiedOn.Long())})
			continue
		}
		d, err := s.directionFor(ctx, res.Reference, t, in)
		if err != nil {
			if backend.ErrorCode(err) != backend.EINVALID && backend.ErrorCode(err) != backend.ECONFLICT {
				return DirectResult{}, err
			}
			res.Skipped = append(res.Skipped, DirectSkip{t.ID, t.VendorName, backend.ErrorField(err), backend.ErrorMessage(err)})
			continue
		}
		batch = append(batch, d)
	}
	if len(batch) == 0 {
		if len(res.Skipped) == 0 {
			return res, backend.Errorf(backend.ECONFLICT, "%s has no open vendor task waiting to be told.", res.Reference)
		}
		var why []string
		for _, sk := range res.Skipped {
			why = append(why, sk.VendorName+": "+sk.Message)
		}
		return res, backend.Invalid(res.Skipped[0].Field, "No direction letter could be made. %s", strings.Join(why, " "))
	}
	recs := make([]letters.Letter, len(batch))
	for i, d := range batch {
		recs[i] = d.rec
	}
	kept, err := s.st.CreateDirectionBatch(res.Reference, recs, in.Method)
	if err != nil {
		return DirectResult{}, err
	}
	res.Letters, res.On = kept, kept[0].Sent.On
	for i := range kept {
		kept[i].PDF = batch[i].rec.PDF
	}
	// The letters are kept and recorded as sent whatever happens to the copies.
	if err := s.writeDirections(ctx, &res, kept, batch); err != nil {
		return res, fmt.Errorf("the %d direction letters were kept and recorded as sent, but writing them failed: %w", len(kept), err)
	}
	res.Saved = true
	for i := range res.Letters {
		res.Letters[i].PDF = nil
	}
	return res, nil
}

// directionFor plans, checks and renders the direction letter of task t.
func (s *Service) directionFor(ctx context.Context, ref string, t backend.VendorTask, in DirectInput) (directed, error) {
	p, err := s.planLetter(ctx, LetterInput{RequestRef: ref, Kind: letters.KindVendorDirection, VendorName: t.VendorName})
	if err != nil {
		return directed{}, err
	}
	if err := letters.PreflightError(letters.Preflight(p.tpl, &p.data), in.AcceptWarnings); err != nil {
		return directed{}, err
	}
	v := p.data.Vendor
	switch {
	case in.Method == backend.SendPost && len(v.Address) == 0:
		return directed{}, backend.Invalid("address", "%s has no postal address to post the letter to: record it in the vendor register, or direct it by email.", v.Name)
	case in.Method == backend.SendEmail && strings.TrimSpace(v.Email) == "":
		return directed{}, backend.Invalid("contactEmail", "%s has no email address to address the draft to: record it in the vendor register, or direct it by post.", v.Name)
	}
	pdf, err := letters.RenderBytes(p.tpl, p.data)
	if err != nil {
		return directed{}, err
	}
	rec := letters.Letter{RequestRef: ref, Kind: p.tpl.Kind, TemplateName: p.tpl.Name, TemplateVersion: p.tpl.Version,
		Recipient: p.data.RecipientName(p.tpl.Kind), Pages: letters.PageCount(pdf), PDF: pdf,
		VendorName: v.Name, VendorTaskID: t.ID}
	return directed{plan: p, rec: rec}, nil
}

// writeDirections writes the kept letters: one PDF to print, or one draft per vendor.
func (s *Service) writeDirections(ctx context.Context, res *DirectResult, kept []letters.Letter, batch []directed) error {
	if res.Method == backend.SendPost {
		pdfs := make([][]byte, len(kept))
		for i, l := range kept {
			pdfs[i] = l.PDF
		}
		var buf bytes.Buffer
		if err := letters.Join(&buf, fmt.Sprintf("%s: directions to %d vendors", res.Reference, len(kept)), pdfs); err != nil {
			return err
		}
		b, err := s.WriteBatch(ctx, Batch{PDF: buf.Bytes(), Letters: kept}, res.Path)
		if err != nil {
			return err
		}
		res.Files, res.Pages = append(res.Files, res.Path), b.Pages
		return nil
	}
	for i, l := range kept {
		d, err := draftOf(l, &batch[i].plan.data, s.st.Now())
		if err != nil {
			return err
		}
		var b bytes.Buffer
		if err := WriteDraft(&b, d); err != nil {
			return err
		}
		path := filepath.Join(res.Path, strings.TrimSuffix(FileName(l), ".pdf")+".eml")
		if err := WriteCopy(path, b.Bytes()); err != nil {
			return err
		}
		res.Files = append(res.Files, path)
		res.Pages += l.Pages
		if err := s.st.RecordEvent("letter", l.RequestRef, "save-draft", copyRecord{LetterID: l.ID, SHA256: l.SHA256, Path: path}); err != nil {
			return err
		}
	}
	return nil
}
