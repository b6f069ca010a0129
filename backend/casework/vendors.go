package casework

import (
	"context"

	"privacydesk/backend"
)

// VendorOptions returns the choices of the vendor forms, from the backend's own lists.
func VendorOptions() backend.VendorOptions {
	type o = backend.Option
	return backend.VendorOptions{
		Categories: []o{{Value: "hosting", Label: "Hosting"}, {Value: "telehealth", Label: "Telehealth"}, {Value: "monitoring", Label: "Monitoring"},
			{Value: "support", Label: "Support"}, {Value: "clearinghouse", Label: "Clearinghouse"}, {Value: "messaging", Label: "Messaging (SMS, voice)"},
			{Value: "email", Label: "Email"}, {Value: "ai", Label: "AI services"}, {Value: "payments", Label: "Payments"}, {Value: "other", Label: "Other"}},
		PHIAccess: []o{{Value: "none", Label: "None"}, {Value: "limited", Label: "Limited"}, {Value: "full", Label: "Full"}},
		BAAStatuses: []o{{Value: "signed", Label: "Signed"}, {Value: "pending", Label: "Pending"}, {Value: "not-required", Label: "Not required"},
			{Value: "expired", Label: "Expired"}, {Value: "terminated", Label: "Terminated"}},
		BAAExemptions: []o{{Value: "payment-processing", Label: "Payment processing only (HIPAA section 1179)"},
			{Value: "conduit", Label: "Conduit: only transmits, no routine access"}, {Value: "no-phi", Label: "No PHI"}, {Value: "other", Label: "Other (explain)"}},
		Dispositions: []o{{Value: "returned", Label: "Returned"}, {Value: "destroyed", Label: "Destroyed"},
			{Value: "infeasible", Label: "Return infeasible: protections extended"}},
		NotifyMethods: []o{{Value: "email", Label: "Email"}, {Value: "portal", Label: "Vendor portal or ticket"}, {Value: "letter", Label: "Letter"},
			{Value: "phone", Label: "Phone"}, {Value: "api", Label: "API"}, {Value: "other", Label: "Other"}},
		Clauses:        backend.BAAClauses,
		DataCategories: backend.DataCategoryInfos,
		PassedOnRights: backend.PassedOnRights,
	}
}

func nonNilAlerts(a []backend.VendorAlert) []backend.VendorAlert {
	if a == nil {
		return []backend.VendorAlert{}
	}
	return a
}

// Vendors returns the vendors matching f, each with the alerts it raises on the
// practice's today.
func (s *Service) Vendors(ctx context.Context, f backend.VendorFilter) ([]backend.VendorEntry, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	vendors, err := s.st.ListVendors(f)
	if err != nil {
		return nil, err
	}
	today, err := s.st.Today()
	if err != nil {
		return nil, err
	}
	out := make([]backend.VendorEntry, len(vendors))
	for i, v := range vendors {
		out[i] = backend.VendorEntry{Vendor: v, Alerts: nonNilAlerts(backend.VendorAlerts(v, today))}
	}
	return out, nil
}

// VendorByName returns the vendor called name (case-insensitively).
func (s *Service) VendorByName(ctx context.Context, name string) (backend.Vendor, error) {
	if err := alive(ctx); err != nil {
		return backend.Vendor{}, err
	}
	return s.st.GetVendorByName(name)
}

// Vendor returns the vendor with id, its alerts, history, tasks and files.
func (s *Service) Vendor(ctx context.Context, id int64) (backend.VendorDetail, error) {
	if err := alive(ctx); err != nil {
		return backend.VendorDetail{}, err
	}
	var d backend.VendorDetail
	var err error
	if d.Vendor, err = s.st.GetVendor(id); err != nil {
		return backend.VendorDetail{}, err
	}
	today, err := s.st.Today()
	if err != nil {
		return backend.VendorDetail{}, err
	}
	d.Alerts = nonNilAlerts(backend.VendorAlerts(d.Vendor, today))
	events, err := s.st.VendorHistory(id)
	if err != nil {
		return backend.VendorDetail{}, err
	}
	d.History = vendorHistory(events)
	if d.Tasks, err = s.st.ListVendorTasksOfVendor(id); err != nil {
		return backend.VendorDetail{}, err
	}
	if d.Attachments, err = s.st.VendorAttachments(id); err != nil {
		return backend.VendorDetail{}, err
	}
	return d, nil
}

// VendorRecord returns the vendor with id as stored.
func (s *Service) VendorRecord(ctx context.Context, id int64) (backend.Vendor, error) {
	if err := alive(ctx); err != nil {
		return backend.Vendor{}, err
	}
	return s.st.GetVendor(id)
}

// CreateVendor adds a vendor; a validation error names its field.
func (s *Service) CreateVendor(ctx context.Context, v backend.Vendor) (backend.Vendor, error) {
	if err := alive(ctx); err != nil {
		return backend.Vendor{}, err
	}
	return s.st.CreateVendor(v)
}

// UpdateVendor saves a vendor (all fields but the BAA document).
func (s *Service) UpdateVendor(ctx context.Context, v backend.Vendor) (backend.Vendor, error) {
	if err := alive(ctx); err != nil {
		return backend.Vendor{}, err
	}
	return s.st.UpdateVendor(v)
}

// DeleteVendor removes a vendor that no request was passed on to.
func (s *Service) DeleteVendor(ctx context.Context, id int64) error {
	if err := alive(ctx); err != nil {
		return err
	}
	return s.st.DeleteVendor(id)
}

// SaveChecklist records the BAA checklist answers of vendor id.
func (s *Service) SaveChecklist(ctx context.Context, id int64, items []backend.ChecklistItem) (backend.Vendor, error) {
	if err := alive(ctx); err != nil {
		return backend.Vendor{}, err
	}
	return s.st.SaveVendorChecklist(id, items)
}

// MarkChecklistAllPresent answers every BAA clause of vendor id "present, per the
// signed agreement"; each stays editable.
func (s *Service) MarkChecklistAllPresent(ctx context.Context, id int64) (backend.Vendor, error) {
	if err := alive(ctx); err != nil {
		return backend.Vendor{}, err
	}
	return s.st.MarkVendorChecklistAllPresent(id)
}

// VendorAlerts returns every vendor alert on the practice's today, most severe first.
func (s *Service) VendorAlerts(ctx context.Context) ([]backend.VendorAlert, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	a, err := s.st.VendorAlertsToday()
	if err != nil {
		return nil, err
	}
	return nonNilAlerts(a), nil
}

// AttachBAA attaches the file at path as the signed BAA of vendor id.
func (s *Service) AttachBAA(ctx context.Context, id int64, path string) (backend.Vendor, error) {
	if err := alive(ctx); err != nil {
		return backend.Vendor{}, err
	}
	return s.st.AttachVendorBAA(id, path)
}

// RemoveBAA unlinks the signed BAA document of vendor id (the file stays in its history).
func (s *Service) RemoveBAA(ctx context.Context, id int64) (backend.Vendor, error) {
	if err := alive(ctx); err != nil {
		return backend.Vendor{}, err
	}
	return s.st.RemoveVendorBAA(id)
}

// DataMap returns the practice's data map, every category in the policy table's order.
func (s *Service) DataMap(ctx context.Context) ([]backend.DataCategory, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	return s.st.ListDataMap()
}

// SaveDataMap saves the given rows and returns the whole map.
func (s *Service) SaveDataMap(ctx context.Context, rows []backend.DataCategory) ([]backend.DataCategory, error) {
	if err := alive(ctx); err != nil {
		return nil, err
	}
	return s.st.SaveDataMap(rows)
}

// VendorTasks returns the vendor-task panel of the request ref.
func (s *Service) VendorTasks(ctx context.Context, ref string) (backend.RequestVendorTasks, error) {
	if err := alive(ctx); err != nil {
		return backend.RequestVendorTasks{}, err
	}
	return s.st.ListVendorTasks(ref)
}

// ProposeVendorTasks proposes a task for every vendor holding the data the request affects.
func (s *Service) ProposeVendorTasks(ctx context.Context, ref string) (backend.RequestVendorTasks, error) {
	if err := alive(ctx); err != nil {
		return backend.RequestVendorTasks{}, err
	}
	return s.st.ProposeVendorTasks(ref)
}

// AddVendorTask adds a task for vendorID to the request.
func (s *Service) AddVendorTask(ctx context.Context, ref string, vendorID int64) (backend.VendorTask, error) {
	if err := alive(ctx); err != nil {
		return backend.VendorTask{}, err
	}
	return s.st.AddVendorTask(ref, vendorID)
}

// RemoveVendorTask removes a task nobody acted on yet.
func (s *Service) RemoveVendorTask(ctx context.Context, id int64) error {
	if err := alive(ctx); err != nil {
		return err
	}
	return s.st.RemoveVendorTask(id)
}

// UpdateVendorTask records when and how the vendor was told, its confirmation, or the waiver.
func (s *Service) UpdateVendorTask(ctx context.Context, id int64, u backend.VendorTaskUpdate) (backend.VendorTask, error) {
	if err := alive(ctx); err != nil {
		return backend.VendorTask{}, err
	}
	return s.st.UpdateVendorTask(id, u)
}

// VendorTask returns one vendor task.
func (s *Service) VendorTask(ctx context.Context, id int64) (backend.VendorTask, error) {
	if err := alive(ctx); err != nil {
		return backend.VendorTask{}, err
	}
	return s.st.GetVendorTask(id)
}

// AttachTaskConfirmation attaches the file at path as the vendor's confirmation on task id.
func (s *Service) AttachTaskConfirmation(ctx context.Context, id int64, path string) (backend.VendorTask, error) {
	if err := alive(ctx); err != nil {
		return backend.VendorTask{}, err
	}
	return s.st.AttachVendorTaskConfirmation(id, path)
}

// VendorEntryByName returns the vendor called name (case-insensitively) with the alerts
// it raises on the practice's today.
func (s *Service) VendorEntryByName(ctx context.Context, name string) (backend.VendorEntry, error) {
	v, err := s.VendorByName(ctx, name)
	if err != nil {
		return backend.VendorEntry{}, err
	}
	today, err := s.st.Today()
	if err != nil {
		return backend.VendorEntry{}, err
	}
	return backend.VendorEntry{Vendor: v, Alerts: nonNilAlerts(backend.VendorAlerts(v, today))}, nil
}
