package letters

import (
	"bytes"

	"privacydesk/backend"
)

// Letter is a letter kept as evidence (declared with the domain, which storage keeps).
type Letter = backend.Letter

// SavedTemplate is a stored version of an edited template.
type SavedTemplate = backend.SavedLetterTemplate

// RecipientName returns the name a letter of kind k is addressed to.
func (d *Data) RecipientName(k Kind) string { return d.recipient(k).Name }

// RecipientParty is the addressee of a letter of kind k, with their contact details.
func (d *Data) RecipientParty(k Kind) Party { return d.recipient(k) }

// PageCount counts the pages of a PDF this package made (fpdf writes one page object
// per page, outside object streams).
func PageCount(pdf []byte) int {
	return bytes.Count(pdf, []byte("<</Type /Page\n"))
}
