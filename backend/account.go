package backend

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Staff accounts give every person at the practice a name of their own, so the audit
// trail's "who" names a real account (HIPAA Security Rule, unique user identification,
// 45 CFR 164.312(a)(2)(i)), and a role that limits what they may do.

// Role is what a staff account may do; Allowed says what each role may do.
type Role string

const (
	RoleAdministrator Role = "administrator" // staff accounts, settings, restore, purge, rule changes, and all staff may do
	RoleStaff         Role = "staff"         // requests, letters, vendors, exports
	RoleAuditor       Role = "auditor"       // reads everything, the audit trail and reports included; changes nothing
	RoleBackup        Role = "backup"        // writes encrypted backups and nothing else (scheduled backups run as it)
)

// Roles lists every role, the most powerful first.
var Roles = []Role{RoleAdministrator, RoleStaff, RoleAuditor, RoleBackup}

// ParseRole reads a role's name; field names the form field or flag it came from.
func ParseRole(field, s string) (Role, error) {
	r := Role(strings.ToLower(strings.TrimSpace(s)))
	if !slices.Contains(Roles, r) {
		return "", Invalid(field, "The role is administrator, staff, auditor or backup, not %q.", s)
	}
	return r, nil
}

// MinPassphraseLength is the shortest passphrase accepted, in characters.
const MinPassphraseLength = 12

// ValidatePassphrase checks a new passphrase (field "passphrase"). Only its length is
// ruled: a long phrase of ordinary words is what a front desk remembers.
func ValidatePassphrase(p string) error {
	if !utf8.ValidString(p) {
		return Invalid("passphrase", "The passphrase is not valid UTF-8.")
	}
	if n := utf8.RuneCountInString(p); n < MinPassphraseLength {
		return Invalid("passphrase", "The passphrase has %d characters; it needs at least %d (a few ordinary words make a good one).", n, MinPassphraseLength)
	}
	if len(p) > 1024 {
		return Invalid("passphrase", "The passphrase is longer than 1024 bytes.")
	}
	return nil
}

// ValidateAccountName checks a staff account's name (field "name").
func ValidateAccountName(name string) error {
	if err := ValidateText("name", name, 100, true); err != nil {
		return err
	}
	if strings.TrimSpace(name) != name {
		return Invalid("name", "The name has spaces at its start or end.")
	}
	if strings.ContainsAny(name, "\r\n\t") {
		return Invalid("name", "The name is one line without tabs.")
	}
	return nil
}

// NoSuchAccount is the error for a name no account has.
func NoSuchAccount(name string) error {
	return &Error{Code: ENOTFOUND, Field: "name", Message: fmt.Sprintf("There is no staff account named %q.", name)}
}

// StaffAccount is one person's account. Names are unique regardless of case (NameKey).
type StaffAccount struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Role     Role   `json:"role"`
	Disabled bool   `json:"disabled"`
	// PassphraseHash is the Argon2id hash with its parameters (package accounts); it
	// never leaves the backend.
	PassphraseHash string `json:"-"`
	// FailedAttempts counts sign-ins refused since the last one that succeeded;
	// LastFailureAt is when the last was (zero when none). Sign-in waits after a few.
	FailedAttempts int       `json:"failedAttempts"`
	LastFailureAt  time.Time `json:"lastFailureAt"` // UTC; zero when none
	CreatedAt      time.Time `json:"createdAt"`
	UpdatedAt      time.Time `json:"updatedAt"`
}

// EnabledAdministrator reports whether a can administer accounts today.
func (a StaffAccount) EnabledAdministrator() bool {
	return a.Role == RoleAdministrator && !a.Disabled
}
