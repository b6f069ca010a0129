// Package demo loads the example practice: Sessions, Inc., the practice whose privacy
// policy Privacy Desk was specified from, with its vendors, data map and, on request,
// synthetic requests for scale tests. The CLI's `demo` command and the UI's "Load
// example practice" both call Load.
package demo

import (
	"math/rand/v2"

	"privacydesk/backend/storage"
)

// Options of Load.
type Options struct {
	Requests int    // synthetic requests to add
	Seed     uint64 // makes the synthetic requests reproducible
}

// Summary says what Load added.
type Summary struct {
	Practice string `json:"practice"`
	Vendors  int    `json:"vendors"`
	Requests int    `json:"requests"`
}

// step adds one part of the example practice.
type step func(s *storage.Store, o Options, rng *rand.Rand, sum *Summary) error

// steps run in order; each area adds its own.
var steps = []step{loadPractice, loadVendors, loadRequests}

// Load adds the example practice to s.
func Load(s *storage.Store, o Options) (Summary, error) {
	var sum Summary
	rng := rand.New(rand.NewPCG(o.Seed, o.Seed^0x9e3779b97f4a7c15))
	for _, st := range steps {
		if err := st(s, o, rng, &sum); err != nil {
			return sum, err
		}
	}
	return sum, nil
}
