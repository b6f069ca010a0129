package main

import (
	"context"
	"os"
	"path/filepath"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"privacydesk/backend"
)

// VendorService is the vendor register, the data map, and requests passed on to vendors.
type VendorService struct{ d *desk }

func (s *VendorService) startup(_ context.Context, d *desk) { s.d = d }

// VendorEntry is one row of the vendor list: the vendor and the alerts it raises today.
type VendorEntry struct {
	Vendor backend.Vendor        `json:"vendor"`
	Alerts []backend.VendorAlert `json:"alerts"`
}

// VendorDetail is everything the vendor screen shows.
type VendorDetail struct {
	Vendor      backend.Vendor        `json:"vendor"`
	Alerts      []backend.VendorAlert `json:"alerts"`
	History     []backend.AuditEvent  `json:"history"`     // newest first
	Tasks       []backend.VendorTask  `json:"tasks"`       // requests passed on to it, newest first
	Attachments []backend.Attachment  `json:"attachments"` // every BAA file ever attached
}

// Label is an identifier with its name for people.
type Label struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

// VendorOptions are the choices the vendor forms offer, from the backend's own lists.
type VendorOptions struct {
	Categories     []Label                    `json:"categories"`
	PHIAccess      []Label                    `json:"phiAccess"`
	BAAStatuses    []Label                    `json:"baaStatuses"`
	BAAExemptions  []Label                    `json:"baaExemptions"`
	Dispositions   []Label                    `json:"dispositions"`
	NotifyMethods  []Label                    `json:"notifyMethods"`
	Clauses        []backend.BAAClause        `json:"clauses"`
	DataCategories []backend.DataCategoryInfo `json:"dataCategories"`
	PassedOnRights []backend.Right            `json:"passedOnRights"`
}

// Options returns the choices of the vendor forms.
func (s *VendorService) Options() VendorOptions {
	return VendorOptions{
		Categories: []Label{{"hosting", "Hosting"}, {"telehealth", "Telehealth"}, {"monitoring", "Monitoring"}, {"support", "Support"},
			{"clearinghouse", "Clearinghouse"}, {"messaging", "Messaging (SMS, voice)"}, {"email", "Email"}, {"ai", "AI services"},
			{"payments", "Payments"}, {"other", "Other"}},
		PHIAccess:   []Label{{"none", "None"}, {"limited", "Limited"}, {"full", "Full"}},
		BAAStatuses: []Label{{"signed", "Signed"}, {"pending", "Pending"}, {"not-required", "Not required"}, {"expired", "Expired"}, {"terminated", "Terminated"}},
		BAAExemptions: []Label{{"payment-processing", "Payment processing only (HIPAA section 1179)"},
			{"conduit", "Conduit: only transmits, no routine access"}, {"no-phi", "No PHI"}, {"other", "Other (explain)"}},
		Dispositions:   []Label{{"returned", "Returned"}, {"destroyed", "Destroyed"}, {"infeasible", "Return infeasible: protections extended"}},
		NotifyMethods:  []Label{{"email", "Email"}, {"portal", "Vendor portal or ticket"}, {"letter", "Letter"}, {"phone", "Phone"}, {"api", "API"}, {"other", "Other"}},
		Clauses:        backend.BAAClauses,
		DataCategories: backend.DataCategoryInfos,
		PassedOnRights: backend.PassedOnRights,
	}
}

// List returns the vendors matching f, each with today's alerts.
func (s *VendorService) List(f backend.VendorFilter) ([]VendorEntry, error) {
	st, err := s.d.open()
	if err != nil {
		return nil, toUI(err)
	}
	vendors, err := st.ListVendors(f)
	if err != nil {
		return nil, toUI(err)
	}
	today, err := st.Today()
	if err != nil {
		return nil, toUI(err)
	}
	out := make([]VendorEntry, len(vendors))
	for i, v := range vendors {
		out[i] = VendorEntry{Vendor: v, Alerts: nonNilAlerts(backend.VendorAlerts(v, today))}
	}
	return out, nil
}

func nonNilAlerts(a []backend.VendorAlert) []backend.VendorAlert {
	if a == nil {
		return []backend.VendorAlert{}
	}
	return a
}

// Get returns the vendor with id, its alerts, history, tasks and files.
func (s *VendorService) Get(id int64) (VendorDetail, error) {
	st, err := s.d.open()
	if err != nil {
		return VendorDetail{}, toUI(err)
	}
	var d VendorDetail
	if d.Vendor, err = st.GetVendor(id); err != nil {
		return VendorDetail{}, toUI(err)
	}
	today, err := st.Today()
	if err != nil {
		return VendorDetail{}, toUI(err)
	}
	d.Alerts = nonNilAlerts(backend.VendorAlerts(d.Vendor, today))
	if d.History, err = st.VendorHistory(id); err != nil {
		return VendorDetail{}, toUI(err)
	}
	if d.Tasks, err = st.ListVendorTasksOfVendor(id); err != nil {
		return VendorDetail{}, toUI(err)
	}
	if d.Attachments, err = st.VendorAttachments(id); err != nil {
		return VendorDetail{}, toUI(err)
	}
	return d, nil
}

// Create adds a vendor; a validation error names its field.
func (s *VendorService) Create(v backend.Vendor) (backend.Vendor, error) {
	st, err := s.d.open()
	if err != nil {
		return backend.Vendor{}, toUI(err)
	}
	return wrap(st.CreateVendor(v))
}

// Update saves a vendor (all fields but the BAA document); a validation error names its field.
func (s *VendorService) Update(v backend.Vendor) (backend.Vendor, error) {
	st, err := s.d.open()
	if err != nil {
		return backend.Vendor{}, toUI(err)
	}
	return wrap(st.UpdateVendor(v))
}

// Delete removes a vendor that no request was passed on to.
func (s *VendorService) Delete(id int64) error {
	st, err := s.d.open()
	if err != nil {
		return toUI(err)
	}
	return toUI(st.DeleteVendor(id))
}

// SaveChecklist records the BAA checklist answers of vendor id.
func (s *VendorService) SaveChecklist(id int64, items []backend.ChecklistItem) (backend.Vendor, error) {
	st, err := s.d.open()
	if err != nil {
		return backend.Vendor{}, toUI(err)
	}
	return wrap(st.SaveVendorChecklist(id, items))
}

// Alerts returns every vendor alert for today, most severe first.
func (s *VendorService) Alerts() ([]backend.VendorAlert, error) {
	st, err := s.d.open()
	if err != nil {
		return nil, toUI(err)
	}
	return wrap(st.VendorAlertsToday())
}

// AttachBAA asks for the signed BAA in the native file dialog and attaches it to vendor
// id. Cancelling the dialog changes nothing and returns the vendor as it is.
func (s *VendorService) AttachBAA(id int64) (backend.Vendor, error) {
	st, err := s.d.open()
	if err != nil {
		return backend.Vendor{}, toUI(err)
	}
	path, err := runtime.OpenFileDialog(s.d.ctx, runtime.OpenDialogOptions{Title: "Attach the signed BAA",
		Filters: []runtime.FileFilter{{DisplayName: "PDF documents (*.pdf)", Pattern: "*.pdf"}, {DisplayName: "All files", Pattern: "*"}}})
	if err != nil {
		return backend.Vendor{}, toUI(err)
	}
	if path == "" {
		return wrap(st.GetVendor(id))
	}
	return wrap(st.AttachVendorBAA(id, path))
}

// AttachBAAFile attaches the file at path as the signed BAA of vendor id (drag and drop,
// and the end-to-end tests, which cannot drive a native dialog).
func (s *VendorService) AttachBAAFile(id int64, path string) (backend.Vendor, error) {
	st, err := s.d.open()
	if err != nil {
		return backend.Vendor{}, toUI(err)
	}
	return wrap(st.AttachVendorBAA(id, path))
}

// RemoveBAA unlinks the signed BAA document of vendor id (the file stays in its history).
func (s *VendorService) RemoveBAA(id int64) (backend.Vendor, error) {
	st, err := s.d.open()
	if err != nil {
		return backend.Vendor{}, toUI(err)
	}
	return wrap(st.RemoveVendorBAA(id))
}

// OpenFile opens a copy of an attached file (a BAA, a vendor's confirmation) with the
// system's default application.
func (s *VendorService) OpenFile(attachmentID int64) error {
	st, err := s.d.open()
	if err != nil {
		return toUI(err)
	}
	dir := filepath.Join(os.TempDir(), "privacydesk-open")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return toUI(err)
	}
	path, err := st.OpenableCopy(attachmentID, dir)
	if err != nil {
		return toUI(err)
	}
	runtime.BrowserOpenURL(s.d.ctx, "file://"+filepath.ToSlash(path))
	return nil
}

// SaveFileCopy saves a copy of an attached file where the person chooses in the native
// dialog; false when they cancelled.
func (s *VendorService) SaveFileCopy(attachmentID int64) (bool, error) {
	st, err := s.d.open()
	if err != nil {
		return false, toUI(err)
	}
	a, err := st.GetAttachment(attachmentID)
	if err != nil {
		return false, toUI(err)
	}
	dest, err := runtime.SaveFileDialog(s.d.ctx, runtime.SaveDialogOptions{Title: "Save a copy", DefaultFilename: a.OriginalName})
	if err != nil || dest == "" {
		return false, toUI(err)
	}
	return true, toUI(st.SaveAttachmentAs(attachmentID, dest))
}

// DataMap returns the practice's data map, every category in the policy table's order.
func (s *VendorService) DataMap() ([]backend.DataCategory, error) {
	st, err := s.d.open()
	if err != nil {
		return nil, toUI(err)
	}
	return wrap(st.ListDataMap())
}

// SaveDataMap saves the given rows (with the vendors receiving each) and returns the
// whole map; a validation error names its field.
func (s *VendorService) SaveDataMap(rows []backend.DataCategory) ([]backend.DataCategory, error) {
	st, err := s.d.open()
	if err != nil {
		return nil, toUI(err)
	}
	return wrap(st.SaveDataMap(rows))
}

// Tasks returns the vendor-task panel of the request with reference ref.
func (s *VendorService) Tasks(ref string) (backend.RequestVendorTasks, error) {
	st, err := s.d.open()
	if err != nil {
		return backend.RequestVendorTasks{}, toUI(err)
	}
	return wrap(st.ListVendorTasks(ref))
}

// ProposeTasks proposes a task for every vendor holding the data the request affects.
func (s *VendorService) ProposeTasks(ref string) (backend.RequestVendorTasks, error) {
	st, err := s.d.open()
	if err != nil {
		return backend.RequestVendorTasks{}, toUI(err)
	}
	return wrap(st.ProposeVendorTasks(ref))
}

// AddTask adds a task for vendorID to the request.
func (s *VendorService) AddTask(ref string, vendorID int64) (backend.VendorTask, error) {
	st, err := s.d.open()
	if err != nil {
		return backend.VendorTask{}, toUI(err)
	}
	return wrap(st.AddVendorTask(ref, vendorID))
}

// RemoveTask removes a task nobody acted on yet.
func (s *VendorService) RemoveTask(id int64) error {
	st, err := s.d.open()
	if err != nil {
		return toUI(err)
	}
	return toUI(st.RemoveVendorTask(id))
}

// UpdateTask records when and how the vendor was told, its confirmation, or the waiver.
func (s *VendorService) UpdateTask(id int64, u backend.VendorTaskUpdate) (backend.VendorTask, error) {
	st, err := s.d.open()
	if err != nil {
		return backend.VendorTask{}, toUI(err)
	}
	return wrap(st.UpdateVendorTask(id, u))
}

// AttachTaskConfirmation asks for the vendor's confirmation in the native file dialog and
// attaches it to task id; cancelling returns the task unchanged.
func (s *VendorService) AttachTaskConfirmation(id int64) (backend.VendorTask, error) {
	st, err := s.d.open()
	if err != nil {
		return backend.VendorTask{}, toUI(err)
	}
	path, err := runtime.OpenFileDialog(s.d.ctx, runtime.OpenDialogOptions{Title: "Attach the vendor's confirmation"})
	if err != nil {
		return backend.VendorTask{}, toUI(err)
	}
	if path == "" {
		return wrap(st.GetVendorTask(id))
	}
	return wrap(st.AttachVendorTaskConfirmation(id, path))
}

// AttachTaskConfirmationFile attaches the file at path as the vendor's confirmation on
// task id (drag and drop, and the end-to-end tests).
func (s *VendorService) AttachTaskConfirmationFile(id int64, path string) (backend.VendorTask, error) {
	st, err := s.d.open()
	if err != nil {
		return backend.VendorTask{}, toUI(err)
	}
	return wrap(st.AttachVendorTaskConfirmation(id, path))
}
