package jobs

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"privacydesk/backend"
	"privacydesk/backend/export"
)

type recorder struct {
	mu       sync.Mutex
	progress []ProgressEvent
	ends     []EndEvent
}

func (r *recorder) runner(now func() time.Time) *Runner {
	return NewRunner(now,
		func(e ProgressEvent) { r.mu.Lock(); r.progress = append(r.progress, e); r.mu.Unlock() },
		func(e EndEvent) { r.mu.Lock(); r.ends = append(r.ends, e); r.mu.Unlock() })
}

func wait(t *testing.T, r *Runner, id string) Job {
	t.Helper()
	j, err := r.Wait(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return j
}

func TestJobEndsDoneWithItsResultAndLastProgress(t *testing.T) {
	rec := &recorder{}
	r := rec.runner(nil)
	j := r.Start(context.Background(), "export", "Requests (CSV)", "/tmp/x.csv", func(ctx context.Context, p export.Progress) (any, error) {
		for i := int64(1); i <= 5; i++ {
			p(i, 5)
		}
		return "written", nil
	})
	if j.State != Running || j.ID != "export-1" {
		t.Errorf("started %+v", j)
	}
	done := wait(t, r, j.ID)
	if done.State != Done || done.Result != "written" || done.Done != 5 || done.Total != 5 {
		t.Errorf("done %+v", done)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if n := len(rec.progress); n == 0 || rec.progress[n-1].Done != 5 {
		t.Errorf("progress events %+v: the last one must be sent", rec.progress)
	}
	if len(rec.ends) != 1 || rec.ends[0].Failed() || rec.ends[0].Result != "written" {
		t.Errorf("end events %+v", rec.ends)
	}
}

func TestJobErrorCancelAndPanic(t *testing.T) {
	rec := &recorder{}
	r := rec.runner(nil)
	bad := r.Start(context.Background(), "backup", "Backup", "", func(context.Context, export.Progress) (any, error) {
		return nil, backend.Invalid("passphrase", "Too short.")
	})
	if j := wait(t, r, bad.ID); j.State != Failed || j.Error == nil || j.Error.Field != "passphrase" {
		t.Errorf("failed job %+v", j)
	}
	started := make(chan struct{})
	slow := r.Start(context.Background(), "export", "Slow", "", func(ctx context.Context, _ export.Progress) (any, error) {
		close(started)
		<-ctx.Done()
		return nil, export.ErrCanceled
	})
	<-started
	if r.Running("backup") != nil || r.Running("export") == nil || r.Running() == nil {
		t.Errorf("running by kind is wrong")
	}
	if !r.Cancel(slow.ID) {
		t.Errorf("a running job was not cancelled")
	}
	if j := wait(t, r, slow.ID); j.State != Cancelled || j.Error.Code != backend.ECONFLICT {
		t.Errorf("cancelled job %+v", j)
	}
	if r.Cancel(slow.ID) || r.Cancel("nope-9") {
		t.Errorf("cancel of an ended or unknown job said yes")
	}
	boom := r.Start(context.Background(), "package", "Boom", "", func(context.Context, export.Progress) (any, error) {
		panic("boom")
	})
	if j := wait(t, r, boom.ID); j.State != Failed || j.Error.Code != backend.EINTERNAL {
		t.Errorf("panicking job %+v", j)
	}
	if _, err := r.Wait(context.Background(), "nope-9"); backend.ErrorField(err) != "id" {
		t.Errorf("wait for an unknown job: %v", err)
	}
	list := r.Jobs()
	if len(list) != 3 || list[0].ID != boom.ID || list[2].ID != bad.ID {
		t.Errorf("jobs not newest first: %+v", list)
	}
	rec.mu.Lock()
	if len(rec.ends) != 3 || !rec.ends[1].Cancelled {
		t.Errorf("end events %+v", rec.ends)
	}
	rec.mu.Unlock()
}

func TestFinishedJobsAreForgottenAfterAnHour(t *testing.T) {
	var mu sync.Mutex
	now := time.Date(2026, 3, 2, 15, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	r := NewRunner(clock, nil, nil)
	first := r.Start(context.Background(), "export", "Old", "", func(context.Context, export.Progress) (any, error) { return nil, nil })
	wait(t, r, first.ID)
	mu.Lock()
	now = now.Add(KeepFinished + time.Minute)
	mu.Unlock()
	second := r.Start(context.Background(), "export", "New", "", func(context.Context, export.Progress) (any, error) { return nil, nil })
	wait(t, r, second.ID)
	if list := r.Jobs(); len(list) != 1 || list[0].ID != second.ID {
		t.Errorf("jobs %+v", list)
	}
}

func TestWaitStopsWithItsContext(t *testing.T) {
	r := NewRunner(nil, nil, nil)
	release := make(chan struct{})
	j := r.Start(context.Background(), "export", "Slow", "", func(ctx context.Context, _ export.Progress) (any, error) {
		<-release
		return nil, nil
	})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if got, err := r.Wait(ctx, j.ID); !errors.Is(err, context.DeadlineExceeded) || got.State != Running {
		t.Errorf("wait: %v %+v", err, got)
	}
	close(release)
	wait(t, r, j.ID)
}

// A job started under HoldAt stops where it reports that many items done, shows it in
// the list, and ends cancelled when cancelled; one started after the hold is lifted runs
// through.
func TestHoldAtStopsAJobUntilItIsCancelled(t *testing.T) {
	rec := &recorder{}
	r := rec.runner(nil)
	r.HoldAt(3)
	reported := make(chan int64, 10)
	work := func(ctx context.Context, p export.Progress) (any, error) {
		for i := int64(1); i <= 5; i++ {
			if ctx.Err() != nil {
				return nil, export.ErrCanceled
			}
			p(i, 5)
			reported <- i
		}
		return "written", nil
	}
	held := r.Start(context.Background(), "export", "Held", "", work)
	for want := int64(1); want <= 2; want++ {
		if got := <-reported; got != want {
			t.Fatalf("reported %d, want %d", got, want)
		}
	}
	// The third report does not return until the job is cancelled: Wait with a context
	// that ends shows it still running there.
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	if j, err := r.Wait(ctx, held.ID); err == nil || j.State != Running {
		t.Fatalf("held job ended: %+v %v", j, err)
	}
	if j := r.Running("export"); j == nil || j.Done != 3 {
		t.Fatalf("held job in the list: %+v", j)
	}
	if !r.Cancel(held.ID) {
		t.Fatal("the held job could not be cancelled")
	}
	if j := wait(t, r, held.ID); j.State != Cancelled {
		t.Errorf("held job after cancel: %+v", j)
	}
	r.HoldAt(0)
	free := r.Start(context.Background(), "export", "Free", "", work)
	if j := wait(t, r, free.ID); j.State != Done || j.Done != 5 {
		t.Errorf("job after the hold was lifted: %+v", j)
	}
}
