package rules

import (
	"strings"

	"privacydesk/backend"
)

// CheckExtension says whether the one extension the law allows may be taken today, to
// newDate, for reason. It must be the first extension, taken while the original period
// is still running (on or before StatutoryRespondBy: the notice must reach the requester
// "within the first 45 days" / "within one month"), with a written reason, to a date
// later than the current due date and no later than ExtendedRespondBy.
//
// Errors carry the field the form should mark: "extensionDate" or "extensionReason".
func CheckExtension(d Deadlines, today, newDate backend.Date, reason string) error {
	r := d.Rule
	switch {
	case d.Extension != nil:
		return &backend.Error{Code: backend.ECONFLICT, Field: "extensionDate",
			Message: "This request was already extended on " + d.Extension.On.Long() + " to " + d.Extension.NewDate.Long() + "; the law allows one extension."}
	case r.Extension.IsZero():
		return backend.Invalid("extensionDate", "%s allows no extension for %s requests.", r.Regime.Label(), strings.ToLower(r.Right.Label()))
	case strings.TrimSpace(reason) == "":
		return backend.Invalid("extensionReason", "Give the reason for the extension: the requester must be told why.")
	case today.IsZero():
		return backend.Invalid("extensionDate", "The date the extension is taken is required.")
	case today.After(d.StatutoryRespondBy):
		return &backend.Error{Code: backend.ECONFLICT, Field: "extensionDate",
			Message: "The original period ended on " + d.StatutoryRespondBy.Long() + " for " + strings.ToLower(r.Right.Label()) + " (the extension is dated " + today.Long() + "); an extension must be taken, and the requester told, before it ends."}
	case today.Before(d.Received):
		return backend.Invalid("extensionDate", "The extension cannot be taken (%s) before the request was received (%s).", today.Long(), d.Received.Long())
	case newDate.IsZero():
		return backend.Invalid("extensionDate", "Enter the new date to tell the requester.")
	case !newDate.After(d.RespondBy):
		return backend.Invalid("extensionDate", "The new date must be later than the current due date, %s.", d.RespondBy.Long())
	case newDate.After(d.ExtendedRespondBy):
		return backend.Invalid("extensionDate", "The new date may be no later than %s, the most the law allows (%s plus %s).", d.ExtendedRespondBy.Long(), r.Respond, r.Extension)
	}
	return nil
}
