package correspondence

import (
	"privacydesk/backend/storage"
)

// Service is the letters use cases over one open store.
type Service struct {
	st *storage.Store
}

// New returns the letters service over st.
func New(st *storage.Store) *Service { return &Service{st: st} }
