package backend

import (
	"slices"
	"testing"
)

func TestRolesTable(t *testing.T) {
	known := map[Permission]bool{}
	for _, a := range Permissions {
		if known[a.Permission] {
			t.Errorf("action %s listed twice", a.Permission)
		}
		known[a.Permission] = true
	}
	for role, actions := range RolePermissions {
		if !slices.Contains(Roles, role) {
			t.Errorf("RolePermissions has an unknown role %q", role)
		}
		for _, a := range actions {
			if !known[a] {
				t.Errorf("role %s has an action %q missing from Permissions", role, a)
			}
		}
	}
	for _, r := range Roles {
		if len(RolePermissions[r]) == 0 {
			t.Errorf("role %s may do nothing", r)
		}
	}
	for _, a := range Permissions {
		anyone := false
		for _, r := range Roles {
			anyone = anyone || Allowed(r, a.Permission)
		}
		if !anyone {
			t.Errorf("no role may do %s", a.Permission)
		}
		// The administrator may do everything.
		if !Allowed(RoleAdministrator, a.Permission) {
			t.Errorf("administrator may not %s", a.Permission)
		}
		// An auditor changes nothing.
		if a.Writes && Allowed(RoleAuditor, a.Permission) {
			t.Errorf("auditor may %s, which writes", a.Permission)
		}
		// The backup role only backs up.
		if got, want := Allowed(RoleBackup, a.Permission), a.Permission == PermissionBackup; got != want {
			t.Errorf("backup may %s: %v, want %v", a.Permission, got, want)
		}
		// Staff may do nothing of the administrator's own.
		adminOnly := map[Permission]bool{PermissionAccounts: true, PermissionSettings: true, PermissionRestore: true, PermissionPurge: true, PermissionRuleChanges: true, PermissionBackup: true}
		if adminOnly[a.Permission] && Allowed(RoleStaff, a.Permission) {
			t.Errorf("staff may %s", a.Permission)
		}
		// Whatever an auditor may do, staff may do too.
		if Allowed(RoleAuditor, a.Permission) && !Allowed(RoleStaff, a.Permission) {
			t.Errorf("auditor may %s but staff may not", a.Permission)
		}
	}
	for _, tc := range []struct {
		role   Role
		action Permission
		want   bool
	}{
		{RoleStaff, PermissionRequests, true},
		{RoleStaff, PermissionExports, true},
		{RoleAuditor, PermissionAuditTrail, true},
		{RoleAuditor, PermissionReports, true},
		{RoleAuditor, PermissionExports, false},
		{RoleAuditor, PermissionRequests, false},
		{RoleBackup, PermissionRead, false},
		{RoleAdministrator, PermissionPurge, true},
		{"", PermissionRead, false},
		{"owner", PermissionRead, false},
		{RoleAdministrator, "dance", false},
	} {
		if got := Allowed(tc.role, tc.action); got != tc.want {
			t.Errorf("Allowed(%q, %q) = %v, want %v", tc.role, tc.action, got, tc.want)
		}
	}
}

func TestAccountValidation(t *testing.T) {
	if err := ValidatePassphrase("short one"); ErrorField(err) != "passphrase" {
		t.Errorf("short passphrase: %v", err)
	}
	if err := ValidatePassphrase("twelve chars"); err != nil {
		t.Errorf("12 characters refused: %v", err)
	}
	// Characters, not bytes: 11 accented letters are still too short.
	if err := ValidatePassphrase("ééééééééééé"); ErrorField(err) != "passphrase" {
		t.Errorf("11 characters in 22 bytes accepted")
	}
	if _, err := ParseRole("role", "Owner"); ErrorField(err) != "role" {
		t.Errorf("unknown role: %v", err)
	}
	if r, err := ParseRole("role", " Auditor "); err != nil || r != RoleAuditor {
		t.Errorf("ParseRole: %v %v", r, err)
	}
	for _, bad := range []string{"", " Ann", "Ann\nBob"} {
		if err := ValidateAccountName(bad); ErrorField(err) != "name" {
			t.Errorf("name %q: %v", bad, err)
		}
	}
}
