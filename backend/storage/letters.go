package storage

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"gorm.io/gorm"

	"privacydesk/backend"
	"privacydesk/backend/letters"
)

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
}

func (letterRow) TableName() string { return "letters" }

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

// LetterInput says which letter to make for a request.
type LetterInput struct {
	RequestRef string       `json:"requestRef"`
	Kind       letters.Kind `json:"kind"`
	// VendorName names the vendor a vendor-direction letter goes to.
	VendorName string `json:"vendorName"`
	// TemplateName picks the template: "" (or the built-in's name) for the built-in one,
	// else the latest version of the practice's copy with that name.
	TemplateName string `json:"templateName"`
	// Response says what was done, for the letters that report it (the correction made,
	// what was kept and why, the format of the copy).
	Response string `json:"response"`
	// Enclosures name the documents sent with the letter.
	Enclosures []string `json:"enclosures"`
	// Disclosures are listed by a hipaa-accounting letter (45 CFR 164.528(b)).
	Disclosures []letters.Disclosure `json:"disclosures"`
}

// letterPlan is everything needed to make and store a letter.
type letterPlan struct {
	requestID int64
	data      letters.Data
	tpl       letters.Template
	task      *backend.VendorTask
}

// LetterData builds the data a letter of in.Kind prints, from the stored request, the
// practice profile, the data map and the vendor register.
func (s *Store) LetterData(in LetterInput) (letters.Data, error) {
	p, err := s.planLetter(in)
	if err != nil {
		return letters.Data{}, err
	}
	return p.data, nil
}

func (s *Store) planLetter(in LetterInput) (*letterPlan, error) {
	kind, err := letters.ParseKind("kind", string(in.Kind))
	if err != nil {
		return nil, err
	}
	in.RequestRef = strings.TrimSpace(in.RequestRef)
	r, err := s.GetRequest(in.RequestRef)
	if err != nil {
		return nil, err
	}
	practice, loc, err := practiceZone(s.db)
	if err != nil {
		return nil, err
	}
	now := s.Now()
	plan := &letterPlan{requestID: r.ID}
	if plan.tpl, err = s.templateFor(kind, in.TemplateName); err != nil {
		return nil, err
	}
	d := letters.Data{
		Practice: practice,
		Today:    backend.DateOf(now, loc),
		Now:      now.UTC().Truncate(time.Second),
		Requester: letters.Party{Name: r.Requester.Name, Email: r.Requester.Email, Phone: r.Requester.Phone,
			Address: addressLines(r.Requester.Address)},
		Request: letters.Request{Reference: r.Reference, Regime: r.Regime, Received: r.ReceivedDate,
			Channel: strings.ToLower(r.Channel.Label()), Description: r.Description, Status: string(r.Status),
			Response: strings.TrimSpace(in.Response)},
		Enclosures:  in.Enclosures,
		Disclosures: in.Disclosures,
	}
	if r.SubmittedBy != backend.SubmittedBySelf && r.Agent.Name != "" {
		d.Agent = letters.Party{Name: r.Agent.Name, Email: r.Agent.Email, Phone: r.Agent.Phone}
	}
	for _, rr := range r.Rights {
		d.Request.Rights = append(d.Request.Rights, rr.Right)
		if rr.Outcome == backend.OutcomeGranted || rr.Outcome == backend.OutcomePartiallyGranted {
			d.Request.Granted = append(d.Request.Granted, rr.Right)
		}
	}
	d.Request.DeletionConfirmed = r.DeletionConfirmation != nil
	d.WritesToAgent = r.SubmittedBy == backend.SubmittedByGuardian || r.SubmittedBy == backend.SubmittedByPersonalRepresentative
	if kind == letters.KindHIPAAAccounting && len(d.Disclosures) == 0 {
		// The accounting lists the disclosures staff recorded on the request.
		recorded, err := listDisclosures(s.db, r.ID, r.Reference)
		if err != nil {
			return nil, err
		}
		for _, x := range recorded {
			recipient := x.Recipient
			if x.RecipientAddress != "" {
				recipient += ", " + x.RecipientAddress
			}
			d.Disclosures = append(d.Disclosures, letters.Disclosure{Date: x.DisclosedOn, Recipient: recipient,
				Description: x.Description, Purpose: x.Purpose})
		}
	}
	d.Request.DenialBasis, d.Request.DenialReason = denialOf(&r)
	d.Deadline = deadlineOf(&r, kind)

	tasks, err := s.ListVendorTasks(r.Reference)
	if err != nil {
		return nil, err
	}
	for _, t := range tasks.Tasks {
		if t.WaivedReason == "" {
			d.VendorsTold = append(d.VendorsTold, t.VendorName)
		}
	}
	sort.Strings(d.VendorsTold)

	if kind == letters.KindAccessResponse {
		cats, err := s.ListDataMap()
		if err != nil {
			return nil, err
		}
		for _, c := range cats {
			if !c.Collected {
				continue
			}
			row := letters.DataMapRow{Category: c.Label, Examples: c.Examples, Sources: c.Sources,
				Purposes: c.Purposes, Retention: c.Retention}
			if c.Disclosed {
				for _, v := range c.Vendors {
					row.DisclosedTo = append(row.DisclosedTo, v.Name)
				}
			}
			d.DataMap = append(d.DataMap, row)
		}
	}

	if name := strings.TrimSpace(in.VendorName); name != "" {
		v, err := s.GetVendorByName(name)
		if err != nil {
			return nil, err
		}
		d.Vendor = letters.Vendor{Name: v.Name, Contact: v.ContactName, Email: v.ContactEmail, Phone: v.ContactPhone,
			Address: addressLines(v.Address), Services: v.Services, ConfirmBy: confirmBy(d.Today, d.Deadline.RespondBy)}
		for i := range tasks.Tasks {
			if t := tasks.Tasks[i]; t.VendorID == v.ID && (plan.task == nil || t.ID > plan.task.ID) {
				plan.task = &tasks.Tasks[i]
			}
		}
		// The direction names what this vendor is told to do, when its task says.
		if plan.task != nil && len(plan.task.Rights) > 0 && kind == letters.KindVendorDirection {
			d.Request.Rights = append([]backend.Right(nil), plan.task.Rights...)
		}
	} else if kind == letters.KindVendorDirection {
		return nil, backend.Invalid("vendor", "Name the vendor the direction letter goes to.")
	}
	plan.data = d
	return plan, nil
}

// confirmBy is the date a vendor is asked to confirm by: ten days from today, or the
// request's due date when that comes first (the practice must answer by then).
func confirmBy(today, due backend.Date) backend.Date {
	by := today.AddDays(10)
	if !due.IsZero() && due.After(today) && due.Before(by) {
		by = due
	}
	return by
}

func addressLines(s string) []string {
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(s, "\r", ""), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// denialOf returns the reason code and explanation of the request's denied rights.
func denialOf(r *backend.Request) (basis, reason string) {
	var bases, texts []string
	var denied []backend.RequestRight
	for _, rr := range r.Rights {
		if (rr.Outcome == backend.OutcomeDenied || rr.Outcome == backend.OutcomePartiallyGranted) && rr.DenialText != "" {
			denied = append(denied, rr)
		}
	}
	for _, rr := range denied {
		b := rr.DenialReason.Label()
		if rr.DenialReason == backend.DenialExemption && rr.Exemption != "" {
			b += ": " + rr.Exemption
		}
		if !containsString(bases, b) {
			bases = append(bases, b)
		}
		t := rr.DenialText
		if len(denied) > 1 {
			t = rr.Right.Label() + ": " + t
		}
		texts = append(texts, t)
	}
	if len(bases) == 1 {
		basis = bases[0]
	}
	return basis, strings.Join(texts, "\n")
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// deadlineOf returns the dates a letter states: the due date (the earlier of the law's
// and the practice's promise, across the rights), and the extension when recorded. Once
// a request is extended, every letter but the extension notice gives the new date.
func deadlineOf(r *backend.Request, kind letters.Kind) letters.Deadline {
	var d letters.Deadline
	for _, rr := range r.Rights {
		due := rr.RespondBy
		if !rr.PromisedBy.IsZero() && (due.IsZero() || rr.PromisedBy.Before(due)) {
			due = rr.PromisedBy
		}
		if !due.IsZero() && (d.RespondBy.IsZero() || due.Before(d.RespondBy)) {
			d.RespondBy = due
		}
	}
	if r.Extension != nil {
		d.ExtendedRespondBy, d.ExtensionReason = r.Extension.NewDate, r.Extension.Reason
		if kind != letters.KindExtension {
			d.RespondBy = r.Extension.NewDate
		}
	}
	return d
}

// templateFor returns the built-in template of kind, or the latest saved version of the
// practice's copy named name.
func (s *Store) templateFor(kind letters.Kind, name string) (letters.Template, error) {
	name = strings.TrimSpace(name)
	if name == "" || strings.EqualFold(name, letters.BuiltinName) {
		return letters.Builtin(kind), nil
	}
	t, err := s.GetTemplate(kind, name, 0)
	return t.Template, err
}

// PreviewLetter makes the PDF of a letter without keeping it: the template editor's live
// preview. draft, when not nil, is the unsaved template being edited.
func (s *Store) PreviewLetter(in LetterInput, draft *letters.Template) ([]byte, error) {
	p, err := s.planLetter(in)
	if err != nil {
		return nil, err
	}
	tpl := p.tpl
	if draft != nil {
		tpl = *draft
		tpl.Kind = p.tpl.Kind
	}
	return letters.RenderBytes(tpl, p.data)
}

// CreateLetter makes a letter for a stored request and keeps it as evidence: the PDF,
// its SHA-256, the template name and version, who and when, with a timeline entry and
// an audit event in the same transaction. It never changes a letter already kept:
// issuing again makes a new one. A vendor-direction letter is linked to the vendor's
// task on the request, when there is one.
func (s *Store) CreateLetter(in LetterInput) (letters.Letter, error) {
	p, err := s.planLetter(in)
	if err != nil {
		return letters.Letter{}, err
	}
	pdf, err := letters.RenderBytes(p.tpl, p.data)
	if err != nil {
		return letters.Letter{}, err
	}
	sum := sha256.Sum256(pdf)
	row := letterRow{
		RequestID: p.requestID, Kind: string(p.tpl.Kind), TemplateName: p.tpl.Name, TemplateVersion: p.tpl.Version,
		Recipient: p.data.RecipientName(p.tpl.Kind), Pages: letters.PageCount(pdf), Size: len(pdf),
		SHA256: hex.EncodeToString(sum[:]), PDF: pdf, CreatedBy: s.actorName(),
		CreatedAt: timeText(s.Now()),
	}
	if p.tpl.Kind == letters.KindVendorDirection {
		row.VendorName = p.data.Vendor.Name
		if p.task != nil {
			row.VendorTaskID = &p.task.ID
		}
	}
	var out letters.Letter
	err = s.db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		out = row.letter(p.data.Request.Reference)
		info := p.tpl.Kind.Info()
		pages := "1 page"
		if out.Pages != 1 {
			pages = fmt.Sprintf("%d pages", out.Pages)
		}
		summary := fmt.Sprintf("Letter made: %s to %s (template %s, version %d; %s; SHA-256 %s…)",
			info.Title, out.Recipient, out.TemplateName, out.TemplateVersion, pages, out.SHA256[:12])
		if err := s.addRequestEvent(tx, p.requestID, backend.RequestEvent{Kind: eventLetter, Summary: summary}); err != nil {
			return err
		}
		return s.appendAudit(tx, "letter", out.RequestRef, "create", nil, out)
	})
	if err != nil {
		return letters.Letter{}, err
	}
	if row.VendorTaskID != nil {
		if _, err := s.SetVendorTaskLetter(*row.VendorTaskID, out.ID); err != nil {
			return out, fmt.Errorf("letter %d was kept, but linking it to the vendor task failed: %w", out.ID, err)
		}
	}
	out.PDF = pdf
	return out, nil
}

func (r *letterRow) letter(ref string) letters.Letter {
	l := letters.Letter{ID: r.ID, RequestRef: ref, VendorName: r.VendorName, Kind: letters.Kind(r.Kind),
		Title: letters.Kind(r.Kind).Info().Title, TemplateName: r.TemplateName, TemplateVersion: r.TemplateVersion,
		Recipient: r.Recipient, Pages: r.Pages, Size: r.Size, SHA256: r.SHA256, CreatedBy: r.CreatedBy,
		CreatedAt: parseTime(r.CreatedAt)}
	if r.VendorTaskID != nil {
		l.VendorTaskID = *r.VendorTaskID
	}
	return l
}

// listColumns are the letter columns but the PDF: lists never read the bytes.
const listColumns = "l.id, l.request_id, l.vendor_task_id, l.vendor_name, l.kind, l.template_name, l.template_version, l.recipient, l.pages, l.size, l.sha256, l.created_by, l.created_at"

// ListLetters returns the letters kept for a request, oldest first, without their PDFs.
func (s *Store) ListLetters(ref string) ([]letters.Letter, error) {
	var id int64
	res := s.db.Raw("SELECT id FROM requests WHERE reference = ?", strings.TrimSpace(ref)).Scan(&id)
	if res.Error != nil {
		return nil, res.Error
	}
	if res.RowsAffected == 0 {
		return nil, notFound(ref)
	}
	var rows []letterRow
	if err := s.db.Raw("SELECT "+listColumns+" FROM letters l WHERE l.request_id = ? ORDER BY l.id", id).Scan(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]letters.Letter, len(rows))
	for i := range rows {
		out[i] = rows[i].letter(strings.TrimSpace(ref))
	}
	return out, nil
}

// GetLetter returns one letter with its PDF, after checking the bytes still match the
// SHA-256 recorded when it was made.
func (s *Store) GetLetter(id int64) (letters.Letter, error) {
	var row letterRow
	err := s.db.First(&row, id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return letters.Letter{}, backend.Errorf(backend.ENOTFOUND, "There is no letter %d.", id)
	}
	if err != nil {
		return letters.Letter{}, err
	}
	var ref string
	if err := s.db.Raw("SELECT reference FROM requests WHERE id = ?", row.RequestID).Scan(&ref).Error; err != nil {
		return letters.Letter{}, err
	}
	sum := sha256.Sum256(row.PDF)
	if hex.EncodeToString(sum[:]) != row.SHA256 || len(row.PDF) != row.Size {
		return letters.Letter{}, backend.Errorf(backend.ECONFLICT, "Letter %d of %s no longer matches the SHA-256 recorded when it was made: the database was changed outside Privacy Desk. Restore it from a backup.", id, ref)
	}
	l := row.letter(ref)
	l.PDF = row.PDF
	return l, nil
}

// SaveTemplate validates an edited template and stores it as the next version of its
// name (the first save is version 1). Saved versions never change; a letter names the
// version it used. An unknown merge field is refused on "body", naming it.
func (s *Store) SaveTemplate(t letters.Template) (letters.SavedTemplate, error) {
	t.Name = strings.TrimSpace(t.Name)
	if strings.EqualFold(t.Name, letters.BuiltinName) {
		return letters.SavedTemplate{}, backend.Invalid("name", "%q is the built-in template's name; give your copy another name.", letters.BuiltinName)
	}
	t.Version = 1 // checked here; the stored version is assigned below
	if err := t.Validate(); err != nil {
		return letters.SavedTemplate{}, err
	}
	var out letters.SavedTemplate
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

func (r *letterTemplateRow) saved() letters.SavedTemplate {
	return letters.SavedTemplate{Template: letters.Template{Kind: letters.Kind(r.Kind), Name: r.Name, Version: r.Version, Body: r.Body},
		CreatedBy: r.CreatedBy, CreatedAt: parseTime(r.CreatedAt)}
}

// ListTemplates returns, for kind (every kind when ""), the built-in template and the
// latest version of each of the practice's copies.
func (s *Store) ListTemplates(kind letters.Kind) ([]letters.SavedTemplate, error) {
	if kind != "" {
		if _, err := letters.ParseKind("kind", string(kind)); err != nil {
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
	var out []letters.SavedTemplate
	for _, b := range letters.BuiltinTemplates() {
		if kind != "" && b.Kind != kind {
			continue
		}
		out = append(out, letters.SavedTemplate{Template: b, Builtin: true})
		for i := range rows {
			if rows[i].Kind == string(b.Kind) {
				out = append(out, rows[i].saved())
			}
		}
	}
	return out, nil
}

// GetTemplate returns a template by kind, name and version (0: the latest). The
// built-in template is found under its own name.
func (s *Store) GetTemplate(kind letters.Kind, name string, version int) (letters.SavedTemplate, error) {
	if _, err := letters.ParseKind("kind", string(kind)); err != nil {
		return letters.SavedTemplate{}, err
	}
	name = strings.TrimSpace(name)
	if strings.EqualFold(name, letters.BuiltinName) {
		b := letters.Builtin(kind)
		if version != 0 && version != b.Version {
			return letters.SavedTemplate{}, backend.Errorf(backend.ENOTFOUND, "The built-in %s template has no version %d (it is version %d).", kind, version, b.Version)
		}
		return letters.SavedTemplate{Template: b, Builtin: true}, nil
	}
	var row letterTemplateRow
	q := s.db.Where("kind = ? AND name_key = ?", string(kind), backend.NameKey(name))
	if version > 0 {
		q = q.Where("version = ?", version)
	}
	err := q.Order("version DESC").First(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		if version > 0 {
			return letters.SavedTemplate{}, backend.Errorf(backend.ENOTFOUND, "There is no version %d of the %s template %q.", version, kind, name)
		}
		return letters.SavedTemplate{}, backend.Errorf(backend.ENOTFOUND, "There is no %s template named %q.", kind, name)
	}
	if err != nil {
		return letters.SavedTemplate{}, err
	}
	return row.saved(), nil
}
