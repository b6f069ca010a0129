package correspondence

import (
	"testing"

	"privacydesk/backend"
	"privacydesk/backend/letters"
)

// Letters print the name on letters when the request has one, and say so to preflight
// (a name it cannot print is reported on that field).
func TestNameOnLetters(t *testing.T) {
	f := newTaskFixture(t, backend.RightAccess)
	letterPractice(t, f.s)
	in := LetterInput{RequestRef: f.ref, Kind: letters.KindAcknowledgment}
	d, err := f.c.LetterData(ctx, in)
	if err != nil || d.Requester.Name != "Zoë O'Brien-Núñez" || d.NameOnLetters {
		t.Fatalf("without a name on letters: %q %v, %v", d.Requester.Name, d.NameOnLetters, err)
	}
	r, err := f.s.GetRequest(f.ref)
	if err != nil {
		t.Fatal(err)
	}
	_, loc, err := f.s.PracticeZone()
	if err != nil {
		t.Fatal(err)
	}
	edit := r.Input(loc)
	edit.Requester.NameOnLetters = "Zoe O'Brien"
	if _, err := f.s.UpdateRequest(f.ref, edit); err != nil {
		t.Fatal(err)
	}
	d, err = f.c.LetterData(ctx, in)
	if err != nil || d.Requester.Name != "Zoe O'Brien" || !d.NameOnLetters {
		t.Errorf("with a name on letters: %q %v, %v", d.Requester.Name, d.NameOnLetters, err)
	}
}
