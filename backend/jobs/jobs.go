// Package jobs runs long work (exports, backups, restores, response packages) on its
// own goroutine and keeps a list of it: each job has an id, reports its progress, can be
// cancelled, and ends done, in error or cancelled. The window shows the list and is told
// of each step through the Runner's listeners; the command line waits for a job or calls
// the work directly. A panic in a job becomes an internal error: the app keeps running.
package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"privacydesk/backend"
	"privacydesk/backend/export"
)

// States of a job.
const (
	Running   = "running"
	Done      = "done"
	Failed    = "error"
	Cancelled = "cancelled"
)

// Job is a piece of long work as the window sees it.
type Job struct {
	ID    string `json:"id"`
	Kind  string `json:"kind"` // export, backup, restore, package, autobackup
	Label string `json:"label"`
	Out   string `json:"out"` // the file written (or read, for a restore)
	Done  int64  `json:"done"`
	Total int64  `json:"total"` // 0 when unknown
	// State is running, done, error or cancelled.
	State     string    `json:"state"`
	Result    any       `json:"result,omitempty"`
	Error     *Failure  `json:"error,omitempty"`
	StartedAt time.Time `json:"startedAt"`
}

// Failure is why a job did not finish, in the shape of the UI's error contract.
type Failure struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
}

// ProgressEvent tells how far a job has come (the window's job:progress event).
type ProgressEvent struct {
	ID    string `json:"id"`
	Done  int64  `json:"done"`
	Total int64  `json:"total"`
	Label string `json:"label"`
}

// EndEvent tells how a job ended (the window's job:done and job:error events): Code is
// "" when it succeeded.
type EndEvent struct {
	ID        string `json:"id"`
	Label     string `json:"label"`
	Kind      string `json:"kind"`
	Out       string `json:"out"`
	Result    any    `json:"result,omitempty"`
	Code      string `json:"code,omitempty"`
	Message   string `json:"message,omitempty"`
	Field     string `json:"field,omitempty"`
	Cancelled bool   `json:"cancelled,omitempty"`
}

// Failed tells whether the job ended in error or was cancelled.
func (e EndEvent) Failed() bool { return e.Code != "" || e.Cancelled }

// Work is what a job does. It reports its progress and stops when ctx ends.
type Work func(ctx context.Context, progress export.Progress) (any, error)

// ProgressEvery keeps the listeners from being flooded: one progress event per
// interval, plus the last one.
const ProgressEvery = 100 * time.Millisecond

// KeepFinished is how long a finished job stays in the list (the window may be reloaded
// while a job runs and asks for it afterwards).
const KeepFinished = time.Hour

// Runner starts jobs and keeps the list. The zero value is not ready: use NewRunner.
type Runner struct {
	now        func() time.Time
	onProgress func(ProgressEvent)
	onEnd      func(EndEvent)

	mu     sync.Mutex
	jobs   map[string]*job
	seq    int
	holdAt int64 // HoldAt's count of items; 0: no hold
}

// HoldAt makes the jobs started from now on stop once they report n items done (and
// more to do) until they are cancelled; 0 lifts it. It is for the end-to-end tests
// (the dev build's seam), which must cancel a job while it runs however fast the
// machine is, and is never set in the window office managers run.
func (r *Runner) HoldAt(n int64) {
	r.mu.Lock()
	r.holdAt = n
	r.mu.Unlock()
}

type job struct {
	Job
	cancel   context.CancelFunc
	finished chan struct{}
	lastEmit time.Time
}

// NewRunner returns a runner whose jobs are stamped by now (time.Now when nil).
// onProgress and onEnd, when not nil, are called from the job's goroutine, outside the
// runner's lock.
func NewRunner(now func() time.Time, onProgress func(ProgressEvent), onEnd func(EndEvent)) *Runner {
	if now == nil {
		now = time.Now
	}
	if onProgress == nil {
		onProgress = func(ProgressEvent) {}
	}
	if onEnd == nil {
		onEnd = func(EndEvent) {}
	}
	return &Runner{now: now, onProgress: onProgress, onEnd: onEnd, jobs: map[string]*job{}}
}

// Start runs work as a job and returns it at once. ctx bounds the job (its values are
// kept); Cancel ends it early.
func (r *Runner) Start(ctx context.Context, kind, label, out string, work Work) Job {
	ctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	r.mu.Lock()
	r.seq++
	j := &job{Job: Job{ID: kind + "-" + strconv.Itoa(r.seq), Kind: kind, Label: label, Out: out, State: Running,
		StartedAt: r.now().UTC()}, cancel: cancel, finished: make(chan struct{})}
	r.jobs[j.ID] = j
	r.forgetOldJobs()
	snapshot := j.Job
	holdAt := r.holdAt
	r.mu.Unlock()

	progress := func(done, total int64) {
		r.mu.Lock()
		j.Done, j.Total = done, total
		now := time.Now()
		send := now.Sub(j.lastEmit) >= ProgressEvery || (total > 0 && done >= total)
		if send {
			j.lastEmit = now
		}
		r.mu.Unlock()
		if send {
			r.onProgress(ProgressEvent{ID: j.ID, Done: done, Total: total, Label: label})
		}
		if holdAt > 0 && done >= holdAt && done < total {
			if !send { // the window shows where the job stopped
				r.onProgress(ProgressEvent{ID: j.ID, Done: done, Total: total, Label: label})
			}
			<-ctx.Done()
		}
	}
	go func() {
		defer close(j.finished)
		defer cancel()
		res, err := runSafely(ctx, work, progress)
		end := EndEvent{ID: j.ID, Label: label, Kind: kind, Out: out}
		r.mu.Lock()
		switch {
		case err == nil:
			j.State, j.Result, end.Result = Done, res, res
			if j.Total > 0 {
				j.Done = j.Total
			}
		case errors.Is(err, export.ErrCanceled) || ctx.Err() != nil:
			j.State, end.Cancelled = Cancelled, true
			end.Code, end.Message = backend.ECONFLICT, "Cancelled. Nothing was written."
			j.Error = &Failure{Code: end.Code, Message: end.Message}
		default:
			f := FailureOf(err)
			j.State, j.Error = Failed, &f
			end.Code, end.Message, end.Field = f.Code, f.Message, f.Field
		}
		r.mu.Unlock()
		if err != nil && !end.Cancelled {
			// The code and the field, not the message: a message can quote a requester's
			// name or email, and the log file is not encrypted.
			slog.Warn("job failed", "job", j.ID, "label", label, "code", backend.ErrorCode(err), "field", backend.ErrorField(err))
		}
		r.onEnd(end)
	}()
	return snapshot
}

// FailureOf is err as the window shows it: internal errors are logged in full and
// shown as a plain sentence.
func FailureOf(err error) Failure {
	code := backend.ErrorCode(err)
	if code == backend.EINTERNAL {
		slog.Error("internal error", "err", err)
	}
	return Failure{Code: code, Message: backend.ErrorMessage(err), Field: backend.ErrorField(err)}
}

// runSafely turns a panic in a job into an internal error.
func runSafely(ctx context.Context, work Work, progress export.Progress) (res any, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("job panicked: %v", p)
		}
	}()
	return work(ctx, progress)
}

// forgetOldJobs drops the jobs finished more than KeepFinished ago. Called with r.mu held.
func (r *Runner) forgetOldJobs() {
	for id, j := range r.jobs {
		if j.State != Running && r.now().Sub(j.StartedAt) > KeepFinished {
			delete(r.jobs, id)
		}
	}
}

// Jobs lists the running jobs and those finished in the last hour, newest first.
func (r *Runner) Jobs() []Job {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]Job, 0, len(r.jobs))
	for _, j := range r.jobs {
		out = append(out, j.Job)
	}
	sort.Slice(out, func(a, b int) bool { return seqOf(out[a].ID) > seqOf(out[b].ID) })
	return out
}

func seqOf(id string) int {
	n, _ := strconv.Atoi(id[strings.LastIndexByte(id, '-')+1:])
	return n
}

// Cancel stops a running job; false when there is no such job or it had already ended.
func (r *Runner) Cancel(id string) bool {
	r.mu.Lock()
	j, ok := r.jobs[id]
	running := ok && j.State == Running
	r.mu.Unlock()
	if !running {
		return false
	}
	j.cancel()
	return true
}

// Wait blocks until the job ends or ctx does, and returns the job as it is then. An
// unknown id gives an error on the field "id".
func (r *Runner) Wait(ctx context.Context, id string) (Job, error) {
	r.mu.Lock()
	j := r.jobs[id]
	r.mu.Unlock()
	if j == nil {
		return Job{}, backend.Invalid("id", "There is no job %q.", id)
	}
	select {
	case <-j.finished:
	case <-ctx.Done():
		return r.snapshot(j), ctx.Err()
	}
	return r.snapshot(j), nil
}

func (r *Runner) snapshot(j *job) Job {
	r.mu.Lock()
	defer r.mu.Unlock()
	return j.Job
}

// Running returns a running job of one of kinds (of any kind when none is given), or
// nil when there is none.
func (r *Runner) Running(kinds ...string) *Job {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, j := range r.jobs {
		if j.State == Running && (len(kinds) == 0 || slices.Contains(kinds, j.Kind)) {
			jj := j.Job
			return &jj
		}
	}
	return nil
}
