package letters

import (
	"bytes"
	"flag"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/go-pdf/fpdf"

	"privacydesk/backend"
)

var (
	update = flag.Bool("update", false, "rewrite the golden files under testdata/")
	outDir = flag.String("out", "", "also write each rendered PDF into this folder (to look at them)")
)

func TestMain(m *testing.M) {
	// Deterministic PDFs: fixed dates, no compression, sorted catalog.
	fpdf.SetDefaultCreationDate(fixedTime)
	fpdf.SetDefaultModificationDate(fixedTime)
	fpdf.SetDefaultCompression(false)
	fpdf.SetDefaultCatalogSort(true)
	os.Exit(m.Run())
}

func needTool(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Fatalf("%s is needed by this test (Debian package poppler-utils / qpdf): %v", name, err)
	}
	return p
}

func renderFixture(t testing.TB, f fixture) []byte {
	t.Helper()
	pdf, err := RenderBytes(Builtin(f.kind), f.data())
	if err != nil {
		t.Fatalf("%s: %v", f.name, err)
	}
	return pdf
}

func pdfText(t testing.TB, pdf []byte, args ...string) string {
	t.Helper()
	tool := needTool(t, "pdftotext")
	cmd := exec.Command(tool, append(args, "-enc", "UTF-8", "-", "-")...)
	cmd.Stdin = bytes.NewReader(pdf)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v: %s", err, stderr.String())
	}
	return string(out)
}

// TestGolden checks the text of every kind (and variants by regime, paper and script)
// against testdata/<name>.txt, and checks each PDF's structure with qpdf.
func TestGolden(t *testing.T) {
	seen := map[Kind]bool{}
	for _, f := range fixtures {
		seen[f.kind] = true
		t.Run(f.name, func(t *testing.T) {
			pdf := renderFixture(t, f)
			if *outDir != "" {
				if err := os.WriteFile(filepath.Join(*outDir, f.name+".pdf"), pdf, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			got := pdfText(t, pdf, "-layout")
			golden := filepath.Join("testdata", f.name+".txt")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("missing golden file (run go test -update): %v", err)
			}
			if got != string(want) {
				t.Errorf("text differs from %s (run go test -update and review the diff):\n%s", golden, firstDiff(string(want), got))
			}
			qpdfCheck(t, pdf)
			again := renderFixture(t, f)
			if !bytes.Equal(pdf, again) {
				t.Errorf("two renders of the same letter differ: the output is not deterministic")
			}
		})
	}
	for _, k := range KindsList() {
		if !seen[k.Kind] {
			t.Errorf("no golden fixture for kind %s", k.Kind)
		}
	}
}

func qpdfCheck(t *testing.T, pdf []byte) {
	t.Helper()
	tool := needTool(t, "qpdf")
	tmp := filepath.Join(t.TempDir(), "letter.pdf")
	if err := os.WriteFile(tmp, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool, "--check", tmp).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "No syntax or stream encoding errors") {
		t.Errorf("qpdf --check: %v\n%s", err, out)
	}
}

func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(w), len(g)); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return "line " + strconv.Itoa(i+1) + ":\nwant: " + a + "\ngot:  " + b
		}
	}
	return "(only trailing differences)"
}

// TestNamesInAnyScript checks that names in Latin, Vietnamese, Chinese, Greek, Cyrillic
// and Japanese script print exactly (Arabic, Hebrew, Devanagari and Korean: shape_test.go) (read back
// with pdftotext), and that text no embedded font can draw is refused before the letter
// is made, naming the field and the characters.
func TestNamesInAnyScript(t *testing.T) {
	printed := []string{"Łukasz Nguyễn-Müller", "Zoë O'Brien-Núñez", "王小明", "Ζωή Παπαδοπούλου", "Жанна Иванова", "さくら", "Nguyễn Thị Minh Khai"}
	for _, name := range printed {
		t.Run(name, func(t *testing.T) {
			d := baseData(backend.RegimeCCPA, backend.RightAccess)
			d.Requester.Name = name
			pdf, err := RenderBytes(Builtin(KindAcknowledgment), d)
			if err != nil {
				t.Fatal(err)
			}
			text := pdfText(t, pdf)
			if got := strings.Count(text, name); got < 2 {
				t.Errorf("%q appears %d times in the text, want at least 2 (address and salutation):\n%s", name, got, text)
			}
			if strings.ContainsAny(text, "?\uFFFD") && !strings.Contains(name, "?") && strings.Contains(text, "\uFFFD") {
				t.Errorf("replacement characters in the text")
			}
		})
	}
	// Combining marks (decomposed Unicode) print as the precomposed letters.
	d := baseData(backend.RegimeCCPA, backend.RightAccess)
	d.Requester.Name = "Nguye\u0302\u0303n Zoe\u0308"
	pdf, err := RenderBytes(Builtin(KindAcknowledgment), d)
	if err != nil {
		t.Fatal(err)
	}
	if text := pdfText(t, pdf); !strings.Contains(text, "Nguyễn Zoë") {
		t.Errorf("decomposed name not printed as Nguyễn Zoë:\n%s", text)
	}

	refused := []struct {
		field, value, char string
		set                func(d *Data, v string)
	}{
		{"requester.name", "Ali 😀", "U+1F600", func(d *Data, v string) { d.Requester.Name = v }},
		{"requester.name", "สมชาย", "U+0E2A", func(d *Data, v string) { d.Requester.Name = v }},
		{"requester.name", "রহিম", "U+09B0", func(d *Data, v string) { d.Requester.Name = v }}, // Bengali
		{"request.description", "முருகன்", "U+0BAE", func(d *Data, v string) { d.Request.Description = v }},
		{"practice.name", "Clinic ☃︎ 🏥", "U+1F3E5", func(d *Data, v string) { d.Practice.Name = v }},
		{"datamap.purposes", "ID 🪪", "U+1FAAA", func(d *Data, v string) { d.DataMap = []DataMapRow{{Category: "x", Purposes: v}} }},
	}
	for _, c := range refused {
		t.Run("refuse "+c.value, func(t *testing.T) {
			d := baseData(backend.RegimeCCPA, backend.RightAccess)
			c.set(&d, c.value)
			kind := KindAcknowledgment
			if strings.HasPrefix(c.field, "datamap") {
				kind = KindAccessResponse
			}
			_, err := RenderBytes(Builtin(kind), d)
			if backend.ErrorCode(err) != backend.EINVALID || backend.ErrorField(err) != c.field {
				t.Fatalf("got %v (field %q), want EINVALID on %s", err, backend.ErrorField(err), c.field)
			}
			// The message names the field in plain words, never code points.
			if msg := backend.ErrorMessage(err); strings.Contains(msg, "U+") || strings.Contains(msg, c.char) || !strings.HasPrefix(msg, "The letter cannot print the ") {
				t.Errorf("message does not name the field in plain words (or shows %s): %v", c.char, err)
			}
		})
	}
}

// TestMisfits checks that a kind that does not fit the request is refused with a
// message that says why.
func TestMisfits(t *testing.T) {
	cases := []struct {
		kind Kind
		data func() Data
		want string
	}{
		{KindHIPAAAccess, func() Data { return baseData(backend.RegimeCCPA, backend.RightAccess) }, "not a HIPAA request"},
		{KindHIPAAAccounting, func() Data { return baseData(backend.RegimeHIPAA, backend.RightAccess) }, "does not ask for accounting"},
		{KindAccessResponse, func() Data { return baseData(backend.RegimeHIPAA, backend.RightAccess) }, "hipaa-access"},
		{KindAccessResponse, func() Data { return baseData(backend.RegimeCCPA, backend.RightDeletion) }, "does not ask for access"},
		{KindDeletionDone, func() Data { return baseData(backend.RegimeGDPR, backend.RightAccess) }, "does not ask for deletion"},
		{KindVerifyIdentity, func() Data { return baseData(backend.RegimeCCPA, backend.RightOptOut) }, "cannot be held back"},
		{KindAgentProof, func() Data { return baseData(backend.RegimeCCPA, backend.RightAccess) }, "authorized agent"},
		{KindExtension, func() Data { return baseData(backend.RegimeGDPR, backend.RightAccess) }, "extension is not recorded"},
		{KindExtension, func() Data {
			d := baseData(backend.RegimeCCPA, backend.RightOptOut)
			d.Deadline.ExtendedRespondBy, d.Deadline.ExtensionReason = date("2026-05-01"), "busy"
			return d
		}, "cannot be extended"},
		{KindExtension, func() Data {
			d := baseData(backend.RegimeHIPAA, backend.RightAccess)
			d.Deadline = Deadline{RespondBy: date("2026-04-01"), ExtendedRespondBy: date("2026-05-01"), ExtensionReason: "records off site",
				ExtensionNoticeBy: date("2026-04-01")}
			d.Today = date("2026-04-02")
			return d
		}, "original period ended on April 1, 2026"},
		// A letter that gives what was asked for does not fit a right recorded as denied.
		{KindHIPAAAccess, deniedData(backend.RegimeHIPAA, backend.RightAccess), "recorded as denied"},
		{KindAccessResponse, deniedData(backend.RegimeGDPR, backend.RightAccess), "recorded as denied"},
		{KindPortabilityCover, deniedData(backend.RegimeCCPA, backend.RightPortability), "recorded as denied"},
		{KindHIPAAAccounting, deniedData(backend.RegimeHIPAA, backend.RightAccounting), "recorded as denied"},
		{KindDenial, func() Data { return baseData(backend.RegimeVA, backend.RightAccess) }, "no denial reason"},
		{KindVendorDirection, func() Data { return baseData(backend.RegimeCCPA, backend.RightDeletion) }, "no vendor"},
		{KindVendorDirection, func() Data {
			d := baseData(backend.RegimeCCPA, backend.RightAccess)
			d.Vendor.Name = "Twilio"
			return d
		}, "nothing a vendor must carry out"},
		{KindOptOutDone, func() Data { return baseData(backend.RegimeGDPR, backend.RightAccess) }, "none of opt-out"},
		{KindCorrectionDone, func() Data { return baseData(backend.RegimeHIPAA, backend.RightCorrection) }, "hipaa-amendment"},
		{KindPortabilityCover, func() Data { return baseData(backend.RegimeCCPA, backend.RightAccess) }, "portability"},
		{KindDeletionDone, func() Data { return baseData(backend.RegimeCCPA, backend.RightDeletion) }, "not recorded as granted"},
		{KindDeletionDone, func() Data {
			d := baseData(backend.RegimeCCPA, backend.RightDeletion)
			d.Request.Granted = []backend.Right{backend.RightDeletion}
			return d
		}, "confirmation of the deletion is not recorded"},
		{KindCorrectionDone, func() Data { return baseData(backend.RegimeGDPR, backend.RightCorrection) }, "not recorded as granted"},
		{KindOptOutDone, func() Data { return baseData(backend.RegimeCCPA, backend.RightOptOut) }, "recorded as granted"},
		{KindHIPAAAmendment, func() Data { return baseData(backend.RegimeHIPAA, backend.RightCorrection) }, "no decision on the amendment"},
		{KindDeletionConfirm, func() Data { return baseData(backend.RegimeCCPA, backend.RightOptOut) }, "deletion"},
		{KindHIPAAAmendment, func() Data { return baseData(backend.RegimeGDPR, backend.RightCorrection) }, "EU GDPR request, not a HIPAA request"},
		{Kind("thank-you"), func() Data { return baseData(backend.RegimeCCPA, backend.RightAccess) }, "unknown letter kind"},
		// A closed request is not acknowledged, asked for proof or confirmation, or extended.
		{KindAcknowledgment, closedData(backend.StatusCompleted, backend.RightAccess), "closed (completed)"},
		{KindVerifyIdentity, closedData(backend.StatusPartiallyCompleted, backend.RightAccess), "closed (partially completed)"},
		{KindAgentProof, func() Data {
			d := closedData(backend.StatusDenied, backend.RightAccess)()
			d.Agent = Party{Name: "Zoë O'Brien-Núñez"}
			return d
		}, "closed (denied)"},
		{KindDeletionConfirm, closedData(backend.StatusWithdrawn, backend.RightDeletion), "closed (withdrawn)"},
		{KindExtension, func() Data {
			d := closedData(backend.StatusUnableToVerify, backend.RightAccess)()
			d.Deadline.ExtendedRespondBy, d.Deadline.ExtensionReason = date("2026-05-01"), "busy"
			return d
		}, "closed (unable to verify)"},
	}
	for _, c := range cases {
		t.Run(string(c.kind)+" "+c.want, func(t *testing.T) {
			d := c.data()
			err := CheckFit(c.kind, &d)
			if backend.ErrorCode(err) != backend.EINVALID || backend.ErrorField(err) != "kind" {
				t.Fatalf("got %v, want EINVALID on kind", err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("message %q does not say %q", err, c.want)
			}
			tpl := Template{Kind: c.kind, Name: "x", Version: 1, Body: "Re: x\n\nText."}
			if c.kind.Valid() {
				tpl = Builtin(c.kind)
			}
			if _, err := RenderBytes(tpl, d); backend.ErrorCode(err) != backend.EINVALID {
				t.Errorf("Render did not refuse: %v", err)
			}
		})
	}
}

// deniedData is a request whose only right is recorded as denied.
func deniedData(regime backend.Regime, right backend.Right) func() Data {
	return func() Data {
		d := baseData(regime, right)
		d.Request.Denied = []backend.Right{right}
		d.Request.DenialReason = "No."
		return d
	}
}

// closedData is a CCPA request closed with status st.
func closedData(st backend.Status, rights ...backend.Right) func() Data {
	return func() Data {
		d := baseData(backend.RegimeCCPA, rights...)
		d.Request.Status = string(st)
		return d
	}
}

// TestEmptyFieldRefused checks that a letter is not made with a hole where a value
// should be.
func TestEmptyFieldRefused(t *testing.T) {
	d := baseData(backend.RegimeCCPA, backend.RightAccess)
	d.Request.Reference = ""
	_, err := RenderBytes(Builtin(KindAcknowledgment), d)
	if backend.ErrorField(err) != "request.reference" || !strings.Contains(err.Error(), "empty") {
		t.Fatalf("got %v, want an error on request.reference", err)
	}
	// A field that only some regimes have is refused with advice to guard it.
	tpl := Template{Kind: KindAcknowledgment, Name: "Mine", Version: 1, Body: "Re: x\n\nAppeal within {{appeal.days}} days."}
	_, err = RenderBytes(tpl, baseData(backend.RegimeCCPA, backend.RightAccess))
	if backend.ErrorField(err) != "appeal.days" || !strings.Contains(err.Error(), "{{#if appeal.days}}") {
		t.Fatalf("got %v, want advice to guard appeal.days", err)
	}
	// Without a practice phone and email the letters that need them say so.
	d = baseData(backend.RegimeHIPAA, backend.RightAccess)
	d.Practice.Email, d.Practice.Phone = "", ""
	d.Request.DenialReason = "x"
	_, err = RenderBytes(Builtin(KindDenial), d)
	if backend.ErrorField(err) != "practice.contact" || !strings.Contains(err.Error(), "Settings") {
		t.Fatalf("got %v, want an error on practice.contact naming Settings", err)
	}
}

// TestPages checks the page furniture: "Page X of Y" on every page, the header
// repeated when the data map table breaks across pages, and the paper size.
func TestPages(t *testing.T) {
	d := baseData(backend.RegimeCCPA, backend.RightAccess)
	for i := 0; i < 6; i++ {
		d.DataMap = append(d.DataMap, testDataMap...)
	}
	pdf, err := RenderBytes(Builtin(KindAccessResponse), d)
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, pdf, "-layout")
	pages := strings.Split(strings.TrimRight(text, "\f"), "\f")
	if len(pages) < 3 {
		t.Fatalf("a 30-row data map fits on %d pages; the test needs it to break", len(pages))
	}
	for i, p := range pages {
		want := "Page " + strconv.Itoa(i+1) + " of " + strconv.Itoa(len(pages))
		if !strings.Contains(p, want) {
			t.Errorf("page %d lacks %q", i+1, want)
		}
	}
	headers := 0
	for _, p := range pages {
		if strings.Contains(p, "Category") && strings.Contains(p, "Disclosed to") {
			headers++
		}
	}
	if headers < 2 {
		t.Errorf("the table header appears on %d pages, want it repeated on every page the table spans", headers)
	}
	if got := strings.Count(text, "Datadog"); got != 6 {
		t.Errorf("a data map row went missing or was duplicated at a page break: %d of 6", got)
	}

	for _, c := range []struct {
		paper backend.PaperSize
		want  string
	}{{backend.PaperLetter, "612 x 792 pts (letter)"}, {backend.PaperA4, "595.28 x 841.89 pts (A4)"}} {
		d := baseData(backend.RegimeCCPA, backend.RightAccess)
		d.Practice.PaperSize = c.paper
		pdf, err := RenderBytes(Builtin(KindAcknowledgment), d)
		if err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(needTool(t, "pdfinfo"), "-")
		cmd.Stdin = bytes.NewReader(pdf)
		out, err := cmd.Output()
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(out), c.want) {
			t.Errorf("%s: pdfinfo says\n%s\nwant page size %s", c.paper, out, c.want)
		}
	}
}

// testLogo draws a small logo: a teal disc with a white bar, at the given PNG bit depth.
func testLogo(t *testing.T, format string) []byte {
	t.Helper()
	const w, h = 240, 120
	var img draw.Image
	if format == "png16" {
		img = image.NewRGBA64(image.Rect(0, 0, w, h))
	} else {
		img = image.NewNRGBA(image.Rect(0, 0, w, h))
	}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			dx, dy := x-60, y-60
			switch {
			case dx*dx+dy*dy < 55*55 && (y < 52 || y > 68):
				img.Set(x, y, color.NRGBA{0, 128, 128, 255})
			case dx*dx+dy*dy < 55*55:
				img.Set(x, y, color.NRGBA{255, 255, 255, 255})
			case x > 130 && x < 230 && y > 45 && y < 75:
				img.Set(x, y, color.NRGBA{24, 52, 92, 255})
			default:
				img.Set(x, y, color.NRGBA{0, 0, 0, 0})
			}
		}
	}
	var buf bytes.Buffer
	var err error
	if format == "jpeg" {
		err = jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90})
	} else {
		err = png.Encode(&buf, img)
	}
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestLogo(t *testing.T) {
	for _, format := range []string{"png", "png16", "jpeg"} {
		t.Run(format, func(t *testing.T) {
			d := baseData(backend.RegimeCCPA, backend.RightAccess)
			d.Practice.Logo = testLogo(t, format)
			pdf, err := RenderBytes(Builtin(KindAcknowledgment), d)
			if err != nil {
				t.Fatal(err)
			}
			if *outDir != "" {
				os.WriteFile(filepath.Join(*outDir, "logo-"+format+".pdf"), pdf, 0o644)
			}
			cmd := exec.Command(needTool(t, "pdfimages"), "-list", "-")
			cmd.Stdin = bytes.NewReader(pdf)
			out, err := cmd.Output()
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(out), "240   120") {
				t.Errorf("the logo is not in the PDF:\n%s", out)
			}
			qpdfCheck(t, pdf)
		})
	}
	d := baseData(backend.RegimeCCPA, backend.RightAccess)
	d.Practice.Logo = []byte("GIF89a not a logo")
	if _, err := RenderBytes(Builtin(KindAcknowledgment), d); backend.ErrorField(err) != "practice.logo" {
		t.Errorf("a GIF logo: got %v, want an error on practice.logo", err)
	}
}

// TestBatch prints several letters as one PDF: each numbers its own pages, and a bad
// letter anywhere refuses the whole batch, naming it.
func TestBatch(t *testing.T) {
	var jobs []Job
	for _, f := range fixtures[:5] {
		jobs = append(jobs, Job{Template: Builtin(f.kind), Data: f.data()})
	}
	var buf bytes.Buffer
	if err := RenderBatch(&buf, jobs); err != nil {
		t.Fatal(err)
	}
	qpdfCheck(t, buf.Bytes())
	text := pdfText(t, buf.Bytes())
	pages := 0
	for _, f := range fixtures[:5] {
		one := pdfText(t, renderFixture(t, f))
		pages += strings.Count(one, "\f")
	}
	if got := strings.Count(text, "\f"); got != pages {
		t.Errorf("the batch has %d pages, the letters alone %d", got, pages)
	}
	if !strings.Contains(text, "Page 1 of 1") || strings.Contains(text, "of "+strconv.Itoa(pages)) {
		t.Errorf("pages are not numbered per letter")
	}
	jobs[3].Data.Request.Reference = "PR-2026-0042"
	jobs[3].Data.Request.Rights = []backend.Right{backend.RightAccess} // deletion-confirm no longer fits
	err := RenderBatch(&bytes.Buffer{}, jobs)
	if backend.ErrorField(err) != "kind" || !strings.Contains(err.Error(), "Letter 4 (deletion-confirm, PR-2026-0042)") {
		t.Errorf("got %v, want the 4th letter named", err)
	}
}
