package correspondence

import (
	"context"
	"strings"

	"privacydesk/backend"
	"privacydesk/backend/letters"
)

// SaveTemplate validates an edited template and stores it as the next version of its
// name (the first save is version 1). Saved versions never change; a letter names the
// version it used. An unknown merge field is refused on "body", naming it, before
// anything is saved.
func (s *Service) SaveTemplate(_ context.Context, t letters.Template) (letters.SavedTemplate, error) {
	t.Name = strings.TrimSpace(t.Name)
	if strings.EqualFold(t.Name, letters.BuiltinName) {
		return letters.SavedTemplate{}, backend.Invalid("name", "%q is the built-in template's name; give your copy another name.", letters.BuiltinName)
	}
	t.Version = 1 // checked here; storage assigns the stored version
	if err := letters.ValidateTemplate(t); err != nil {
		return letters.SavedTemplate{}, err
	}
	return s.st.SaveTemplate(t)
}

// ListTemplates returns the template library: for kind (every kind when ""), the
// built-in template and the latest version of each of the practice's copies, kind by
// kind in the order people work a request.
func (s *Service) ListTemplates(_ context.Context, kind letters.Kind) ([]letters.SavedTemplate, error) {
	if kind != "" {
		if _, err := letters.ParseKind("kind", string(kind)); err != nil {
			return nil, err
		}
	}
	saved, err := s.st.ListSavedTemplates(kind)
	if err != nil {
		return nil, err
	}
	out := []letters.SavedTemplate{}
	for _, b := range letters.BuiltinTemplates() {
		if kind != "" && b.Kind != kind {
			continue
		}
		out = append(out, letters.SavedTemplate{LetterTemplate: b, Builtin: true})
		for _, t := range saved {
			if t.Kind == b.Kind {
				out = append(out, t)
			}
		}
	}
	return out, nil
}

// GetTemplate returns a template by kind, name and version (0: the latest). The
// built-in template is found under its own name.
func (s *Service) GetTemplate(_ context.Context, kind letters.Kind, name string, version int) (letters.SavedTemplate, error) {
	if _, err := letters.ParseKind("kind", string(kind)); err != nil {
		return letters.SavedTemplate{}, err
	}
	if strings.EqualFold(strings.TrimSpace(name), letters.BuiltinName) {
		b := letters.Builtin(kind)
		if version != 0 && version != b.Version {
			return letters.SavedTemplate{}, backend.Errorf(backend.ENOTFOUND, "The built-in %s template has no version %d (it is version %d).", kind, version, b.Version)
		}
		return letters.SavedTemplate{LetterTemplate: b, Builtin: true}, nil
	}
	return s.st.GetSavedTemplate(kind, name, version)
}
