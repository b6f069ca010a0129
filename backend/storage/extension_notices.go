package storage

import (
	"strings"

	"gorm.io/gorm"

	"privacydesk/backend"
)

// The rows an extension's notice is checked against (backend.ExtensionNotices): the
// extended requests and the extension letters kept for them.

// extensionLetters returns the extension letters kept for the requests ids, by request
// id, oldest first, without their PDFs.
func extensionLetters(db *gorm.DB, ids []int64) (map[int64][]backend.Letter, error) {
	out := map[int64][]backend.Letter{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []letterRow
	if err := db.Raw("SELECT "+listColumns+" FROM letters l WHERE l.kind = ? AND l.request_id IN ? ORDER BY l.id",
		string(backend.LetterExtension), ids).Scan(&rows).Error; err != nil {
		return nil, err
	}
	for i := range rows {
		out[rows[i].RequestID] = append(out[rows[i].RequestID], rows[i].letter(""))
	}
	return out, nil
}

// ExtendedRequests returns the requests with an extended right that are open or were
// closed on or after closedSince, by reference, with their rights; and the extension
// letters kept for each, by request id (without their PDFs).
func (s *Store) ExtendedRequests(closedSince backend.Date) ([]backend.Request, map[int64][]backend.Letter, error) {
	db, err := s.reader()
	if err != nil {
		return nil, nil, err
	}
	rows, err := scanRequestRows(db, "SELECT "+strings.Join(requestCols, ", ")+` FROM requests
		WHERE EXISTS (SELECT 1 FROM request_rights rr WHERE rr.request_id = requests.id AND rr.extended_to IS NOT NULL)
		AND (closed_on IS NULL OR closed_on >= ?) ORDER BY ref_year, ref_seq`, closedSince)
	if err != nil {
		return nil, nil, err
	}
	reqs, err := withRights(db, rows)
	if err != nil {
		return nil, nil, err
	}
	ids := make([]int64, len(reqs))
	for i := range reqs {
		ids[i] = reqs[i].ID
	}
	letters, err := extensionLetters(s.ro, ids)
	return reqs, letters, err
}
