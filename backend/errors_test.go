package backend

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

func fieldsOf(err error) []string {
	var out []string
	for _, p := range ErrorProblems(err) {
		out = append(out, p.Field)
		if p.Message == "" {
			out = append(out, "(no message)")
		}
	}
	return out
}

// TestRequestInputValidateListsEveryField: a form with many bad fields hears about all
// of them at once, in form order, one problem per field; the first is still the
// error's field.
func TestRequestInputValidateListsEveryField(t *testing.T) {
	now := time.Date(2026, 3, 9, 15, 0, 0, 0, time.UTC)
	in := RequestInput{
		Requester:    Person{Name: " ", Email: "ann at example", Phone: "call me", DateOfBirth: "1850-01-01"},
		SubmittedBy:  SubmittedByAgent,
		Agent:        Agent{Name: "", Email: "x@"},
		Channel:      "pigeon",
		ReceivedDate: "2026-03-10", // tomorrow
		Regime:       "mars",
		Rights:       []Right{"flying"},
		Tags:         []string{strings.Repeat("t", MaxTagLen+1), strings.Repeat("u", MaxTagLen+1)},
		Notes:        "a\x00b",
	}
	err := in.Validate(now, chicago)
	want := []string{"requester.name", "requester.email", "requester.phone", "requester.dateOfBirth", "agent.name", "agent.email",
		"channel", "receivedDate", "regime", "tags", "notes"}
	if got := fieldsOf(err); !reflect.DeepEqual(got, want) {
		t.Errorf("fields %q\nwant   %q", got, want)
	}
	if ErrorCode(err) != EINVALID || ErrorField(err) != "requester.name" || ErrorMessage(err) != "This field is required." {
		t.Errorf("first problem: %s %s %q", ErrorCode(err), ErrorField(err), ErrorMessage(err))
	}
	// Wrapped, it is still found; and a valid input has none.
	if got := fieldsOf(fmt.Errorf("request 3: %w", err)); len(got) != len(want) {
		t.Errorf("wrapped: %q", got)
	}
	ok := validInput()
	if err := ok.Validate(now, chicago); err != nil || ErrorProblems(err) != nil {
		t.Errorf("valid input: %v", err)
	}
	// With a known regime the rights are checked against it.
	bad := validInput()
	bad.Regime, bad.Rights, bad.Requester.Name = RegimeHIPAA, []Right{RightDeletion}, ""
	if got := fieldsOf(bad.Validate(now, chicago)); !reflect.DeepEqual(got, []string{"requester.name", "rights"}) {
		t.Errorf("HIPAA deletion without a name: %q", got)
	}
}

func TestVendorValidateListsEveryField(t *testing.T) {
	v := validVendor()
	v.Name, v.ContactEmail, v.Category, v.BAAExpiresOn, v.NextReviewOn = "", "privacy at example", "cloud", vdate("2025-01-14"), vdate("2025-01-09")
	v.Checklist = []ChecklistItem{{Clause: "ii-J", Answer: "maybe"}}
	want := []string{"name", "contactEmail", "category", "baaExpiresOn", "nextReviewOn", "checklist.ii-J"}
	if got := fieldsOf(v.Validate()); !reflect.DeepEqual(got, want) {
		t.Errorf("fields %q\nwant   %q", got, want)
	}
}

// TestValidationErrorJSON: the UI gets the first problem as code, field and message,
// and the list in problems.
func TestValidationErrorJSON(t *testing.T) {
	var v ValidationError
	if v.Err() != nil {
		t.Fatal("an empty ValidationError is an error")
	}
	v.Add(Invalid("name", "This field is required."))
	v.Invalid("name", "a second problem of the same field is not listed")
	v.Add(nil)
	v.Add(&ValidationError{Problems: []Problem{{Field: "email", Message: "Not an address."}}})
	b, err := json.Marshal(v.Err())
	if err != nil {
		t.Fatal(err)
	}
	want := `{"code":"invalid","field":"name","message":"This field is required.","problems":[{"field":"name","message":"This field is required."},{"field":"email","message":"Not an address."}]}`
	if string(b) != want {
		t.Errorf("json %s\nwant %s", b, want)
	}
	if got := v.Error(); got != "name: This field is required.; email: Not an address." {
		t.Errorf("text %q", got)
	}
	// A plain field error is a list of one; an error without a field has none.
	if got := ErrorProblems(Invalid("phone", "x")); len(got) != 1 || got[0].Field != "phone" {
		t.Errorf("one field: %+v", got)
	}
	if got := ErrorProblems(Errorf(ECONFLICT, "x")); got != nil {
		t.Errorf("no field: %+v", got)
	}
}
