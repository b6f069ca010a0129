package command

import (
	"context"
	"fmt"

	"privacydesk/backend"
	"privacydesk/backend/backup"
	"privacydesk/backend/signin"
	"privacydesk/backend/storage"
)

// Emergency access (HIPAA Security Rule, 45 CFR 164.312(a)(2)(ii)): when every
// administrator's passphrase is lost, or no administrator is there,
// `--recovery-key-file F` before an account command opens the data with the recovery key
// made at setup instead of a staff account (signin.OpenWithRecoveryKey: a break-glass
// event in the audit trail naming the operating-system user, a warning in the log, and
// every change recorded as done by the recovery key). It opens the data for the account
// commands only: what it is for is resetting an administrator's passphrase or adding
// one, then signing in with that account.

// openWithRecoveryKey opens the database for the command with --recovery-key-file.
func (c *cli) openWithRecoveryKey() (*storage.Store, backend.StaffAccount, error) {
	acc, _ := accessFor(c.path)
	if acc.perm != backend.PermissionAccounts || c.path == "schedule-backup" {
		return nil, backend.StaffAccount{}, backend.Invalid("recovery-key-file",
			"The recovery key opens the data only to manage staff accounts (account add, reset, enable, role, list): reset an administrator's passphrase with it, then sign in as that administrator to %s.", c.path)
	}
	secret, err := backup.ReadRecoveryKey("recovery-key-file", c.recoveryKeyFile)
	if err != nil {
		return nil, backend.StaffAccount{}, err
	}
	s, err := signin.OpenWithRecoveryKey(context.Background(), c.dbPath, secret, c.signinOptions())
	if err != nil {
		return nil, backend.StaffAccount{}, err
	}
	fmt.Fprintf(c.stderr, "privacydesk: EMERGENCY ACCESS: %s was opened with the recovery key, without a staff account; this is recorded in the audit trail (break-glass) as done by %q.\n",
		c.dbPath, signin.RecoveryActor)
	return s, backend.StaffAccount{Name: signin.RecoveryActor, Role: backend.RoleAdministrator}, nil
}
