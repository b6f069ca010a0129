// Long work (exports, backups, restores) as the window follows it: the backend starts a
// job and reports it with job:progress, job:done and job:error events. The store lives
// outside React so a job keeps its progress bar when the person leaves the screen and
// comes back; each job is remembered under the key of the control that started it.
import { useEffect, useSyncExternalStore } from 'react';
import type { QueryClient } from '@tanstack/react-query';
import { backendHas, onEvent } from '@/lib/ipc';
import { listJobs, type Job } from './exports';

interface State {
  jobs: Record<string, Job>;
  /** owner key ("export:requests", "backup", "restore") → the job it started last */
  owners: Record<string, string>;
}

let state: State = { jobs: {}, owners: {} };
const listeners = new Set<() => void>();
const doneHandlers = new Set<(job: Job) => void>();
let subscribed = false;
let queryClient: QueryClient | null = null;

/** bindQueryClient lets a finished restore refresh every screen, even one that is not
 * showing the Exports page any more (the client outlives the components). */
export function bindQueryClient(qc: QueryClient) {
  queryClient = qc;
}

function set(next: State) {
  state = next;
  listeners.forEach((l) => l());
}

function update(id: string, patch: Partial<Job>) {
  if (!id) return;
  // A job not known yet (its start answer is still on its way, or the window did not
  // start it: the automatic backup) is followed all the same.
  const cur: Job = state.jobs[id] ?? { id, kind: '', label: '', out: '', done: 0, total: 0, state: 'running', startedAt: '' };
  const next = { ...cur, ...patch };
  set({ ...state, jobs: { ...state.jobs, [id]: next } });
  if (patch.state && patch.state !== 'running') {
    // After a restore every answer cached from the old database is stale.
    if (next.kind === 'restore' && next.state === 'done') void queryClient?.invalidateQueries();
    doneHandlers.forEach((h) => h(next));
  }
}

type Payload = Record<string, unknown>;
const asPayload = (d: unknown): Payload => (d && typeof d === 'object' ? (d as Payload) : {});

function subscribe() {
  if (subscribed) return;
  subscribed = true;
  onEvent('job:progress', (d) => {
    const p = asPayload(d);
    const id = String(p.id ?? '');
    const cur = state.jobs[id];
    // Events can arrive out of order with the answer that started the job: never go back.
    if (cur && cur.state !== 'running') return;
    update(id, { done: Number(p.done ?? 0), total: Number(p.total ?? 0), label: String(p.label ?? cur?.label ?? '') });
  });
  onEvent('job:done', (d) => {
    const p = asPayload(d);
    update(String(p.id ?? ''), { state: 'done', result: p.result, label: String(p.label ?? ''), kind: String(p.kind ?? ''), out: String(p.out ?? '') });
  });
  onEvent('job:error', (d) => {
    const p = asPayload(d);
    update(String(p.id ?? ''), {
      state: p.cancelled ? 'cancelled' : 'error',
      label: String(p.label ?? ''),
      kind: String(p.kind ?? ''),
      out: String(p.out ?? ''),
      error: { code: String(p.code ?? 'internal'), message: String(p.message ?? ''), field: p.field ? String(p.field) : undefined },
    });
  });
  // A window reloaded while a job runs picks it up again.
  if (backendHas('ExportService')) {
    void listJobs()
      .then((jobs) => {
        const merged = { ...state.jobs };
        for (const j of jobs) if (!merged[j.id]) merged[j.id] = j;
        set({ ...state, jobs: merged });
      })
      .catch(() => {});
  }
}

/** trackJob records a job the window just started, under its owner's key. A job that
 * ended before this answer arrived keeps the state its events gave it. */
export function trackJob(owner: string, job: Job) {
  const known = state.jobs[job.id];
  set({ jobs: { ...state.jobs, [job.id]: known ? { ...job, ...known } : job }, owners: { ...state.owners, [owner]: job.id } });
}

/** forgetJob clears an owner's last job (the person dismissed its result). */
export function forgetJob(owner: string) {
  const { [owner]: _, ...owners } = state.owners;
  set({ ...state, owners });
}

function snapshot() {
  return state;
}

function listen(cb: () => void) {
  listeners.add(cb);
  return () => listeners.delete(cb);
}

/** useJob follows the last job started by owner; undefined when there is none. */
export function useJob(owner: string): Job | undefined {
  subscribe();
  const s = useSyncExternalStore(listen, snapshot, snapshot);
  const id = s.owners[owner];
  return id ? s.jobs[id] : undefined;
}

/** useJobEnded calls handler when any job ends (done, failed or cancelled). */
export function useJobEnded(handler: (job: Job) => void) {
  subscribe();
  useEffect(() => {
    doneHandlers.add(handler);
    return () => {
      doneHandlers.delete(handler);
    };
  }, [handler]);
}

/** percent is the job's progress from 0 to 100, or null when its total is unknown. */
export function percent(job: Job): number | null {
  if (job.state === 'done') return 100;
  if (!job.total) return null;
  return Math.min(100, Math.round((job.done / job.total) * 100));
}

/** resetJobs empties the store (tests). */
export function resetJobs() {
  state = { jobs: {}, owners: {} };
  subscribed = false;
}
