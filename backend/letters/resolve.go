package letters

import (
	"strings"

	"golang.org/x/text/unicode/norm"

	"privacydesk/backend"
)

// rblock is a block of the letter with every merge field, condition and source resolved.
type rblock struct {
	kind     blockKind
	level    int
	text     []rspan
	items    [][]rspan
	numbered bool
	header   []string
	rows     [][]string
}

type blockKind uint8

const (
	bHeading blockKind = iota
	bPara
	bList
	bTable
)

// resolver merges data into a parsed template, checking every value on the way: an
// empty field used outside an {{#if}} on it, or text the fonts cannot print, is an
// error naming the field.
type resolver struct {
	d *Data
	k Kind
}

// clean normalises text to NFC (so "Nguyễn" typed with combining marks prints with the
// font's precomposed letters) and turns tabs and carriage returns into spaces.
func clean(s string) string {
	if !norm.NFC.IsNormalString(s) {
		s = norm.NFC.String(s)
	}
	if strings.ContainsAny(s, "\t\r") {
		s = strings.NewReplacer("\r\n", "\n", "\r", "\n", "\t", " ").Replace(s)
	}
	return s
}

func (rv *resolver) value(field string) (string, error) {
	v := clean(fieldValue(rv.d, rv.k, field))
	if strings.TrimSpace(v) == "" {
		where := computed
		if f, ok := fieldIndex[field]; ok {
			where = f.Where
		}
		if where == computed {
			return "", backend.Invalid(field, "The template uses {{%s}}, which has no value for a %s request: put that text inside {{#if %s}} … {{/if}} or edit the template.", field, rv.d.Request.Regime.Label(), field)
		}
		return "", backend.Invalid(field, "The letter needs {{%s}} (%s), which is empty: record it in %s, or edit the template.", field, fieldIndex[field].Description, where)
	}
	if err := checkPrintable(sourceField(rv.d, rv.k, field), v); err != nil {
		return "", err
	}
	return v, nil
}

// sourceField names where a merged value is entered, so an unprintable addressee is
// reported on the requester's, agent's or vendor's name rather than on recipient.name.
func sourceField(d *Data, k Kind, field string) string {
	if field == "requester.name" {
		return d.requesterNameField()
	}
	if field != "recipient.name" || d.Recipient.Name != "" {
		return field
	}
	switch p := d.recipient(k); p.Name {
	case d.Requester.Name:
		return d.requesterNameField()
	case d.Agent.Name:
		return "agent.name"
	case d.Vendor.Name:
		return "vendor.name"
	}
	return field
}

// requesterNameField is where the requester's name letters print is entered.
func (d *Data) requesterNameField() string {
	if d.NameOnLetters {
		return "requester.nameOnLetters"
	}
	return "requester.name"
}

func (rv *resolver) inline(in inline) ([]rspan, error) {
	out := make([]rspan, 0, len(in))
	fieldDot := false // the text so far ends with a merged value ending in "."
	for _, s := range in {
		text := s.text
		if s.field != "" {
			v, err := rv.value(s.field)
			if err != nil {
				return nil, err
			}
			text = v
			fieldDot = strings.HasSuffix(v, ".")
		} else {
			if err := checkPrintable("body", text); err != nil {
				return nil, err
			}
			// "Thank you for contacting {{practice.name}}." with "Sessions, Inc.":
			// one full stop, not two.
			if fieldDot && strings.HasPrefix(text, ".") {
				text = text[1:]
			}
			fieldDot = false
		}
		if n := len(out); n > 0 && out[n-1].bold == s.bold {
			out[n-1].text += text
			continue
		}
		out = append(out, rspan{text: text, bold: s.bold})
	}
	return out, nil
}

func (rv *resolver) holds(cs []cond) bool {
	for _, c := range cs {
		var ok bool
		switch c.kind {
		case "regime":
			for _, v := range c.values {
				ok = ok || rv.d.Request.Regime == backend.Regime(v)
			}
		case "right":
			for _, v := range c.values {
				ok = ok || rv.d.Request.hasRight(backend.Right(v))
			}
		default:
			ok = truthy(rv.d, rv.k, c.values[0])
		}
		if ok == c.not {
			return false
		}
	}
	return true
}

func (rv *resolver) blocks(bs []block, out []rblock) ([]rblock, error) {
	for _, b := range bs {
		switch b := b.(type) {
		case headingBlock:
			t, err := rv.inline(b.text)
			if err != nil {
				return nil, err
			}
			out = append(out, rblock{kind: bHeading, level: b.level, text: t})
		case paraBlock:
			t, err := rv.inline(b.text)
			if err != nil {
				return nil, err
			}
			out = append(out, rblock{kind: bPara, text: t})
		case listBlock:
			rb := rblock{kind: bList, numbered: b.numbered}
			for _, it := range b.items {
				t, err := rv.inline(it)
				if err != nil {
					return nil, err
				}
				rb.items = append(rb.items, t)
			}
			out = appendList(out, rb)
		case listSourceBlock:
			rb := rblock{kind: bList}
			l := listDefs[b.source]
			var items [][]rspan
			if l.spans != nil {
				items = l.spans(rv.d)
			} else {
				for _, v := range l.get(rv.d) {
					items = append(items, []rspan{{text: v}})
				}
			}
			for _, it := range items {
				text := ""
				for i := range it {
					it[i].text = clean(it[i].text)
					if err := checkPrintable(b.source, it[i].text); err != nil {
						return nil, err
					}
					text += it[i].text
				}
				if strings.TrimSpace(text) == "" {
					continue
				}
				rb.items = append(rb.items, it)
			}
			if len(rb.items) > 0 {
				out = appendList(out, rb)
			}
		case tableBlock:
			t := tableDefs[b.source]
			n := t.rows(rv.d)
			if n == 0 {
				continue
			}
			rb := rblock{kind: bTable}
			for _, c := range b.cols {
				rb.header = append(rb.header, t.cols[c].header)
			}
			for i := 0; i < n; i++ {
				row := make([]string, len(b.cols))
				for j, c := range b.cols {
					v := clean(t.cols[c].get(rv.d, i))
					if err := checkPrintable(b.source+"."+t.cols[c].name, v); err != nil {
						return nil, err
					}
					row[j] = v
				}
				rb.rows = append(rb.rows, row)
			}
			out = append(out, rb)
		case ifBlock:
			branch := b.els
			if rv.holds(b.conds) {
				branch = b.then
			}
			var err error
			if out, err = rv.blocks(branch, out); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// appendList adds a list, joining it to a list just before it: list items inside
// {{#if}} blocks read as one list.
func appendList(out []rblock, l rblock) []rblock {
	if n := len(out); n > 0 && out[n-1].kind == bList && out[n-1].numbered == l.numbered {
		out[n-1].items = append(out[n-1].items, l.items...)
		return out
	}
	return append(out, l)
}
