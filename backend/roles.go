package backend

import "slices"

// Permission is something a role may be allowed to do (the workflow's Action is a step of
// a request; this is what a person may touch). The bound methods and commands
// each map to one; Allowed decides.
type Permission string

const (
	PermissionRead        Permission = "read"         // see requests, vendors, letters, the dashboard
	PermissionAuditTrail  Permission = "audit-trail"  // read the audit trail and verify its chain
	PermissionReports     Permission = "reports"      // the PDF reports: metrics, BAA status, readiness
	PermissionRequests    Permission = "requests"     // record and work requests, their evidence and attachments
	PermissionLetters     Permission = "letters"      // make, preview and record letters
	PermissionVendors     Permission = "vendors"      // the vendor register, BAAs and vendor tasks
	PermissionExports     Permission = "exports"      // export tables, calendars and response packages to files
	PermissionBackup      Permission = "backup"       // write an encrypted backup
	PermissionAccounts    Permission = "accounts"     // add, disable, enable, reset staff accounts and change roles
	PermissionSettings    Permission = "settings"     // the practice's settings
	PermissionRestore     Permission = "restore"      // replace the database with a backup
	PermissionPurge       Permission = "purge"        // delete requests whose retention ended
	PermissionRuleChanges Permission = "rule-changes" // record changes of the deadline rules
)

// PermissionInfo says what an action does to the practice's data.
type PermissionInfo struct {
	Permission Permission
	// Writes is true when the action changes the practice's data (an export or a
	// report writes a file but changes nothing; a backup only copies).
	Writes bool
}

// Permissions lists every action.
var Permissions = []PermissionInfo{
	{PermissionRead, false}, {PermissionAuditTrail, false}, {PermissionReports, false},
	{PermissionRequests, true}, {PermissionLetters, true}, {PermissionVendors, true}, {PermissionExports, false},
	{PermissionBackup, false},
	{PermissionAccounts, true}, {PermissionSettings, true}, {PermissionRestore, true}, {PermissionPurge, true}, {PermissionRuleChanges, true},
}

// Staff read the audit trail too: a request's history, shown on its page, is its part
// of the trail.
var (
	auditorPermissions = []Permission{PermissionRead, PermissionAuditTrail, PermissionReports}
	staffPermissions   = append(slices.Clone(auditorPermissions), PermissionRequests, PermissionLetters, PermissionVendors, PermissionExports)
	// The administrator may do everything.
	administratorPermissions = append(slices.Clone(staffPermissions), PermissionBackup,
		PermissionAccounts, PermissionSettings, PermissionRestore, PermissionPurge, PermissionRuleChanges)
)

// RolePermissions is which role may do what: the one table Allowed reads.
var RolePermissions = map[Role][]Permission{
	RoleAdministrator: administratorPermissions,
	RoleStaff:         staffPermissions,
	RoleAuditor:       auditorPermissions,
	RoleBackup:        {PermissionBackup},
}

// Allowed reports whether role may do action; an unknown role or action may do nothing.
func Allowed(role Role, action Permission) bool {
	return slices.Contains(RolePermissions[role], action)
}
