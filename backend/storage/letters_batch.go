package storage

import (
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"privacydesk/backend"
)

// CreateDirectionBatch keeps the direction letters of one "Direct all vendors" action on
// request ref and records them as sent today by method: each letter with its sending,
// linked to its vendor task, which records the vendor as told today by that means. It is
// one transaction (all the letters, or none) with an audit event per letter and task and
// ONE timeline entry for the batch ("Directed 6 vendors by email on …"), in place of a
// "made" and a "sent" line per letter. Each letter must name an open vendor task of the
// request whose vendor was not told yet; otherwise the batch is refused on
// "vendorTaskId". The answer carries no PDFs.
func (s *Store) CreateDirectionBatch(ref string, ls []backend.Letter, method backend.SendMethod) ([]backend.Letter, error) {
	ref = strings.TrimSpace(ref)
	if len(ls) == 0 {
		return nil, backend.Invalid("letters", "There is no direction letter to keep.")
	}
	if method != backend.SendPost && method != backend.SendEmail {
		return nil, backend.Invalid("method", "Direct the vendors by post or by email.")
	}
	var out []backend.Letter
	err := s.db.Transaction(func(tx *gorm.DB) error {
		today, err := todayIn(tx)
		if err != nil {
			return err
		}
		now := s.Now()
		r, err := requestForTasks(tx, ref, 0)
		if err != nil {
			return err
		}
		if r.Status.Closed() {
			return backend.Errorf(backend.ECONFLICT, "%s is closed; its vendors are no longer directed.", r.Reference)
		}
		requestID := r.ID
		var names []string
		for _, l := range ls {
			if l.Kind != backend.LetterVendorDirection || l.VendorTaskID == 0 || len(l.PDF) == 0 {
				return backend.Invalid("vendorTaskId", "Only direction letters, each for a vendor task and with its PDF, are kept in a batch.")
			}
			l.RequestRef = ref
			before, _, err := getVendorTask(tx, l.VendorTaskID)
			if err != nil {
				return err
			}
			if before.RequestRef != ref {
				return backend.Invalid("vendorTaskId", "Vendor task %d belongs to request %s, not %s.", before.ID, before.RequestRef, ref)
			}
			if !before.Open() || !before.NotifiedOn.IsZero() {
				return backend.Invalid("vendorTaskId", "%s was already told about %s, or its task is closed.", before.VendorName, ref)
			}
			row, err := s.insertLetter(tx, l)
			if err != nil {
				return err
			}
			sending := letterSendingRow{LetterID: row.ID, SentOn: today, Method: string(method), SentBy: s.actorName(), RecordedAt: timeText(now)}
			if err := tx.Create(&sending).Error; err != nil {
				return err
			}
			made := row.letter(ref)
			if err := s.appendAudit(tx, "letter", ref, "create", nil, made); err != nil {
				return err
			}
			sent := made
			sent.Sent = &backend.LetterSent{On: today, Method: method, By: sending.SentBy, RecordedAt: now}
			if err := s.appendAudit(tx, "letter", ref, "sent", nil, sent); err != nil {
				return err
			}
			letterID := row.ID
			if err := tx.Model(&vendorTaskRow{}).Where("id = ?", before.ID).Updates(map[string]any{
				"letter_id": &letterID, "notified_on": today, "notified_via": string(backend.NotifyMethodFor(method)),
				"notified_note": fmt.Sprintf("Direction letter #%d", row.ID), "updated_at": now.UTC().Format(time.RFC3339Nano),
			}).Error; err != nil {
				return err
			}
			after, _, err := getVendorTask(tx, before.ID)
			if err != nil {
				return err
			}
			if err := s.appendAudit(tx, "vendor-task", ref, "update", before, after); err != nil {
				return err
			}
			out = append(out, sent)
			names = append(names, before.VendorName)
		}
		return s.addRequestEvent(tx, requestID, backend.RequestEvent{Kind: backend.EventVendorDirections,
			Summary: directionBatchSummary(names, method, today, out)})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// directionBatchSummary is the batch's one timeline line, e.g. "Directed 3 vendors by email
// on December 7, 2026: A, B, C", then the letters' numbers in brackets.
func directionBatchSummary(vendors []string, method backend.SendMethod, on backend.Date, ls []backend.Letter) string {
	n := "1 vendor"
	if len(vendors) != 1 {
		n = fmt.Sprintf("%d vendors", len(vendors))
	}
	ids := make([]string, len(ls))
	for i, l := range ls {
		ids[i] = fmt.Sprintf("#%d", l.ID)
	}
	return fmt.Sprintf("Directed %s by %s on %s: %s (direction letters %s)", n, strings.ToLower(method.Label()), on.Long(),
		strings.Join(vendors, ", "), strings.Join(ids, ", "))
}
