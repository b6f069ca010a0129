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

// searchText is the short text the search box matches anywhere in: reference, names,
// emails, phone (as typed and as digits), client number and tags, one folded field per line.
func searchText(r *backend.Request) string {
	parts := []string{r.Reference, r.Requester.Name, r.Requester.Email, r.Requester.Phone, digits(r.Requester.Phone),
		r.Requester.ClientNumber, r.Agent.Name, r.Agent.Email, strings.Join(r.Tags, " ")}
	var b strings.Builder
	for _, p := range parts {
		if p != "" {
			b.WriteString(fold(p))
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// longText is the description and notes, folded, for the full-text index.
func longText(r *backend.Request) string { return fold(r.Description) + "\n" + fold(r.Notes) }

// ftsPrefix is the full-text query matching words that begin with term ("" when the
// term has no letter or digit to look for). Quotes are dropped so the term stays one
// phrase; a term the tokenizer splits ("o'brien") matches as adjacent words.
func ftsPrefix(term string) string {
	term = strings.ReplaceAll(term, `"`, " ")
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
