package correspondence

import (
	"context"
	"strings"

	"privacydesk/backend"
	"privacydesk/backend/letters"
)

// IssueInput says which letter to make, as the window asks for it: a vendor-direction
// letter names the vendor task it is written for.
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
	// AcceptWarnings acknowledges the preflight warnings (the dialog's checkboxes).
	AcceptWarnings bool `json:"acceptWarnings"`
}

// PreflightIssue checks the letter in describes before it is made (see Preflight).
func (s *Service) PreflightIssue(ctx context.Context, in IssueInput) ([]letters.Problem, error) {
	li, err := s.letterInput(ctx, in)
	if err != nil {
		return nil, err
	}
	return s.Preflight(ctx, li)
}

// Issue makes a letter for a request and keeps it as evidence (see CreateLetter). A kind
// that does not fit the request is refused on "kind", saying why; the request on
// "reference"; a vendor task of another request, or a direction letter without one, on
// "vendorTaskId". The answer carries the PDF.
func (s *Service) Issue(ctx context.Context, in IssueInput) (letters.Letter, error) {
	li, err := s.letterInput(ctx, in)
	if err != nil {
		return letters.Letter{}, err
	}
	return s.CreateLetter(ctx, li)
}

func (s *Service) letterInput(_ context.Context, in IssueInput) (LetterInput, error) {
	li := LetterInput{RequestRef: strings.TrimSpace(in.Reference), Kind: in.Kind, TemplateName: in.TemplateName,
		Response: in.Response, Enclosures: nonEmpty(in.Enclosures), Disclosures: in.Disclosures,
		AcceptWarnings: in.AcceptWarnings}
	if li.RequestRef == "" {
		return li, backend.Invalid("reference", "Choose the request the letter is for.")
	}
	if in.VendorTaskID != 0 {
		t, err := s.st.GetVendorTask(in.VendorTaskID)
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

// ListLetters returns the letters kept for a request, oldest first, without their PDFs.
func (s *Service) ListLetters(_ context.Context, ref string) ([]letters.Letter, error) {
	l, err := s.st.ListLetters(ref)
	if err != nil {
		return nil, err
	}
	if l == nil {
		l = []letters.Letter{}
	}
	return l, nil
}

// ListAllLetters returns the letters kept for every request, newest first, narrowed by
// f (an unknown kind is refused on "kind"), without their PDFs.
func (s *Service) ListAllLetters(_ context.Context, f backend.LetterFilter) ([]letters.Letter, error) {
	l, err := s.st.ListAllLetters(f)
	if err != nil {
		return nil, err
	}
	if l == nil {
		l = []letters.Letter{}
	}
	return l, nil
}

// MarkSent records that letter id went out: when (in.On, or today), how (post, email, in
// person or portal) and by whom. The letter itself never changes; its sending is
// recorded once, audited and shown on the request's timeline.
func (s *Service) MarkSent(_ context.Context, id int64, in backend.LetterSentInput) (letters.Letter, error) {
	return s.st.MarkLetterSent(id, in)
}

// GetLetter returns a kept letter with its PDF, after checking the bytes still match
// the SHA-256 recorded when it was made.
func (s *Service) GetLetter(_ context.Context, id int64) (letters.Letter, error) {
	return s.st.GetLetter(id)
}
