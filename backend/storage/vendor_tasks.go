package storage

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"privacydesk/backend"
)

type vendorTaskRow struct {
	ID                       int64 `gorm:"primaryKey"`
	RequestID                int64
	VendorID                 int64
	Rights                   string
	Categories               string
	NotifiedOn               backend.Date
	NotifiedVia              string
	NotifiedNote             string
	LetterID                 *int64
	ConfirmedOn              backend.Date
	ConfirmationNote         string
	ConfirmationAttachmentID *int64
	WaivedOn                 backend.Date
	WaivedReason             string
	EarlierRounds            string
	CreatedAt                string
	UpdatedAt                string
}

func (vendorTaskRow) TableName() string { return "vendor_tasks" }

// taskRoundRow is a VendorTaskRound as the earlier_rounds column keeps it (JSON): the
// confirmation file by its attachment's id.
type taskRoundRow struct {
	Rights                   string       `json:"rights"`
	NotifiedOn               backend.Date `json:"notifiedOn"`
	NotifiedVia              string       `json:"notifiedVia"`
	NotifiedNote             string       `json:"notifiedNote"`
	LetterID                 int64        `json:"letterId"`
	ConfirmedOn              backend.Date `json:"confirmedOn"`
	ConfirmationNote         string       `json:"confirmationNote"`
	ConfirmationAttachmentID int64        `json:"confirmationAttachmentId"`
	WaivedOn                 backend.Date `json:"waivedOn"`
	WaivedReason             string       `json:"waivedReason"`
	CarriedOn                bool         `json:"carriedOn"`
	EndedAt                  time.Time    `json:"endedAt"`
}

func taskRoundsOf(s string) []taskRoundRow {
	var out []taskRoundRow
	_ = json.Unmarshal([]byte(s), &out)
	return out
}

// setTaskRow copies the task's rights, its current round and its earlier rounds onto row.
func setTaskRow(t *backend.VendorTask, row *vendorTaskRow) {
	row.Rights = taskJoin(t.Rights)
	row.NotifiedOn, row.NotifiedVia, row.NotifiedNote = t.NotifiedOn, string(t.NotifiedVia), t.NotifiedNote
	row.LetterID, row.ConfirmationAttachmentID = nil, nil
	if t.LetterID != 0 {
		id := t.LetterID
		row.LetterID = &id
	}
	if t.Confirmation != nil && t.Confirmation.AttachmentID != 0 {
		id := t.Confirmation.AttachmentID
		row.ConfirmationAttachmentID = &id
	}
	row.ConfirmedOn, row.ConfirmationNote = t.ConfirmedOn, t.ConfirmationNote
	row.WaivedOn, row.WaivedReason = t.WaivedOn, t.WaivedReason
	rounds := make([]taskRoundRow, len(t.Earlier))
	for i, r := range t.Earlier {
		rounds[i] = taskRoundRow{Rights: taskJoin(r.Rights), NotifiedOn: r.NotifiedOn, NotifiedVia: string(r.NotifiedVia),
			NotifiedNote: r.NotifiedNote, LetterID: r.LetterID, ConfirmedOn: r.ConfirmedOn, ConfirmationNote: r.ConfirmationNote,
			WaivedOn: r.WaivedOn, WaivedReason: r.WaivedReason, CarriedOn: r.CarriedOn, EndedAt: r.EndedAt}
		if r.Confirmation != nil {
			rounds[i].ConfirmationAttachmentID = r.Confirmation.AttachmentID
		}
	}
	b, _ := json.Marshal(rounds)
	row.EarlierRounds = string(b)
}

// taskRequest is what vendor tasks need to know of a request.
type taskRequest struct {
	ID        int64
	Reference string
	Status    backend.Status
	Rights    []backend.Right // passed-on rights not denied
}

// requestForTasks reads the request with reference ref (or id when ref is "").
func requestForTasks(tx *gorm.DB, ref string, id int64) (taskRequest, error) {
	var r struct {
		ID        int64
		Reference string
		Status    string
	}
	q := tx.Table("requests").Select("id, reference, status")
	if ref != "" {
		q = q.Where("reference = ?", strings.ToUpper(strings.TrimSpace(ref)))
	} else {
		q = q.Where("id = ?", id)
	}
	res := q.Limit(1).Find(&r)
	if res.Error != nil {
		return taskRequest{}, res.Error
	}
	if res.RowsAffected == 0 {
		if ref == "" {
			ref = fmt.Sprint(id)
		}
		return taskRequest{}, backend.Errorf(backend.ENOTFOUND, "Request %s does not exist.", ref)
	}
	var rights []struct {
		RightCode string
		Outcome   string
	}
	if err := tx.Table("request_rights").Select("right_code, outcome").Where("request_id = ?", r.ID).
		Order("position, id").Find(&rights).Error; err != nil {
		return taskRequest{}, err
	}
	var asked []backend.Right
	for _, rr := range rights {
		// A denied deletion is not passed on: there is nothing to direct the vendor to do.
		if backend.Outcome(rr.Outcome) != backend.OutcomeDenied {
			asked = append(asked, backend.Right(rr.RightCode))
		}
	}
	return taskRequest{ID: r.ID, Reference: r.Reference, Status: backend.Status(r.Status), Rights: backend.RightsToPassOn(asked)}, nil
}

func taskJoin[T ~string](xs []T) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = string(x)
	}
	return strings.Join(s, ",")
}

func taskSplit[T ~string](s string) []T {
	out := []T{}
	for _, x := range strings.Split(s, ",") {
		if x != "" {
			out = append(out, T(x))
		}
	}
	return out
}

// loadVendorTasks reads the tasks matching where, with vendor names and files.
func loadVendorTasks(tx *gorm.DB, where string, args ...any) ([]backend.VendorTask, error) {
	var rows []vendorTaskRow
	err := tx.Table("vendor_tasks t").Select("t.*").
		Joins("JOIN vendors v ON v.id = t.vendor_id").
		Where(where, args...).Order("v.name_key, t.id").Find(&rows).Error
	if err != nil {
		return nil, err
	}
	names := map[int64]string{}
	refs := map[int64]string{}
	for _, r := range rows {
		names[r.VendorID], refs[r.RequestID] = "", ""
	}
	var vs []vendorRow
	if err := tx.Select("id, name").Where("id IN ?", vendorMapKeys(names)).Find(&vs).Error; err != nil {
		return nil, err
	}
	for _, v := range vs {
		names[v.ID] = v.Name
	}
	var rs []struct {
		ID        int64
		Reference string
	}
	if err := tx.Table("requests").Select("id, reference").Where("id IN ?", vendorMapKeys(refs)).Find(&rs).Error; err != nil {
		return nil, err
	}
	for _, r := range rs {
		refs[r.ID] = r.Reference
	}
	fileIDs := make([]*int64, len(rows))
	rounds := make([][]taskRoundRow, len(rows))
	for i := range rows {
		fileIDs[i] = rows[i].ConfirmationAttachmentID
		rounds[i] = taskRoundsOf(rows[i].EarlierRounds)
		for _, r := range rounds[i] {
			if r.ConfirmationAttachmentID != 0 {
				id := r.ConfirmationAttachmentID
				fileIDs = append(fileIDs, &id)
			}
		}
	}
	files, err := storedFiles(tx, fileIDs)
	if err != nil {
		return nil, err
	}
	out := make([]backend.VendorTask, len(rows))
	for i, r := range rows {
		t := backend.VendorTask{ID: r.ID, RequestRef: refs[r.RequestID], VendorID: r.VendorID, VendorName: names[r.VendorID],
			Rights: taskSplit[backend.Right](r.Rights), Categories: taskSplit[backend.DataCategoryKey](r.Categories),
			NotifiedOn: r.NotifiedOn, NotifiedVia: backend.NotifyMethod(r.NotifiedVia), NotifiedNote: r.NotifiedNote,
			ConfirmedOn: r.ConfirmedOn, ConfirmationNote: r.ConfirmationNote, WaivedOn: r.WaivedOn, WaivedReason: r.WaivedReason}
		if r.LetterID != nil {
			t.LetterID = *r.LetterID
		}
		if r.ConfirmationAttachmentID != nil {
			t.Confirmation = files[*r.ConfirmationAttachmentID]
		}
		t.Earlier = []backend.VendorTaskRound{}
		for _, er := range rounds[i] {
			t.Earlier = append(t.Earlier, backend.VendorTaskRound{Rights: taskSplit[backend.Right](er.Rights), NotifiedOn: er.NotifiedOn,
				NotifiedVia: backend.NotifyMethod(er.NotifiedVia), NotifiedNote: er.NotifiedNote, LetterID: er.LetterID,
				ConfirmedOn: er.ConfirmedOn, ConfirmationNote: er.ConfirmationNote, Confirmation: files[er.ConfirmationAttachmentID],
				WaivedOn: er.WaivedOn, WaivedReason: er.WaivedReason, CarriedOn: er.CarriedOn, EndedAt: er.EndedAt})
		}
		t.CreatedAt, _ = time.Parse(time.RFC3339Nano, r.CreatedAt)
		t.UpdatedAt, _ = time.Parse(time.RFC3339Nano, r.UpdatedAt)
		t.DeriveStatus()
		out[i] = t
	}
	return out, nil
}

func getVendorTask(tx *gorm.DB, id int64) (backend.VendorTask, int64, error) {
	tasks, err := loadVendorTasks(tx, "t.id = ?", id)
	if err != nil {
		return backend.VendorTask{}, 0, err
	}
	if len(tasks) == 0 {
		return backend.VendorTask{}, 0, backend.Errorf(backend.ENOTFOUND, "Vendor task %d does not exist.", id)
	}
	var requestID int64
	if err := tx.Table("vendor_tasks").Select("request_id").Where("id = ?", id).Scan(&requestID).Error; err != nil {
		return backend.VendorTask{}, 0, err
	}
	return tasks[0], requestID, nil
}

// GetVendorTask returns the vendor task with id.
func (s *Store) GetVendorTask(id int64) (backend.VendorTask, error) {
	t, _, err := getVendorTask(s.db, id)
	return t, err
}

// ListVendorTasks returns the vendor-task panel of the request with reference ref.
func (s *Store) ListVendorTasks(ref string) (backend.RequestVendorTasks, error) {
	var out backend.RequestVendorTasks
	err := s.db.Transaction(func(tx *gorm.DB) error {
		r, err := requestForTasks(tx, ref, 0)
		if err != nil {
			return err
		}
		out, err = vendorTaskPanel(tx, r)
		return err
	})
	return out, err
}

// ListVendorTasksOfVendor returns every task of vendor id, newest first.
func (s *Store) ListVendorTasksOfVendor(id int64) ([]backend.VendorTask, error) {
	tasks, err := loadVendorTasks(s.db, "t.vendor_id = ?", id)
	if err != nil {
		return nil, err
	}
	for i, j := 0, len(tasks)-1; i < j; i, j = i+1, j-1 {
		tasks[i], tasks[j] = tasks[j], tasks[i]
	}
	return tasks, nil
}

func vendorTaskPanel(tx *gorm.DB, r taskRequest) (backend.RequestVendorTasks, error) {
	p := backend.RequestVendorTasks{RequestID: r.ID, RequestRef: r.Reference, Status: r.Status, Rights: nonNil(r.Rights)}
	at, err := proposedAt(tx, r.ID)
	if err != nil {
		return p, err
	}
	p.Proposed, p.ProposedAt = at != nil, at
	if p.Tasks, err = loadVendorTasks(tx, "t.request_id = ?", r.ID); err != nil {
		return p, err
	}
	tasked := map[int64]bool{}
	for _, t := range p.Tasks {
		tasked[t.VendorID] = true
		if t.Open() {
			p.Open++
		}
	}
	var vendors []vendorRow
	if err := tx.Select("id, name, name_key").Order("name_key").Find(&vendors).Error; err != nil {
		return p, err
	}
	p.Addable = []backend.VendorRef{}
	for _, v := range vendors {
		if !tasked[v.ID] {
			p.Addable = append(p.Addable, backend.VendorRef{ID: v.ID, Name: v.Name})
		}
	}
	if p.Missing, err = missingVendors(tx, r); err != nil {
		return p, err
	}
	return p, nil
}

// missingVendors are the vendors a proposal would now give a task that have none and
// that staff did not remove from the request (a removal is a decision; the audit trail
// keeps it): before the proposal every vendor holding the data, after it a vendor
// registered, or given a category, since.
func missingVendors(tx *gorm.DB, r taskRequest) ([]backend.VendorRef, error) {
	out := []backend.VendorRef{}
	props, err := proposals(tx, r)
	if err != nil || len(props) == 0 {
		return out, err
	}
	var tasked []int64
	if err := tx.Model(&vendorTaskRow{}).Where("request_id = ?", r.ID).Pluck("vendor_id", &tasked).Error; err != nil {
		return nil, err
	}
	var removals []string
	if err := tx.Model(&auditRow{}).Where("entity = 'vendor-task' AND entity_id = ? AND action = 'delete'", r.Reference).
		Pluck("before", &removals).Error; err != nil {
		return nil, err
	}
	skip := map[int64]bool{}
	for _, id := range tasked {
		skip[id] = true
	}
	for _, b := range removals {
		var t struct {
			VendorID int64 `json:"vendorId"`
		}
		if json.Unmarshal([]byte(b), &t) == nil {
			skip[t.VendorID] = true
		}
	}
	for _, p := range props {
		if !skip[p.Vendor.ID] {
			out = append(out, p.Vendor)
		}
	}
	return out, nil
}

func proposedAt(tx *gorm.DB, requestID int64) (*time.Time, error) {
	var at []string
	if err := tx.Table("vendor_task_proposals").Where("request_id = ?", requestID).Pluck("proposed_at", &at).Error; err != nil {
		return nil, err
	}
	if len(at) == 0 {
		return nil, nil
	}
	t, _ := time.Parse(time.RFC3339Nano, at[0])
	return &t, nil
}

// proposals computes the tasks the request calls for, from the data map and register.
func proposals(tx *gorm.DB, r taskRequest) ([]backend.VendorTaskProposal, error) {
	if len(r.Rights) == 0 {
		return nil, nil
	}
	dataMap, err := listDataMap(tx)
	if err != nil {
		return nil, err
	}
	vendors, err := listVendors(tx, backend.VendorFilter{}, backend.Date{})
	if err != nil {
		return nil, err
	}
	today, err := todayIn(tx)
	if err != nil {
		return nil, err
	}
	return backend.ProposeVendorTasks(r.Rights, dataMap, vendors, today), nil
}

// ProposeVendorTasks proposes a task for each vendor holding data the request affects
// that has none yet, and returns the panel. Proposing again after staff removed a vendor
// brings it back: that is what the button is for.
func (s *Store) ProposeVendorTasks(ref string) (backend.RequestVendorTasks, error) {
	var out backend.RequestVendorTasks
	err := s.db.Transaction(func(tx *gorm.DB) error {
		r, err := requestForTasks(tx, ref, 0)
		if err != nil {
			return err
		}
		if r.Status.Closed() {
			return backend.Errorf(backend.ECONFLICT, "%s is closed; its vendor tasks can no longer change.", r.Reference)
		}
		if len(r.Rights) == 0 {
			return backend.Errorf(backend.ECONFLICT, "%s asks for nothing that is passed on to vendors (deletion, correction, opt-out, restriction, withdrawn consent).", r.Reference)
		}
		if err := s.propose(tx, r); err != nil {
			return err
		}
		// A vendor told before a right was added gets its next round.
		if err := s.refreshTaskRights(tx, r.ID); err != nil {
			return err
		}
		out, err = vendorTaskPanel(tx, r)
		return err
	})
	return out, err
}

// propose creates the missing proposed tasks of r and records that it was proposed.
func (s *Store) propose(tx *gorm.DB, r taskRequest) error {
	props, err := proposals(tx, r)
	if err != nil {
		return err
	}
	existing, err := loadVendorTasks(tx, "t.request_id = ?", r.ID)
	if err != nil {
		return err
	}
	has := map[int64]bool{}
	for _, t := range existing {
		has[t.VendorID] = true
	}
	for _, p := range props {
		if has[p.Vendor.ID] {
			continue
		}
		if _, err := s.createTask(tx, r, p.Vendor.ID, p.Categories, "proposed"); err != nil {
			return err
		}
	}
	now := s.Now().UTC().Format(time.RFC3339Nano)
	return tx.Exec(`INSERT INTO vendor_task_proposals(request_id, proposed_at, proposed_by) VALUES (?, ?, ?)
		ON CONFLICT(request_id) DO UPDATE SET proposed_at = excluded.proposed_at, proposed_by = excluded.proposed_by`,
		r.ID, now, s.actorName()).Error
}

func (s *Store) createTask(tx *gorm.DB, r taskRequest, vendorID int64, cats []backend.DataCategoryKey, how string) (backend.VendorTask, error) {
	now := s.Now().UTC().Format(time.RFC3339Nano)
	row := vendorTaskRow{RequestID: r.ID, VendorID: vendorID, Rights: taskJoin(r.Rights), Categories: taskJoin(cats),
		EarlierRounds: "[]", CreatedAt: now, UpdatedAt: now}
	if err := tx.Create(&row).Error; err != nil {
		return backend.VendorTask{}, err
	}
	t, _, err := getVendorTask(tx, row.ID)
	if err != nil {
		return t, err
	}
	summary := fmt.Sprintf("Vendor task %s: %s is to be directed to act on %s", how, t.VendorName, rightsText(t.Rights))
	if err := s.taskEvent(tx, r.ID, summary, ""); err != nil {
		return t, err
	}
	return t, s.appendAudit(tx, "vendor-task", r.Reference, "create", nil, t)
}

// AddVendorTask adds a task for vendorID to the request with reference ref, for the
// categories of the vendor the practice collects (all of the vendor's categories when
// the map lists none of them: staff added it on purpose).
func (s *Store) AddVendorTask(ref string, vendorID int64) (backend.VendorTask, error) {
	var out backend.VendorTask
	err := s.db.Transaction(func(tx *gorm.DB) error {
		r, err := requestForTasks(tx, ref, 0)
		if err != nil {
			return err
		}
		if r.Status.Closed() {
			return backend.Errorf(backend.ECONFLICT, "%s is closed; its vendor tasks can no longer change.", r.Reference)
		}
		if len(r.Rights) == 0 {
			return backend.Errorf(backend.ECONFLICT, "%s asks for nothing that is passed on to vendors.", r.Reference)
		}
		v, err := getVendor(tx, vendorID)
		if err != nil {
			return err
		}
		var n int64
		if err := tx.Model(&vendorTaskRow{}).Where("request_id = ? AND vendor_id = ?", r.ID, vendorID).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return backend.Invalid("vendorId", "%s already has a task for %s.", v.Name, r.Reference)
		}
		cats := v.DataCategories
		if props, err := proposals(tx, r); err == nil {
			for _, p := range props {
				if p.Vendor.ID == vendorID {
					cats = p.Categories
				}
			}
		} else {
			return err
		}
		out, err = s.createTask(tx, r, vendorID, cats, "added")
		return err
	})
	return out, err
}

// RemoveVendorTask removes a task nobody acted on yet. Once the vendor was told, the task
// is proof and stays: waive it with a reason instead.
func (s *Store) RemoveVendorTask(id int64) error {
	return s.db.Transaction(func(tx *gorm.DB) error {
		t, requestID, err := getVendorTask(tx, id)
		if err != nil {
			return err
		}
		if t.Status != backend.TaskToNotify || t.LetterID != 0 || t.Confirmation != nil || len(t.Earlier) > 0 {
			return backend.Errorf(backend.ECONFLICT, "%s was already told about %s: waive the task with a reason instead of removing it.", t.VendorName, t.RequestRef)
		}
		r, err := requestForTasks(tx, "", requestID)
		if err != nil {
			return err
		}
		if r.Status.Closed() {
			return backend.Errorf(backend.ECONFLICT, "%s is closed; its vendor tasks can no longer change.", r.Reference)
		}
		if err := tx.Delete(&vendorTaskRow{}, id).Error; err != nil {
			return err
		}
		if err := s.taskEvent(tx, requestID, fmt.Sprintf("Vendor task removed: %s", t.VendorName), ""); err != nil {
			return err
		}
		return s.appendAudit(tx, "vendor-task", t.RequestRef, "delete", t, nil)
	})
}

// UpdateVendorTask records when and how the vendor was told, its confirmation, or the
// waiver, on task id.
func (s *Store) UpdateVendorTask(id int64, u backend.VendorTaskUpdate) (backend.VendorTask, error) {
	return s.changeTask(id, "update", func(tx *gorm.DB, t *backend.VendorTask, row *vendorTaskRow) (string, error) {
		today, err := todayIn(tx)
		if err != nil {
			return "", err
		}
		before := *t
		if err := u.Apply(t, today); err != nil {
			return "", err
		}
		// A closed request was closed on its tasks' confirmations and waivers: clearing
		// one would leave a completed request with a vendor never confirmed.
		if !before.Open() && t.Open() {
			r, err := requestForTasks(tx, "", row.RequestID)
			if err != nil {
				return "", err
			}
			if r.Status.Closed() {
				return "", backend.Errorf(backend.ECONFLICT, "%s is closed: the confirmation or waiver of %s's task cannot be cleared.", r.Reference, t.VendorName)
			}
		}
		row.NotifiedOn, row.NotifiedVia, row.NotifiedNote = t.NotifiedOn, string(t.NotifiedVia), t.NotifiedNote
		row.ConfirmedOn, row.ConfirmationNote = t.ConfirmedOn, t.ConfirmationNote
		row.WaivedOn, row.WaivedReason = t.WaivedOn, t.WaivedReason
		return taskChangeSummary(before, *t), nil
	})
}

// AttachVendorTaskConfirmation copies the file at src into the attachments folder and
// records it as the vendor's confirmation on task id (the proof the request reached it).
func (s *Store) AttachVendorTaskConfirmation(id int64, src string) (backend.VendorTask, error) {
	if _, err := s.GetVendorTask(id); err != nil {
		return backend.VendorTask{}, err
	}
	b, err := s.StoreBlob(src)
	if err != nil {
		return backend.VendorTask{}, err
	}
	t, err := s.changeTask(id, "attach-confirmation", func(tx *gorm.DB, t *backend.VendorTask, row *vendorTaskRow) (string, error) {
		a, err := s.insertAttachment(tx, "vendor-task", id, "vendor confirmation", b)
		if err != nil {
			return "", err
		}
		t.Confirmation = backend.StoredFileOf(a)
		row.ConfirmationAttachmentID = &a.ID
		return fmt.Sprintf("Vendor task %s: confirmation attached: %s (%s)", t.VendorName, a.OriginalName, humanSize(a.Size)), nil
	})
	if err != nil {
		s.forgetBlob(b)
	}
	return t, err
}

// SetVendorTaskLetter links the direction letter sent to the vendor (the letters area
// calls it when it writes the letter); 0 unlinks.
func (s *Store) SetVendorTaskLetter(id, letterID int64) (backend.VendorTask, error) {
	return s.changeTask(id, "letter", func(_ *gorm.DB, t *backend.VendorTask, row *vendorTaskRow) (string, error) {
		t.LetterID = letterID
		row.LetterID = nil
		if letterID != 0 {
			row.LetterID = &letterID
			return fmt.Sprintf("Direction letter to %s linked", t.VendorName), nil
		}
		return fmt.Sprintf("Direction letter to %s unlinked", t.VendorName), nil
	})
}

// changeTask applies change to task id in one transaction, with the request's timeline
// entry and the audit event. change returns the timeline summary ("" for none).
func (s *Store) changeTask(id int64, action string, change func(tx *gorm.DB, t *backend.VendorTask, row *vendorTaskRow) (string, error)) (backend.VendorTask, error) {
	var out backend.VendorTask
	err := s.db.Transaction(func(tx *gorm.DB) error {
		var err error
		out, err = s.changeTaskIn(tx, id, action, change)
		return err
	})
	return out, err
}

// changeTaskIn is changeTask inside the transaction tx.
func (s *Store) changeTaskIn(tx *gorm.DB, id int64, action string, change func(tx *gorm.DB, t *backend.VendorTask, row *vendorTaskRow) (string, error)) (backend.VendorTask, error) {
	before, requestID, err := getVendorTask(tx, id)
	if err != nil {
		return backend.VendorTask{}, err
	}
	var row vendorTaskRow
	if err := tx.First(&row, id).Error; err != nil {
		return backend.VendorTask{}, err
	}
	t := before
	summary, err := change(tx, &t, &row)
	if err != nil {
		return backend.VendorTask{}, err
	}
	row.UpdatedAt = s.Now().UTC().Format(time.RFC3339Nano)
	if err := tx.Save(&row).Error; err != nil {
		return backend.VendorTask{}, err
	}
	out, _, err := getVendorTask(tx, id)
	if err != nil {
		return out, err
	}
	if summary != "" {
		if err := s.taskEvent(tx, requestID, summary, ""); err != nil {
			return out, err
		}
	}
	return out, s.appendAudit(tx, "vendor-task", out.RequestRef, action, before, out)
}

func taskChangeSummary(b, a backend.VendorTask) string {
	var parts []string
	if !a.NotifiedOn.Equal(b.NotifiedOn) || a.NotifiedVia != b.NotifiedVia {
		if a.NotifiedOn.IsZero() {
			parts = append(parts, "notification cleared")
		} else {
			parts = append(parts, fmt.Sprintf("told on %s by %s", a.NotifiedOn.Long(), a.NotifiedVia))
		}
	}
	if !a.ConfirmedOn.Equal(b.ConfirmedOn) {
		if a.ConfirmedOn.IsZero() {
			parts = append(parts, "confirmation cleared")
		} else {
			parts = append(parts, fmt.Sprintf("confirmed on %s", a.ConfirmedOn.Long()))
		}
	}
	if a.WaivedReason != b.WaivedReason {
		if a.WaivedReason == "" {
			parts = append(parts, "waiver withdrawn")
		} else {
			parts = append(parts, "waived: "+a.WaivedReason)
		}
	}
	if len(parts) == 0 {
		if a.NotifiedNote != b.NotifiedNote || a.ConfirmationNote != b.ConfirmationNote {
			parts = append(parts, "notes updated")
		} else {
			return ""
		}
	}
	return fmt.Sprintf("Vendor task %s: %s", a.VendorName, strings.Join(parts, "; "))
}

func rightsText(rights []backend.Right) string {
	s := make([]string, len(rights))
	for i, r := range rights {
		s[i] = strings.ToLower(r.Label())
	}
	return strings.Join(s, ", ")
}

// taskEvent adds an entry to the request's timeline.
func (s *Store) taskEvent(tx *gorm.DB, requestID int64, summary, note string) error {
	return s.addRequestEvent(tx, requestID, backend.RequestEvent{Kind: backend.EventVendorTask, Summary: summary, Note: note})
}

func countVendorTasks(tx *gorm.DB, vendorID int64) (int64, error) {
	var n int64
	err := tx.Model(&vendorTaskRow{}).Where("vendor_id = ?", vendorID).Count(&n).Error
	return n, err
}

// todayIn is the calendar date now in the practice's time zone, by the store's clock
// (Open hands it to GORM as NowFunc), so hooks without the Store see the same day.
func todayIn(tx *gorm.DB) (backend.Date, error) {
	_, loc, err := practiceZone(tx)
	if err != nil {
		return backend.Date{}, err
	}
	return backend.DateOf(tx.Config.NowFunc(), loc), nil
}

func init() { OpenVendorTasks = openVendorTaskCount }

// openVendorTaskCount is the request workflow's OpenVendorTasks hook, read before a
// request is closed: the tasks neither confirmed nor waived, and the vendors holding the
// data that have no task (missingVendors: all of them while the tasks were never
// proposed, and any that came to hold the data since), so a deletion cannot be closed
// without reaching the vendors.
func openVendorTaskCount(tx *gorm.DB, requestID int64, _ string) (int, error) {
	var n int64
	if err := tx.Model(&vendorTaskRow{}).Where("request_id = ? AND confirmed_on IS NULL AND waived_reason = ''", requestID).
		Count(&n).Error; err != nil {
		return 0, err
	}
	r, err := requestForTasks(tx, "", requestID)
	if err != nil || r.Status.Closed() {
		return int(n), err
	}
	missing, err := missingVendors(tx, r)
	if err != nil {
		return 0, err
	}
	told, err := tasksMissingRights(tx, r)
	if err != nil {
		return 0, err
	}
	return int(n) + len(missing) + told, nil
}

// refreshTaskRights brings the tasks of a request up to the rights it now passes on (a
// right added, or one denied, after the proposal), by backend.VendorTask.FollowRights: a
// round nobody acted on yet (the vendor not told, no direction letter, neither confirmed
// nor waived) directs the rights still to pass on, and the direction letter names them;
// a vendor already told keeps what it was told, and a right added since starts a new
// round of its task, told and confirmed on its own, the earlier round kept with its
// confirmation.
func (s *Store) refreshTaskRights(tx *gorm.DB, requestID int64) error {
	r, err := requestForTasks(tx, "", requestID)
	if err != nil || r.Status.Closed() || len(r.Rights) == 0 {
		return err
	}
	tasks, err := loadVendorTasks(tx, "t.request_id = ?", requestID)
	if err != nil {
		return err
	}
	now := s.Now()
	for _, task := range tasks {
		if probe := task; probe.FollowRights(r.Rights, now) == backend.RightsUnchanged {
			continue
		}
		_, err := s.changeTaskIn(tx, task.ID, "rights", func(_ *gorm.DB, t *backend.VendorTask, row *vendorTaskRow) (string, error) {
			before := *t
			change := t.FollowRights(r.Rights, now)
			setTaskRow(t, row)
			return taskRightsSummary(before, *t, change), nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// taskRightsSummary is the timeline entry of a task's rights changed from b to a.
func taskRightsSummary(b, a backend.VendorTask, change backend.TaskRightsChange) string {
	switch change {
	case backend.RightsNewRound:
		if b.Open() {
			return fmt.Sprintf("Vendor task %s: to be directed again, now to act on %s (its direction about %s is kept, not yet confirmed)",
				a.VendorName, rightsText(a.Rights), rightsText(b.Rights))
		}
		return fmt.Sprintf("Vendor task %s: also to be directed to act on %s (its %s about %s is kept)",
			a.VendorName, rightsText(a.Rights), string(b.Status), rightsText(b.Rights))
	case backend.RightsRoundRestored:
		return fmt.Sprintf("Vendor task %s: no longer to be directed to act on %s; back to its direction about %s",
			a.VendorName, rightsText(rightsNotIn(b.Rights, a.Rights)), rightsText(a.Rights))
	}
	return fmt.Sprintf("Vendor task %s: now to be directed to act on %s", a.VendorName, rightsText(a.Rights))
}

func rightsNotIn(a, b []backend.Right) []backend.Right {
	var out []backend.Right
	for _, r := range a {
		if !slices.Contains(b, r) {
			out = append(out, r)
		}
	}
	return out
}

// tasksMissingRights counts the tasks of request r whose vendor was told but not about
// every right the request now passes on: refreshTaskRights starts their next round when
// the rights change, so only a task left from before that rule has one.
func tasksMissingRights(tx *gorm.DB, r taskRequest) (int, error) {
	if len(r.Rights) == 0 {
		return 0, nil
	}
	tasks, err := loadVendorTasks(tx, "t.request_id = ?", r.ID)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, t := range tasks {
		if t.FollowRights(r.Rights, time.Time{}) == backend.RightsNewRound {
			n++
		}
	}
	return n, nil
}

// passOnToVendors is the hook the request workflow calls, inside its transaction, after
// a request changed status: when work starts on a request that must be passed on, the
// vendor tasks are proposed (once).
func (s *Store) passOnToVendors(tx *gorm.DB, requestID int64, to backend.Status) error {
	if to != backend.StatusInProgress && to != backend.StatusExtended {
		return nil
	}
	at, err := proposedAt(tx, requestID)
	if err != nil || at != nil {
		return err
	}
	r, err := requestForTasks(tx, "", requestID)
	if err != nil || len(r.Rights) == 0 {
		return err
	}
	return s.propose(tx, r)
}

func vendorMapKeys(m map[int64]string) []int64 {
	out := make([]int64, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
