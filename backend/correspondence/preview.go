package correspondence

import (
	"context"
	"strings"

	"privacydesk/backend"
	"privacydesk/backend/letters"
)

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
func (s *Service) Preview(ctx context.Context, in PreviewInput) (Preview, error) {
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
		d, notes, err := s.ExampleLetterData(ctx, kind)
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
		li := LetterInput{RequestRef: strings.TrimSpace(in.Reference), Kind: kind}
		if in.VendorTaskID != 0 {
			t, err := s.st.GetVendorTask(in.VendorTaskID)
			if err != nil {
				return Preview{}, err
			}
			li.VendorName = t.VendorName
		} else if kind == letters.KindVendorDirection {
			// Preview with the request's first vendor, when it has one.
			tasks, err := s.st.ListVendorTasks(li.RequestRef)
			if err != nil {
				return Preview{}, err
			}
			if len(tasks.Tasks) == 0 {
				return Preview{}, backend.Invalid("reference", "Request %s has no vendor task: preview a direction letter with the example request instead.", li.RequestRef)
			}
			li.VendorName = tasks.Tasks[0].VendorName
		}
		if out.PDF, err = s.PreviewLetter(ctx, li, &draft); err != nil {
			return Preview{}, err
		}
	}
	out.Pages = letters.PageCount(out.PDF)
	return out, nil
}
