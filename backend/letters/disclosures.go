package letters

import (
	"fmt"
	"sort"

	"privacydesk/backend"
)

// summarizeDisclosures gives several disclosures to the same recipient for the same
// purpose in the summary form of 45 CFR 164.528(b)(3): the first in full, then how many
// there were and the date of the last. Single disclosures are listed as they are; the
// order is by date.
func summarizeDisclosures(in []Disclosure, long func(backend.Date) string) []Disclosure {
	if len(in) < 2 {
		return in
	}
	sorted := append([]Disclosure(nil), in...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Date.Before(sorted[j].Date) })
	type key struct{ recipient, purpose string }
	count := map[key]int{}
	last := map[key]backend.Date{}
	for _, x := range sorted {
		k := key{x.Recipient, x.Purpose}
		count[k]++
		last[k] = x.Date
	}
	var out []Disclosure
	seen := map[key]bool{}
	for _, x := range sorted {
		k := key{x.Recipient, x.Purpose}
		if seen[k] {
			continue
		}
		seen[k] = true
		if n := count[k]; n > 1 {
			x.Description = fmt.Sprintf("%s (the first of %d disclosures to this recipient for this purpose; the last on %s)", x.Description, n, long(last[k]))
		}
		out = append(out, x)
	}
	return out
}
