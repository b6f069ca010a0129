package intake

import (
	"reflect"
	"strings"
	"testing"

	"privacydesk/backend"
	"privacydesk/backend/export"
)

// FuzzParseChecklist: whatever a cell holds, reading it never panics, and a checklist
// it reads, written again as the export writes it, reads back the same.
func FuzzParseChecklist(f *testing.F) {
	for _, s := range []string{"", "i yes", "i yes (Section 2); ii-C no", "ii-H n/a (does not apply; see (a), (b))",
		"i yes;ii-A yes", "ii-J maybe", "i yes; i no", "I YES (x)", "iii no ()", "i yes (a); b)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		items, err := parseChecklist(s)
		if err != nil {
			if backend.ErrorField(err) != "checklist" {
				t.Fatalf("error on %q", backend.ErrorField(err))
			}
			return
		}
		again, err := parseChecklist(strings.Join(backend.AnsweredChecklist(items), export.ListSeparator))
		if err != nil || !reflect.DeepEqual(nonEmpty(again), nonEmpty(items)) {
			t.Fatalf("%q read %+v, written and read again %+v (%v)", s, items, again, err)
		}
	})
}

func nonEmpty(items []backend.ChecklistItem) []backend.ChecklistItem {
	if len(items) == 0 {
		return nil
	}
	return items
}
