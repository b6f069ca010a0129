package main

import (
	"context"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"privacydesk/backend"
	"privacydesk/backend/casework"
)

// VendorService is the binding of the vendor register, the data map, and requests
// passed on to vendors. Each method adapts one call of backend/casework.
type VendorService struct{ d *desk }

func (s *VendorService) startup(_ context.Context, d *desk) { s.d = d }

// Options returns the choices of the vendor forms.
func (s *VendorService) Options() (backend.VendorOptions, error) {
	if err := s.d.guard(); err != nil {
		return backend.VendorOptions{}, err
	}
	return casework.VendorOptions(), nil
}

// List returns the vendors matching f, each with today's alerts.
func (s *VendorService) List(f backend.VendorFilter) ([]backend.VendorEntry, error) {
	return call(s.d, func(cw *casework.Service, ctx context.Context) ([]backend.VendorEntry, error) {
		return cw.Vendors(ctx, f)
	})
}

// Get returns the vendor with id, its alerts, history, tasks and files.
func (s *VendorService) Get(id int64) (backend.VendorDetail, error) {
	return call(s.d, func(cw *casework.Service, ctx context.Context) (backend.VendorDetail, error) {
		return cw.Vendor(ctx, id)
	})
}

// Create adds a vendor; a validation error names its field.
func (s *VendorService) Create(v backend.Vendor) (backend.Vendor, error) {
	return call(s.d, func(cw *casework.Service, ctx context.Context) (backend.Vendor, error) {
		return cw.CreateVendor(ctx, v)
	})
}

// Update saves a vendor (all fields but the BAA document); a validation error names its field.
func (s *VendorService) Update(v backend.Vendor) (backend.Vendor, error) {
	return call(s.d, func(cw *casework.Service, ctx context.Context) (backend.Vendor, error) {
		return cw.UpdateVendor(ctx, v)
	})
}

// Delete removes a vendor that no request was passed on to.
func (s *VendorService) Delete(id int64) error {
	_, err := call(s.d, func(cw *casework.Service, ctx context.Context) (bool, error) { return true, cw.DeleteVendor(ctx, id) })
	return err
}

// SaveChecklist records the BAA checklist answers of vendor id.
func (s *VendorService) SaveChecklist(id int64, items []backend.ChecklistItem) (backend.Vendor, error) {
	return call(s.d, func(cw *casework.Service, ctx context.Context) (backend.Vendor, error) {
		return cw.SaveChecklist(ctx, id, items)
	})
}

// MarkChecklistAllPresent answers every BAA clause of vendor id "present, per the
// signed agreement" in one step.
func (s *VendorService) MarkChecklistAllPresent(id int64) (backend.Vendor, error) {
	return call(s.d, func(cw *casework.Service, ctx context.Context) (backend.Vendor, error) {
		return cw.MarkChecklistAllPresent(ctx, id)
	})
}

// Alerts returns every vendor alert for today, most severe first.
func (s *VendorService) Alerts() ([]backend.VendorAlert, error) {
	return call(s.d, func(cw *casework.Service, ctx context.Context) ([]backend.VendorAlert, error) {
		return cw.VendorAlerts(ctx)
	})
}

// AttachBAA asks for the signed BAA in the native file dialog and attaches it to vendor
// id. Cancelling the dialog changes nothing and returns the vendor as it is.
func (s *VendorService) AttachBAA(id int64) (backend.Vendor, error) {
	return call(s.d, func(cw *casework.Service, ctx context.Context) (backend.Vendor, error) {
		if s.d.ctx == nil {
			return backend.Vendor{}, errNoWindow
		}
		path, err := runtime.OpenFileDialog(s.d.ctx, runtime.OpenDialogOptions{Title: "Attach the signed BAA",
			Filters: []runtime.FileFilter{{DisplayName: "PDF documents (*.pdf)", Pattern: "*.pdf"}, {DisplayName: "All files", Pattern: "*"}}})
		if err != nil {
			return backend.Vendor{}, err
		}
		if path == "" {
			return cw.VendorRecord(ctx, id)
		}
		return cw.AttachBAA(ctx, id, path)
	})
}

// RemoveBAA unlinks the signed BAA document of vendor id (the file stays in its history).
func (s *VendorService) RemoveBAA(id int64) (backend.Vendor, error) {
	return call(s.d, func(cw *casework.Service, ctx context.Context) (backend.Vendor, error) { return cw.RemoveBAA(ctx, id) })
}

// OpenFile opens a copy of an attached file (a BAA, a vendor's confirmation) with the
// system's default application.
func (s *VendorService) OpenFile(attachmentID int64) error {
	_, err := openAttachment(s.d, attachmentID)
	return err
}

// SaveFileCopy saves a copy of an attached file where the person chooses in the native
// dialog; false when they cancelled.
func (s *VendorService) SaveFileCopy(attachmentID int64) (bool, error) {
	return saveAttachmentAs(s.d, attachmentID)
}

// DataMap returns the practice's data map, every category in the policy table's order.
func (s *VendorService) DataMap() ([]backend.DataCategory, error) {
	return call(s.d, func(cw *casework.Service, ctx context.Context) ([]backend.DataCategory, error) {
		return cw.DataMap(ctx)
	})
}

// SaveDataMap saves the given rows (with the vendors receiving each) and returns the
// whole map; a validation error names its field.
func (s *VendorService) SaveDataMap(rows []backend.DataCategory) ([]backend.DataCategory, error) {
	return call(s.d, func(cw *casework.Service, ctx context.Context) ([]backend.DataCategory, error) {
		return cw.SaveDataMap(ctx, rows)
	})
}

// Tasks returns the vendor-task panel of the request with reference ref.
func (s *VendorService) Tasks(ref string) (backend.RequestVendorTasks, error) {
	return call(s.d, func(cw *casework.Service, ctx context.Context) (backend.RequestVendorTasks, error) {
		return cw.VendorTasks(ctx, ref)
	})
}

// ProposeTasks proposes a task for every vendor holding the data the request affects.
func (s *VendorService) ProposeTasks(ref string) (backend.RequestVendorTasks, error) {
	return call(s.d, func(cw *casework.Service, ctx context.Context) (backend.RequestVendorTasks, error) {
		return cw.ProposeVendorTasks(ctx, ref)
	})
}

// AddTask adds a task for vendorID to the request.
func (s *VendorService) AddTask(ref string, vendorID int64) (backend.VendorTask, error) {
	return call(s.d, func(cw *casework.Service, ctx context.Context) (backend.VendorTask, error) {
		return cw.AddVendorTask(ctx, ref, vendorID)
	})
}

// RemoveTask removes a task nobody acted on yet.
func (s *VendorService) RemoveTask(id int64) error {
	_, err := call(s.d, func(cw *casework.Service, ctx context.Context) (bool, error) {
		return true, cw.RemoveVendorTask(ctx, id)
	})
	return err
}

// UpdateTask records when and how the vendor was told, its confirmation, or the waiver.
func (s *VendorService) UpdateTask(id int64, u backend.VendorTaskUpdate) (backend.VendorTask, error) {
	return call(s.d, func(cw *casework.Service, ctx context.Context) (backend.VendorTask, error) {
		return cw.UpdateVendorTask(ctx, id, u)
	})
}

// AttachTaskConfirmation asks for the vendor's confirmation in the native file dialog and
// attaches it to task id; cancelling returns the task unchanged.
func (s *VendorService) AttachTaskConfirmation(id int64) (backend.VendorTask, error) {
	return call(s.d, func(cw *casework.Service, ctx context.Context) (backend.VendorTask, error) {
		if s.d.ctx == nil {
			return backend.VendorTask{}, errNoWindow
		}
		path, err := runtime.OpenFileDialog(s.d.ctx, runtime.OpenDialogOptions{Title: "Attach the vendor's confirmation"})
		if err != nil {
			return backend.VendorTask{}, err
		}
		if path == "" {
			return cw.VendorTask(ctx, id)
		}
		return cw.AttachTaskConfirmation(ctx, id, path)
	})
}

// TaskReply is a vendor's reply attached to its task and proposed as the confirmation.
type TaskReply = casework.TaskReply

// AttachTaskReply attaches the vendor's reply email (.eml, a dropped or chosen file) to
// task id as its confirmation and proposes the confirmation: the email's date in the
// practice's time zone and a note naming sender and subject. Nothing is confirmed until
// the person records it (UpdateTask). A file that is not an email is refused on "file".
func (s *VendorService) AttachTaskReply(id int64, path string) (TaskReply, error) {
	return call(s.d, func(cw *casework.Service, ctx context.Context) (TaskReply, error) {
		return cw.AttachTaskReply(ctx, id, path)
	})
}
