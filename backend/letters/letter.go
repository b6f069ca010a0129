package letters

import (
	"bytes"
	"time"
)

// Letter is a letter kept as evidence: made once, never changed. PDF is filled only when
// one letter is read (GetLetter), not in lists.
type Letter struct {
	ID              int64     `json:"id"`
	RequestRef      string    `json:"requestRef"`
	VendorTaskID    int64     `json:"vendorTaskId"` // 0 unless written for a vendor task
	VendorName      string    `json:"vendorName"`
	Kind            Kind      `json:"kind"`
	Title           string    `json:"title"` // the kind's title, for lists
	TemplateName    string    `json:"templateName"`
	TemplateVersion int       `json:"templateVersion"`
	Recipient       string    `json:"recipient"`
	Pages           int       `json:"pages"`
	Size            int       `json:"size"`
	SHA256          string    `json:"sha256"`
	CreatedBy       string    `json:"createdBy"`
	CreatedAt       time.Time `json:"createdAt"`
	PDF             []byte    `json:"-"`
}

// SavedTemplate is a stored version of an edited template.
type SavedTemplate struct {
	Template
	CreatedBy string    `json:"createdBy"`
	CreatedAt time.Time `json:"createdAt"`
	Builtin   bool      `json:"builtin"`
}

// RecipientName returns the name a letter of kind k is addressed to.
func (d *Data) RecipientName(k Kind) string { return d.recipient(k).Name }

// PageCount counts the pages of a PDF this package made (fpdf writes one page object
// per page, outside object streams).
func PageCount(pdf []byte) int {
	return bytes.Count(pdf, []byte("<</Type /Page\n"))
}
