package mailimport

import (
	"strings"

	"privacydesk/backend"
)

// The requester's words are what a letter may quote back to them: the message itself,
// without what the mail program or habit adds around it. Staff see and edit the result
// at intake before any letter quotes it, so the rules below stay simple and err towards
// leaving text in. They compile on first use, not when every command starts.
var (
	// A greeting alone on the first line: "Hi,", "Hello Dr. Smith,", "Dear Privacy Team:".
	greetingRE = backend.LazyRegexp(`(?i)^(hi|hello|hey|dear|good (morning|afternoon|evening)|to whom it may concern)(\b[^!?]{0,60}[,:!])?$`)
	// The line that introduces a quoted reply: "On Mon, 2 Mar 2026, Ann <a@b> wrote:".
	onWroteRE = backend.LazyRegexp(`(?i)^on\b.{0,200}\bwrote:?$`)
	// Outlook's quoted header block and forwarded-message markers.
	replyHeaderRE = backend.LazyRegexp(`(?i)^(-{2,}\s*(original message|forwarded message)\s*-{2,}|_{10,}|from:\s.+)$`)
	// A closing on its own line, before the sender's name.
	closingRE = backend.LazyRegexp(`(?i)^(thanks|thank you|many thanks|thanks in advance|best|best regards|best wishes|kind regards|regards|warm regards|sincerely|yours sincerely|yours faithfully|yours truly|cheers|respectfully)\b[^.?]{0,20}[,.!]?$`)
	// Mobile signatures.
	sentFromRE = backend.LazyRegexp(`(?i)^sent from my \w+`)
)

// RequesterWords returns the body of an email as the requester's own words: without a
// leading greeting line, quoted replies ("> " lines and everything after "On ... wrote:"
// or an original-message header), and the signature (everything after a "-- " line, or
// after a closing such as "Thanks," or "Sincerely," followed only by short name lines).
// A last line that is only the sender's name, or one of its words, is a signature too.
// Headers are not part of the body already.
func RequesterWords(body, sender string) string {
	lines := strings.Split(strings.ReplaceAll(strings.ReplaceAll(body, "\r\n", "\n"), "\r", "\n"), "\n")
	var out []string
	for _, l := range lines {
		t := strings.TrimSpace(l)
		// The signature delimiter is "-- " (RFC 3676 4.3); trimmed, some clients drop the space.
		if l == "-- " || t == "--" || onWroteRE().MatchString(t) || replyHeaderRE().MatchString(t) || sentFromRE().MatchString(t) {
			break
		}
		if strings.HasPrefix(t, ">") {
			continue
		}
		out = append(out, strings.TrimRight(l, " \t"))
	}
	out = trimBlank(out)
	if len(out) > 0 && greetingRE().MatchString(strings.TrimSpace(out[0])) {
		out = trimBlank(out[1:])
	}
	// A closing followed by at most four short lines (name, title, phone) ends the words.
	for i := len(out) - 1; i >= 0 && i >= len(out)-5; i-- {
		if closingRE().MatchString(strings.TrimSpace(out[i])) && shortLines(out[i+1:]) {
			out = trimBlank(out[:i])
			break
		}
	}
	if n := len(out); n > 1 && isSenderName(strings.TrimSpace(out[n-1]), sender) {
		out = trimBlank(out[:n-1])
	}
	return strings.Join(out, "\n")
}

// isSenderName reports whether line is the sender's name or one of its words ("Zoë"
// for "Zoë O'Brien-Núñez"), ignoring case and a leading dash.
func isSenderName(line, sender string) bool {
	line = strings.TrimSpace(strings.TrimLeft(line, "-–— "))
	if line == "" || strings.TrimSpace(sender) == "" {
		return false
	}
	if strings.EqualFold(line, strings.TrimSpace(sender)) {
		return true
	}
	for _, w := range strings.Fields(sender) {
		if strings.EqualFold(line, w) {
			return true
		}
	}
	return false
}

func shortLines(lines []string) bool {
	for _, l := range lines {
		if len([]rune(strings.TrimSpace(l))) > 60 {
			return false
		}
	}
	return true
}

func trimBlank(lines []string) []string {
	for len(lines) > 0 && strings.TrimSpace(lines[0]) == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}
