import { describe, expect, it } from 'vitest';
import { checkDisclosure } from './disclosures';

const ok = { disclosedOn: '2025-06-03', recipient: 'County Health', recipientAddress: '', description: 'Immunisation record', purpose: 'Required by law' };

describe('checkDisclosure', () => {
  it('accepts a complete disclosure before the request', () => {
    expect(checkDisclosure(ok, '2026-02-20')).toEqual({});
  });
  it.each([
    ['no date', { disclosedOn: '' }, 'disclosedOn'],
    ['after the request', { disclosedOn: '2026-02-21' }, 'disclosedOn'],
    ['no recipient', { recipient: ' ' }, 'recipient'],
    ['no description', { description: '' }, 'description'],
    ['no purpose', { purpose: '' }, 'purpose'],
  ])('refuses %s on its field', (_name, change, field) => {
    expect(Object.keys(checkDisclosure({ ...ok, ...change }, '2026-02-20'))).toEqual([field]);
  });
});
