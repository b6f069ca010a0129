package intake_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"privacydesk/backend"
	"privacydesk/backend/intake"
	"privacydesk/backend/mailimport"
)

func TestImportEmail(t *testing.T) {
	s := openStore(t, filepath.Join(t.TempDir(), "pd", "pd.db"))
	s.Now = func() time.Time { return time.Date(2026, 3, 3, 12, 0, 0, 0, time.UTC) }
	path := filepath.Join("..", "mailimport", "testdata", "plain-withdraw.eml")
	m, err := mailimport.ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	svc := intake.New(s, nil)
	in, err := svc.EmailRequestInput(context.Background(), m, backend.RegimeGDPR, nil)
	if err != nil {
		t.Fatal(err)
	}
	if in.Requester.Name != "Zoë O'Brien-Núñez" || in.ReceivedDate != "2026-03-02" || in.ReceivedTime != "09:15" ||
		len(in.Rights) != 1 || in.Rights[0] != backend.RightWithdrawConsent || in.Channel != backend.ChannelEmail {
		t.Fatalf("proposal %+v", in)
	}
	r, err := svc.ImportEmail(context.Background(), path, in)
	if err != nil {
		t.Fatal(err)
	}
	atts, err := s.RequestAttachments(r.Reference)
	if err != nil || len(atts) != 1 || atts[0].OriginalName != "plain-withdraw.eml" {
		t.Errorf("attachments %+v %v", atts, err)
	}
}
