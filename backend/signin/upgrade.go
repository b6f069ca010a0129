package signin

import (
	"context"

	"privacydesk/backend"
	"privacydesk/backend/storage"
)

// upgrade encrypts the unencrypted database open as s, which a signed in (TODO).
func upgrade(ctx context.Context, s *storage.Store, a backend.StaffAccount, passphrase string, opt Options) (*storage.Store, backend.StaffAccount, error) {
	return s, a, nil
}
