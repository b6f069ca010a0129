package reporting

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"privacydesk/backend"
	"privacydesk/backend/backup"
	"privacydesk/backend/rules"
	"privacydesk/backend/storage"
)

// Readiness answers "are we ready for an audit?" item by item, on the practice's today:
// what an auditor asks for first (the profile, the time zone deadlines are counted in,
// the data map, the BAAs, backups that restore, the recovery key, the contact details
// letters carry, no overdue request, and every extension told to the requester in
// time). Each item says what is missing and where it is fixed. Only the two about
// requests are true of an empty practice (no request is late, none was extended without
// notice): the rest needs work done, and no item reassures on the strength of nothing
// recorded.
func (s *Service) Readiness(ctx context.Context) (backend.Readiness, error) {
	p, err := s.st.GetPractice()
	if err != nil {
		return backend.Readiness{}, err
	}
	today, err := s.st.Today()
	if err != nil {
		return backend.Readiness{}, err
	}
	r := backend.Readiness{AsOf: today}
	add := func(it backend.ReadinessItem, err error) error {
		if err != nil {
			return err
		}
		r.Items = append(r.Items, it)
		return nil
	}
	has, err := s.st.HasPractice()
	if err != nil {
		return r, err
	}
	for _, step := range []func() (backend.ReadinessItem, error){
		func() (backend.ReadinessItem, error) { return profileItem(p, has), nil },
		func() (backend.ReadinessItem, error) { return s.zoneItem(ctx, p) },
		s.dataMapItem,
		func() (backend.ReadinessItem, error) { return s.baaItem(today) },
		func() (backend.ReadinessItem, error) { return backupItem(ctx, p, today), nil },
		func() (backend.ReadinessItem, error) { return s.recoveryItem(ctx) },
		func() (backend.ReadinessItem, error) { return contactsItem(p), nil },
		func() (backend.ReadinessItem, error) { return s.overdueItem(today) },
		func() (backend.ReadinessItem, error) { return s.extensionNoticeItem(p, today) },
	} {
		if err := ctx.Err(); err != nil {
			return r, err
		}
		if err := add(step()); err != nil {
			return r, err
		}
	}
	r.Ready = true
	for _, it := range r.Items {
		r.Ready = r.Ready && it.OK
	}
	return r, nil
}

// missing names the empty ones among fields (label, value pairs).
func missing(fields ...[2]string) []string {
	var out []string
	for _, f := range fields {
		if strings.TrimSpace(f[1]) == "" {
			out = append(out, f[0])
		}
	}
	return out
}

func listed(names []string, most int) string {
	if len(names) > most {
		return strings.Join(names[:most], ", ") + fmt.Sprintf(" and %d more", len(names)-most)
	}
	return strings.Join(names, ", ")
}

func profileItem(p backend.Practice, saved bool) backend.ReadinessItem {
	it := backend.ReadinessItem{Key: "profile", Label: "Practice profile complete", Fix: "settings", FixHint: "Complete the profile in Settings"}
	gaps := missing([2]string{"name", p.Name}, [2]string{"legal entity", p.LegalEntity}, [2]string{"state", p.State},
		[2]string{"HIPAA role", string(p.HIPAARole)}, [2]string{"signatory's name", p.SignatoryName}, [2]string{"signatory's title", p.SignatoryTitle})
	switch {
	case !saved:
		it.Detail = "No practice profile has been saved yet."
	case len(gaps) > 0:
		it.Detail = "Missing: " + strings.Join(gaps, ", ") + "."
	default:
		it.OK, it.Detail = true, fmt.Sprintf("%s (%s), %s, signed by %s, %s.", p.Name, p.LegalEntity, p.State, p.SignatoryName, p.SignatoryTitle)
	}
	return it
}

func (s *Service) zoneItem(ctx context.Context, p backend.Practice) (backend.ReadinessItem, error) {
	it := backend.ReadinessItem{Key: "timeZone", Label: "Time zone confirmed", Fix: "confirm-zone", FixHint: "Confirm the time zone"}
	v, err := s.st.GetAppState(ctx, storage.AppStateTimeZoneConfirmed)
	if err != nil {
		return it, err
	}
	country := p.HolidayCountry
	for _, c := range rules.HolidayCountries() {
		if c.Code == p.HolidayCountry {
			country = c.Name
		}
	}
	if v == "1" {
		it.OK, it.Detail = true, fmt.Sprintf("Deadlines count days in %s; intake offers %s as a GDPR requester's country.", p.TimeZone, country)
	} else {
		it.Detail = fmt.Sprintf("Nobody has confirmed that the practice is in %s (and that most of its EU requesters live in %s).", p.TimeZone, country)
	}
	return it, nil
}

func (s *Service) dataMapItem() (backend.ReadinessItem, error) {
	it := backend.ReadinessItem{Key: "dataMap", Label: "Data map filled", Fix: "vendors/data-map", FixHint: "Fill in the data map"}
	m, err := s.st.ListDataMap()
	if err != nil {
		return it, err
	}
	var collected, gaps []string
	for _, c := range m {
		if c.Warning != "" {
			gaps = append(gaps, c.Label+" ("+c.Warning+")")
			continue
		}
		if !c.Collected {
			continue
		}
		collected = append(collected, c.Label)
		if g := missing([2]string{"purposes", c.Purposes}, [2]string{"retention", c.Retention}); len(g) > 0 {
			gaps = append(gaps, c.Label+" (no "+strings.Join(g, " or ")+")")
		}
	}
	switch {
	case len(gaps) > 0:
		it.Detail = "To finish: " + listed(gaps, 3) + "."
	case len(collected) == 0:
		it.Detail = "No category of personal data is recorded as collected yet."
	default:
		it.OK, it.Detail = true, fmt.Sprintf("%s collected, each with its purposes and retention.", plural(len(collected), "category", "categories"))
	}
	return it, nil
}

func (s *Service) baaItem(today backend.Date) (backend.ReadinessItem, error) {
	it := backend.ReadinessItem{Key: "baa", Label: "Every vendor with PHI access under a current, checked BAA", Fix: "vendors", FixHint: "Open the vendor register"}
	vendors, err := s.st.ListVendors(backend.VendorFilter{})
	if err != nil {
		return it, err
	}
	var phi int
	var gaps []string
	for _, v := range vendors {
		if v.PHIAccess == backend.PHINone || v.BAAStatus == backend.BAANotRequired {
			continue
		}
		// An ended agreement needs no current BAA, only the record of what became of
		// the PHI (45 CFR 164.504(e)(2)(ii)(J)), as the vendor's alert says.
		if v.Ended(today) {
			if v.PHIDisposition == "" {
				gaps = append(gaps, v.Name+" (PHI return or destruction not recorded)")
			}
			continue
		}
		phi++
		no := false
		for _, c := range v.Checklist {
			no = no || c.Answer == backend.AnswerNo
		}
		switch {
		case !v.HasCurrentBAA(today):
			gaps = append(gaps, v.Name+" (no signed, current BAA)")
		case checkedClauses(v) < len(backend.BAAClauses) || no:
			gaps = append(gaps, v.Name+" (checklist not complete)")
		}
	}
	switch {
	case len(vendors) == 0:
		it.Detail = "No vendor is registered yet: add the practice's service providers."
	case len(gaps) > 0:
		it.Detail = listed(gaps, 3) + "."
	default:
		it.OK, it.Detail = true, fmt.Sprintf("%s, %d with PHI access, each under a signed, current BAA with all %d clauses checked.",
			plural(len(vendors), "vendor", "vendors"), phi, len(backend.BAAClauses))
	}
	return it, nil
}

// backupItem looks for the newest automatic backup and opens it as a restore would,
// checking every file's hash and the database inside.
func backupItem(ctx context.Context, p backend.Practice, today backend.Date) backend.ReadinessItem {
	it := backend.ReadinessItem{Key: "backups", Label: "Backups running and restorable", Fix: "settings", FixHint: "Set up automatic backups in Settings"}
	if p.BackupFolder == "" {
		it.Detail = "Automatic backups are off: no backup folder is chosen."
		return it
	}
	path, day, err := backup.NewestDaily(p.BackupFolder)
	switch {
	case err != nil:
		it.Detail = fmt.Sprintf("The backup folder %s cannot be read.", p.BackupFolder)
		return it
	case path == "":
		it.Detail = fmt.Sprintf("No automatic backup in %s yet.", p.BackupFolder)
		return it
	case day.Before(today.AddDays(-1)):
		it.Detail = fmt.Sprintf("The newest automatic backup is from %s: none was made since.", day.Long())
		return it
	}
	it.Fix, it.FixHint = "exports", "Open backups on the Exports screen"
	if toRecoveryKey(path) {
		// Its contents open only with the recovery key, which the app never holds: what
		// can be checked without it is that the file was written whole (backups are
		// written beside their name and renamed when complete) to the key's recipient.
		it.OK, it.Detail = true, fmt.Sprintf("The newest automatic backup, %s (%s), was written in full and is encrypted to the recovery key; "+
			"Restore with the key file checks every file in it.", path, day.Long())
		return it
	}
	if _, err := backup.Preview(ctx, path, ""); err != nil {
		it.Detail = fmt.Sprintf("The newest automatic backup, %s, could not be checked: %s", path, backend.ErrorMessage(err))
		return it
	}
	it.OK, it.Detail = true, fmt.Sprintf("The newest automatic backup, %s (%s), opens and checks out: every file's hash and the database inside.", path, day.Long())
	return it
}

func (s *Service) recoveryItem(ctx context.Context) (backend.ReadinessItem, error) {
	it := backend.ReadinessItem{Key: "recoveryKey", Label: "Recovery key made", Fix: "exports", FixHint: "Make the recovery key on the Exports screen"}
	v, err := s.st.RecoveryRecipient(ctx)
	if err != nil {
		return it, err
	}
	if v == "" {
		it.Detail = "Not made: without it, the data cannot be opened when every passphrase is lost."
	} else {
		it.OK, it.Detail = true, "Made; automatic backups are encrypted to it."
	}
	return it, nil
}

func contactsItem(p backend.Practice) backend.ReadinessItem {
	it := backend.ReadinessItem{Key: "contacts", Label: "Letters' contact details complete", Fix: "settings", FixHint: "Add the contact details in Settings"}
	gaps := missing([2]string{"contact title", p.PrivacyContact}, [2]string{"phone", p.Phone}, [2]string{"address", p.Address},
		[2]string{"email", p.Email})
	if len(gaps) > 0 {
		it.Detail = "Letters lack the practice's " + strings.Join(gaps, ", ") + "."
	} else {
		it.OK, it.Detail = true, fmt.Sprintf("Letters name the %s, %s, %s.", p.PrivacyContact, p.Phone, p.Email)
	}
	return it
}

func (s *Service) overdueItem(today backend.Date) (backend.ReadinessItem, error) {
	it := backend.ReadinessItem{Key: "overdue", Label: "No request overdue", Fix: "requests?due=overdue&sort=due", FixHint: "Open the overdue requests"}
	c, err := s.st.DashboardCounts(today)
	if err != nil {
		return it, err
	}
	if c.Overdue > 0 {
		it.Detail = fmt.Sprintf("%s past the deadline.", plural(c.Overdue, "request is", "requests are"))
	} else {
		it.OK, it.Detail = true, "Every open request is within its deadline."
	}
	return it, nil
}

// extensionNoticeItem checks that every extension of an open request, or of one closed
// this year, had its extension letter made within the original period of the rights it
// moved (backend.ExtensionNotices), the days counted in the practice's zone. It flags and
// recomputes nothing: the due dates still count the extended date.
func (s *Service) extensionNoticeItem(p backend.Practice, today backend.Date) (backend.ReadinessItem, error) {
	it := backend.ReadinessItem{Key: "extensionNotices", Label: "Every extension told to the requester in time", Fix: "requests", FixHint: "Open the requests"}
	loc, err := time.LoadLocation(p.TimeZone)
	if err != nil {
		return it, backend.Errorf(backend.EINVALID, "The practice's time zone %q is unknown; choose one in Settings.", p.TimeZone)
	}
	reqs, letters, err := s.st.ExtendedRequests(backend.NewDate(today.Time().Year(), time.January, 1))
	if err != nil {
		return it, err
	}
	var checked int
	var missed, due, refs []string
	for i := range reqs {
		r := &reqs[i]
		for _, n := range backend.ExtensionNotices(r, letters[r.ID], loc) {
			checked++
			switch {
			case n.Made():
				continue
			case n.Missed(today):
				missed = append(missed, fmt.Sprintf("%s (notice due by %s)", r.Reference, n.NoticeBy.Long()))
			default:
				due = append(due, fmt.Sprintf("%s by %s", r.Reference, n.NoticeBy.Long()))
			}
			if len(refs) == 0 || refs[len(refs)-1] != r.Reference {
				refs = append(refs, r.Reference)
			}
		}
	}
	var parts []string
	if len(missed) > 0 {
		parts = append(parts, fmt.Sprintf("No extension letter was made within the original period for %s: the extension may not hold, "+
			"and the original date governed. Answer any still open as soon as possible, and record on each request why the notice was not sent.",
			joinWords(missed)))
	}
	if len(due) > 0 {
		parts = append(parts, fmt.Sprintf("Make and send the extension letter of %s: an extension without its letter in time will not hold.", joinWords(due)))
	}
	switch {
	case len(parts) > 0:
		it.Detail = strings.Join(parts, " ")
		if len(refs) == 1 {
			it.Fix, it.FixHint = "requests/"+refs[0], "Open "+refs[0]
		}
	case checked == 0:
		it.OK, it.Detail = true, "No open request, nor one closed this year after its original period, was extended."
	default:
		it.OK, it.Detail = true, fmt.Sprintf("%s of open requests and of requests closed this year, each with its extension letter made within the original period.",
			plural(checked, "extension", "extensions"))
	}
	return it, nil
}

// joinWords joins "a", "a and b", "a, b and c".
func joinWords(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

// writeReadinessPDF lays the readiness page out on one page for the compliance file.
func writeReadinessPDF(w io.Writer, p backend.Practice, rd backend.Readiness, now time.Time) error {
	r := newReportPDF(p, "Ready for an audit", now, "")
	done := 0
	for _, it := range rd.Items {
		if it.OK {
			done++
		}
	}
	verdict := fmt.Sprintf("As of %s: %d of %d in place.", rd.AsOf.Long(), done, len(rd.Items))
	if rd.Ready {
		verdict = fmt.Sprintf("As of %s: all %d in place.", rd.AsOf.Long(), len(rd.Items))
	}
	r.para(verdict, true, 11, 6)
	r.pdf.Ln(3)
	left, _, _, _ := r.pdf.GetMargins()
	width := r.textWidth()
	for _, it := range rd.Items {
		// The label, its mark and the detail's first line share a page.
		label := r.ts.Words(it.Label, true, 10.5).Lines(width - 30)
		r.room(6*float64(len(label)) + 4.6)
		y := r.pdf.GetY()
		mark, rgb := "To do", [3]int{180, 35, 35}
		if it.OK {
			mark, rgb = "In place", [3]int{20, 120, 80}
		}
		r.pdf.SetFillColor(rgb[0], rgb[1], rgb[2])
		r.pdf.Circle(left+2.2, y+3, 2, "F")
		r.ts.Flow(label, 10.5, left+7, 6)
		r.pdf.SetTextColor(rgb[0], rgb[1], rgb[2])
		r.rightAligned(mark, true, 10.5, left+width, y, 6)
		r.pdf.SetTextColor(0, 0, 0)
		r.textAt(it.Detail, false, 9.5, left+7, width-7, 4.6)
		r.pdf.Ln(3)
	}
	return r.output(w)
}

// toRecoveryKey reports whether the backup at path is an age file encrypted to an X25519
// recipient (the recovery key), from its header.
func toRecoveryKey(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 64)
	n, _ := io.ReadFull(f, head)
	return bytes.HasPrefix(head[:n], []byte("age-encryption.org/v1\n-> X25519 "))
}
