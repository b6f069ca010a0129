package main

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"time"

	"privacydesk/backend"
	"privacydesk/backend/export"
	"privacydesk/backend/mailimport"
	"privacydesk/backend/storage"
)

// Imports, for ExportService (svc_exports.go): an old spreadsheet of requests or vendors
// (column mapping, preview with every problem named by row and column, all-or-nothing
// commit), and a request from an email file.

// ImportField is a field the mapping step offers.
type ImportField struct {
	Key      string `json:"key"`
	Label    string `json:"label"`
	Type     string `json:"type"`
	Required bool   `json:"required"`
}

// ImportProblem is one problem of the file: where ("row 7, column Email") and what.
type ImportProblem struct {
	Where   string `json:"where"`
	Message string `json:"message"`
}

// ImportPreview is what the import screen shows before the person commits.
type ImportPreview struct {
	Kind      string         `json:"kind"` // requests or vendors
	File      string         `json:"file"`
	Name      string         `json:"name"`
	Format    string         `json:"format"`
	Sheet     string         `json:"sheet"`
	Encoding  string         `json:"encoding"`
	HeaderRow int            `json:"headerRow"`
	Header    []string       `json:"header"`
	Mapping   export.Mapping `json:"mapping"` // field key → column index into Header
	Fields    []ImportField  `json:"fields"`
	// FirstRows are the first data rows as they are in the file.
	FirstRows []export.SheetRow `json:"firstRows"`
	Rows      int               `json:"rows"`
	Ready     int               `json:"ready"`
	Problems  []ImportProblem   `json:"problems"`
	More      int               `json:"more"`
	// CanCommit is true when no problem was found and there is something to import.
	CanCommit bool `json:"canCommit"`
	// Checked says how far the preview checked: vendor rows are checked against the
	// register's own rules only when they are imported.
	Checked string `json:"checked"`
}

// ImportOutcome is what a commit did: everything imported, or nothing and why.
type ImportOutcome struct {
	Imported bool          `json:"imported"`
	Count    int           `json:"count"`
	First    string        `json:"first"` // requests: the first and last new references
	Last     string        `json:"last"`
	Preview  ImportPreview `json:"preview"`
}

const firstRowsShown = 5

func importFields(kind string) ([]export.Field, error) {
	switch kind {
	case "requests":
		return storage.RequestImportFields, nil
	case "vendors":
		return storage.VendorImportFields, nil
	}
	return nil, backend.Invalid("kind", "Import requests or vendors, not %q.", kind)
}

// ChooseImportFile asks for the spreadsheet to import; "" when the person cancelled.
func (s *ExportService) ChooseImportFile() (string, error) {
	return wrap(s.openDialog("Choose the spreadsheet to import", fileFilters["sheet"],
		fileFiltersAll))
}

var fileFiltersAll = fileFilter("All files", "*")

// PreviewImport reads the file at path, maps its columns (mapping, or a proposal when
// it is null) and checks every row, importing nothing.
func (s *ExportService) PreviewImport(kind, path string, mapping export.Mapping) (ImportPreview, error) {
	fields, err := importFields(kind)
	if err != nil {
		return ImportPreview{}, toUI(err)
	}
	path = strings.TrimSpace(path)
	if path == "" {
		return ImportPreview{}, toUI(backend.Invalid("file", "Choose the file to import."))
	}
	st, err := s.d.open()
	if err != nil {
		return ImportPreview{}, toUI(err)
	}
	sheet, err := export.ReadFile(path, export.ReadOptions{Known: export.KnownNames(fields)})
	if err != nil {
		return ImportPreview{}, toUI(asFileError(err))
	}
	if mapping == nil {
		mapping = export.AutoMap(sheet.Header, fields)
	}
	pv := newPreview(kind, path, sheet, fields, mapping)
	if err := mapping.Check(sheet, fields); err != nil {
		pv.Problems = append(pv.Problems, problemOf(err))
		return pv, nil
	}
	switch kind {
	case "requests":
		spv, err := st.PreviewRequestImport(path, mapping)
		if err != nil && len(spv.Problems) == 0 {
			return ImportPreview{}, toUI(asFileError(err))
		}
		pv.fill(spv)
		pv.Checked = "Every row was checked as it would be stored: dates, the law and its rights, contact details, duplicates."
	case "vendors":
		res := export.Convert(sheet, fields, mapping, export.ConvertOptions{})
		pv.Ready = len(res.Records)
		pv.More = res.More
		for _, p := range res.Problems {
			pv.Problems = append(pv.Problems, problemOf(p))
		}
		pv.Checked = "Every cell was checked for its type (dates, lists) and required columns. The register's own rules (BAA status, unique names) are checked on import: if a row breaks one, nothing is imported and the row is named."
	}
	pv.CanCommit = len(pv.Problems) == 0 && pv.More == 0 && pv.Ready > 0
	if pv.Rows == 0 {
		pv.Problems = append(pv.Problems, ImportProblem{Where: "file", Message: "The file has a header but no rows to import."})
	}
	return pv, nil
}

// CommitImport imports every row of the file, or none: when any row has a problem the
// outcome lists the problems and nothing was stored.
func (s *ExportService) CommitImport(kind, path string, mapping export.Mapping) (ImportOutcome, error) {
	fields, err := importFields(kind)
	if err != nil {
		return ImportOutcome{}, toUI(err)
	}
	path = strings.TrimSpace(path)
	if path == "" {
		return ImportOutcome{}, toUI(backend.Invalid("file", "Choose the file to import."))
	}
	st, err := s.d.open()
	if err != nil {
		return ImportOutcome{}, toUI(err)
	}
	if mapping == nil {
		return ImportOutcome{}, toUI(backend.Invalid("mapping", "Confirm which column feeds which field first."))
	}
	sheet, err := export.ReadFile(path, export.ReadOptions{Known: export.KnownNames(fields)})
	if err != nil {
		return ImportOutcome{}, toUI(asFileError(err))
	}
	out := ImportOutcome{Preview: newPreview(kind, path, sheet, fields, mapping)}
	var spv storage.ImportPreview
	switch kind {
	case "requests":
		var sum storage.BulkSummary
		spv, sum, err = st.ImportRequests(path, mapping)
		out.Count, out.First, out.Last = sum.Count, sum.First, sum.Last
	case "vendors":
		spv, out.Count, err = st.ImportVendors(path, mapping)
	}
	out.Preview.fill(spv)
	if err != nil {
		if len(spv.Problems) > 0 {
			out.Count = 0
			return out, nil
		}
		// A problem found while storing (a vendor name already in the register) names
		// the row in its message: the preview shows it like the others.
		if backend.ErrorCode(err) == backend.EINVALID || backend.ErrorCode(err) == backend.ECONFLICT {
			out.Count = 0
			out.Preview.Problems = append(out.Preview.Problems, problemOf(err))
			out.Preview.CanCommit = false
			return out, nil
		}
		return ImportOutcome{}, toUI(err)
	}
	out.Imported = true
	return out, nil
}

func newPreview(kind, path string, sheet *export.Sheet, fields []export.Field, m export.Mapping) ImportPreview {
	pv := ImportPreview{Kind: kind, File: path, Name: filepath.Base(path), Format: sheet.Format, Sheet: sheet.Name,
		Encoding: sheet.Encoding, HeaderRow: sheet.HeaderRow, Header: sheet.Header, Mapping: m, Rows: len(sheet.Rows),
		Problems: []ImportProblem{}, FirstRows: []export.SheetRow{}}
	if pv.Header == nil {
		pv.Header = []string{}
	}
	for _, f := range fields {
		label := f.Label
		if label == "" {
			label = f.Key
		}
		pv.Fields = append(pv.Fields, ImportField{Key: f.Key, Label: label, Type: f.Type.String(), Required: f.Required})
	}
	for i := 0; i < len(sheet.Rows) && i < firstRowsShown; i++ {
		pv.FirstRows = append(pv.FirstRows, sheet.Rows[i])
	}
	return pv
}

// fill takes the storage preview's counts and problems.
func (pv *ImportPreview) fill(spv storage.ImportPreview) {
	pv.Ready, pv.More = spv.Ready, spv.More
	pv.Problems = pv.Problems[:0]
	for _, p := range spv.Problems {
		pv.Problems = append(pv.Problems, problemOf(p))
	}
}

func problemOf(err error) ImportProblem {
	where := backend.ErrorField(err)
	if where == "" {
		where = "file"
	}
	return ImportProblem{Where: where, Message: backend.ErrorMessage(err)}
}

// asFileError puts a reading error without a field on the file chooser.
func asFileError(err error) error {
	if backend.ErrorCode(err) == backend.EINVALID && backend.ErrorField(err) == "" {
		return backend.Invalid("file", "%s", backend.ErrorMessage(err))
	}
	return err
}

// ---- email ----

// EmailProposal is a request proposed from an email, for the intake form to open
// prefilled; the email file is attached when the request is saved (AttachEmail).
type EmailProposal struct {
	Token       string               `json:"token"`
	FileName    string               `json:"fileName"`
	Input       backend.RequestInput `json:"input"`
	FromName    string               `json:"fromName"`
	FromAddress string               `json:"fromAddress"`
	Date        string               `json:"date"` // RFC 3339 or ""
	Subject     string               `json:"subject"`
	BodyFrom    string               `json:"bodyFrom"`
	Truncated   bool                 `json:"truncated"`
	Attachments []string             `json:"attachments"`
	// ProposedRights are what the email asks for on its face (withdraw-consent when the
	// subject reads WITHDRAW CONSENT); Note explains them.
	ProposedRights []backend.Right `json:"proposedRights"`
	Note           string          `json:"note"`
}

type pendingEmail struct {
	path string
	temp bool // a copy made from dropped bytes, removed once attached
	at   time.Time
}

// ChooseEmailFile asks for an .eml file; "" when the person cancelled.
func (s *ExportService) ChooseEmailFile() (string, error) {
	return wrap(s.openDialog("Choose an email file", fileFilters["eml"], fileFiltersAll))
}

// ImportEmail reads the .eml at path (a dropped or chosen file) and proposes a request.
func (s *ExportService) ImportEmail(path string) (EmailProposal, error) {
	path = strings.TrimSpace(path)
	if path == "" {
		return EmailProposal{}, toUI(backend.Invalid("file", "Choose the email file."))
	}
	m, err := mailimport.ParseFile(path)
	if err != nil {
		return EmailProposal{}, toUI(asFileError(err))
	}
	return wrap(s.propose(m, path, false))
}

// ImportEmailData proposes a request from an email's bytes (a file dropped on the page
// where the window does not give its path). The bytes are kept in a private temporary
// file until the request is saved and they are attached.
func (s *ExportService) ImportEmailData(name string, data []byte) (EmailProposal, error) {
	m, err := mailimport.Parse(bytes.NewReader(data))
	if err != nil {
		return EmailProposal{}, toUI(asFileError(err))
	}
	dir, err := os.MkdirTemp("", "privacydesk-email-*")
	if err != nil {
		return EmailProposal{}, toUI(err)
	}
	base := safeFileName(name)
	if !strings.EqualFold(filepath.Ext(base), ".eml") {
		base += ".eml"
	}
	path := filepath.Join(dir, base)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		os.RemoveAll(dir)
		return EmailProposal{}, toUI(err)
	}
	p, err := s.propose(m, path, true)
	if err != nil {
		os.RemoveAll(dir)
	}
	return wrap(p, err)
}

// safeFileName keeps the last element of a name and drops characters no file system takes.
func safeFileName(name string) string {
	name = filepath.Base(strings.ReplaceAll(strings.TrimSpace(name), "\\", "/"))
	name = strings.Map(func(r rune) rune {
		if r < 32 || strings.ContainsRune(`<>:"/\|?*`, r) {
			return '_'
		}
		return r
	}, name)
	if name == "" || name == "." || name == ".." {
		return "email.eml"
	}
	return name
}

func (s *ExportService) propose(m *mailimport.Message, path string, temp bool) (EmailProposal, error) {
	st, err := s.d.open()
	if err != nil {
		return EmailProposal{}, err
	}
	in, err := st.EmailRequestInput(m, "", nil)
	if err != nil {
		return EmailProposal{}, err
	}
	if in.Rights == nil {
		in.Rights = []backend.Right{}
	}
	if in.Tags == nil {
		in.Tags = []string{}
	}
	tok := make([]byte, 12)
	rand.Read(tok)
	p := EmailProposal{Token: hex.EncodeToString(tok), FileName: filepath.Base(path), Input: in, FromName: m.FromName,
		FromAddress: m.FromAddress, Subject: m.Subject, BodyFrom: m.BodyFrom, Truncated: m.BodyTruncated,
		Attachments: m.Attachments, ProposedRights: m.ProposedRights}
	if p.Attachments == nil {
		p.Attachments = []string{}
	}
	if p.ProposedRights == nil {
		p.ProposedRights = []backend.Right{}
	}
	if !m.Date.IsZero() {
		p.Date = m.Date.UTC().Format(time.RFC3339)
	}
	p.Note = "Choose the law the request is made under: an email does not say."
	if len(m.ProposedRights) > 0 {
		p.Note = "The subject reads WITHDRAW CONSENT, so the withdraw-consent right is proposed (GDPR and UK GDPR grant it). Choose the law and confirm the rights."
	}
	s.mu.Lock()
	s.forgetOldEmails()
	s.emails[p.Token] = pendingEmail{path: path, temp: temp, at: s.now()}
	s.mu.Unlock()
	return p, nil
}

// forgetOldEmails drops proposals nobody saved within a day (called with s.mu held).
func (s *ExportService) forgetOldEmails() {
	for tok, e := range s.emails {
		if s.now().Sub(e.at) > 24*time.Hour {
			if e.temp {
				os.RemoveAll(filepath.Dir(e.path))
			}
			delete(s.emails, tok)
		}
	}
}

// AttachEmail attaches the email of a proposal to the request saved from it.
func (s *ExportService) AttachEmail(ref, token string) (backend.Attachment, error) {
	s.mu.Lock()
	e, ok := s.emails[token]
	s.mu.Unlock()
	if !ok {
		return backend.Attachment{}, toUI(backend.Errorf(backend.ENOTFOUND, "The email to attach is no longer at hand; attach it from the request's files."))
	}
	st, err := s.d.open()
	if err != nil {
		return backend.Attachment{}, toUI(err)
	}
	a, err := st.AddRequestAttachment(ref, e.path, "request-email")
	if err != nil {
		return backend.Attachment{}, toUI(err)
	}
	s.DiscardEmail(token)
	return a, nil
}

// DiscardEmail forgets a proposal that will not be saved (its temporary copy goes).
func (s *ExportService) DiscardEmail(token string) bool {
	s.mu.Lock()
	e, ok := s.emails[token]
	delete(s.emails, token)
	s.mu.Unlock()
	if ok && e.temp {
		os.RemoveAll(filepath.Dir(e.path))
	}
	return ok
}
