package storage

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"privacydesk/backend"
)

// fold makes text comparable for search, sorting and duplicate checks: lower case,
// accents removed (Nguyễn matches nguyen, Núñez matches nunez), and letters that do not
// decompose mapped by hand (Łukasz matches lukasz). Names are stored exactly as typed;
// only these keys are folded.
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		if m, ok := foldSpecial[r]; ok {
			b.WriteString(m)
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

var foldSpecial = map[rune]string{
	'ł': "l", 'Ł': "l", 'ø': "o", 'Ø': "o", 'đ': "d", 'Đ': "d", 'ß': "ss", 'æ': "ae", 'Æ': "ae",
	'œ': "oe", 'Œ': "oe", 'ı': "i", 'þ': "th", 'Þ': "th", 'ð': "d", 'Ð': "d", 'ħ': "h", 'Ħ': "h",
}

// digits keeps only the digits of s, so a search for 5551234 finds (555) 123-4.
func digits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// searchText is what the search box finds a request by, folded, one field per line, for
// the full-text index that matches words by their beginning: the reference (and its
// number without the zeros, so "42" finds PR-2026-0042), names, emails, the phone as
// typed and every tail of its digits (so 5550102 or 0102000 finds (555) 010-2000),
// client number, tags, then the description and the notes.
func searchText(r *backend.Request) string {
	parts := []string{r.Reference, refNumber(r.Reference), r.Requester.Name, r.Requester.Email, r.Requester.Phone,
		digitTails(r.Requester.Phone), r.Requester.ClientNumber, r.Agent.Name, r.Agent.Email, strings.Join(r.Tags, " "),
		r.Description, r.Notes}
	var b strings.Builder
	for _, p := range parts {
		if p != "" {
			b.WriteString(spaceIdeographs(fold(p)))
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// refNumber is a reference's number without its leading zeros ("42" of "PR-2026-0042").
func refNumber(ref string) string {
	i := strings.LastIndexByte(ref, '-')
	if i < 0 {
		return ""
	}
	return strings.TrimLeft(ref[i+1:], "0")
}

// digitTails is the phone's digits and each of their tails of four digits or more, so
// a prefix search finds any run of digits in the number.
func digitTails(phone string) string {
	d := digits(phone)
	var tails []string
	for i := 0; i+4 <= len(d); i++ {
		tails = append(tails, d[i:])
	}
	return strings.Join(tails, " ")
}

// ftsPrefix is the full-text query matching words that begin with term ("" when the
// term has no letter or digit to look for). Quotes are dropped so the term stays one
// phrase; a term the tokenizer splits ("o'brien") matches as adjacent words.
func ftsPrefix(term string) string {
	term = spaceIdeographs(strings.ReplaceAll(term, `"`, " "))
	has := false
	for _, r := range term {
		has = has || unicode.IsLetter(r) || unicode.IsDigit(r)
	}
	if !has {
		return ""
	}
	return `"` + strings.TrimSpace(term) + `*"`
}

// searchTerms splits a query into folded words that must all match. A word that looks
// like part of a phone number (digits with separators) is matched by its digits alone.
func searchTerms(q string) []string {
	var out []string
	for _, w := range strings.Fields(q) {
		if d := digits(w); len(d) >= 3 && strings.Trim(w, "0123456789()+-.") == "" {
			w = d
		}
		out = append(out, fold(w))
	}
	return out
}

// spaceIdeographs puts a space around each Han, Kana and Hangul character: those scripts
// write names without spaces, and the full-text index matches words by their beginning,
// so each character is indexed as a word and "小明" finds 王小明 as a phrase of two.
func spaceIdeographs(s string) string {
	if !strings.ContainsFunc(s, isIdeograph) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if isIdeograph(r) {
			b.WriteByte(' ')
			b.WriteRune(r)
			b.WriteByte(' ')
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isIdeograph(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}
