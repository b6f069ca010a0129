package storage

import (
	"strings"

	"privacydesk/backend"
)

// splitRightItems reads "right: value" list items back into a map (the importer). The
// list was split at every semicolon, so an item that does not start with a right is the
// rest of the previous value ("...this quarter; nothing has changed") and is joined back.
func splitRightItems(items []string) map[string]string {
	out := map[string]string{}
	last := ""
	for _, it := range items {
		k, v, ok := strings.Cut(it, ":")
		if key := strings.ToLower(strings.TrimSpace(k)); ok && backend.Right(key).Valid() {
			out[key] = strings.TrimSpace(v)
			last = key
			continue
		}
		if last != "" {
			out[last] += "; " + strings.TrimSpace(it)
		}
	}
	return out
}
