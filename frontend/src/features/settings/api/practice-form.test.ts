import { describe, expect, it } from 'vitest';
import { testPractice } from '@/test/backend';
import { fromForm, toForm, validatePracticeForm } from './practice-form';

describe('practice form: applicability fields', () => {
  it('keeps unrecorded fields empty both ways (null consumers, "" answers)', () => {
    const form = toForm(testPractice);
    expect(form).toMatchObject({ state: '', hipaaRole: '', revenueBand: '', consumers: '', sellsData: '', offersEU: '', offersUK: '' });
    expect(validatePracticeForm(form)).toEqual({});
    const back = fromForm(form, testPractice);
    expect(back.consumers).toBeNull();
    expect(back.state).toBe('');
  });

  it('names each bad field', () => {
    const form = toForm(testPractice);
    const errors = validatePracticeForm({
      ...form,
      state: 'XX',
      consumers: -4,
      hipaaRole: 'provider' as never,
      revenueBand: '5m' as never,
      sellsData: 'maybe' as never,
      offersEU: 'true' as never,
      offersUK: 'Y' as never,
    });
    expect(Object.keys(errors).sort()).toEqual(['consumers', 'hipaaRole', 'offersEU', 'offersUK', 'revenueBand', 'sellsData', 'state']);
    expect(errors.state).toMatch(/Not a US state/);
  });

  it('upper-cases the state and sends the number of consumers as a number', () => {
    const back = fromForm({ ...toForm(testPractice), state: 'ca', consumers: 120000, offersUK: 'yes' }, testPractice);
    expect(back).toMatchObject({ state: 'CA', consumers: 120000, offersUK: 'yes' });
    expect(validatePracticeForm({ ...toForm(testPractice), state: 'ca' })).toEqual({});
  });
});
