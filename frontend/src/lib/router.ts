// A hash router: the location is `#/<page>[/<id>][?filters]`, so the dashboard can open
// the Requests list with filters (#/requests?due=overdue) and the app needs no server
// routes inside Wails.
import { useSyncExternalStore } from 'react';

export interface Route {
  /** path segments, e.g. ['requests', 'PR-2025-0001'] */
  segments: string[];
  params: URLSearchParams;
  /** the raw hash without '#', for keys */
  href: string;
}

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, '') || '/';
  const q = raw.indexOf('?');
  const path = q >= 0 ? raw.slice(0, q) : raw;
  const query = q >= 0 ? raw.slice(q + 1) : '';
  const segments = path
    .split('/')
    .filter(Boolean)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
  return { segments, params: new URLSearchParams(query), href: raw };
}

/** hrefFor builds '#/a/b?x=1' from a path and optional params (empty values dropped). */
export function hrefFor(path: string, params?: Record<string, string | undefined> | URLSearchParams): string {
  const clean = '/' + path.replace(/^[#/]+/, '');
  let qs = '';
  if (params) {
    const sp = new URLSearchParams();
    const entries = params instanceof URLSearchParams ? [...params.entries()] : Object.entries(params);
    for (const [k, v] of entries) if (v !== undefined && v !== '') sp.append(k, v);
    qs = sp.toString();
  }
  return '#' + clean + (qs ? '?' + qs : '');
}

export function navigate(path: string, params?: Record<string, string | undefined> | URLSearchParams, replace = false) {
  const href = hrefFor(path, params);
  if (replace) {
    history.replaceState(null, '', href);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else if (window.location.hash !== href) {
    window.location.hash = href;
  }
}

function subscribe(cb: () => void) {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
}

let cachedHash: string | null = null;
let cachedRoute: Route = parseHash('');

function snapshot(): Route {
  const h = window.location.hash;
  if (h !== cachedHash) {
    cachedHash = h;
    cachedRoute = parseHash(h);
  }
  return cachedRoute;
}

export function useRoute(): Route {
  return useSyncExternalStore(subscribe, snapshot, snapshot);
}
