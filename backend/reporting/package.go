package reporting

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"privacydesk/backend"
	"privacydesk/backend/export"
	"privacydesk/backend/letters"
	"privacydesk/backend/workdir"
)

// Response packages: what a requester receives for an access or portability request,
// in one ZIP (backend/export/response.go): the cover letter, the files staff attached as
// the response, a JSON and a CSV of what Privacy Desk holds about the request, and a
// manifest with each file's SHA-256; optionally AES-256 encrypted for email delivery.
// The Exports screen and `privacydesk package` both call PackageTo.

// coverLetterKinds are the letters that answer an access or portability request.
var coverLetterKinds = []letters.Kind{letters.KindAccessResponse, letters.KindPortabilityCover, letters.KindHIPAAAccess}

// PackagePlan is what a response package will hold, shown before it is made.
type PackagePlan struct {
	Reference string `json:"reference"`
	Requester string `json:"requester"`
	// CoverLetter is the newest access-response, portability or HIPAA-access letter kept
	// for the request; nil when there is none yet (then no package can be made).
	CoverLetter *letters.Letter `json:"coverLetter"`
	// Files are the attachments marked as the response ("Response document").
	Files []backend.Attachment `json:"files"`
	// Problem says why no package can be made yet; "" when it can.
	Problem string `json:"problem"`
	// SuggestedPassphrase is a fresh random passphrase (120 bits) to offer.
	SuggestedPassphrase string `json:"suggestedPassphrase"`
	MinPassphrase       int    `json:"minPassphrase"`
	FileName            string `json:"fileName"`
}

// PackageResult is what a finished package job reports.
type PackageResult struct {
	File       string             `json:"file"`
	Reference  string             `json:"reference"`
	Encryption string             `json:"encryption"`
	Files      []export.FileEntry `json:"files"`
}

// isResponseFile tells the attachments staff marked as the response.
func isResponseFile(a backend.Attachment) bool {
	return strings.Contains(strings.ToLower(a.Kind), "response")
}

// PlanPackage tells what the response package of request ref will hold. A missing
// request is refused on the field "reference"; a missing cover letter is not an error
// but the plan's Problem.
func (s *Service) PlanPackage(ctx context.Context, ref string) (PackagePlan, error) {
	p, _, err := s.planPackage(ref)
	return p, err
}

// CheckPackage is PlanPackage refusing, on the field "reference", a request that has
// no cover letter yet.
func (s *Service) CheckPackage(ctx context.Context, ref string) (PackagePlan, error) {
	p, _, err := s.planPackage(ref)
	if err == nil && p.CoverLetter == nil {
		err = backend.Invalid("reference", "%s", p.Problem)
	}
	return p, err
}

// planPackage reads what the package of request ref will hold.
func (s *Service) planPackage(ref string) (PackagePlan, *backend.RequestDetail, error) {
	st := s.st
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return PackagePlan{}, nil, backend.Invalid("reference", "Enter the request's reference (for example PR-2026-0001).")
	}
	d, err := st.RequestDetail(ref)
	if err != nil {
		if backend.ErrorCode(err) == backend.ENOTFOUND {
			return PackagePlan{}, nil, backend.Invalid("reference", "%s", backend.ErrorMessage(err))
		}
		return PackagePlan{}, nil, err
	}
	p := PackagePlan{Reference: d.Request.Reference, Requester: d.Request.Requester.Name, Files: []backend.Attachment{},
		SuggestedPassphrase: export.GeneratePassphrase(), MinPassphrase: export.MinPassphraseLen,
		FileName: d.Request.Reference + "-response.zip"}
	kept, err := st.ListLetters(d.Request.Reference)
	if err != nil {
		return p, nil, err
	}
	for i := len(kept) - 1; i >= 0; i-- {
		for _, k := range coverLetterKinds {
			if kept[i].Kind == k && p.CoverLetter == nil {
				l := kept[i]
				p.CoverLetter = &l
			}
		}
	}
	for _, a := range d.Attachments {
		if isResponseFile(a) {
			p.Files = append(p.Files, a)
		}
	}
	if p.CoverLetter == nil {
		p.Problem = "There is no cover letter yet: make the access response (or portability cover) letter for " + p.Reference + " first, on the request's Letters panel."
	}
	return p, &d, nil
}

// requestRecord is the JSON of what Privacy Desk holds about the request.
type requestRecord struct {
	Reference     string                 `json:"reference"`
	Practice      string                 `json:"practice"`
	GeneratedAt   time.Time              `json:"generatedAt"`
	Request       backend.Request        `json:"request"`
	Verifications []backend.Verification `json:"verifications"`
	Timeline      []backend.RequestEvent `json:"timeline"`
	Files         []backend.Attachment   `json:"files"`
	Letters       []letters.Letter       `json:"letters"`
}

var recordTable = export.Table{Name: "Request", Columns: []export.Column{{Key: "field", Label: "Field"}, {Key: "value", Label: "Value"}}}

// flatten turns decoded JSON into field/value rows ("request.requester.email"), for the
// CSV: one value per line reads in any spreadsheet, however nested the record is.
func flatten(prefix string, v any, out *[]export.Row) {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			flatten(join(prefix, k), x[k], out)
		}
	case []any:
		for i, e := range x {
			flatten(join(prefix, strconv.Itoa(i+1)), e, out)
		}
	case nil:
	case string:
		if x != "" {
			*out = append(*out, export.Row{prefix, x})
		}
	default:
		b, _ := json.Marshal(x)
		*out = append(*out, export.Row{prefix, string(b)})
	}
}

func join(prefix, k string) string {
	if prefix == "" {
		return k
	}
	return prefix + "." + k
}

// recordFiles are the JSON and CSV of the request.
func (s *Service) recordFiles(d *backend.RequestDetail, practice string, now time.Time) ([]export.PackageFile, error) {
	kept, err := s.st.ListLetters(d.Request.Reference)
	if err != nil {
		return nil, err
	}
	rec := requestRecord{Reference: d.Request.Reference, Practice: practice, GeneratedAt: now.UTC().Truncate(time.Second),
		Request: d.Request, Verifications: d.Verifications, Timeline: d.Events, Files: d.Attachments, Letters: kept}
	js, err := json.MarshalIndent(rec, "", "  ")
	if err != nil {
		return nil, err
	}
	var generic any
	if err := json.Unmarshal(js, &generic); err != nil {
		return nil, err
	}
	var rows []export.Row
	flatten("", generic, &rows)
	var csvBuf bytes.Buffer
	enc := export.NewCSVEncoder(&csvBuf, recordTable, export.CSVOptions{BOM: true})
	for _, r := range rows {
		if err := enc.Encode(r); err != nil {
			return nil, err
		}
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	base := d.Request.Reference
	return []export.PackageFile{
		export.BytesFile(base+" - your request.json", append(js, '\n')),
		export.BytesFile(base+" - your request.csv", csvBuf.Bytes()),
	}, nil
}

// packageWork names the private folders (package workdir) in the system's temporary
// folder that hold a package's response files, decrypted, while it is written.
const packageWork = "privacydesk-package"

// RemovePackageLeftovers removes the folders of packages whose writing was cut short (a
// crash, a killed command) and returns them; those another window or command is still
// writing stay. The window calls it at start, the package command before it writes.
func RemovePackageLeftovers(now time.Time) ([]string, error) {
	return workdir.RemoveLeftovers("", packageWork, now)
}

// PackageTo makes the package of request ref at out (atomically; AES-256 encrypted
// with passphrase when it is not "") and records it in the audit trail.
func (s *Service) PackageTo(ctx context.Context, ref, passphrase, out string) (PackageResult, error) {
	if passphrase != "" {
		if err := export.CheckPassphrase(passphrase); err != nil {
			return PackageResult{}, err
		}
	}
	if strings.TrimSpace(out) == "" {
		return PackageResult{}, backend.Invalid("out", "Choose the file to write.")
	}
	if passphrase == "" {
		if err := s.st.CheckOutsideDataFolder("out", out); err != nil {
			return PackageResult{}, err
		}
	}
	st := s.st
	plan, d, err := s.planPackage(ref)
	if err != nil {
		return PackageResult{}, err
	}
	if plan.CoverLetter == nil {
		return PackageResult{}, backend.Invalid("reference", "%s", plan.Problem)
	}
	p, err := st.GetPractice()
	if err != nil {
		return PackageResult{}, err
	}
	cover, err := st.GetLetter(plan.CoverLetter.ID)
	if err != nil {
		return PackageResult{}, err
	}
	now := st.Now()
	files := []export.PackageFile{export.BytesFile(fmt.Sprintf("%s - %s.pdf", plan.Reference, cover.Title), cover.PDF)}
	// The response files are copied out of the attachment store (which checks each
	// against its SHA-256), decrypted, into a private folder for the time of writing;
	// what a crash leaves there the next start removes (RemovePackageLeftovers).
	work, err := workdir.New("", packageWork)
	if err != nil {
		return PackageResult{}, err
	}
	defer work.Remove()
	for i, a := range plan.Files {
		dir := filepath.Join(work.Path, strconv.Itoa(i))
		if err := os.Mkdir(dir, 0o700); err != nil {
			return PackageResult{}, err
		}
		path, err := st.OpenableCopy(a.ID, dir)
		if err != nil {
			return PackageResult{}, err
		}
		files = append(files, export.DiskFile("response/"+a.OriginalName, path))
	}
	rec, err := s.recordFiles(d, p.Name, now)
	if err != nil {
		return PackageResult{}, err
	}
	files = append(files, rec...)
	var m *export.ResponseManifest
	err = export.WriteFile(ctx, out, 0o600, func(w io.Writer) error {
		var err error
		m, err = export.WriteResponsePackage(ctx, w, files, export.ResponseOptions{Reference: plan.Reference, Practice: p.Name,
			Now: now, Passphrase: passphrase})
		return err
	})
	if err != nil {
		return PackageResult{}, err
	}
	names := make([]string, len(m.Files))
	for i, f := range m.Files {
		names[i] = f.Name
	}
	if err := st.RecordEvent("export", plan.Reference, "response-package", map[string]any{"file": filepath.Base(out),
		"encryption": m.Encryption, "files": names}); err != nil {
		return PackageResult{}, err
	}
	return PackageResult{File: out, Reference: plan.Reference, Encryption: m.Encryption, Files: m.Files}, nil
}
