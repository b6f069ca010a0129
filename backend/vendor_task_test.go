package backend

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestRightsToPassOn(t *testing.T) {
	tests := []struct {
		in, want []Right
	}{
		{[]Right{RightAccess}, nil},
		{[]Right{RightAccess, RightDeletion}, []Right{RightDeletion}},
		{[]Right{RightCorrection, RightOptOut, RightRestrict, RightWithdrawConsent, RightCorrection},
			[]Right{RightCorrection, RightOptOut, RightRestrict, RightWithdrawConsent}},
		{[]Right{RightPortability, RightAccounting, RightAppeal}, nil},
		{[]Right{RightAccess, RightLimitSensitive, RightObject}, []Right{RightLimitSensitive, RightObject}},
	}
	for _, tt := range tests {
		if got := RightsToPassOn(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("RightsToPassOn(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestProposeVendorTasks(t *testing.T) {
	today := vdate("2026-03-02")
	dataMap := []DataCategory{
		{Key: DataIdentifiers, Collected: true},
		{Key: DataHealth, Collected: true},
		{Key: DataGeolocation, Collected: false},
	}
	vendors := []Vendor{
		{ID: 1, Name: "Healthcare Blocks", DataCategories: []DataCategoryKey{DataIdentifiers, DataHealth}},
		{ID: 2, Name: "Datadog", DataCategories: nil},
		{ID: 3, Name: "Stripe", DataCategories: []DataCategoryKey{DataIdentifiers}},
		// The register says Maps receives geolocation, the map says the practice does not
		// collect it: the register's record of what the vendor holds wins (the map's
		// warning asks staff to settle it), so Maps is told; a waiver says why not.
		{ID: 4, Name: "Maps", DataCategories: []DataCategoryKey{DataGeolocation}},
		// A vendor holding a collected category and one the map says is not collected is
		// told about the collected one only: the other drops the category, not the vendor.
		{ID: 10, Name: "Mixed", DataCategories: []DataCategoryKey{DataIdentifiers, DataGeolocation}},
		{ID: 5, Name: "Old EHR", PHIAccess: PHIFull, DataCategories: []DataCategoryKey{DataHealth}, BAAStatus: BAATerminated, TerminatedOn: vdate("2025-01-01"),
			PHIDisposition: PHIDestroyed},
		{ID: 6, Name: "Leaving", DataCategories: []DataCategoryKey{DataHealth}, TerminatedOn: vdate("2026-12-31")},
		// Ended, but the PHI stayed with the vendor (return infeasible), or its return or
		// destruction was never recorded: it still holds the data.
		{ID: 7, Name: "Kept", PHIAccess: PHIFull, DataCategories: []DataCategoryKey{DataHealth}, BAAStatus: BAATerminated,
			TerminatedOn: vdate("2025-01-01"), PHIDisposition: PHIInfeasible},
		{ID: 8, Name: "Unrecorded", PHIAccess: PHILimited, DataCategories: []DataCategoryKey{DataHealth}, BAAStatus: BAATerminated,
			TerminatedOn: vdate("2025-01-01")},
		{ID: 9, Name: "Returned", PHIAccess: PHIFull, DataCategories: []DataCategoryKey{DataHealth}, BAAStatus: BAASigned,
			TerminatedOn: vdate("2026-03-01"), PHIDisposition: PHIReturned},
	}
	got := ProposeVendorTasks([]Right{RightDeletion}, dataMap, vendors, today)
	want := []VendorTaskProposal{
		{VendorRef{1, "Healthcare Blocks"}, []DataCategoryKey{DataIdentifiers, DataHealth}},
		{VendorRef{3, "Stripe"}, []DataCategoryKey{DataIdentifiers}},
		{VendorRef{4, "Maps"}, []DataCategoryKey{DataGeolocation}},
		{VendorRef{10, "Mixed"}, []DataCategoryKey{DataIdentifiers}},
		{VendorRef{6, "Leaving"}, []DataCategoryKey{DataHealth}},
		{VendorRef{7, "Kept"}, []DataCategoryKey{DataHealth}},
		{VendorRef{8, "Unrecorded"}, []DataCategoryKey{DataHealth}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	if got := ProposeVendorTasks([]Right{RightAccess}, dataMap, vendors, today); got != nil {
		t.Errorf("an access request proposed tasks: %+v", got)
	}
}

func TestVendorTaskUpdate(t *testing.T) {
	today := vdate("2026-03-02")
	withFile := &StoredFile{SHA256: "ab", Name: "confirm.pdf", Type: "application/pdf"}
	tests := []struct {
		name   string
		file   *StoredFile
		u      VendorTaskUpdate
		field  string
		status VendorTaskStatus
	}{
		{"nothing yet", nil, VendorTaskUpdate{}, "", TaskToNotify},
		{"notified", nil, VendorTaskUpdate{NotifiedOn: vdate("2026-03-01"), NotifiedVia: NotifyEmail}, "", TaskNotified},
		{"notified without method", nil, VendorTaskUpdate{NotifiedOn: vdate("2026-03-01")}, "notifiedVia", ""},
		{"unknown method", nil, VendorTaskUpdate{NotifiedOn: vdate("2026-03-01"), NotifiedVia: "pigeon"}, "notifiedVia", ""},
		{"notified in the future", nil, VendorTaskUpdate{NotifiedOn: vdate("2026-03-03"), NotifiedVia: NotifyEmail}, "notifiedOn", ""},
		{"confirmed with file", withFile, VendorTaskUpdate{NotifiedOn: vdate("2026-02-20"), NotifiedVia: NotifyPortal, ConfirmedOn: vdate("2026-03-01")}, "", TaskConfirmed},
		{"confirmed with note", nil, VendorTaskUpdate{NotifiedOn: vdate("2026-02-20"), NotifiedVia: NotifyPhone, ConfirmedOn: vdate("2026-03-01"), ConfirmationNote: "Support agent confirmed by phone"}, "", TaskConfirmed},
		{"confirmed without proof", nil, VendorTaskUpdate{NotifiedOn: vdate("2026-02-20"), NotifiedVia: NotifyPhone, ConfirmedOn: vdate("2026-03-01")}, "confirmationNote", ""},
		{"confirmed before told", withFile, VendorTaskUpdate{NotifiedOn: vdate("2026-02-20"), NotifiedVia: NotifyEmail, ConfirmedOn: vdate("2026-02-19")}, "confirmedOn", ""},
		{"confirmed, never told", withFile, VendorTaskUpdate{ConfirmedOn: vdate("2026-02-19")}, "notifiedOn", ""},
		{"waived", nil, VendorTaskUpdate{WaivedReason: "Vendor holds no data of this person"}, "", TaskWaived},
		{"waived date without reason", nil, VendorTaskUpdate{WaivedOn: vdate("2026-03-01"), WaivedReason: "  "}, "waivedReason", ""},
		{"confirmed and waived", withFile, VendorTaskUpdate{NotifiedOn: vdate("2026-02-20"), NotifiedVia: NotifyEmail, ConfirmedOn: vdate("2026-03-01"), WaivedReason: "x"}, "waivedReason", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			task := VendorTask{VendorName: "Twilio", Confirmation: tt.file}
			err := tt.u.Apply(&task, today)
			if tt.field != "" {
				if ErrorField(err) != tt.field {
					t.Fatalf("want invalid %s, got %v", tt.field, err)
				}
				if task.Status != "" {
					t.Fatal("a refused update changed the task")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if task.Status != tt.status {
				t.Errorf("status %q, want %q", task.Status, tt.status)
			}
			if open := tt.status == TaskToNotify || tt.status == TaskNotified; task.Open() != open {
				t.Errorf("Open() = %v", task.Open())
			}
			if tt.status == TaskWaived && task.WaivedOn != today {
				t.Errorf("waived on %s, want today", task.WaivedOn)
			}
		})
	}
}

func TestVendorTasksBlocking(t *testing.T) {
	if err := VendorTasksBlocking(nil); err != nil {
		t.Fatal(err)
	}
	tasks := []VendorTask{
		{VendorName: "Twilio", ConfirmedOn: vdate("2026-03-01")},
		{VendorName: "Mailgun", WaivedReason: "no data"},
		{VendorName: "OpenAI"},
	}
	err := VendorTasksBlocking(tasks)
	if ErrorCode(err) != ECONFLICT || ErrorField(err) != "vendorTasks" {
		t.Fatalf("got %v", err)
	}
	if msg := ErrorMessage(err); !strings.Contains(msg, "OpenAI") || strings.Contains(msg, "Twilio") {
		t.Errorf("message %q", msg)
	}
	if err := VendorTasksBlocking(tasks[:2]); err != nil {
		t.Errorf("closed tasks block: %v", err)
	}
}

// TestFollowRights: what a task directs when its request's rights change, by what was
// done on it.
func TestFollowRights(t *testing.T) {
	now := time.Date(2026, 3, 2, 15, 0, 0, 0, time.UTC)
	told := VendorTask{Rights: []Right{RightCorrection}, NotifiedOn: vdate("2026-02-25"), NotifiedVia: NotifyEmail}
	confirmed := told
	confirmed.ConfirmedOn, confirmed.ConfirmationNote = vdate("2026-03-01"), "Corrected"
	waived := VendorTask{Rights: []Right{RightCorrection}, WaivedOn: vdate("2026-02-27"), WaivedReason: "Holds no data of this person"}
	lettered := VendorTask{Rights: []Right{RightCorrection}, LetterID: 12}
	both := []Right{RightCorrection, RightDeletion}
	tests := []struct {
		name    string
		task    VendorTask
		rights  []Right
		change  TaskRightsChange
		want    string // the rights directed now
		earlier int
	}{
		{"untouched follows", VendorTask{Rights: []Right{RightCorrection}}, both, RightsRetargeted, "[correction deletion]", 0},
		{"untouched, same rights", VendorTask{Rights: both}, both, RightsUnchanged, "[correction deletion]", 0},
		{"confirmed: new round for the added right", confirmed, both, RightsNewRound, "[deletion]", 1},
		{"waived: new round for the added right", waived, both, RightsNewRound, "[deletion]", 1},
		{"told, not confirmed: told again with both", told, both, RightsNewRound, "[correction deletion]", 1},
		{"letter made, not sent: told again with both", lettered, both, RightsNewRound, "[correction deletion]", 1},
		{"confirmed, right denied: keeps what it was told", confirmed, nil, RightsUnchanged, "[correction]", 0},
		{"told, nothing added", told, []Right{RightCorrection}, RightsUnchanged, "[correction]", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			task := tt.task
			task.DeriveStatus()
			before := task
			if got := task.FollowRights(tt.rights, now); got != tt.change {
				t.Fatalf("change %q, want %q", got, tt.change)
			}
			if got := fmt.Sprint(task.Rights); got != tt.want || len(task.Earlier) != tt.earlier {
				t.Fatalf("rights %s with %d earlier rounds, want %s with %d", got, len(task.Earlier), tt.want, tt.earlier)
			}
			if tt.change != RightsNewRound {
				return
			}
			e := task.Earlier[0]
			if !reflect.DeepEqual(e.Rights, before.Rights) || e.NotifiedOn != before.NotifiedOn || e.ConfirmedOn != before.ConfirmedOn ||
				e.ConfirmationNote != before.ConfirmationNote || e.WaivedReason != before.WaivedReason || e.LetterID != before.LetterID ||
				e.CarriedOn != before.Open() || !e.EndedAt.Equal(now) {
				t.Errorf("earlier round %+v, from %+v", e, before)
			}
			if task.Status != TaskToNotify || task.Acted() {
				t.Errorf("the new round is %s", task.Status)
			}
			// The added right denied before anyone acted on the new round: the one
			// before is current again, as it was.
			if got := task.FollowRights(before.Rights, now); got != RightsRoundRestored {
				t.Fatalf("after the added right was dropped: %q", got)
			}
			task.Earlier = nil
			if !reflect.DeepEqual(task, before) {
				t.Errorf("restored %+v,\nwant     %+v", task, before)
			}
		})
	}
}
