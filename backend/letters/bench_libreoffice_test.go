package letters

import (
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"privacydesk/backend/internal/benchratio"
)

// BenchmarkBatch100LibreOffice compares making 100 letters as one PDF (a batch) with
// LibreOffice turning the same 100 letters, already merged into one Writer document as
// its mail merge leaves them, into a PDF: `soffice --headless --convert-to pdf`, a
// process of its own each time, as a script or a mail merge's "save as PDF" runs it.
// A second ratio subtracts LibreOffice's start-up (the same conversion of a one-letter
// document), as if Writer were already open. The goal is to be faster: ratio <= 1.
//
// Only `make bench` runs it (never the tests or CI); without LibreOffice Writer
// (soffice, Debian's libreoffice-writer-nogui) it prints a SKIPPED line instead.
func BenchmarkBatch100LibreOffice(b *testing.B) {
	const name = "letters 100 as one PDF / LibreOffice Writer converting them to PDF"
	const nameWarm = "letters 100 as one PDF / LibreOffice's conversion less its start-up"
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		fmt.Fprintf(benchratio.Out, "ratio %s: n/a (goal <= 1x) SKIPPED (LibreOffice is not installed: no soffice)\n", name)
		b.Skip("LibreOffice is not installed (no soffice)")
	}
	var jobs []Job
	var texts []string
	for i := 0; len(jobs) < 100; i++ {
		f := fixtures[i%len(fixtures)]
		tpl, d := Builtin(f.kind), f.data()
		jobs = append(jobs, Job{Template: tpl, Data: d})
		texts = append(texts, letterText(b, tpl, d))
	}
	dir := b.TempDir()
	all, single := filepath.Join(dir, "letters.fodt"), filepath.Join(dir, "one.fodt")
	for p, ts := range map[string][]string{all: texts, single: texts[:1]} {
		if err := os.WriteFile(p, writerDocument(ts), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	// A profile of its own: no clash with a LibreOffice the user has open, and the
	// first start (which creates the profile) is not timed.
	profile := "-env:UserInstallation=file://" + filepath.Join(dir, "profile")
	convert := func(doc string) error {
		out := filepath.Join(dir, "out")
		cmd := exec.Command(soffice, profile, "--headless", "--norestore", "--convert-to", "pdf", "--outdir", out, doc)
		if msg, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("soffice: %v: %s", err, msg)
		}
		pdf := filepath.Join(out, strings.TrimSuffix(filepath.Base(doc), ".fodt")+".pdf")
		st, err := os.Stat(pdf)
		if err != nil || st.Size() == 0 {
			return fmt.Errorf("soffice made no PDF of %s (is LibreOffice Writer installed?)", filepath.Base(doc))
		}
		return os.Remove(pdf)
	}
	if err := convert(single); err != nil {
		fmt.Fprintf(benchratio.Out, "ratio %s: n/a (goal <= 1x) SKIPPED (LibreOffice Writer cannot convert: install libreoffice-writer-nogui)\n", name)
		b.Skip(err)
	}

	// Sub-benchmarks, so that this function (and its ratio lines) runs once.
	var ours, lo, start time.Duration
	b.Run("privacydesk", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if err := RenderBatch(io.Discard, jobs); err != nil {
				b.Fatal(err)
			}
		}
		ours = b.Elapsed() / time.Duration(b.N)
	})
	b.Run("libreoffice", func(b *testing.B) {
		var one time.Duration
		for i := 0; i < b.N; i++ {
			if err := convert(all); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			t0 := time.Now()
			if err := convert(single); err != nil {
				b.Fatal(err)
			}
			one += time.Since(t0)
			b.StartTimer()
		}
		lo, start = b.Elapsed()/time.Duration(b.N), one/time.Duration(b.N)
	})
	benchratio.Print(name, ours, lo, 1)
	benchratio.Print(nameWarm, ours, lo-start, 1)
}

// writerDocument is an OpenDocument text (flat XML) with one letter per page, each line
// of its text a paragraph, in DejaVu Sans 10 pt on Letter paper with 1-inch margins.
func writerDocument(letters []string) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls><style:font-face style:name="DejaVu Sans" svg:font-family="'DejaVu Sans'"/></office:font-face-decls>
<office:styles><style:style style:name="Standard" style:family="paragraph"><style:paragraph-properties fo:margin-bottom="0.1cm"/><style:text-properties style:font-name="DejaVu Sans" fo:font-size="10pt"/></style:style></office:styles>
<office:automatic-styles><style:style style:name="Letter" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:break-before="page"/></style:style>
<style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="8.5in" fo:page-height="11in" fo:margin-top="1in" fo:margin-bottom="1in" fo:margin-left="1in" fo:margin-right="1in"/></style:page-layout></office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1"/></office:master-styles>
<office:body><office:text>
`)
	for i, l := range letters {
		for j, line := range strings.Split(l, "\n") {
			style := "Standard"
			if j == 0 && i > 0 {
				style = "Letter"
			}
			b.WriteString(`<text:p text:style-name="` + style + `">`)
			xml.EscapeText(&b, []byte(line))
			b.WriteString("</text:p>\n")
		}
	}
	b.WriteString("</office:text></office:body></office:document>\n")
	return []byte(b.String())
}
