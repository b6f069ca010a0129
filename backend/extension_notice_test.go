package backend

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// Two extensions of one HIPAA request: access (original period to 12 March) extended on
// 2 March, the amendment (to 11 April) on 6 April. Each needs its own letter, made from
// its day to the end of its original period, the day counted in the practice's zone
// (America/Chicago, UTC-5 in March and April 2026), never in UTC or the computer's.
func TestExtensionNotices(t *testing.T) {
	d := func(s string) Date { x, _ := ParseDate(s); return x }
	at := func(s string) time.Time { x, _ := time.Parse(time.RFC3339, s); return x }
	letter := func(kind LetterKind, made string) Letter { return Letter{Kind: kind, CreatedAt: at(made)} }
	request := func(closed string) *Request {
		r := &Request{Rights: []RequestRight{
			{Right: RightAccess, RespondBy: d("2026-03-12"), ExtendedTo: d("2026-04-01"), ExtendedOn: d("2026-03-02")},
			{Right: RightCorrection, RespondBy: d("2026-04-11"), ExtendedTo: d("2026-05-11"), ExtendedOn: d("2026-04-06")},
			{Right: RightAccounting, RespondBy: d("2026-04-11")},
		}, Extension: &Extension{ExtendedOn: d("2026-04-06"), NewDate: d("2026-05-11")}}
		if closed != "" {
			c := at(closed)
			r.ClosedAt = &c
		}
		return r
	}
	// each notice as "extended on: rights, by NoticeBy, letter LetterMadeOn"
	show := func(ns []ExtensionNotice) string {
		var out []string
		for _, n := range ns {
			out = append(out, fmt.Sprintf("%s: %v by %s, letter %s", n.ExtendedOn, n.Rights, n.NoticeBy, n.LetterMadeOn))
		}
		return strings.Join(out, "; ")
	}
	const (
		none  = "2026-03-02: [access] by 2026-03-12, letter ; 2026-04-06: [correction] by 2026-04-11, letter "
		first = "2026-03-02: [access] by 2026-03-12, letter 2026-03-12; 2026-04-06: [correction] by 2026-04-11, letter "
	)
	cases := []struct {
		name    string
		closed  string
		letters []Letter
		want    string
	}{
		{"no letter", "", nil, none},
		{"made at 23:30 on the last day in Chicago (the next day in UTC): in time", "",
			[]Letter{letter(LetterExtension, "2026-03-13T04:30:00Z")}, first},
		{"made at 00:30 the day after in Chicago: too late", "",
			[]Letter{letter(LetterExtension, "2026-03-13T05:30:00Z")}, none},
		{"another kind of letter is no notice", "",
			[]Letter{letter(LetterAcknowledgment, "2026-03-03T15:00:00Z")}, none},
		{"a letter before the extension is not its notice", "",
			[]Letter{letter(LetterExtension, "2026-03-01T15:00:00Z")}, none},
		{"the first in time counts", "",
			[]Letter{letter(LetterExtension, "2026-03-13T04:30:00Z"), letter(LetterExtension, "2026-03-05T15:00:00Z")},
			"2026-03-02: [access] by 2026-03-12, letter 2026-03-05; 2026-04-06: [correction] by 2026-04-11, letter "},
		{"the second extension's letter is not the first's", "",
			[]Letter{letter(LetterExtension, "2026-04-07T15:00:00Z")},
			"2026-03-02: [access] by 2026-03-12, letter ; 2026-04-06: [correction] by 2026-04-11, letter 2026-04-07"},
		{"closed within the second's original period: only the first was relied on", "2026-04-09T15:00:00Z", nil,
			"2026-03-02: [access] by 2026-03-12, letter "},
		{"closed at 23:00 on the first's last day in Chicago: none relied on", "2026-03-13T04:00:00Z", nil, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := show(ExtensionNotices(request(c.closed), c.letters, chicago)); got != c.want {
				t.Errorf("got  %s\nwant %s", got, c.want)
			}
		})
	}

	n := ExtensionNotices(request(""), nil, chicago)[0]
	if n.Missed(d("2026-03-12")) || !n.Missed(d("2026-03-13")) {
		t.Errorf("without a letter, missed on its last day %v, the day after %v", n.Missed(d("2026-03-12")), n.Missed(d("2026-03-13")))
	}
	n.LetterMadeOn = d("2026-03-10")
	if n.Missed(d("2026-06-01")) {
		t.Error("a notice made in time is missed later")
	}
}

// A right extended before the day was kept per right takes the request's extension's day.
func TestExtensionNoticeByOfARightExtendedBeforeTheDayWasKeptPerRight(t *testing.T) {
	d := func(s string) Date { x, _ := ParseDate(s); return x }
	r := &Request{Rights: []RequestRight{
		{Right: RightAccess, RespondBy: d("2026-03-12"), ExtendedTo: d("2026-04-01")},
		{Right: RightCorrection, RespondBy: d("2026-03-10"), ExtendedTo: d("2026-04-01")},
		{Right: RightAccounting, RespondBy: d("2026-03-05")},
	}, Extension: &Extension{ExtendedOn: d("2026-03-02"), NewDate: d("2026-04-01")}}
	if got := ExtensionNoticeBy(r, d("2026-03-02")); got.String() != "2026-03-10" {
		t.Errorf("notice by %s, want 2026-03-10 (the earliest original period of the rights extended)", got)
	}
	if got := ExtensionNoticeBy(r, d("2026-03-03")); !got.IsZero() {
		t.Errorf("no right was extended that day, notice by %s", got)
	}
}
