package letters

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"privacydesk/backend"
)

// Template is a letter's text: the built-in one of its kind, or the office manager's
// edited copy. Body is plain text with a small markup (see the package comment).
type Template = backend.LetterTemplate

// MaxBodyChars limits a template's body.
const MaxBodyChars = 100_000

// ValidateTemplate checks a template before it is saved: its kind, name, version and
// body. An unknown or misspelled merge field is refused on "body", naming it and its line.
func ValidateTemplate(t Template) error {
	if !t.Kind.Valid() {
		_, err := ParseKind("kind", string(t.Kind))
		return err
	}
	if err := backend.ValidateText("name", strings.TrimSpace(t.Name), 100, true); err != nil {
		return err
	}
	if t.Version < 1 {
		return backend.Invalid("version", "The version must be 1 or more.")
	}
	doc, err := ParseTemplate(t.Body)
	if err != nil {
		return err
	}
	// Text the fonts cannot print is refused now, not when a letter is made.
	for _, text := range doc.literals() {
		if err := checkPrintable("body", text); err != nil {
			return err
		}
	}
	return nil
}

// literals returns the template's own text (not merged values).
func (doc *Document) literals() []string {
	var out []string
	add := func(in inline) {
		for _, s := range in {
			if s.field == "" {
				out = append(out, s.text)
			}
		}
	}
	var walk func([]block)
	walk = func(bs []block) {
		for _, b := range bs {
			switch b := b.(type) {
			case headingBlock:
				add(b.text)
			case paraBlock:
				add(b.text)
			case listBlock:
				for _, it := range b.items {
					add(it)
				}
			case ifBlock:
				walk(b.then)
				walk(b.els)
			}
		}
	}
	add(doc.subject)
	walk(doc.blocks)
	return out
}

// Document is a parsed template body.
type Document struct {
	subject inline
	blocks  []block
}

type span struct {
	text  string
	field string // a merge field when not ""
	bold  bool
}

type inline []span

type block interface{}

type headingBlock struct {
	level int
	text  inline
}

type paraBlock struct{ text inline }

type listBlock struct {
	items    []inline
	numbered bool
}

type listSourceBlock struct{ source string }

type tableBlock struct {
	source string
	cols   []int
}

type ifBlock struct {
	conds     []cond
	then, els []block
}

type cond struct {
	kind   string // "regime", "right" or "name"
	values []string
	not    bool
}

// Fields returns the merge fields and sources the document uses, sorted.
func (doc *Document) Fields() []string {
	seen := map[string]bool{}
	var walk func([]block)
	addInline := func(in inline) {
		for _, s := range in {
			if s.field != "" {
				seen[s.field] = true
			}
		}
	}
	walk = func(bs []block) {
		for _, b := range bs {
			switch b := b.(type) {
			case headingBlock:
				addInline(b.text)
			case paraBlock:
				addInline(b.text)
			case listBlock:
				for _, it := range b.items {
					addInline(it)
				}
			case listSourceBlock:
				seen[b.source] = true
			case tableBlock:
				seen[b.source] = true
			case ifBlock:
				for _, c := range b.conds {
					if c.kind == "name" {
						seen[c.values[0]] = true
					}
				}
				walk(b.then)
				walk(b.els)
			}
		}
	}
	addInline(doc.subject)
	walk(doc.blocks)
	out := make([]string, 0, len(seen))
	for f := range seen {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

var (
	headingRE  = backend.LazyRegexp(`^(#{1,2})\s+(.*)$`)
	bulletRE   = backend.LazyRegexp(`^[-*]\s+(.*)$`)
	numberedRE = backend.LazyRegexp(`^\d{1,3}[.)]\s+(.*)$`)
)

// ParseTemplate parses a template body. The markup, line by line:
//
//	Re: subject            the first line, when it starts with "Re:", is the reference line
//	# Heading, ## Heading  headings
//	- item, 1. item        bulleted and numbered lists (indent to continue an item)
//	(blank line)           ends a paragraph or a list; other lines join into paragraphs
//	{{#if COND ...}}       conditional text, with {{#else}} and {{/if}}; every COND must hold:
//	                       regime:va,co  right:deletion  field  !field
//	{{#list NAME}}         a bulleted list: request.rights, deadline.rights, vendors_told,
//	                       vendors_waived, enclosures
//	{{#table NAME: a, b}}  a table: datamap or disclosures, with the columns named
//
// Within a line, {{field}} is a merge field and **text** is bold. Every problem is an
// EINVALID error on "body" that names the line.
func ParseTemplate(body string) (*Document, error) {
	if !utf8.ValidString(body) {
		return nil, backend.Invalid("body", "The template is not valid UTF-8 text.")
	}
	if n := utf8.RuneCountInString(body); n > MaxBodyChars {
		return nil, backend.Invalid("body", "The template is too long: %d characters, at most %d.", n, MaxBodyChars)
	}
	if strings.TrimSpace(body) == "" {
		return nil, backend.Invalid("body", "The template is empty.")
	}
	p := &parser{doc: &Document{}}
	p.target = &p.doc.blocks
	for i, line := range strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n") {
		p.line = i + 1
		if err := p.parseLine(strings.TrimRight(line, " \t\r")); err != nil {
			return nil, err
		}
	}
	if err := p.flush(); err != nil {
		return nil, err
	}
	if len(p.stack) > 0 {
		return nil, p.errf(p.stack[len(p.stack)-1].line, "{{#if}} is not closed: add {{/if}}.")
	}
	if len(p.doc.blocks) == 0 {
		return nil, backend.Invalid("body", "The template has a subject line but no text.")
	}
	return p.doc, nil
}

type ifFrame struct {
	blk    *ifBlock
	parent *[]block
	inElse bool
	line   int
}

type parser struct {
	doc    *Document
	line   int
	target *[]block // where blocks go now (inside the innermost {{#if}} branch)
	stack  []ifFrame
	seen   bool // a line with content has been seen (the subject must come first)

	para      []string // lines of the open paragraph
	paraLine  int
	list      *listBlock
	item      []string // lines of the open list item
	itemLine  int
	listStart int
}

func (p *parser) errf(line int, format string, args ...any) error {
	return backend.Invalid("body", "Line %d: %s", line, fmt.Sprintf(format, args...))
}

func (p *parser) parseLine(line string) error {
	trimmed := strings.TrimSpace(line)
	if trimmed == "" {
		return p.flush()
	}
	first := !p.seen
	p.seen = true
	if strings.HasPrefix(trimmed, "{{#") || strings.HasPrefix(trimmed, "{{/") {
		if err := p.flush(); err != nil {
			return err
		}
		return p.directive(trimmed)
	}
	if first && len(p.stack) == 0 && strings.HasPrefix(trimmed, "Re:") {
		subj, err := p.inline([]string{strings.TrimSpace(strings.TrimPrefix(trimmed, "Re:"))}, p.line)
		if err != nil {
			return err
		}
		p.doc.subject = subj
		return nil
	}
	if m := headingRE().FindStringSubmatch(trimmed); m != nil {
		if err := p.flush(); err != nil {
			return err
		}
		text, err := p.inline([]string{m[2]}, p.line)
		if err != nil {
			return err
		}
		if len(text) == 0 {
			return p.errf(p.line, "the heading is empty.")
		}
		p.add(headingBlock{level: len(m[1]), text: text})
		return nil
	}
	bullet, numbered := bulletRE().FindStringSubmatch(trimmed), numberedRE().FindStringSubmatch(trimmed)
	if bullet != nil || numbered != nil {
		if len(p.para) > 0 {
			if err := p.flushPara(); err != nil {
				return err
			}
		}
		isNum := bullet == nil
		if p.list != nil && p.list.numbered != isNum {
			if err := p.flushList(); err != nil {
				return err
			}
		}
		if err := p.flushItem(); err != nil {
			return err
		}
		if p.list == nil {
			p.list = &listBlock{numbered: isNum}
			p.listStart = p.line
		}
		text := ""
		if bullet != nil {
			text = bullet[1]
		} else {
			text = numbered[1]
		}
		p.item, p.itemLine = []string{text}, p.line
		return nil
	}
	if p.list != nil && (strings.HasPrefix(line, "  ") || strings.HasPrefix(line, "\t")) {
		p.item = append(p.item, trimmed)
		return nil
	}
	if p.list != nil {
		if err := p.flushList(); err != nil {
			return err
		}
	}
	if len(p.para) == 0 {
		p.paraLine = p.line
	}
	p.para = append(p.para, trimmed)
	return nil
}

func (p *parser) add(b block) { *p.target = append(*p.target, b) }

func (p *parser) flush() error {
	if err := p.flushPara(); err != nil {
		return err
	}
	return p.flushList()
}

func (p *parser) flushPara() error {
	if len(p.para) == 0 {
		return nil
	}
	text, err := p.inline(p.para, p.paraLine)
	p.para = nil
	if err != nil {
		return err
	}
	p.add(paraBlock{text: text})
	return nil
}

func (p *parser) flushItem() error {
	if len(p.item) == 0 {
		return nil
	}
	text, err := p.inline(p.item, p.itemLine)
	p.item = nil
	if err != nil {
		return err
	}
	if len(text) == 0 {
		return p.errf(p.itemLine, "the list item is empty.")
	}
	p.list.items = append(p.list.items, text)
	return nil
}

func (p *parser) flushList() error {
	if p.list == nil {
		return nil
	}
	if err := p.flushItem(); err != nil {
		return err
	}
	p.add(*p.list)
	p.list = nil
	return nil
}

// directive handles a line holding one {{#...}} or {{/...}} directive.
func (p *parser) directive(line string) error {
	if !strings.HasSuffix(line, "}}") || strings.Count(line, "{{") != 1 || strings.Count(line, "}}") != 1 {
		return p.errf(p.line, "a block directive such as %s must stand alone on its line, closed with }}.", clip(line))
	}
	inner := strings.TrimSpace(line[2 : len(line)-2])
	word, rest, _ := strings.Cut(inner, " ")
	rest = strings.TrimSpace(rest)
	switch word {
	case "#if":
		conds, err := p.conditions(rest)
		if err != nil {
			return err
		}
		blk := &ifBlock{conds: conds}
		p.stack = append(p.stack, ifFrame{blk: blk, parent: p.target, line: p.line})
		p.target = &blk.then
	case "#else":
		if rest != "" {
			return p.errf(p.line, "{{#else}} takes no condition.")
		}
		if len(p.stack) == 0 {
			return p.errf(p.line, "{{#else}} without {{#if}}.")
		}
		f := &p.stack[len(p.stack)-1]
		if f.inElse {
			return p.errf(p.line, "a second {{#else}} for the {{#if}} on line %d.", f.line)
		}
		f.inElse = true
		p.target = &f.blk.els
	case "/if":
		if rest != "" {
			return p.errf(p.line, "{{/if}} takes no condition.")
		}
		if len(p.stack) == 0 {
			return p.errf(p.line, "{{/if}} without {{#if}}.")
		}
		f := p.stack[len(p.stack)-1]
		p.stack = p.stack[:len(p.stack)-1]
		p.target = f.parent
		p.add(*f.blk)
	case "#list":
		if _, ok := listDefs[rest]; !ok {
			return p.errf(p.line, "unknown list %q (expected request.rights, deadline.rights, vendors_told, vendors_waived or enclosures).", rest)
		}
		p.add(listSourceBlock{source: rest})
	case "#table":
		name, colText, hasCols := strings.Cut(rest, ":")
		name = strings.TrimSpace(name)
		t, ok := tableDefs[name]
		if !ok {
			return p.errf(p.line, "unknown table %q (expected datamap or disclosures).", name)
		}
		tb := tableBlock{source: name}
		if hasCols {
			for _, c := range strings.Split(colText, ",") {
				c = strings.TrimSpace(c)
				i, ok := t.column(c)
				if !ok {
					names := make([]string, len(t.cols))
					for j, col := range t.cols {
						names[j] = col.name
					}
					return p.errf(p.line, "the table %s has no column %q (expected %s).", name, c, strings.Join(names, ", "))
				}
				tb.cols = append(tb.cols, i)
			}
		} else {
			for i := range t.cols {
				tb.cols = append(tb.cols, i)
			}
		}
		p.add(tb)
	default:
		return p.errf(p.line, "unknown directive {{%s}} (expected #if, #else, /if, #list or #table).", clip(word))
	}
	return nil
}

func (p *parser) conditions(s string) ([]cond, error) {
	if s == "" {
		return nil, p.errf(p.line, "{{#if}} needs a condition, such as regime:gdpr, right:deletion or a field name.")
	}
	var out []cond
	for _, term := range strings.Fields(s) {
		c := cond{kind: "name"}
		if strings.HasPrefix(term, "!") {
			c.not, term = true, term[1:]
		}
		if k, v, ok := strings.Cut(term, ":"); ok {
			c.kind = k
			for _, x := range strings.Split(v, ",") {
				if x = strings.TrimSpace(x); x == "" {
					continue
				}
				switch k {
				case "regime":
					if !backend.Regime(x).Valid() {
						return nil, p.errf(p.line, "unknown regime %q in {{#if}} (expected ccpa, va, co, ct, tx, ut, or, fl, gdpr, uk-gdpr or hipaa).", x)
					}
				case "right":
					if !backend.Right(x).Valid() {
						return nil, p.errf(p.line, "unknown right %q in {{#if}}.", x)
					}
				default:
					return nil, p.errf(p.line, "unknown condition %q in {{#if}} (expected regime:, right: or a field name).", clip(term))
				}
				c.values = append(c.values, x)
			}
			if len(c.values) == 0 {
				return nil, p.errf(p.line, "%s: names no value in {{#if}}.", k)
			}
		} else {
			if !knownName(term) {
				return nil, p.errf(p.line, "unknown merge field %s in {{#if}}%s.", clip(term), suggestion(term))
			}
			c.values = []string{term}
		}
		out = append(out, c)
	}
	return out, nil
}

// inline parses the lines of one paragraph, heading or list item (joined by spaces)
// into text, merge fields and bold runs.
func (p *parser) inline(lines []string, line int) (inline, error) {
	var out inline
	bold := false
	boldLine := line
	addText := func(s string) {
		if s == "" {
			return
		}
		if n := len(out); n > 0 && out[n-1].field == "" && out[n-1].bold == bold {
			out[n-1].text += s
			return
		}
		out = append(out, span{text: s, bold: bold})
	}
	for li, l := range lines {
		ln := line + li
		if li > 0 {
			addText(" ")
		}
		for l != "" {
			open, star := strings.Index(l, "{{"), strings.Index(l, "**")
			switch {
			case open < 0 && star < 0:
				addText(l)
				l = ""
			case star >= 0 && (open < 0 || star < open):
				addText(l[:star])
				bold = !bold
				boldLine = ln
				l = l[star+2:]
			default:
				addText(l[:open])
				end := strings.Index(l[open:], "}}")
				if end < 0 {
					return nil, p.errf(ln, "%s is not closed with }}.", clip(l[open:]))
				}
				name := strings.TrimSpace(l[open+2 : open+end])
				if strings.HasPrefix(name, "#") || strings.HasPrefix(name, "/") {
					return nil, p.errf(ln, "the block directive {{%s}} must stand alone on its line.", clip(name))
				}
				if _, ok := fieldIndex[name]; !ok {
					return nil, p.errf(ln, "unknown merge field {{%s}}%s.", clip(name), suggestion(name))
				}
				out = append(out, span{field: name, bold: bold})
				l = l[open+end+2:]
			}
		}
	}
	if bold {
		return nil, p.errf(boldLine, "** (bold) is opened but not closed.")
	}
	return out, nil
}

// suggestion is ", did you mean {{x}}?" for the closest known name, or "".
func suggestion(name string) string {
	best, bestD := "", 4
	for n := range fieldIndex {
		if d := editDistance(name, n); d < bestD || (d == bestD && n < best) {
			best, bestD = n, d
		}
	}
	for n := range listDefs {
		if d := editDistance(name, n); d < bestD {
			best, bestD = n, d
		}
	}
	if best == "" {
		return " (the template editor lists the fields)"
	}
	return fmt.Sprintf("; did you mean {{%s}}?", best)
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > 64 || len(rb) > 64 {
		return 99
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			c := prev[j-1]
			if ra[i-1] != rb[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// clip shortens user text quoted in a message.
func clip(s string) string {
	if utf8.RuneCountInString(s) <= 40 {
		return s
	}
	r := []rune(s)
	return string(r[:40]) + "…"
}
