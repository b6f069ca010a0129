package storage

import (
	"gorm.io/gorm"

	"privacydesk/backend"
)

// purgeCandidates lists the closed requests whose retention ended before asOf.
func purgeCandidates(db *gorm.DB, asOf backend.Date) ([]backend.PurgeCandidate, []int64, error) {
	// Every regime keeps a closed request at least 24 months: only those closed before
	// that are read, then each is judged by its own regime.
	var rows []struct {
		ID            int64
		Reference     string
		Regime        string
		Status        string
		RequesterName string
		ClosedOn      backend.Date
		Files         int
	}
	err := db.Raw(`SELECT r.id, r.reference, r.regime, r.status, r.requester_name, r.closed_on,
			(SELECT count(*) FROM attachments a WHERE a.owner_type = 'request' AND a.owner_id = r.id) AS files
		FROM requests r WHERE r.closed_on IS NOT NULL AND r.closed_on < ? ORDER BY r.closed_on, r.id`,
		asOf.Time().AddDate(-2, 0, 0).Format("2006-01-02")).Scan(&rows).Error
	if err != nil {
		return nil, nil, err
	}
	out := []backend.PurgeCandidate{}
	var ids []int64
	for _, r := range rows {
		if !backend.Status(r.Status).Closed() {
			continue
		}
		keep := backend.KeepUntil(backend.Regime(r.Regime), r.ClosedOn)
		if !keep.Before(asOf) {
			continue
		}
		out = append(out, backend.PurgeCandidate{Reference: r.Reference, Regime: backend.Regime(r.Regime),
			Status: backend.Status(r.Status), Name: r.RequesterName, ClosedOn: r.ClosedOn, KeepUntil: keep,
			Citation: backend.RetentionFor(backend.Regime(r.Regime)).Citation, Attachments: r.Files})
		ids = append(ids, r.ID)
	}
	return out, ids, nil
}

func (s *Store) checkAsOf(asOf backend.Date) error {
	today, err := s.Today()
	if err != nil {
		return err
	}
	if asOf.IsZero() {
		return backend.Invalid("asOf", "Choose the date to purge as of.")
	}
	if asOf.After(today) {
		// A future date would purge records before their retention ends.
		return backend.Invalid("asOf", "%s is in the future; records are purged only once their retention has ended.", asOf)
	}
	return nil
}

// PurgePreview lists the closed requests a purge as of asOf would remove: those whose
// minimum retention (HIPAA six years, 45 CFR 164.530(j)(2); CCPA 24 months, 11 CCR
// 7101) ended before asOf.
func (s *Store) PurgePreview(asOf backend.Date) (backend.PurgePreview, error) {
	if err := s.checkAsOf(asOf); err != nil {
		return backend.PurgePreview{}, err
	}
	items, _, err := purgeCandidates(s.db, asOf)
	return backend.PurgePreview{AsOf: asOf, Items: items}, err
}

// Purge removes the requests PurgePreview(asOf) lists, with their rights, timelines,
// verifications, pauses and files, in one transaction audited as one "purge" event that
// names every reference removed. The audit trail itself is kept whole: its chain is the
// proof of what was done, so events about purged requests stay in it.
func (s *Store) Purge(asOf backend.Date) (backend.PurgePreview, error) {
	if err := s.checkAsOf(asOf); err != nil {
		return backend.PurgePreview{}, err
	}
	var out backend.PurgePreview
	err := s.db.Transaction(func(tx *gorm.DB) error {
		items, ids, err := purgeCandidates(tx, asOf)
		if err != nil {
			return err
		}
		out = backend.PurgePreview{AsOf: asOf, Items: items}
		if len(ids) == 0 {
			return nil
		}
		for start := 0; start < len(ids); start += 500 {
			chunk := ids[start:min(start+500, len(ids))]
			args := make([]any, len(chunk))
			for i, id := range chunk {
				args[i] = id
			}
			in := "(" + placeholders(len(chunk)) + ")"
			var shas []string
			if err := tx.Raw("SELECT DISTINCT sha256 FROM attachments WHERE owner_type = 'request' AND owner_id IN "+in, args...).Scan(&shas).Error; err != nil {
				return err
			}
			if err := tx.Exec("DELETE FROM request_verifications WHERE request_id IN "+in, args...).Error; err != nil {
				return err
			}
			if err := tx.Exec("DELETE FROM attachments WHERE owner_type = 'request' AND owner_id IN "+in, args...).Error; err != nil {
				return err
			}
			// The files' content goes with the rows, unless something else links it.
			if err := deleteUnlinkedBlobs(tx, shas); err != nil {
				return err
			}
			if err := tx.Exec("DELETE FROM request_text WHERE docid IN "+in, args...).Error; err != nil {
				return err
			}
			if err := tx.Exec("DELETE FROM requests WHERE id IN "+in, args...).Error; err != nil {
				return err
			}
		}
		refs := make([]string, len(items))
		for i, it := range items {
			refs[i] = it.Reference
		}
		return s.appendAudit(tx, "request", "retention", "purge", nil, map[string]any{"asOf": asOf, "count": len(refs), "references": refs})
	})
	if err != nil {
		return backend.PurgePreview{}, err
	}
	return out, nil
}
