package storage

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"privacydesk/backend"
)

// The letters kept as evidence and the practice's edited letter templates. Making a
// letter (its data, template and PDF) is backend/correspondence's; storage keeps the
// rows: a letter's bytes never change once written, nor does a saved template version.

type letterRow struct {
	ID              int64 `gorm:"primaryKey"`
	RequestID       int64
	VendorTaskID    *int64
	VendorName      string
	Kind            string
	TemplateName    string
	TemplateVersion int
	Recipient       string
	Pages           int
	Size            int
	SHA256          string `gorm:"column:sha256"`
	PDF             []byte `gorm:"column:pdf"`
	CreatedBy       string
	CreatedAt       string
	// The sending, read from letter_sendings by the list queries (never written here).
	SentOn         *string `gorm:"->;-:migration"`
	SentMethod     *string `gorm:"->;-:migration"`
	SentBy         *string `gorm:"->;-:migration"`
	SentRecordedAt *string `gorm:"->;-:migration"`
}

func (letterRow) TableName() string { return "letters" }

// letterSendingRow maps letter_sendings (migration 0011): written once per letter.
type letterSendingRow struct {
	ID         int64 `gorm:"primaryKey"`
	LetterID   int64
	SentOn     backend.Date
	Method     string
	SentBy     string
	RecordedAt string
}

func (letterSendingRow) TableName() string { return "letter_sendings" }

type letterTemplateRow struct {
	ID        int64 `gorm:"primaryKey"`
	Kind      string
	Name      string
	NameKey   string
	Version   int
	Body      string
	CreatedBy string
	CreatedAt string
}

func (letterTemplateRow) TableName() string { return "letter_templates" }

// eventLetter is the timeline kind of a letter made for a request.
const eventLetter backend.EventKind = "letter"

// CreateLetter keeps a letter made for the request l.RequestRef: the PDF in l.PDF with
// its SHA-256 and size (computed here), the kind, template name and version, recipient,
// page count and, for a direction letter, the vendor and its task; who and when come
// from the store. The row, a timeline entry and the audit event are written in one
// transaction. A kept letter never changes: keeping again makes a new one. The answer
// carries the PDF.
func (s *Store) CreateLetter(l backend.Letter) (backend.Letter, error) {
	if !l.Kind.Valid() {
		_, err := backend.ParseLetterKind("kind", string(l.Kind))
		return backend.Letter{}, err
	}
	if len(l.PDF) == 0 {
		return backend.Letter{}, backend.Invalid("pdf", "A letter needs its PDF.")
	}
	var out backend.Letter
	err := s.db.Transaction(func(tx *gorm.DB) error {
		row, err := s.insertLetter(tx, l)
		if err != nil {
			return err
		}
		out = row.letter(strings.TrimSpace(l.RequestRef))
		pages := "1 page"
		if out.Pages != 1 {
			pages = fmt.Sprintf("%d pages", out.Pages)
		}
		summary := fmt.Sprintf("Letter made: %s to %s (template %s, version %d; %s; SHA-256 %s…)",
			out.Title, out.Recipient, out.TemplateName, out.TemplateVersion, pages, out.SHA256[:12])
		if err := s.addRequestEvent(tx, row.RequestID, backend.RequestEvent{Kind: eventLetter, Summary: summary}); err != nil {
			return err
		}
		return s.appendAudit(tx, "letter", out.RequestRef, "create", nil, out)
	})
	if err != nil {
		return backend.Letter{}, err
	}
	out.PDF = l.PDF
	return out, nil
}

// insertLetter writes the row of letter l (its SHA-256 and size computed here, who and
// when from the store) for the request l.RequestRef, inside tx.
func (s *Store) insertLetter(tx *gorm.DB, l backend.Letter) (letterRow, error) {
	ref := strings.TrimSpace(l.RequestRef)
	sum := sha256.Sum256(l.PDF)
	row := letterRow{
		Kind: string(l.Kind), VendorName: l.VendorName, TemplateName: l.TemplateName, TemplateVersion: l.TemplateVersion,
		Recipient: l.Recipient, Pages: l.Pages, Size: len(l.PDF), SHA256: hex.EncodeToString(sum[:]), PDF: l.PDF,
		CreatedBy: s.actorName(), CreatedAt: timeText(s.Now()),
	}
	if l.VendorTaskID != 0 {
		id := l.VendorTaskID
		row.VendorTaskID = &id
	}
	res := tx.Raw("SELECT id FROM requests WHERE reference = ?", ref).Scan(&row.RequestID)
	if res.Error != nil {
		return row, res.Error
	}
	if res.RowsAffected == 0 {
		return row, notFound(ref)
	}
	return row, tx.Create(&row).Error
}

func (r *letterRow) letter(ref string) backend.Letter {
	l := backend.Letter{ID: r.ID, RequestRef: ref, VendorName: r.VendorName, Kind: backend.LetterKind(r.Kind),
		Title: backend.LetterKind(r.Kind).Info().Title, TemplateName: r.TemplateName, TemplateVersion: r.TemplateVersion,
		Recipient: r.Recipient, Pages: r.Pages, Size: r.Size, SHA256: r.SHA256, CreatedBy: r.CreatedBy,
		CreatedAt: parseTime(r.CreatedAt)}
	if r.VendorTaskID != nil {
		l.VendorTaskID = *r.VendorTaskID
	}
	if r.SentOn != nil && r.SentMethod != nil {
		on, _ := backend.ParseDate((*r.SentOn)[:min(len(*r.SentOn), 10)])
		l.Sent = &backend.LetterSent{On: on, Method: backend.SendMethod(*r.SentMethod)}
		if r.SentBy != nil {
			l.Sent.By = *r.SentBy
		}
		if r.SentRecordedAt != nil {
			l.Sent.RecordedAt = parseTime(*r.SentRecordedAt)
		}
	}
	return l
}

// responseSent reports whether a response letter of the request is recorded as sent.
func responseSent(db *gorm.DB, requestID int64) (bool, error) {
	kinds := make([]string, len(backend.ResponseLetterKinds))
	for i, k := range backend.ResponseLetterKinds {
		kinds[i] = string(k)
	}
	var n int64
	err := db.Raw(`SELECT count(*) FROM letters l JOIN letter_sendings s ON s.letter_id = l.id
		WHERE l.request_id = ? AND l.kind IN ?`, requestID, kinds).Scan(&n).Error
	return n > 0, err
}

// MarkLetterSent records that letter id went out: the day (in, or today), how, and who
// recorded it, with a timeline entry and the audit event in one transaction. A letter's
// sending is recorded once: recording it again is refused, naming when it was sent.
func (s *Store) MarkLetterSent(id int64, in backend.LetterSentInput) (backend.Letter, error) {
	var out backend.Letter
	err := s.db.Transaction(func(tx *gorm.DB) error {
		var rows []letterRow
		if err := tx.Raw("SELECT "+listColumns+sentColumns+" FROM letters l"+sentJoin+" WHERE l.id = ?", id).Scan(&rows).Error; err != nil {
			return err
		}
		if len(rows) == 0 {
			return backend.Errorf(backend.ENOTFOUND, "There is no letter %d.", id)
		}
		var ref string
		if err := tx.Raw("SELECT reference FROM requests WHERE id = ?", rows[0].RequestID).Scan(&ref).Error; err != nil {
			return err
		}
		l := rows[0].letter(ref)
		if l.Sent != nil {
			return backend.Errorf(backend.ECONFLICT, "Letter %d was already recorded as sent by %s on %s; a sending is recorded once.", id, strings.ToLower(l.Sent.Method.Label()), l.Sent.On.Long())
		}
		_, loc, err := practiceZone(tx)
		if err != nil {
			return err
		}
		now := s.Now()
		on, err := in.Validate(backend.DateOf(l.CreatedAt, loc), backend.DateOf(now, loc))
		if err != nil {
			return err
		}
		row := letterSendingRow{LetterID: id, SentOn: on, Method: string(in.Method), SentBy: s.actorName(), RecordedAt: timeText(now)}
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		l.Sent = &backend.LetterSent{On: on, Method: in.Method, By: row.SentBy, RecordedAt: now}
		summary := fmt.Sprintf("Letter sent: %s to %s, by %s on %s (letter #%d)", l.Title, l.Recipient, strings.ToLower(in.Method.Label()), on.Long(), l.ID)
		if err := s.addRequestEvent(tx, rows[0].RequestID, backend.RequestEvent{Kind: eventLetter, Summary: summary}); err != nil {
			return err
		}
		out = l
		return s.appendAudit(tx, "letter", ref, "sent", nil, l)
	})
	return out, err
}

// listColumns are the letter columns but the PDF: lists never read the bytes.
const listColumns = "l.id, l.request_id, l.vendor_task_id, l.vendor_name, l.kind, l.template_name, l.template_version, l.recipient, l.pages, l.size, l.sha256, l.created_by, l.created_at"

// sentColumns and sentJoin add a letter's sending to a list query.
const (
	sentColumns = ", s.sent_on AS sent_on, s.method AS sent_method, s.sent_by AS sent_by, s.recorded_at AS sent_recorded_at"
	sentJoin    = " LEFT JOIN letter_sendings s ON s.letter_id = l.id"
)

// ListLetters returns the letters kept for a request, oldest first, without their PDFs.
func (s *Store) ListLetters(ref string) ([]backend.Letter, error) {
	var id int64
	res := s.db.Raw("SELECT id FROM requests WHERE reference = ?", strings.TrimSpace(ref)).Scan(&id)
	if res.Error != nil {
		return nil, res.Error
	}
	if res.RowsAffected == 0 {
		return nil, notFound(ref)
	}
	var rows []letterRow
	if err := s.db.Raw("SELECT "+listColumns+sentColumns+" FROM letters l"+sentJoin+" WHERE l.request_id = ? ORDER BY l.id", id).Scan(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]backend.Letter, len(rows))
	for i := range rows {
		out[i] = rows[i].letter(strings.TrimSpace(ref))
	}
	return out, nil
}

// ListAllLetters returns the letters kept for every request, newest first, without
// their PDFs.
func (s *Store) ListAllLetters(f backend.LetterFilter) ([]backend.Letter, error) {
	if f.Kind != "" {
		if _, err := backend.ParseLetterKind("kind", string(f.Kind)); err != nil {
			return nil, err
		}
	}
	if f.Limit <= 0 {
		f.Limit = 500
	}
	if f.Limit > backend.MaxLetterList {
		f.Limit = backend.MaxLetterList
	}
	q := "SELECT " + listColumns + sentColumns + " FROM letters l JOIN requests r ON r.id = l.request_id" + sentJoin + " WHERE 1 = 1"
	var args []any
	if f.Kind != "" {
		q += " AND l.kind = ?"
		args = append(args, string(f.Kind))
	}
	if search := strings.TrimSpace(f.Search); search != "" {
		// LIKE's wildcards in the search are plain characters.
		like := "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(strings.ToLower(search)) + "%"
		q += ` AND (lower(r.reference) LIKE ? ESCAPE '\' OR lower(l.recipient) LIKE ? ESCAPE '\' OR lower(l.vendor_name) LIKE ? ESCAPE '\')`
		args = append(args, like, like, like)
	}
	q += " ORDER BY l.id DESC LIMIT ?"
	args = append(args, f.Limit)
	var rows []letterRow
	if err := s.db.Raw(q, args...).Scan(&rows).Error; err != nil {
		return nil, err
	}
	refs := map[int64]string{}
	var ids []int64
	for _, r := range rows {
		if _, ok := refs[r.RequestID]; !ok {
			refs[r.RequestID] = ""
			ids = append(ids, r.RequestID)
		}
	}
	if len(ids) > 0 {
		var found []struct {
			ID        int64
			Reference string
		}
		if err := s.db.Raw("SELECT id, reference FROM requests WHERE id IN ?", ids).Scan(&found).Error; err != nil {
			return nil, err
		}
		for _, f := range found {
			refs[f.ID] = f.Reference
		}
	}
	out := make([]backend.Letter, len(rows))
	for i := range rows {
		out[i] = rows[i].letter(refs[rows[i].RequestID])
	}
	return out, nil
}

// GetLetter returns one letter with its PDF, after checking the bytes still match the
// SHA-256 recorded when it was made.
func (s *Store) GetLetter(id int64) (backend.Letter, error) {
	var row letterRow
	err := s.db.First(&row, id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return backend.Letter{}, backend.Errorf(backend.ENOTFOUND, "There is no letter %d.", id)
	}
	if err != nil {
		return backend.Letter{}, err
	}
	var ref string
	if err := s.db.Raw("SELECT reference FROM requests WHERE id = ?", row.RequestID).Scan(&ref).Error; err != nil {
		return backend.Letter{}, err
	}
	sum := sha256.Sum256(row.PDF)
	if hex.EncodeToString(sum[:]) != row.SHA256 || len(row.PDF) != row.Size {
		return backend.Letter{}, backend.Errorf(backend.ECONFLICT, "Letter %d of %s no longer matches the SHA-256 recorded when it was made: the database was changed outside Privacy Desk. Restore it from a backup.", id, ref)
	}
	var sent []letterSendingRow
	if err := s.db.Where("letter_id = ?", id).Find(&sent).Error; err != nil {
		return backend.Letter{}, err
	}
	l := row.letter(ref)
	if len(sent) == 1 {
		l.Sent = &backend.LetterSent{On: sent[0].SentOn, Method: backend.SendMethod(sent[0].Method), By: sent[0].SentBy, RecordedAt: parseTime(sent[0].RecordedAt)}
	}
	l.PDF = row.PDF
	return l, nil
}

// SaveTemplate stores t as the next version of its name (the first save is version 1;
// t.Version is ignored), with the audit event, in one transaction. Saved versions never
// change. The caller has validated the body (backend/correspondence does); storage
// checks only what a row needs: a known kind and a name.
func (s *Store) SaveTemplate(t backend.LetterTemplate) (backend.SavedLetterTemplate, error) {
	if _, err := backend.ParseLetterKind("kind", string(t.Kind)); err != nil {
		return backend.SavedLetterTemplate{}, err
	}
	t.Name = strings.TrimSpace(t.Name)
	if err := backend.ValidateText("name", t.Name, 100, true); err != nil {
		return backend.SavedLetterTemplate{}, err
	}
	var out backend.SavedLetterTemplate
	err := s.db.Transaction(func(tx *gorm.DB) error {
		var last int
		if err := tx.Raw("SELECT COALESCE(MAX(version), 0) FROM letter_templates WHERE kind = ? AND name_key = ?",
			string(t.Kind), backend.NameKey(t.Name)).Scan(&last).Error; err != nil {
			return err
		}
		t.Version = last + 1
		row := letterTemplateRow{Kind: string(t.Kind), Name: t.Name, NameKey: backend.NameKey(t.Name), Version: t.Version,
			Body: t.Body, CreatedBy: s.actorName(), CreatedAt: timeText(s.Now())}
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		out = row.saved()
		return s.appendAudit(tx, "letter-template", string(t.Kind)+"/"+t.Name, "create", nil, out)
	})
	return out, err
}

func (r *letterTemplateRow) saved() backend.SavedLetterTemplate {
	return backend.SavedLetterTemplate{LetterTemplate: backend.LetterTemplate{Kind: backend.LetterKind(r.Kind), Name: r.Name,
		Version: r.Version, Body: r.Body}, CreatedBy: r.CreatedBy, CreatedAt: parseTime(r.CreatedAt)}
}

// ListSavedTemplates returns the latest version of each of the practice's templates of
// kind (every kind when ""), by kind then name.
func (s *Store) ListSavedTemplates(kind backend.LetterKind) ([]backend.SavedLetterTemplate, error) {
	if kind != "" {
		if _, err := backend.ParseLetterKind("kind", string(kind)); err != nil {
			return nil, err
		}
	}
	var rows []letterTemplateRow
	q := s.db.Raw(`SELECT t.* FROM letter_templates t
		WHERE t.version = (SELECT MAX(version) FROM letter_templates u WHERE u.kind = t.kind AND u.name_key = t.name_key)
		AND (? = '' OR t.kind = ?) ORDER BY t.kind, t.name_key`, string(kind), string(kind))
	if err := q.Scan(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]backend.SavedLetterTemplate, len(rows))
	for i := range rows {
		out[i] = rows[i].saved()
	}
	return out, nil
}

// GetSavedTemplate returns a saved template by kind, name (any case) and version (0: the
// latest).
func (s *Store) GetSavedTemplate(kind backend.LetterKind, name string, version int) (backend.SavedLetterTemplate, error) {
	if _, err := backend.ParseLetterKind("kind", string(kind)); err != nil {
		return backend.SavedLetterTemplate{}, err
	}
	name = strings.TrimSpace(name)
	var row letterTemplateRow
	q := s.db.Where("kind = ? AND name_key = ?", string(kind), backend.NameKey(name))
	if version > 0 {
		q = q.Where("version = ?", version)
	}
	err := q.Order("version DESC").First(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		if version > 0 {
			return backend.SavedLetterTemplate{}, backend.Errorf(backend.ENOTFOUND, "There is no version %d of the %s template %q.", version, kind, name)
		}
		return backend.SavedLetterTemplate{}, backend.Errorf(backend.ENOTFOUND, "There is no %s template named %q.", kind, name)
	}
	if err != nil {
		return backend.SavedLetterTemplate{}, err
	}
	return row.saved(), nil
}
