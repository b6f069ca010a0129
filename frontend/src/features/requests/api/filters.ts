// The list's filters live in the URL (#/requests?status=received,verified&due=overdue), so
// the dashboard's cards can open a filtered list, and are remembered between visits.
import type { RequestFilter } from './schemas';

export interface ListFilters {
  q: string;
  status: string[];
  open: '' | 'true' | 'false';
  regime: string[];
  right: string[];
  assignee: string;
  from: string;
  to: string;
  due: string;
  sort: string;
  desc: boolean;
}

export const emptyFilters: ListFilters = {
  q: '', status: [], open: '', regime: [], right: [], assignee: '', from: '', to: '', due: '', sort: '', desc: true,
};

const listParam = (v: string | null) => (v ? v.split(',').filter(Boolean) : []);

export function filtersFromParams(p: URLSearchParams): ListFilters {
  const open = p.get('open');
  return {
    q: p.get('q') ?? '',
    status: listParam(p.get('status')),
    open: open === 'true' || open === 'false' ? open : '',
    regime: listParam(p.get('regime')),
    right: listParam(p.get('right')),
    assignee: p.get('assignee') ?? '',
    from: p.get('from') ?? '',
    to: p.get('to') ?? '',
    due: p.get('due') ?? '',
    sort: p.get('sort') ?? '',
    // Newest or most urgent first unless asked otherwise; due dates read best soonest first.
    desc: p.has('desc') ? p.get('desc') === '1' : (p.get('sort') ?? '') !== 'due',
  };
}

export function filtersToParams(f: ListFilters): Record<string, string | undefined> {
  return {
    q: f.q || undefined,
    status: f.status.join(',') || undefined,
    open: f.open || undefined,
    regime: f.regime.join(',') || undefined,
    right: f.right.join(',') || undefined,
    assignee: f.assignee || undefined,
    from: f.from || undefined,
    to: f.to || undefined,
    due: f.due || undefined,
    sort: f.sort || undefined,
    desc: f.sort ? (f.desc ? '1' : '0') : undefined,
  };
}

export function toRequestFilter(f: ListFilters): RequestFilter {
  return {
    search: f.q.trim(),
    status: f.status,
    open: f.open === '' ? null : f.open === 'true',
    regime: f.regime,
    right: f.right,
    assignee: f.assignee,
    from: f.from,
    to: f.to,
    due: f.due,
    sort: f.sort,
    desc: f.desc,
  };
}

export function activeFilterCount(f: ListFilters): number {
  return [f.q, f.status.length, f.open, f.regime.length, f.right.length, f.assignee, f.from || f.to, f.due].filter(Boolean).length;
}

/** fromRemembered turns the filter the backend kept (RequestService.LastFilter) back
 * into the list's URL filters. */
export function fromRemembered(f: {
  search?: string; status?: string[] | null; open?: boolean | null; regime?: string[] | null; right?: string[] | null;
  assignee?: string; from?: string; to?: string; due?: string; sort?: string; desc?: boolean;
}): ListFilters {
  return {
    q: f.search ?? '',
    status: f.status ?? [],
    open: f.open === true ? 'true' : f.open === false ? 'false' : '',
    regime: f.regime ?? [],
    right: f.right ?? [],
    assignee: f.assignee ?? '',
    from: f.from ?? '',
    to: f.to ?? '',
    due: f.due ?? '',
    sort: f.sort ?? '',
    desc: f.desc ?? true,
  };
}

// The search typed in this window's list is kept in memory only, never in the data
// folder (RequestService.RememberFilter leaves it out: it is often a patient's name), so
// the list brings it back while the window runs; signing out forgets it.
let sessionSearch = '';

/** rememberSessionSearch keeps the list's search text for this window's session. */
export function rememberSessionSearch(q: string): void {
  sessionSearch = q;
}

/** withSessionSearch is the remembered filters with this session's search text. */
export function withSessionSearch(f: ListFilters): ListFilters {
  return { ...f, q: sessionSearch };
}

/** forgetSessionSearch drops the search text (signing out). */
export function forgetSessionSearch(): void {
  sessionSearch = '';
}
