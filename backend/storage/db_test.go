package storage

import "gorm.io/gorm"

// DB exposes the GORM handle to this package's own tests (internal and external) only:
// outside storage, the store is used through its methods.
func (s *Store) DB() *gorm.DB { return s.db }
