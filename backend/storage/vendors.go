package storage

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"privacydesk/backend"
)

type vendorRow struct {
	ID              int64 `gorm:"primaryKey"`
	Name            string
	NameKey         string
	Services        string
	Category        string
	ContactName     string
	ContactEmail    string
	ContactPhone    string
	Website         string
	PostalAddress   string
	PHIAccess       string `gorm:"column:phi_access"`
	Hosting         string
	Subcontractors  string
	BAAStatus       string       `gorm:"column:baa_status"`
	BAAReason       string       `gorm:"column:baa_reason"`
	BAAReasonNote   string       `gorm:"column:baa_reason_note"`
	BAASignedOn     backend.Date `gorm:"column:baa_signed_on"`
	BAAEffectiveOn  backend.Date `gorm:"column:baa_effective_on"`
	BAAExpiresOn    backend.Date `gorm:"column:baa_expires_on"`
	PriorBAAEndsOn  backend.Date `gorm:"column:prior_baa_ends_on"`
	NextReviewOn    backend.Date
	BAAAttachmentID *int64 `gorm:"column:baa_attachment_id"`
	Checklist       string
	TerminatedOn    backend.Date
	PHIDisposition  string       `gorm:"column:phi_disposition"`
	PHIConfirmedOn  backend.Date `gorm:"column:phi_confirmed_on"`
	Notes           string
	CreatedAt       string
	UpdatedAt       string
}

func (vendorRow) TableName() string { return "vendors" }

type vendorCategoryRow struct {
	VendorID int64  `gorm:"primaryKey"`
	Category string `gorm:"primaryKey"`
}

func (vendorCategoryRow) TableName() string { return "vendor_data_categories" }

func vendorToRow(v *backend.Vendor) vendorRow {
	checklist, _ := json.Marshal(nonNil(v.Checklist))
	r := vendorRow{ID: v.ID, Name: v.Name, NameKey: backend.NameKey(v.Name), Services: v.Services,
		Category: string(v.Category), ContactName: v.ContactName, ContactEmail: v.ContactEmail,
		ContactPhone: v.ContactPhone, Website: v.Website, PostalAddress: v.Address, PHIAccess: string(v.PHIAccess), Hosting: v.Hosting,
		Subcontractors: v.Subcontractors, BAAStatus: string(v.BAAStatus), BAAReason: string(v.BAAReason),
		BAAReasonNote: v.BAAReasonNote, BAASignedOn: v.BAASignedOn, BAAEffectiveOn: v.BAAEffective,
		BAAExpiresOn: v.BAAExpiresOn, PriorBAAEndsOn: v.PriorBAAEndsOn, NextReviewOn: v.NextReviewOn, Checklist: string(checklist),
		TerminatedOn: v.TerminatedOn, PHIDisposition: string(v.PHIDisposition), PHIConfirmedOn: v.PHIConfirmedOn,
		Notes: v.Notes, CreatedAt: v.CreatedAt.UTC().Format(time.RFC3339Nano), UpdatedAt: v.UpdatedAt.UTC().Format(time.RFC3339Nano)}
	if f := v.BAADocument; f != nil && f.AttachmentID != 0 {
		id := f.AttachmentID
		r.BAAAttachmentID = &id
	}
	return r
}

func (r *vendorRow) vendor(categories []backend.DataCategoryKey, files map[int64]*backend.StoredFile) backend.Vendor {
	v := backend.Vendor{ID: r.ID, Name: r.Name, Services: r.Services, Category: backend.VendorCategory(r.Category),
		ContactName: r.ContactName, ContactEmail: r.ContactEmail, ContactPhone: r.ContactPhone, Website: r.Website,
		Address: r.PostalAddress, PHIAccess: backend.PHIAccess(r.PHIAccess), DataCategories: nonNil(categories), Hosting: r.Hosting,
		Subcontractors: r.Subcontractors, BAAStatus: backend.BAAStatus(r.BAAStatus), BAAReason: backend.BAAExemption(r.BAAReason),
		BAAReasonNote: r.BAAReasonNote, BAASignedOn: r.BAASignedOn, BAAEffective: r.BAAEffectiveOn,
		BAAExpiresOn: r.BAAExpiresOn, PriorBAAEndsOn: r.PriorBAAEndsOn, NextReviewOn: r.NextReviewOn, TerminatedOn: r.TerminatedOn,
		PHIDisposition: backend.PHIDisposition(r.PHIDisposition), PHIConfirmedOn: r.PHIConfirmedOn, Notes: r.Notes}
	_ = json.Unmarshal([]byte(r.Checklist), &v.Checklist)
	// Always one row per clause, even for a vendor stored before a clause was added.
	if c, err := backend.NormaliseChecklist(v.Checklist); err == nil {
		v.Checklist = c
	}
	if r.BAAAttachmentID != nil {
		v.BAADocument = files[*r.BAAAttachmentID]
		v.BAADocumentNotPDF = v.BAADocument != nil && !v.BAADocument.IsPDF()
	}
	v.CreatedAt, _ = time.Parse(time.RFC3339Nano, r.CreatedAt)
	v.UpdatedAt, _ = time.Parse(time.RFC3339Nano, r.UpdatedAt)
	return v
}

// vendorCategories returns each vendor's data categories, keyed by vendor id.
func vendorCategories(tx *gorm.DB, ids []int64) (map[int64][]backend.DataCategoryKey, error) {
	out := map[int64][]backend.DataCategoryKey{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []vendorCategoryRow
	if err := tx.Where("vendor_id IN ?", ids).Find(&rows).Error; err != nil {
		return nil, err
	}
	for _, r := range rows {
		out[r.VendorID] = append(out[r.VendorID], backend.DataCategoryKey(r.Category))
	}
	for id, keys := range out {
		out[id] = sortKeys(keys)
	}
	return out, nil
}

// storedFiles reads the attachments with the given ids (nil ids are skipped).
func storedFiles(tx *gorm.DB, ids []*int64) (map[int64]*backend.StoredFile, error) {
	out := map[int64]*backend.StoredFile{}
	var want []int64
	for _, id := range ids {
		if id != nil {
			want = append(want, *id)
		}
	}
	if len(want) == 0 {
		return out, nil
	}
	var rows []struct {
		ID           int64
		OriginalName string
		MIMEType     string `gorm:"column:mime_type"`
		Size         int64
		SHA256       string `gorm:"column:sha256"`
		AddedAt      string
		AddedBy      string
	}
	if err := tx.Table("attachments").Where("id IN ?", want).Find(&rows).Error; err != nil {
		return nil, err
	}
	for _, r := range rows {
		at, _ := time.Parse(time.RFC3339Nano, r.AddedAt)
		out[r.ID] = backend.StoredFileOf(backend.Attachment{ID: r.ID, OriginalName: r.OriginalName, MIMEType: r.MIMEType,
			Size: r.Size, SHA256: r.SHA256, AddedAt: at, AddedBy: r.AddedBy})
	}
	return out, nil
}

// sortKeys puts keys in the data map's order.
func sortKeys(keys []backend.DataCategoryKey) []backend.DataCategoryKey {
	var out []backend.DataCategoryKey
	for _, c := range backend.DataCategoryInfos {
		for _, k := range keys {
			if k == c.Key {
				out = append(out, k)
				break
			}
		}
	}
	return out
}

func getVendor(tx *gorm.DB, id int64) (backend.Vendor, error) {
	var r vendorRow
	res := tx.Limit(1).Find(&r, id)
	if res.Error != nil {
		return backend.Vendor{}, res.Error
	}
	if res.RowsAffected == 0 {
		return backend.Vendor{}, backend.Errorf(backend.ENOTFOUND, "Vendor %d does not exist.", id)
	}
	cats, err := vendorCategories(tx, []int64{id})
	if err != nil {
		return backend.Vendor{}, err
	}
	files, err := storedFiles(tx, []*int64{r.BAAAttachmentID})
	if err != nil {
		return backend.Vendor{}, err
	}
	return r.vendor(cats[id], files), nil
}

// GetVendor returns the vendor with id.
func (s *Store) GetVendor(id int64) (backend.Vendor, error) { return getVendor(s.db, id) }

// GetVendorByName returns the vendor called name, whatever its case.
func (s *Store) GetVendorByName(name string) (backend.Vendor, error) {
	var r vendorRow
	res := s.db.Where("name_key = ?", backend.NameKey(name)).Limit(1).Find(&r)
	if res.Error != nil {
		return backend.Vendor{}, res.Error
	}
	if res.RowsAffected == 0 {
		return backend.Vendor{}, backend.Errorf(backend.ENOTFOUND, "No vendor is called %q.", strings.TrimSpace(name))
	}
	return s.GetVendor(r.ID)
}

// ListVendors returns the vendors matching f, by name. The status "expired" also
// matches a BAA recorded as signed whose expiry date has passed on the practice's today,
// as its alert says.
func (s *Store) ListVendors(f backend.VendorFilter) ([]backend.Vendor, error) {
	var today backend.Date
	if f.BAAStatus == string(backend.BAAExpired) {
		var err error
		if today, err = s.Today(); err != nil {
			return nil, err
		}
	}
	return listVendors(s.ro, f, today)
}

// listVendors lists the vendors matching f; today is needed only to filter on "expired".
func listVendors(tx *gorm.DB, f backend.VendorFilter, today backend.Date) ([]backend.Vendor, error) {
	q := tx.Model(&vendorRow{})
	if f.Search != "" {
		like := "%" + escapeLike(strings.ToLower(f.Search)) + "%"
		q = q.Where(`(name_key LIKE ? ESCAPE '\' OR lower(services) LIKE ? ESCAPE '\' OR lower(contact_name) LIKE ? ESCAPE '\' OR lower(contact_email) LIKE ? ESCAPE '\')`, like, like, like, like)
	}
	if f.Category != "" {
		q = q.Where("category = ?", f.Category)
	}
	if f.BAAStatus == string(backend.BAAExpired) {
		q = q.Where("(baa_status = ? OR (baa_status = ? AND baa_expires_on < ?))", f.BAAStatus, string(backend.BAASigned), today)
	} else if f.BAAStatus != "" {
		q = q.Where("baa_status = ?", f.BAAStatus)
	}
	if f.PHIAccess != "" {
		q = q.Where("phi_access = ?", f.PHIAccess)
	}
	var rows []vendorRow
	if err := q.Order("name_key").Find(&rows).Error; err != nil {
		return nil, err
	}
	ids := make([]int64, len(rows))
	for i := range rows {
		ids[i] = rows[i].ID
	}
	cats, err := vendorCategories(tx, ids)
	if err != nil {
		return nil, err
	}
	fileIDs := make([]*int64, len(rows))
	for i := range rows {
		fileIDs[i] = rows[i].BAAAttachmentID
	}
	files, err := storedFiles(tx, fileIDs)
	if err != nil {
		return nil, err
	}
	out := make([]backend.Vendor, len(rows))
	for i := range rows {
		out[i] = rows[i].vendor(cats[rows[i].ID], files)
	}
	return out, nil
}

// checkVendorName refuses a name another vendor already has, in any case.
func checkVendorName(tx *gorm.DB, v *backend.Vendor) error {
	var other vendorRow
	res := tx.Where("name_key = ? AND id <> ?", backend.NameKey(v.Name), v.ID).Limit(1).Find(&other)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected > 0 {
		return backend.Invalid("name", "A vendor named %q is already in the register.", other.Name)
	}
	return nil
}

func saveVendorCategories(tx *gorm.DB, v *backend.Vendor) error {
	if err := tx.Where("vendor_id = ?", v.ID).Delete(&vendorCategoryRow{}).Error; err != nil {
		return err
	}
	for _, k := range v.DataCategories {
		if err := tx.Create(&vendorCategoryRow{VendorID: v.ID, Category: string(k)}).Error; err != nil {
			return err
		}
	}
	return nil
}

// CreateVendor validates v and adds it to the register.
func (s *Store) CreateVendor(v backend.Vendor) (backend.Vendor, error) {
	v.ID = 0
	v.BAADocument, v.BAADocumentNotPDF = nil, false // attached separately, with its file
	if err := v.Validate(); err != nil {
		return backend.Vendor{}, err
	}
	now := s.Now().UTC()
	v.CreatedAt, v.UpdatedAt = now, now
	err := s.db.Transaction(func(tx *gorm.DB) error {
		if err := checkVendorName(tx, &v); err != nil {
			return err
		}
		r := vendorToRow(&v)
		var err error
		if r.ID, err = newVendorID(tx); err != nil {
			return err
		}
		if err := tx.Create(&r).Error; err != nil {
			return translateVendorErr(err, v.Name)
		}
		v.ID = r.ID
		if err := saveVendorCategories(tx, &v); err != nil {
			return err
		}
		return s.appendAudit(tx, "vendor", v.Name, "create", nil, v)
	})
	if err != nil {
		return backend.Vendor{}, err
	}
	return v, nil
}

// CreateVendors adds vendors to the register in one transaction, or none: each is
// validated and gets its "create" audit event, and one "import" event names the file
// they came from (source). A name already in the register refuses them all, the error
// naming the vendor.
func (s *Store) CreateVendors(vendors []backend.Vendor, source string) (int, error) {
	now := s.Now().UTC()
	err := s.db.Transaction(func(tx *gorm.DB) error {
		for i := range vendors {
			v := &vendors[i]
			v.ID = 0
			v.BAADocument, v.BAADocumentNotPDF = nil, false
			if err := v.Validate(); err != nil {
				return fmt.Errorf("%s: %w", v.Name, err)
			}
			v.CreatedAt, v.UpdatedAt = now, now
			if err := checkVendorName(tx, v); err != nil {
				return fmt.Errorf("%s: %w", v.Name, err)
			}
			r := vendorToRow(v)
			var err error
			if r.ID, err = newVendorID(tx); err != nil {
				return err
			}
			if err := tx.Create(&r).Error; err != nil {
				return translateVendorErr(err, v.Name)
			}
			v.ID = r.ID
			if err := saveVendorCategories(tx, v); err != nil {
				return err
			}
			if err := s.appendAudit(tx, "vendor", v.Name, "create", nil, v); err != nil {
				return err
			}
		}
		return s.appendAudit(tx, "import", source, "import", nil, map[string]any{"kind": "vendors",
			"file": source, "count": len(vendors)})
	})
	if err != nil {
		return 0, err
	}
	return len(vendors), nil
}

// UpdateVendor validates v and replaces the stored vendor with the same id. The BAA
// document is kept: it changes only through AttachVendorBAA and RemoveVendorBAA.
func (s *Store) UpdateVendor(v backend.Vendor) (backend.Vendor, error) {
	if err := v.Validate(); err != nil {
		return backend.Vendor{}, err
	}
	err := s.db.Transaction(func(tx *gorm.DB) error {
		before, err := getVendor(tx, v.ID)
		if err != nil {
			return err
		}
		if err := checkVendorName(tx, &v); err != nil {
			return err
		}
		today, err := todayIn(tx)
		if err != nil {
			return err
		}
		v.KeepPriorBAA(before, today)
		v.BAADocument, v.BAADocumentNotPDF = before.BAADocument, before.BAADocumentNotPDF
		v.CreatedAt, v.UpdatedAt = before.CreatedAt, s.Now().UTC()
		r := vendorToRow(&v)
		if err := tx.Save(&r).Error; err != nil {
			return translateVendorErr(err, v.Name)
		}
		if err := saveVendorCategories(tx, &v); err != nil {
			return err
		}
		return s.appendAudit(tx, "vendor", v.Name, "update", before, v)
	})
	if err != nil {
		return backend.Vendor{}, err
	}
	return v, nil
}

// SaveVendorChecklist records the answers of the BAA checklist of vendor id.
func (s *Store) SaveVendorChecklist(id int64, items []backend.ChecklistItem) (backend.Vendor, error) {
	return s.changeVendor(id, "checklist", func(_ *gorm.DB, v *backend.Vendor) error {
		c, err := backend.NormaliseChecklist(items)
		v.Checklist = c
		return err
	})
}

// MarkVendorChecklistAllPresent answers every clause of the BAA checklist of vendor id
// "present, per the signed agreement" in one step (backend.ChecklistAllPresent). Only a
// vendor recorded with a signed BAA can: the answer is about that agreement.
func (s *Store) MarkVendorChecklistAllPresent(id int64) (backend.Vendor, error) {
	return s.changeVendor(id, "checklist-all-present", func(_ *gorm.DB, v *backend.Vendor) error {
		if v.BAAStatus != backend.BAASigned {
			return backend.Errorf(backend.ECONFLICT, "%s has no signed BAA recorded: set the BAA status to Signed and save before answering the checklist from the agreement.", v.Name)
		}
		v.Checklist = backend.ChecklistAllPresent(v.Checklist)
		return nil
	})
}

// AttachVendorBAA copies the file at src into the attachments folder (content-addressed,
// like request attachments) and records it as the signed BAA of vendor id. A file that
// is not a PDF by its content is kept but flagged (Vendor.BAADocumentNotPDF). The
// previous document stays among the vendor's attachments; the audit names both hashes.
func (s *Store) AttachVendorBAA(id int64, src string) (backend.Vendor, error) {
	if _, err := s.GetVendor(id); err != nil {
		return backend.Vendor{}, err
	}
	b, err := s.StoreBlob(src)
	if err != nil {
		return backend.Vendor{}, err
	}
	v, err := s.changeVendor(id, "attach-baa", func(tx *gorm.DB, v *backend.Vendor) error {
		a, err := s.insertAttachment(tx, "vendor", id, "signed BAA", b)
		if err != nil {
			return err
		}
		v.BAADocument = backend.StoredFileOf(a)
		v.BAADocumentNotPDF = !v.BAADocument.IsPDF()
		return nil
	})
	if err != nil {
		s.forgetBlob(b)
	}
	return v, err
}

// RemoveVendorBAA unlinks the signed BAA document of vendor id. The file stays among the
// vendor's attachments: the audit trail names its hash.
func (s *Store) RemoveVendorBAA(id int64) (backend.Vendor, error) {
	return s.changeVendor(id, "remove-baa", func(_ *gorm.DB, v *backend.Vendor) error {
		if v.BAADocument == nil {
			return backend.Errorf(backend.ECONFLICT, "%s has no BAA document attached.", v.Name)
		}
		v.BAADocument, v.BAADocumentNotPDF = nil, false
		return nil
	})
}

// VendorAttachments lists every file ever attached to vendor id (signed BAAs, current
// and replaced), oldest first.
func (s *Store) VendorAttachments(id int64) ([]backend.Attachment, error) {
	if _, err := s.GetVendor(id); err != nil {
		return nil, err
	}
	return listAttachments(s.db, "vendor", id)
}

// changeVendor applies change to vendor id in one transaction with its audit event.
func (s *Store) changeVendor(id int64, action string, change func(tx *gorm.DB, v *backend.Vendor) error) (backend.Vendor, error) {
	var after backend.Vendor
	err := s.db.Transaction(func(tx *gorm.DB) error {
		before, err := getVendor(tx, id)
		if err != nil {
			return err
		}
		after = before
		after.Checklist = append([]backend.ChecklistItem(nil), before.Checklist...)
		if err := change(tx, &after); err != nil {
			return err
		}
		after.UpdatedAt = s.Now().UTC()
		r := vendorToRow(&after)
		if err := tx.Save(&r).Error; err != nil {
			return err
		}
		return s.appendAudit(tx, "vendor", after.Name, action, before, after)
	})
	if err != nil {
		return backend.Vendor{}, err
	}
	return after, nil
}

// DeleteVendor removes vendor id from the register. A vendor that requests were passed
// on to stays: those tasks are the proof the request reached it; terminate it instead.
// The deletion leaves the vendor's tombstone (buryVendor), from which the calendar export
// cancels the events it published for the vendor.
func (s *Store) DeleteVendor(id int64) error {
	return s.db.Transaction(func(tx *gorm.DB) error {
		before, err := getVendor(tx, id)
		if err != nil {
			return err
		}
		n, err := countVendorTasks(tx, id)
		if err != nil {
			return err
		}
		if n > 0 {
			tasks := fmt.Sprintf("%d request tasks record", n)
			if n == 1 {
				tasks = "1 request task records"
			}
			return backend.Errorf(backend.ECONFLICT, "%s cannot be deleted: %s what it was told. Mark its BAA terminated instead.", before.Name, tasks)
		}
		if err := tx.Delete(&vendorRow{}, id).Error; err != nil {
			return err
		}
		today, err := todayIn(tx)
		if err != nil {
			return err
		}
		if err := buryVendor(tx, &before, s.Now(), today); err != nil {
			return err
		}
		return s.appendAudit(tx, "vendor", before.Name, "delete", before, nil)
	})
}

// VendorHistory returns the audit events of vendor id, newest first: its own changes
// (under every name it has had) and the requests passed on to it.
func (s *Store) VendorHistory(id int64) ([]backend.AuditEvent, error) {
	// LIKE narrows the events to those that may name the vendor (SQLCipher's SQLite has
	// no JSON functions); vendorOf reads the id from each one's JSON to be sure.
	idLike, vendorLike := fmt.Sprintf(`%%"id":%d%%`, id), fmt.Sprintf(`%%"vendorId":%d%%`, id)
	var rows []auditRow
	err := s.db.Where(`(entity = 'vendor' AND (after LIKE ? OR before LIKE ?))
		OR (entity = 'vendor-task' AND (after LIKE ? OR before LIKE ?))`, idLike, idLike, vendorLike, vendorLike).
		Order("seq DESC").Find(&rows).Error
	if err != nil {
		return nil, err
	}
	out := []backend.AuditEvent{}
	for i := range rows {
		if vendorOf(rows[i]) == id {
			out = append(out, rows[i].event())
			if len(out) == 1000 {
				break
			}
		}
	}
	return out, nil
}

// vendorOf is the vendor an audit event of a vendor or a vendor task is about: the id
// (or vendorId) of its after state, or of its before state when it has none; 0 if neither.
func vendorOf(r auditRow) int64 {
	state := r.After
	if state == "" {
		state = r.Before
	}
	var v struct {
		ID       int64 `json:"id"`
		VendorID int64 `json:"vendorId"`
	}
	if json.Unmarshal([]byte(state), &v) != nil {
		return 0
	}
	if r.Entity == "vendor-task" {
		return v.VendorID
	}
	return v.ID
}

// VendorAlerts returns the alerts of every vendor on today, most severe first (for the
// vendor list and the dashboard).
func (s *Store) VendorAlerts(today backend.Date) ([]backend.VendorAlert, error) {
	vendors, err := s.ListVendors(backend.VendorFilter{})
	if err != nil {
		return nil, err
	}
	out := []backend.VendorAlert{}
	for _, v := range vendors {
		out = append(out, backend.VendorAlerts(v, today)...)
	}
	backend.SortVendorAlerts(out)
	return out, nil
}

// VendorAlertsToday is VendorAlerts on the current date in the practice's time zone.
func (s *Store) VendorAlertsToday() ([]backend.VendorAlert, error) {
	today, err := s.Today()
	if err != nil {
		return nil, err
	}
	return s.VendorAlerts(today)
}

func (s *Store) actorName() string {
	if s.Actor.Staff != "" {
		return s.Actor.Staff
	}
	return s.Actor.OSUser
}

// translateVendorErr turns the unique index's refusal (two writers racing past
// checkVendorName) into the same field error.
func translateVendorErr(err error, name string) error {
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return backend.Invalid("name", "A vendor named %q is already in the register.", name)
	}
	return err
}
