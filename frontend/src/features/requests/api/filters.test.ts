import { describe, expect, it } from 'vitest';
import { filtersFromParams, filtersToParams, forgetSessionSearch, fromRemembered, rememberSessionSearch, toRequestFilter, withSessionSearch } from './filters';
import { hrefFor, parseHash } from '@/lib/router';

describe('request list filters', () => {
  it('read a dashboard card link into a backend filter', () => {
    const route = parseHash(hrefFor('requests', { due: 'overdue' }));
    expect(route.segments).toEqual(['requests']);
    const f = toRequestFilter(filtersFromParams(route.params));
    expect(f).toMatchObject({ due: 'overdue', search: '', status: [], open: null, sort: '', desc: true });
  });

  it('survive a round trip through the URL', () => {
    const params = new URLSearchParams('q=Núñez&status=received,verified&regime=ccpa&right=deletion&open=true&from=2026-01-01&to=2026-02-01&sort=due&desc=0');
    const f = filtersFromParams(params);
    expect(f.status).toEqual(['received', 'verified']);
    expect(f.desc).toBe(false);
    const again = filtersFromParams(parseHash(hrefFor('requests', filtersToParams(f))).params);
    expect(again).toEqual(f);
    expect(toRequestFilter(f)).toMatchObject({ search: 'Núñez', open: true, regime: ['ccpa'], right: ['deletion'], from: '2026-01-01' });
  });

  it('sort due dates soonest first unless asked otherwise', () => {
    expect(filtersFromParams(new URLSearchParams('sort=due')).desc).toBe(false);
    expect(filtersFromParams(new URLSearchParams('sort=received')).desc).toBe(true);
  });

  it('come back from the filter the backend remembered', () => {
    const f = fromRemembered({ search: 'x', status: null, open: false, regime: ['gdpr'], right: null, due: 'week', sort: 'name', desc: false });
    expect(filtersToParams(f)).toMatchObject({ q: 'x', open: 'false', regime: 'gdpr', due: 'week', sort: 'name', desc: '0' });
    expect(filtersToParams(f).status).toBeUndefined();
  });
});

describe('the search typed in this window', () => {
  it('comes back with the remembered filters until signing out forgets it', () => {
    const remembered = fromRemembered({ status: ['received'], sort: 'due', desc: false });
    expect(withSessionSearch(remembered).q).toBe('');
    rememberSessionSearch('Núñez');
    expect(withSessionSearch(remembered)).toEqual({ ...remembered, q: 'Núñez' });
    forgetSessionSearch();
    expect(withSessionSearch(remembered).q).toBe('');
  });
});
