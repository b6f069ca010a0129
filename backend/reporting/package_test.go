package reporting

import (
	"archive/zip"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"privacydesk/backend"
	"privacydesk/backend/correspondence"
	"privacydesk/backend/demo"
	"privacydesk/backend/export"
	"privacydesk/backend/letters"
	"privacydesk/backend/storage"
)

func TestFlattenNamesEveryValueByItsPath(t *testing.T) {
	var rows []export.Row
	flatten("", map[string]any{"b": []any{"x", map[string]any{"c": 2.5}}, "a": "", "d": nil, "e": true}, &rows)
	var got []string
	for _, r := range rows {
		got = append(got, r[0].(string)+"="+r[1].(string))
	}
	// Sorted keys, 1-based list positions, empty strings and nulls left out.
	if want := "b.1=x|b.2.c=2.5|e=true"; strings.Join(got, "|") != want {
		t.Errorf("flatten: %s, want %s", strings.Join(got, "|"), want)
	}
}

func TestPackageToWritesTheResponseAndRecordsIt(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, err := storage.Open(filepath.Join(dir, "pd.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	st.Now = func() time.Time { return time.Date(2026, 3, 2, 15, 0, 0, 0, time.UTC) }
	if _, err := demo.Load(st, demo.Options{Seed: 1}); err != nil {
		t.Fatal(err)
	}
	r, err := st.CreateRequest(backend.RequestInput{Requester: backend.Person{Name: "Zoë Nowak", Email: "zoe@example.org"},
		Channel: backend.ChannelEmail, ReceivedDate: "2026-02-20", Regime: backend.RegimeCCPA, Rights: []backend.Right{backend.RightAccess}})
	if err != nil {
		t.Fatal(err)
	}
	svc := New(st)
	out := filepath.Join(dir, "package.zip")
	if _, err := svc.CheckPackage(ctx, r.Reference); backend.ErrorField(err) != "reference" {
		t.Errorf("no cover letter: %v", err)
	}
	if _, err := svc.PackageTo(ctx, r.Reference, "", out); backend.ErrorField(err) != "reference" {
		t.Errorf("package without a cover letter: %v", err)
	}
	if _, err := svc.PlanPackage(ctx, "PR-1999-0001"); backend.ErrorField(err) != "reference" {
		t.Errorf("unknown request: %v", err)
	}
	if _, err := svc.PackageTo(ctx, r.Reference, "", " "); backend.ErrorField(err) != "out" {
		t.Errorf("no file: %v", err)
	}
	if _, err := os.Stat(out); err == nil {
		t.Fatal("a refused package left a file")
	}
	if _, err := correspondence.New(st).CreateLetter(ctx, correspondence.LetterInput{RequestRef: r.Reference, Kind: letters.KindAccessResponse, Response: "Enclosed."}); err != nil {
		t.Fatal(err)
	}
	res, err := svc.PackageTo(ctx, r.Reference, "", out)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.OpenReader(out)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	if len(zr.File) != len(res.Files)+1 || res.Reference != r.Reference {
		t.Errorf("%d members for %+v", len(zr.File), res)
	}
	if _, n, err := st.ListAuditEvents(backend.AuditFilter{Entity: "export", Action: "response-package"}); err != nil || n != 1 {
		t.Errorf("%d response-package events, %v", n, err)
	}
}
