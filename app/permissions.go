package main

import (
	"reflect"
	"runtime"
	"strings"

	"privacydesk/backend"
)

// Which permission (backend/roles.go) each bound method needs: the one table the window's
// access control reads. A bound method runs only for a signed-in account whose role is
// Allowed that permission, in a window that is not locked; anyone (signed in or not,
// locked or not) may call the methods marked permissionAnyone, which answer only what
// the sign-in and lock screens need. TestBoundMethodRoles calls every bound method for
// every role and fails on a method missing here.
//
// The check sits at the door every method passes to reach the data (desk.open, and
// desk.guard at the top of the methods that do not open the store): it finds the bound
// method that was called on the call stack, so a method cannot be reached under another
// one's permission, and a bound method missing from this table is refused.
var methodPermissions = map[string]backend.Permission{
	"AppService.Info":         permissionAnyone,
	"AppService.GetAppState":  backend.PermissionRead,
	"AppService.SetAppState":  backend.PermissionRead, // the window's own memory (colour scheme, notices seen)
	"AppService.LoadExample":  backend.PermissionSettings,
	"AppService.ChangeMarker": backend.PermissionRead,

	"SessionService.CreateAdministrator":  permissionAnyone,
	"SessionService.GiveDatabasePassword": permissionAnyone, // the sign-in screen, before anyone can sign in
	"SessionService.SignIn":               permissionAnyone,
	"SessionService.Unlock":               permissionAnyone,
	"SessionService.Lock":                 permissionAnyone,
	"SessionService.SignOut":              permissionAnyone,
	"SessionService.ReportInput":          permissionAnyone, // checks the session itself
	"SessionService.SetIdleLock":          backend.PermissionSettings,
	"SessionService.SetIdleLockSeconds":   backend.PermissionSettings, // dev build only (seams_dev.go)

	"AccountService.List":            backend.PermissionAccounts,
	"AccountService.Create":          backend.PermissionAccounts,
	"AccountService.Disable":         backend.PermissionAccounts,
	"AccountService.Enable":          backend.PermissionAccounts,
	"AccountService.ResetPassphrase": backend.PermissionAccounts,
	"AccountService.ChangeRole":      backend.PermissionAccounts,

	"DashboardService.Announcements": backend.PermissionRead,
	"DashboardService.Charts":        backend.PermissionRead,
	"DashboardService.Get":           backend.PermissionRead,
	"DashboardService.Readiness":     backend.PermissionRead,
	"DashboardService.RecomputeRule": backend.PermissionRuleChanges,
	"DashboardService.Rules":         backend.PermissionRead,
	"DashboardService.RulesAffected": backend.PermissionRead,
	"DashboardService.StateClocks":   backend.PermissionRead,

	"DisclosureService.Add":    backend.PermissionRequests,
	"DisclosureService.List":   backend.PermissionRead,
	"DisclosureService.Remove": backend.PermissionRequests,

	"ExportService.AttachEmail":         backend.PermissionRequests,
	"ExportService.AutoBackupStatus":    backend.PermissionRead,
	"ExportService.Backup":              backend.PermissionBackup,
	"ExportService.BackupTo":            backend.PermissionBackup,
	"ExportService.Cancel":              backend.PermissionExports,
	"ExportService.HoldJobsAt":          backend.PermissionExports, // dev build only (seams_dev.go)
	"ExportService.ChooseBackupFile":    backend.PermissionRestore,
	"ExportService.ChooseEmailFile":     backend.PermissionRequests,
	"ExportService.ChooseImportFile":    backend.PermissionRequests,
	"ExportService.CommitImport":        backend.PermissionRequests,
	"ExportService.CreateRecoveryKey":   backend.PermissionSettings,
	"ExportService.CreateRecoveryKeyTo": backend.PermissionSettings,
	"ExportService.DiscardEmail":        backend.PermissionRequests,
	"ExportService.Export":              backend.PermissionExports,
	"ExportService.ExportKinds":         backend.PermissionRead,
	"ExportService.ExportTo":            backend.PermissionExports,
	"ExportService.ImportEmail":         backend.PermissionRequests,
	"ExportService.ImportEmailData":     backend.PermissionRequests,
	"ExportService.Jobs":                backend.PermissionRead,
	"ExportService.PlanResponsePackage": backend.PermissionExports,
	"ExportService.PreviewImport":       backend.PermissionRequests,
	"ExportService.ReadRecoveryKeyFile": backend.PermissionRestore,
	"ExportService.ReadRecoveryKeyFrom": backend.PermissionRestore,
	"ExportService.RecoveryKey":         backend.PermissionRead,
	"ExportService.ResponsePackage":     backend.PermissionExports,
	"ExportService.ResponsePackageTo":   backend.PermissionExports,
	"ExportService.Restore":             backend.PermissionRestore,
	"ExportService.RestorePreview":      backend.PermissionRestore,

	"LetterService.All":           backend.PermissionRead,
	"LetterService.DirectVendors": backend.PermissionLetters,
	"LetterService.Fields":        backend.PermissionRead,
	"LetterService.Get":           backend.PermissionRead,
	"LetterService.Issue":         backend.PermissionLetters,
	"LetterService.Kinds":         backend.PermissionRead,
	"LetterService.List":          backend.PermissionRead,
	"LetterService.MarkSent":      backend.PermissionLetters,
	"LetterService.Open":          backend.PermissionRead,
	"LetterService.Preflight":     backend.PermissionLetters,
	"LetterService.Preview":       backend.PermissionLetters,
	"LetterService.PrintBatch":    backend.PermissionLetters,
	"LetterService.SaveAs":        backend.PermissionExports,
	"LetterService.SaveDraftAs":   backend.PermissionLetters,
	"LetterService.SaveTemplate":  backend.PermissionLetters,
	"LetterService.Template":      backend.PermissionRead,
	"LetterService.Templates":     backend.PermissionRead,
	// dev build only (seams_dev.go)
	"LetterService.SaveCopyTo":      backend.PermissionExports,
	"LetterService.PrintBatchTo":    backend.PermissionLetters,
	"LetterService.DirectVendorsTo": backend.PermissionLetters,

	"RequestService.AddNote":                    backend.PermissionRequests,
	"RequestService.Audit":                      backend.PermissionAuditTrail,
	"RequestService.AuditAnchor":                backend.PermissionAuditTrail,
	"RequestService.AuditAnchorTo":              backend.PermissionAuditTrail,
	"RequestService.AuditTrail":                 backend.PermissionAuditTrail,
	"RequestService.ChooseAndAttach":            backend.PermissionRequests,
	"RequestService.AttachFile":                 backend.PermissionRequests, // dev build only (seams_dev.go)
	"RequestService.Create":                     backend.PermissionRequests,
	"RequestService.Duplicates":                 backend.PermissionRead,
	"RequestService.EditInput":                  backend.PermissionRead,
	"RequestService.Get":                        backend.PermissionRead,
	"RequestService.LastFilter":                 backend.PermissionRead,
	"RequestService.List":                       backend.PermissionRead,
	"RequestService.OpenAttachment":             backend.PermissionRead,
	"RequestService.Options":                    backend.PermissionRead,
	"RequestService.Purge":                      backend.PermissionPurge,
	"RequestService.PurgePreview":               backend.PermissionPurge,
	"RequestService.RecordDeletionConfirmation": backend.PermissionRequests,
	"RequestService.RecordVerification":         backend.PermissionRequests,
	"RequestService.RememberFilter":             backend.PermissionRead,
	"RequestService.SaveAttachmentAs":           backend.PermissionExports,
	"RequestService.SetOutcome":                 backend.PermissionRequests,
	"RequestService.Transition":                 backend.PermissionRequests,
	"RequestService.Update":                     backend.PermissionRequests,
	"RequestService.VerifyAudit":                backend.PermissionAuditTrail,

	"SettingsService.Applicability":        backend.PermissionRead,
	"SettingsService.ChooseDatabaseCAFile": backend.PermissionSettings,
	"SettingsService.ConfirmZone":          backend.PermissionSettings,
	"SettingsService.Database":             backend.PermissionSettings,
	"SettingsService.Get":                  backend.PermissionRead,
	"SettingsService.HolidayCountries":     backend.PermissionRead,
	"SettingsService.Save":                 backend.PermissionSettings,
	"SettingsService.SaveDatabase":         backend.PermissionSettings,
	"SettingsService.TestDatabase":         backend.PermissionSettings,
	"SettingsService.TimeZones":            backend.PermissionRead,
	"SettingsService.ZoneProposal":         backend.PermissionRead,

	"VendorService.AddTask":                 backend.PermissionVendors,
	"VendorService.Alerts":                  backend.PermissionRead,
	"VendorService.AttachBAA":               backend.PermissionVendors,
	"VendorService.AttachBAAFile":           backend.PermissionVendors, // dev build only (seams_dev.go)
	"VendorService.AttachTaskConfirmation":  backend.PermissionVendors,
	"VendorService.AttachTaskReply":         backend.PermissionVendors,
	"VendorService.Create":                  backend.PermissionVendors,
	"VendorService.DataMap":                 backend.PermissionRead,
	"VendorService.Delete":                  backend.PermissionVendors,
	"VendorService.Get":                     backend.PermissionRead,
	"VendorService.List":                    backend.PermissionRead,
	"VendorService.MarkChecklistAllPresent": backend.PermissionVendors,
	"VendorService.OpenFile":                backend.PermissionRead,
	"VendorService.Options":                 backend.PermissionRead,
	"VendorService.ProposeTasks":            backend.PermissionVendors,
	"VendorService.RemoveBAA":               backend.PermissionVendors,
	"VendorService.RemoveTask":              backend.PermissionVendors,
	"VendorService.SaveChecklist":           backend.PermissionVendors,
	"VendorService.SaveDataMap":             backend.PermissionVendors,
	"VendorService.SaveFileCopy":            backend.PermissionExports,
	"VendorService.Tasks":                   backend.PermissionRead,
	"VendorService.Update":                  backend.PermissionVendors,
	"VendorService.UpdateTask":              backend.PermissionVendors,
}

// permissionAnyone marks the session's methods, which need no account.
const permissionAnyone backend.Permission = "anyone"

// Refusals. They change nothing: the check comes before any work.
var (
	errNotSignedIn = backend.Errorf(backend.ECONFLICT, "Sign in to Privacy Desk first.")
	// errLocked names the field "session": the window shows its lock screen on it
	// (frontend/src/lib/ipc.ts), as after the backend locked on its own (idlelock.go).
	errLocked = &backend.Error{Code: backend.ECONFLICT, Field: "session", Message: "Privacy Desk is locked: unlock it with your passphrase first."}
)

func errNotAllowed(role backend.Role, p backend.Permission) error {
	return backend.Errorf(backend.ECONFLICT, "Your role (%s) may not do this (it needs the %q permission): ask an administrator.", role, p)
}

// guard refuses the bound method being called (the outermost on the stack) unless the
// session may call it. A call with no bound method on its stack comes from the app
// itself (a job's goroutine, the automatic backup), not from the window, and passes.
func (d *desk) guard() error {
	method, ok := boundCaller()
	if !ok {
		return nil
	}
	return toUI(d.allow(method))
}

// allow says whether the session may call method ("Struct.Method").
func (d *desk) allow(method string) error {
	p, ok := methodPermissions[method]
	if !ok {
		return backend.Errorf(backend.EINTERNAL, "%s has no entry in the table of permissions (app/permissions.go).", method)
	}
	if p == permissionAnyone {
		return nil
	}
	// The window's timer may not have fired: the backend's idle clock locks too.
	d.lockIfIdle()
	d.mu.RLock()
	defer d.mu.RUnlock()
	switch {
	case d.account.Name == "":
		return errNotSignedIn
	case d.locked:
		return errLocked
	case !backend.Allowed(d.account.Role, p):
		return errNotAllowed(d.account.Role, p)
	}
	return nil
}

// boundCaller finds the outermost method of a bound service on the call stack, as
// "Struct.Method" (Wails calls bound methods by reflection; so do the tests).
func boundCaller() (string, bool) {
	pc := make([]uintptr, 64)
	frames := runtime.CallersFrames(pc[:runtime.Callers(2, pc)])
	found, ok := "", false
	for {
		f, more := frames.Next()
		if m, isBound := boundMethodName(f.Function); isBound {
			found, ok = m, true
		}
		if !more {
			return found, ok
		}
	}
}

// boundPackage is how the runtime names this package's functions ("main" in the app,
// the import path in a test binary), read from a method of its own.
var boundPackage = func() string {
	name := runtime.FuncForPC(reflect.ValueOf((*SessionService).startup).Pointer()).Name()
	return name[:strings.Index(name, ".(*")]
}()

// boundMethodName turns "main.(*RequestService).List" into "RequestService.List": an
// exported method of a type of this package named …Service.
func boundMethodName(fn string) (string, bool) {
	rest, ok := strings.CutPrefix(fn, boundPackage+".(*")
	if !ok {
		return "", false
	}
	typ, method, ok := strings.Cut(rest, ").")
	if !ok || !strings.HasSuffix(typ, "Service") || method == "" || method[0] < 'A' || method[0] > 'Z' || strings.Contains(method, ".") {
		return "", false
	}
	return typ + "." + method, true
}
