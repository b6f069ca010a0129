package correspondence

import (
	"context"
	"strings"

	"privacydesk/backend"
	"privacydesk/backend/letters"
)

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
func (s *Service) Kinds(ctx context.Context, ref string) ([]KindOption, error) {
	ref = strings.TrimSpace(ref)
	var base letters.Data
	if ref != "" {
		var err error
		if base, err = s.LetterData(ctx, LetterInput{RequestRef: ref, Kind: letters.KindAcknowledgment}); err != nil {
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
			// Only the respond-by date differs between kinds (an extension notice gives
			// the original date, every other letter the extended one): fit never depends
			// on it, only on the dates that are the same for every kind (the extension's
			// notice day, a state's patient-access date).
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

// KindsFor lists only the kinds that fit the request now, in the order people work a
// request.
func (s *Service) KindsFor(ctx context.Context, ref string) ([]KindOption, error) {
	all, err := s.Kinds(ctx, ref)
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

// mustFields lists the fields a built-in template uses (built-ins always parse: the
// letters package tests them).
func mustFields(body string) []string {
	doc, err := letters.ParseTemplate(body)
	if err != nil {
		return nil
	}
	return doc.Fields()
}
