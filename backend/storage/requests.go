package storage

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"gorm.io/gorm"

	"privacydesk/backend"
)

// requestRow maps the requests table (migration 0002).
type requestRow struct {
	ID                  int64 `gorm:"primaryKey"`
	Reference           string
	RefYear             int
	RefSeq              int
	RequesterName       string
	RequesterEmail      string
	RequesterPhone      string
	RequesterAddress    string
	RequesterCountry    string
	RequesterLetterName string
	RequesterDOB        *string `gorm:"column:requester_dob"`
	ClientNumber        string
	SubmittedBy         string
	AgentName           string
	AgentEmail          string
	AgentPhone          string
	AgentRelationship   string
	AgentAddress        string
	ProofOfAuthority    bool
	RequesterConfirmed  bool
	Channel             string
	ReceivedAt          string
	ReceivedDate        backend.Date
	Regime              string
	Rights              string
	Description         string
	RequesterWords      string
	NoLetterReason      string
	Minor               bool
	GuardianConsent     string
	Assignee            string
	Tags                string
	Notes               string
	Status              string
	NextDue             backend.Date
	DeletionConfirmedOn backend.Date
	DeletionChannel     string
	DeletionNote        string
	DeletionRecordedAt  *string
	DeletionRecordedBy  string
	ExtensionReason     string
	ExtendedTo          backend.Date
	ExtendedOn          backend.Date
	ExtendedAt          *string
	ExtendedBy          string
	ClosedAt            *string
	ClosedOn            backend.Date
	CreatedAt           string
	UpdatedAt           string
	NameKey             string
	EmailKey            string
	AppealOf            *string // the reference of the request an appeal appeals; NULL when none
}

func (requestRow) TableName() string { return "requests" }

type rightRow struct {
	ID                int64 `gorm:"primaryKey"`
	RequestID         int64
	RightCode         string
	Position          int
	Outcome           string
	DenialReason      string
	Exemption         string
	DenialText        string
	OutcomeAt         *string
	OutcomeBy         string
	AcknowledgeBy     backend.Date
	RespondBy         backend.Date
	PromisedBy        backend.Date
	ExtendedRespondBy backend.Date
	ExtendedTo        backend.Date
	ExtendedOn        backend.Date
	RuleVersion       int
	Citation          string
	Basis             string
	CanPause          bool
	StateDue          backend.Date
	StateCitation     string
}

func (rightRow) TableName() string { return "request_rights" }

type eventRow struct {
	ID         int64 `gorm:"primaryKey"`
	RequestID  int64
	At         string
	OSUser     string `gorm:"column:os_user"`
	Staff      string
	Kind       string
	Action     string
	FromStatus string
	ToStatus   string
	Summary    string
	Note       string
}

func (eventRow) TableName() string { return "request_events" }

type verificationRow struct {
	ID                     int64 `gorm:"primaryKey"`
	RequestID              int64
	Method                 string
	VerifiedBy             string
	VerifiedOn             backend.Date
	Degree                 string
	Notes                  string
	PermissionAttachmentID *int64
	RequesterConfirmed     bool
	RecordedAt             string
	RecordedBy             string
}

func (verificationRow) TableName() string { return "request_verifications" }

type pauseRow struct {
	ID        int64 `gorm:"primaryKey"`
	RequestID int64
	StartedOn backend.Date
	EndedOn   backend.Date
	Reason    string
}

func (pauseRow) TableName() string { return "request_pauses" }

// pauseReason stores the kind and the free text together: "kind\ttext".
func pauseReason(p backend.Pause) string { return string(p.Kind) + "\t" + p.Reason }

func splitPauseReason(s string) (backend.PauseKind, string) {
	k, text, _ := strings.Cut(s, "\t")
	return backend.PauseKind(k), text
}

// timeText formats an instant in UTC with a fixed width, so stored instants sort as text.
func timeText(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000Z") }

func parseTime(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

func parseTimePtr(s *string) *time.Time {
	if s == nil || *s == "" {
		return nil
	}
	t := parseTime(*s)
	return &t
}

func timePtrText(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := timeText(*t)
	return &s
}

func strPtr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// toRow maps a request to its row; the search keys are derived here, once.
func toRow(r *backend.Request) requestRow {
	tags, _ := json.Marshal(nonNil(r.Tags))
	rights := make([]string, len(r.Rights))
	for i, rr := range r.Rights {
		rights[i] = string(rr.Right)
	}
	row := requestRow{ID: r.ID, Reference: r.Reference, RequesterName: r.Requester.Name, RequesterEmail: r.Requester.Email,
		RequesterPhone: r.Requester.Phone, RequesterAddress: r.Requester.Address, RequesterCountry: r.Requester.Country, RequesterLetterName: r.Requester.NameOnLetters, RequesterDOB: strPtr(r.Requester.DateOfBirth),
		ClientNumber: r.Requester.ClientNumber, SubmittedBy: string(r.SubmittedBy), AgentName: r.Agent.Name,
		AgentEmail: r.Agent.Email, AgentPhone: r.Agent.Phone, AgentRelationship: r.Agent.Relationship, AgentAddress: r.Agent.Address,
		ProofOfAuthority: r.ProofOfAuthority, RequesterConfirmed: r.RequesterConfirmed, Channel: string(r.Channel),
		ReceivedAt: timeText(r.ReceivedAt), ReceivedDate: r.ReceivedDate, Regime: string(r.Regime),
		Rights: strings.Join(rights, ","), Description: r.Description, RequesterWords: r.RequesterWords, NoLetterReason: r.NoLetterReason, Minor: r.Minor,
		GuardianConsent: string(r.GuardianConsent), Assignee: r.Assignee, Tags: string(tags), Notes: r.Notes,
		Status: string(r.Status), NextDue: r.NextDue, ClosedAt: timePtrText(r.ClosedAt),
		CreatedAt: timeText(r.CreatedAt), UpdatedAt: timeText(r.UpdatedAt),
		NameKey: fold(r.Requester.Name), EmailKey: strings.ToLower(r.Requester.Email)}
	fmt.Sscanf(r.Reference, "PR-%d-%d", &row.RefYear, &row.RefSeq)
	if c := r.DeletionConfirmation; c != nil {
		row.DeletionConfirmedOn, row.DeletionChannel, row.DeletionNote = c.ConfirmedOn, string(c.Channel), c.Note
		row.DeletionRecordedAt, row.DeletionRecordedBy = strPtr(timeText(c.RecordedAt)), c.RecordedBy
	}
	row.AppealOf = strPtr(r.AppealOf)
	if e := r.Extension; e != nil {
		row.ExtensionReason, row.ExtendedTo, row.ExtendedOn = e.Reason, e.NewDate, e.ExtendedOn
		row.ExtendedAt, row.ExtendedBy = strPtr(timeText(e.RecordedAt)), e.RecordedBy
	}
	return row
}

// request maps a row back; rights, verification and pauses are loaded separately.
func (row *requestRow) request() backend.Request {
	r := backend.Request{ID: row.ID, Reference: row.Reference,
		Requester: backend.Person{Name: row.RequesterName, Email: row.RequesterEmail, Phone: row.RequesterPhone,
			Address: row.RequesterAddress, ClientNumber: row.ClientNumber, Country: row.RequesterCountry,
			NameOnLetters: row.RequesterLetterName},
		SubmittedBy:      backend.SubmittedBy(row.SubmittedBy),
		Agent:            backend.Agent{Name: row.AgentName, Email: row.AgentEmail, Phone: row.AgentPhone, Relationship: row.AgentRelationship, Address: row.AgentAddress},
		ProofOfAuthority: row.ProofOfAuthority, RequesterConfirmed: row.RequesterConfirmed, Channel: backend.Channel(row.Channel),
		ReceivedAt: parseTime(row.ReceivedAt), ReceivedDate: row.ReceivedDate, Regime: backend.Regime(row.Regime),
		Rights: []backend.RequestRight{}, Description: row.Description, RequesterWords: row.RequesterWords, NoLetterReason: row.NoLetterReason, Minor: row.Minor,
		GuardianConsent: backend.ConsentStatus(row.GuardianConsent), Assignee: row.Assignee, Tags: []string{},
		Notes: row.Notes, Status: backend.Status(row.Status), NextDue: row.NextDue, Pauses: []backend.Pause{},
		ClosedAt: parseTimePtr(row.ClosedAt), CreatedAt: parseTime(row.CreatedAt), UpdatedAt: parseTime(row.UpdatedAt)}
	if row.RequesterDOB != nil {
		r.Requester.DateOfBirth = *row.RequesterDOB
	}
	if row.AppealOf != nil {
		r.AppealOf = *row.AppealOf
	}
	_ = json.Unmarshal([]byte(row.Tags), &r.Tags)
	if !row.DeletionConfirmedOn.IsZero() {
		r.DeletionConfirmation = &backend.DeletionConfirmation{ConfirmedOn: row.DeletionConfirmedOn,
			Channel: backend.Channel(row.DeletionChannel), Note: row.DeletionNote, RecordedBy: row.DeletionRecordedBy}
		if t := parseTimePtr(row.DeletionRecordedAt); t != nil {
			r.DeletionConfirmation.RecordedAt = *t
		}
	}
	if !row.ExtendedTo.IsZero() {
		r.Extension = &backend.Extension{Reason: row.ExtensionReason, NewDate: row.ExtendedTo, ExtendedOn: row.ExtendedOn, RecordedBy: row.ExtendedBy}
		if t := parseTimePtr(row.ExtendedAt); t != nil {
			r.Extension.RecordedAt = *t
		}
	}
	return r
}

func toRightRow(requestID int64, pos int, rr *backend.RequestRight) rightRow {
	return rightRow{RequestID: requestID, RightCode: string(rr.Right), Position: pos, Outcome: string(rr.Outcome),
		DenialReason: string(rr.DenialReason), Exemption: rr.Exemption, DenialText: rr.DenialText,
		OutcomeAt: timePtrText(rr.OutcomeAt), OutcomeBy: rr.OutcomeBy, AcknowledgeBy: rr.AcknowledgeBy,
		RespondBy: rr.RespondBy, PromisedBy: rr.PromisedBy, ExtendedRespondBy: rr.ExtendedRespondBy,
		ExtendedTo: rr.ExtendedTo, ExtendedOn: rr.ExtendedOn, RuleVersion: rr.RuleVersion, Citation: rr.Citation, Basis: rr.Basis, CanPause: rr.CanPause,
		StateDue: rr.StateDue, StateCitation: rr.StateCitation}
}

func (row *rightRow) right() backend.RequestRight {
	return backend.RequestRight{Right: backend.Right(row.RightCode), Outcome: backend.Outcome(row.Outcome),
		DenialReason: backend.DenialReason(row.DenialReason), Exemption: row.Exemption, DenialText: row.DenialText,
		OutcomeAt: parseTimePtr(row.OutcomeAt), OutcomeBy: row.OutcomeBy, AcknowledgeBy: row.AcknowledgeBy,
		RespondBy: row.RespondBy, PromisedBy: row.PromisedBy, ExtendedRespondBy: row.ExtendedRespondBy,
		ExtendedTo: row.ExtendedTo, ExtendedOn: row.ExtendedOn, RuleVersion: row.RuleVersion, Citation: row.Citation, Basis: row.Basis, CanPause: row.CanPause,
		StateDue: row.StateDue, StateCitation: row.StateCitation}
}

func (row *eventRow) event() backend.RequestEvent {
	return backend.RequestEvent{ID: row.ID, At: parseTime(row.At), OSUser: row.OSUser, Staff: row.Staff,
		Kind: backend.EventKind(row.Kind), Action: backend.Action(row.Action), FromStatus: backend.Status(row.FromStatus),
		ToStatus: backend.Status(row.ToStatus), Summary: row.Summary, Note: row.Note}
}

func (row *verificationRow) verification() *backend.Verification {
	v := &backend.Verification{ID: row.ID, Method: backend.VerificationMethod(row.Method), VerifiedBy: row.VerifiedBy,
		VerifiedOn: row.VerifiedOn, Degree: backend.VerificationDegree(row.Degree), Notes: row.Notes,
		RequesterConfirmed: row.RequesterConfirmed, RecordedAt: parseTime(row.RecordedAt), RecordedBy: row.RecordedBy}
	if row.PermissionAttachmentID != nil {
		v.PermissionAttachmentID = *row.PermissionAttachmentID
	}
	return v
}

// OpenVendorTasks counts the vendor tasks of a request that are neither confirmed nor
// waived; a request cannot be completed while any is open
// (docs/legal.md#passing-requests-to-vendors). The vendors
// storage (vendor*.go) sets it from its init; until then no request has vendor tasks.
var OpenVendorTasks = func(tx *gorm.DB, requestID int64, reference string) (int, error) { return 0, nil }

// practiceZone returns the practice profile and its time zone.
func practiceZone(db *gorm.DB) (backend.Practice, *time.Location, error) {
	p, err := getPractice(db)
	if err != nil {
		return p, nil, err
	}
	loc, err := time.LoadLocation(p.TimeZone)
	if err != nil {
		return p, nil, backend.Errorf(backend.EINVALID, "The practice's time zone %q is unknown; choose one in Settings.", p.TimeZone)
	}
	return p, loc, nil
}

// Today is the practice's current calendar date.
func (s *Store) Today() (backend.Date, error) {
	_, loc, err := practiceZone(s.ro)
	if err != nil {
		return backend.Date{}, err
	}
	return backend.DateOf(s.Now(), loc), nil
}

func notFound(ref string) error {
	return backend.Errorf(backend.ENOTFOUND, "There is no request %s.", ref)
}

// loadRequest reads a request with its rights, latest verification, pauses and open
// vendor tasks: everything the workflow's guards look at.
func (s *Store) loadRequest(db *gorm.DB, ref string) (backend.Request, error) {
	ref = strings.ToUpper(strings.TrimSpace(ref))
	var row requestRow
	res := db.Where("reference = ?", ref).Limit(1).Find(&row)
	if res.Error != nil {
		return backend.Request{}, res.Error
	}
	if res.RowsAffected == 0 {
		return backend.Request{}, notFound(ref)
	}
	r := row.request()
	var rights []rightRow
	if err := db.Where("request_id = ?", r.ID).Order("position, id").Find(&rights).Error; err != nil {
		return r, err
	}
	for i := range rights {
		r.Rights = append(r.Rights, rights[i].right())
	}
	var v verificationRow
	res = db.Where("request_id = ?", r.ID).Order("id DESC").Limit(1).Find(&v)
	if res.Error != nil {
		return r, res.Error
	}
	if res.RowsAffected > 0 {
		r.Verification = v.verification()
	}
	var pauses []pauseRow
	if err := db.Where("request_id = ?", r.ID).Order("id").Find(&pauses).Error; err != nil {
		return r, err
	}
	for _, p := range pauses {
		kind, reason := splitPauseReason(p.Reason)
		r.Pauses = append(r.Pauses, backend.Pause{ID: p.ID, Kind: kind, StartedOn: p.StartedOn, EndedOn: p.EndedOn, Reason: reason})
	}
	n, err := OpenVendorTasks(db, r.ID, r.Reference)
	if err != nil {
		return r, err
	}
	r.OpenVendorTasks = n
	if r.ResponseSent, err = responseSent(db, r.ID); err != nil {
		return r, err
	}
	if r.ClockStopped = r.RunningPause(); r.ClockStopped != nil {
		// The stored dates were computed the day the clock stopped; a running pause moves
		// them a day for every day of waiting, so they are recomputed up to today on read.
		p, loc, err := practiceZone(db)
		if err != nil {
			return r, err
		}
		if err := computeDeadlinesAsOf(p, &r, true, backend.DateOf(s.Now(), loc)); err != nil {
			return r, err
		}
		r.NextDue = r.ComputeNextDue()
	}
	return r, nil
}

// GetRequest returns a request by its reference.
func (s *Store) GetRequest(ref string) (backend.Request, error) {
	return s.loadRequest(s.db, ref)
}

// nextReference hands out the next PR-YYYY-NNNN of year inside tx. The upsert locks the
// year's counter row until tx ends, so desks logging at once take turns. A number a
// request already holds (the counter behind the references in use, as after rows were
// put into the table by something other than the app) is skipped: the reference goes on
// after the year's highest, and the counter with it. The free number is found before
// the insert, not retried after a failed one: on PostgreSQL a failed statement ends the
// whole transaction.
func nextReference(tx *gorm.DB, year int) (string, error) {
	// An upsert, then a read in the same transaction (SQLCipher's SQLite has no RETURNING).
	if err := tx.Exec(`INSERT INTO request_sequences(year, last) VALUES (?, 1)
		ON CONFLICT(year) DO UPDATE SET last = request_sequences.last + 1`, year).Error; err != nil {
		return "", err
	}
	var last int
	if err := tx.Raw(`SELECT last FROM request_sequences WHERE year = ?`, year).Scan(&last).Error; err != nil {
		return "", err
	}
	used, err := highestRefSeq(tx, year)
	if err != nil {
		return "", err
	}
	if used >= last {
		last = used + 1
		if err := tx.Exec(`UPDATE request_sequences SET last = ? WHERE year = ?`, last, year).Error; err != nil {
			return "", err
		}
	}
	return formatReference(year, last), nil
}

// highestRefSeq is the highest reference number of year a request holds (0 for none).
func highestRefSeq(tx *gorm.DB, year int) (int, error) {
	var n int
	err := tx.Raw(`SELECT coalesce(max(ref_seq), 0) FROM requests WHERE ref_year = ?`, year).Scan(&n).Error
	return n, err
}

func formatReference(year, seq int) string { return fmt.Sprintf("PR-%d-%04d", year, seq) }

// CreateRequest validates the input, computes each right's deadlines and stores the new
// request with its first timeline event and audit event. A refused request writes nothing.
func (s *Store) CreateRequest(in backend.RequestInput) (backend.Request, error) {
	now := s.Now().UTC()
	p, loc, err := practiceZone(s.db)
	if err != nil {
		return backend.Request{}, err
	}
	if err := in.Validate(now, loc); err != nil {
		return backend.Request{}, err
	}
	r := newRequest(in, now, loc)
	if err := computeDeadlines(p, &r, true); err != nil {
		return backend.Request{}, err
	}
	r.NextDue = r.ComputeNextDue()
	var out backend.Request
	err = s.db.Transaction(func(tx *gorm.DB) error {
		ref, err := nextReference(tx, r.ReceivedDate.Time().Year())
		if err != nil {
			return err
		}
		r.Reference = ref
		if err := s.checkAppealOf(tx, &in, ""); err != nil {
			return err
		}
		if err := insertRequest(tx, &r); err != nil {
			return err
		}
		ev := backend.RequestEvent{Kind: backend.EventCreated, ToStatus: r.Status,
			Summary: fmt.Sprintf("Request logged: %s, received %s by %s", rightsSummary(&r), r.ReceivedDate.Long(), strings.ToLower(r.Channel.Label()))}
		if r.AppealOf != "" {
			ev.Summary += "; it appeals the denial of " + r.AppealOf
		}
		if err := s.addRequestEvent(tx, r.ID, ev); err != nil {
			return err
		}
		if err := s.noteAppeal(tx, &r); err != nil {
			return err
		}
		if err := s.appendAudit(tx, "request", r.Reference, "create", nil, r); err != nil {
			return err
		}
		out, err = s.loadRequest(tx, r.Reference)
		return err
	})
	if err != nil {
		return backend.Request{}, translateUnique(err, r.Reference)
	}
	return out, nil
}

// newRequest builds a request from validated input.
func newRequest(in backend.RequestInput, now time.Time, loc *time.Location) backend.Request {
	at, day, _ := in.Received(now, loc)
	r := backend.Request{Requester: in.Requester, SubmittedBy: in.SubmittedBy, Agent: in.Agent,
		ProofOfAuthority: in.ProofOfAuthority, RequesterConfirmed: in.RequesterConfirmed, Channel: in.Channel,
		ReceivedAt: at, ReceivedDate: day, Regime: in.Regime, Description: in.Description, RequesterWords: in.RequesterWords, Minor: in.Minor,
		GuardianConsent: in.GuardianConsent, Assignee: in.Assignee, Tags: nonNil(in.Tags), Notes: in.Notes, AppealOf: in.AppealOf,
		Status: backend.StatusReceived, Pauses: []backend.Pause{}, CreatedAt: now, UpdatedAt: now}
	for _, t := range in.Rights {
		r.Rights = append(r.Rights, backend.RequestRight{Right: t, Outcome: backend.OutcomePending})
	}
	return r
}

func rightsSummary(r *backend.Request) string {
	names := make([]string, len(r.Rights))
	for i, rr := range r.Rights {
		names[i] = strings.ToLower(rr.Right.Label())
	}
	return r.Regime.Label() + " " + strings.Join(names, ", ")
}

// insertRequest writes a new request's row, rights and search text.
func insertRequest(tx *gorm.DB, r *backend.Request) error {
	row := toRow(r)
	row.ID = 0
	if err := tx.Create(&row).Error; err != nil {
		return err
	}
	r.ID = row.ID
	for i := range r.Rights {
		rr := toRightRow(r.ID, i, &r.Rights[i])
		if err := tx.Create(&rr).Error; err != nil {
			return err
		}
	}
	return tx.Exec(`INSERT INTO request_text(docid, text) VALUES (?, ?)`, r.ID, dialectOf(tx).searchDoc(searchText(r))).Error
}

// saveRequest writes back a changed request: its row, rights, pauses and search text.
func saveRequest(tx *gorm.DB, r *backend.Request) error {
	row := toRow(r)
	// closed_on is stamped once, when the request closes (requests_workflow.go); the
	// request carries no copy of it, so a later save must leave it alone.
	if err := tx.Omit("closed_on").Save(&row).Error; err != nil {
		return err
	}
	var existing []rightRow
	if err := tx.Where("request_id = ?", r.ID).Find(&existing).Error; err != nil {
		return err
	}
	byRight := map[string]*rightRow{}
	for i := range existing {
		byRight[existing[i].RightCode] = &existing[i]
	}
	keep := map[string]bool{}
	for i := range r.Rights {
		rr := toRightRow(r.ID, i, &r.Rights[i])
		keep[rr.RightCode] = true
		var err error
		if old := byRight[rr.RightCode]; old != nil {
			rr.ID = old.ID
			err = tx.Save(&rr).Error
		} else if err = tx.Create(&rr).Error; err == nil {
			err = unburyRight(tx, r.ID, rr.RightCode)
		}
		if err != nil {
			return err
		}
	}
	for code, old := range byRight {
		if !keep[code] {
			if err := tx.Delete(&rightRow{}, old.ID).Error; err != nil {
				return err
			}
			// Its due date may be in the office's calendar: the export cancels it.
			today, err := todayIn(tx)
			if err != nil {
				return err
			}
			if err := buryRight(tx, old, r.UpdatedAt, today); err != nil {
				return err
			}
		}
	}
	for i := range r.Pauses {
		p := &r.Pauses[i]
		pr := pauseRow{ID: p.ID, RequestID: r.ID, StartedOn: p.StartedOn, EndedOn: p.EndedOn, Reason: pauseReason(*p)}
		var err error
		if pr.ID == 0 {
			err = tx.Create(&pr).Error
			p.ID = pr.ID
		} else {
			err = tx.Save(&pr).Error
		}
		if err != nil {
			return err
		}
	}
	return tx.Exec(`UPDATE request_text SET text = ? WHERE docid = ?`, dialectOf(tx).searchDoc(searchText(r)), r.ID).Error
}

// addRequestEvent appends an entry to a request's timeline inside tx. Other areas
// (letters, vendor tasks) call it too, next to their own audit event.
func (s *Store) addRequestEvent(tx *gorm.DB, requestID int64, ev backend.RequestEvent) error {
	row := eventRow{RequestID: requestID, At: timeText(s.Now()), OSUser: s.Actor.OSUser, Staff: s.Actor.Staff,
		Kind: string(ev.Kind), Action: string(ev.Action), FromStatus: string(ev.FromStatus), ToStatus: string(ev.ToStatus),
		Summary: ev.Summary, Note: ev.Note}
	return tx.Create(&row).Error
}

// translateUnique turns a clash on a new request's reference ref into a conflict on the
// field "reference" that names it. References are generated past every one in use
// (nextReference), so this is what is left when the rows changed under the app.
func translateUnique(err error, ref string) error {
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return &backend.Error{Code: backend.ECONFLICT, Field: "reference",
			Message: fmt.Sprintf("Reference %s is already used by another request, so nothing was saved.", ref)}
	}
	return err
}

// UpdateRequest changes a request's intake details. The regime, the received date and
// the rights may change only while the request is open; a right that already has an
// outcome cannot be removed, and moving the regime or the received date recomputes the
// deadlines. The timeline says which fields changed; the audit keeps before and after.
func (s *Store) UpdateRequest(ref string, in backend.RequestInput) (backend.Request, error) {
	return s.updateRequest(ref, in, nil)
}

// updateRequest is UpdateRequest whose transaction first runs check, when given, and
// saves nothing when it fails (UpdateRequestFrom's check that nobody else changed it).
func (s *Store) updateRequest(ref string, in backend.RequestInput, check func(tx *gorm.DB) error) (backend.Request, error) {
	now := s.Now().UTC()
	var out backend.Request
	err := s.db.Transaction(func(tx *gorm.DB) error {
		if check != nil {
			if err := check(tx); err != nil {
				return err
			}
		}
		p, loc, err := practiceZone(tx)
		if err != nil {
			return err
		}
		before, err := s.loadRequest(tx, ref)
		if err != nil {
			return err
		}
		if err := in.Validate(now, loc); err != nil {
			return err
		}
		// Checked on every save, not only when the link changes: the law or the received
		// date may have changed beside it.
		if err := s.checkAppealOf(tx, &in, before.Reference); err != nil {
			return err
		}
		r := before
		r.Rights = append([]backend.RequestRight(nil), before.Rights...)
		at, day, _ := in.Received(now, loc)
		// The requester's country decides a GDPR date's holidays, so it moves the clock too.
		clockChanged := in.Regime != before.Regime || !day.Equal(before.ReceivedDate) || in.Requester.Country != before.Requester.Country
		if !before.Open() && (clockChanged || !sameRights(before.Rights, in.Rights)) {
			return backend.Errorf(backend.ECONFLICT, "The request is closed: its regime, received date and rights can no longer change.")
		}
		if clockChanged && before.Extension != nil {
			return backend.Invalid("receivedDate", "The request was extended: its regime and received date can no longer change.")
		}
		rights := make([]backend.RequestRight, 0, len(in.Rights))
		for _, t := range in.Rights {
			if rr := before.Right(t); rr != nil {
				rights = append(rights, *rr)
			} else {
				rights = append(rights, backend.RequestRight{Right: t, Outcome: backend.OutcomePending})
			}
		}
		for _, rr := range before.Rights {
			if !containsRight(in.Rights, rr.Right) && rr.Outcome != backend.OutcomePending {
				return backend.Invalid("rights", "The %s right already has an outcome (%s); it cannot be removed.", strings.ToLower(rr.Right.Label()), strings.ToLower(rr.Outcome.Label()))
			}
		}
		if in.Regime != before.Regime {
			for _, rr := range before.Rights {
				if rr.Outcome != backend.OutcomePending {
					return backend.Invalid("regime", "A right already has an outcome; the regime can no longer change.")
				}
			}
		}
		r.Requester, r.SubmittedBy, r.Agent = in.Requester, in.SubmittedBy, in.Agent
		r.ProofOfAuthority, r.RequesterConfirmed, r.Channel = in.ProofOfAuthority, in.RequesterConfirmed, in.Channel
		r.ReceivedAt, r.ReceivedDate, r.Regime, r.Rights = at, day, in.Regime, rights
		r.Description, r.RequesterWords, r.Minor, r.GuardianConsent = in.Description, in.RequesterWords, in.Minor, in.GuardianConsent
		r.Assignee, r.Tags, r.Notes, r.AppealOf = in.Assignee, nonNil(in.Tags), in.Notes, in.AppealOf
		// Stored dates stay as computed unless the clock's inputs moved: a changed rule or
		// setting never silently moves an existing deadline (docs/legal.md#laws-change-on-dates).
		// A running pause counts up to today, not to the received date.
		if err := computeDeadlinesAsOf(p, &r, clockChanged, backend.DateOf(now, loc)); err != nil {
			return err
		}
		r.NextDue = r.ComputeNextDue()
		changed := changedFields(&before, &r)
		if len(changed) == 0 {
			out = before
			return nil
		}
		r.UpdatedAt = now
		if err := saveRequest(tx, &r); err != nil {
			return err
		}
		ev := backend.RequestEvent{Kind: backend.EventUpdated, Summary: changeSummary(changed)}
		if err := s.addRequestEvent(tx, r.ID, ev); err != nil {
			return err
		}
		if err := s.appendAudit(tx, "request", r.Reference, "update", before, r); err != nil {
			return err
		}
		if r.AppealOf != before.AppealOf {
			if err := s.noteAppeal(tx, &r); err != nil {
				return err
			}
		}
		// A right added or removed changes what the vendors not yet told are directed to do.
		if err := s.refreshTaskRights(tx, r.ID); err != nil {
			return err
		}
		out, err = s.loadRequest(tx, r.Reference)
		return err
	})
	return out, err
}

func sameRights(have []backend.RequestRight, want []backend.Right) bool {
	if len(have) != len(want) {
		return false
	}
	for _, t := range want {
		found := false
		for _, rr := range have {
			found = found || rr.Right == t
		}
		if !found {
			return false
		}
	}
	return true
}

func containsRight(list []backend.Right, t backend.Right) bool {
	for _, x := range list {
		if x == t {
			return true
		}
	}
	return false
}

// changeLabels are the words the timeline uses for changedFields' keys: the summary is
// read by the office manager, who never sees the JSON keys.
var changeLabels = map[string]string{
	"requester.name":          "requester's name",
	"requester.email":         "requester's email",
	"requester.phone":         "requester's phone",
	"requester.address":       "requester's postal address",
	"requester.dateOfBirth":   "requester's date of birth",
	"requester.clientNumber":  "requester's client number",
	"requester.country":       "requester's country (public holidays of the GDPR date)",
	"requester.nameOnLetters": "name on letters",
	"submittedBy":             "who submitted it",
	"agent":                   "authorized agent",
	"proofOfAuthority":        "proof of the agent's authority",
	"requesterConfirmed":      "requester's direct confirmation",
	"channel":                 "how it was received",
	"received":                "date and time received",
	"regime":                  "law",
	"rights":                  "rights requested",
	"description":             "description",
	"minor":                   "minor and guardian consent",
	"assignee":                "assignee",
	"tags":                    "tags",
	"notes":                   "notes",
	"appealOf":                "request appealed",
}

// changeSummary is the timeline line for an edit: "Changed notes", "Changed law and
// rights requested", "Changed a, b and c".
func changeSummary(keys []string) string {
	words := make([]string, len(keys))
	for i, k := range keys {
		words[i] = k
		if l, ok := changeLabels[k]; ok {
			words[i] = l
		}
	}
	switch len(words) {
	case 0:
		return "Changed nothing"
	case 1:
		return "Changed " + words[0]
	}
	return "Changed " + strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

// changedFields names the input fields (JSON keys) that differ between a and b.
func changedFields(a, b *backend.Request) []string {
	var out []string
	add := func(name string, differ bool) {
		if differ {
			out = append(out, name)
		}
	}
	add("requester.name", a.Requester.Name != b.Requester.Name)
	add("requester.email", a.Requester.Email != b.Requester.Email)
	add("requester.phone", a.Requester.Phone != b.Requester.Phone)
	add("requester.address", a.Requester.Address != b.Requester.Address)
	add("requester.dateOfBirth", a.Requester.DateOfBirth != b.Requester.DateOfBirth)
	add("requester.clientNumber", a.Requester.ClientNumber != b.Requester.ClientNumber)
	add("requester.country", a.Requester.Country != b.Requester.Country)
	add("requester.nameOnLetters", a.Requester.NameOnLetters != b.Requester.NameOnLetters)
	add("submittedBy", a.SubmittedBy != b.SubmittedBy)
	add("agent", a.Agent != b.Agent)
	add("proofOfAuthority", a.ProofOfAuthority != b.ProofOfAuthority)
	add("requesterConfirmed", a.RequesterConfirmed != b.RequesterConfirmed)
	add("channel", a.Channel != b.Channel)
	add("received", !a.ReceivedAt.Equal(b.ReceivedAt))
	add("regime", a.Regime != b.Regime)
	ar, br := make([]string, 0), make([]string, 0)
	for _, rr := range a.Rights {
		ar = append(ar, string(rr.Right))
	}
	for _, rr := range b.Rights {
		br = append(br, string(rr.Right))
	}
	sort.Strings(ar)
	sort.Strings(br)
	add("rights", strings.Join(ar, ",") != strings.Join(br, ","))
	add("description", a.Description != b.Description)
	add("requesterWords", a.RequesterWords != b.RequesterWords)
	add("minor", a.Minor != b.Minor || a.GuardianConsent != b.GuardianConsent)
	add("assignee", a.Assignee != b.Assignee)
	add("tags", strings.Join(a.Tags, "\x00") != strings.Join(b.Tags, "\x00"))
	add("notes", a.Notes != b.Notes)
	add("appealOf", a.AppealOf != b.AppealOf)
	return out
}

// RequestEvents returns a request's timeline, oldest first.
func (s *Store) RequestEvents(ref string) ([]backend.RequestEvent, error) {
	var id int64
	res := s.db.Raw(`SELECT id FROM requests WHERE reference = ?`, strings.ToUpper(strings.TrimSpace(ref))).Scan(&id)
	if res.Error != nil {
		return nil, res.Error
	}
	if res.RowsAffected == 0 {
		return nil, notFound(ref)
	}
	var rows []eventRow
	if err := s.db.Where("request_id = ?", id).Order("id").Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]backend.RequestEvent, len(rows))
	for i := range rows {
		out[i] = rows[i].event()
	}
	return out, nil
}

// Verifications returns every verification recorded for a request, oldest first.
func (s *Store) Verifications(ref string) ([]backend.Verification, error) {
	var rows []verificationRow
	err := s.db.Raw(`SELECT v.* FROM request_verifications v JOIN requests r ON r.id = v.request_id
		WHERE r.reference = ? ORDER BY v.id`, strings.ToUpper(strings.TrimSpace(ref))).Scan(&rows).Error
	out := make([]backend.Verification, len(rows))
	for i := range rows {
		out[i] = *rows[i].verification()
	}
	return out, err
}
