package mailimport

import (
	"strings"

	"golang.org/x/net/html"
)

// htmlToText turns an HTML email body into plain text: the words a person reads, with
// paragraphs, line breaks and list items kept, and scripts, styles and the head dropped.
// The text is never rendered as HTML anywhere, so no markup survives to be trusted.
func htmlToText(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	skip := 0 // depth inside script, style, head, title
	newline := func(n int) {
		cur := b.String()
		have := len(cur) - len(strings.TrimRight(cur, "\n"))
		if len(cur) == 0 {
			return
		}
		for ; have < n; have++ {
			b.WriteByte('\n')
		}
	}
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return cleanText(b.String())
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			tag := string(name)
			switch tag {
			case "script", "style", "head", "title", "noscript", "template":
				if tt == html.StartTagToken {
					skip++
				} else if tt == html.EndTagToken && skip > 0 {
					skip--
				}
			case "br":
				newline(1)
			case "p", "div", "table", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "hr":
				newline(2)
			case "tr", "section", "article", "header", "footer":
				newline(1)
			case "li":
				if tt == html.StartTagToken {
					newline(1)
					b.WriteString("- ")
				}
			case "td", "th":
				if tt == html.EndTagToken {
					b.WriteByte('\t')
				}
			}
		case html.TextToken:
			if skip > 0 {
				continue
			}
			raw := string(z.Text()) // Text consumes the token's text: read it once
			text := strings.Join(strings.Fields(raw), " ")
			if text == "" {
				if cur := b.String(); len(cur) > 0 && !strings.HasSuffix(cur, " ") && !strings.HasSuffix(cur, "\n") && raw != "" {
					b.WriteByte(' ')
				}
				continue
			}
			if cur := b.String(); len(cur) > 0 && !strings.HasSuffix(cur, "\n") && !strings.HasSuffix(cur, " ") && startsWithSpace(raw) {
				b.WriteByte(' ')
			}
			b.WriteString(text)
			if endsWithSpace(raw) {
				b.WriteByte(' ')
			}
		}
	}
}

func startsWithSpace(s string) bool { return s != "" && strings.TrimLeft(s, " \t\r\n\u00a0") != s }
func endsWithSpace(s string) bool   { return s != "" && strings.TrimRight(s, " \t\r\n\u00a0") != s }

// cleanText trims each line and collapses runs of blank lines to one.
func cleanText(s string) string {
	lines := strings.Split(s, "\n")
	var out []string
	blank := 0
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" {
			blank++
			if blank > 1 || len(out) == 0 {
				continue
			}
		} else {
			blank = 0
		}
		out = append(out, l)
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}
