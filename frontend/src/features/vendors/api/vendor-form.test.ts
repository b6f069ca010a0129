import { describe, expect, it } from 'vitest';
import { emptyVendor, fromForm, toForm, validateVendorForm } from './vendor-form';

const clauses = [{ id: 'i' }, { id: 'ii-A' }, { id: 'iii' }];

describe('validateVendorForm', () => {
  const base = () => toForm({ ...emptyVendor(clauses), name: 'Twilio' }, clauses);
  const cases: [string, (f: ReturnType<typeof base>) => void, string | null][] = [
    ['valid', () => {}, null],
    ['missing name', (f) => (f.name = '  '), 'name'],
    ['not required without reason', (f) => (f.baaStatus = 'not-required'), 'baaReason'],
    ['other without note', (f) => Object.assign(f, { baaStatus: 'not-required', baaReason: 'other' }), 'baaReasonNote'],
    ['no PHI reason with PHI access', (f) => Object.assign(f, { baaStatus: 'not-required', baaReason: 'no-phi', phiAccess: 'limited' }), 'baaReason'],
    ['signed without date', (f) => (f.baaStatus = 'signed'), 'baaSignedOn'],
    ['expiry before effective', (f) => Object.assign(f, { baaEffectiveOn: '2026-02-01', baaExpiresOn: '2026-01-31' }), 'baaExpiresOn'],
    ['review before signing', (f) => Object.assign(f, { baaStatus: 'signed', baaSignedOn: '2026-02-01', nextReviewOn: '2026-01-01' }), 'nextReviewOn'],
    ['terminated without date', (f) => (f.baaStatus = 'terminated'), 'terminatedOn'],
    ['previous BAA without the renewal\'s start', (f) => Object.assign(f, { priorBaaEndsOn: '2026-03-31' }), 'baaEffectiveOn'],
  ];
  for (const [name, change, field] of cases) {
    it(name, () => {
      const f = base();
      change(f);
      const errors = validateVendorForm(f);
      if (field === null) expect(errors).toEqual({});
      else expect(Object.keys(errors)).toContain(field);
    });
  }
});

describe('form round trip', () => {
  it('keeps one checklist row per clause and turns empty dates into null', () => {
    const v = { ...emptyVendor(clauses), id: 4, name: 'Stripe', address: '354 Oyster Point Blvd\nSouth San Francisco, CA', checklist: [{ clause: 'iii', answer: 'yes' as const, note: '9.2' }] };
    const f = toForm(v, clauses);
    expect(f.address).toBe('354 Oyster Point Blvd\nSouth San Francisco, CA');
    expect(f.checklist.map((c) => c.clause)).toEqual(['i', 'ii-A', 'iii']);
    expect(f.checklist[2]).toEqual({ clause: 'iii', answer: 'yes', note: '9.2' });
    f.baaReason = 'payment-processing';
    const back = fromForm(f, v);
    expect(back.id).toBe(4);
    expect(back.address).toBe(v.address);
    expect(back.baaSignedOn).toBeNull();
    expect(back.priorBaaEndsOn).toBeNull();
    f.priorBaaEndsOn = '2026-03-31';
    expect(fromForm(f, v).priorBaaEndsOn).toBe('2026-03-31');
    expect(back.baaReason).toBe(''); // dropped: the status is not "not required"
  });
});
