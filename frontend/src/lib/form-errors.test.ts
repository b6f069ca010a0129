import { afterEach, describe, expect, it, vi } from 'vitest';
import { notifications } from '@mantine/notifications';
import { AppError } from './ipc';
import { focusFirstError, showOnField } from './form-errors';

vi.mock('@mantine/notifications', () => ({ notifications: { show: vi.fn() } }));

function fakeForm(node: HTMLElement | null) {
  return { setFieldError: vi.fn(), getInputNode: vi.fn(() => node) };
}

function input() {
  const el = document.createElement('input');
  el.scrollIntoView = vi.fn();
  document.body.appendChild(el);
  return el;
}

describe('showOnField', () => {
  afterEach(() => {
    document.body.innerHTML = '';
    vi.mocked(notifications.show).mockClear();
  });

  it('puts the error on the field, scrolls it into view and focuses it', () => {
    const el = input();
    const form = fakeForm(el);
    const err = new AppError('invalid', 'The expiration date is before the effective date.', 'baaExpiresOn');
    expect(showOnField(form, err, ['baaExpiresOn'])).toBe(true);
    expect(form.setFieldError).toHaveBeenCalledWith('baaExpiresOn', 'The expiration date is before the effective date.');
    expect(el.scrollIntoView).toHaveBeenCalledWith(expect.objectContaining({ block: 'center' }));
    expect(document.activeElement).toBe(el);
    expect(notifications.show).not.toHaveBeenCalled();
  });

  it('tells the user in a notification when the field has no input to focus', () => {
    const form = fakeForm(null);
    const err = new AppError('invalid', 'Answer yes, no or n/a.', 'checklist.c1');
    expect(showOnField(form, err, ['checklist'])).toBe(true);
    expect(notifications.show).toHaveBeenCalledWith(expect.objectContaining({ title: 'Fix the highlighted field', message: 'Answer yes, no or n/a.' }));
  });

  it('marks every field of the problems list and focuses the first', () => {
    const first = input();
    const form = fakeForm(first);
    const err = new AppError('invalid', 'This field is required.', 'requester.name', [
      { field: 'requester.name', message: 'This field is required.' },
      { field: 'requester.email', message: '"x@" is not a valid email address.' },
      { field: 'receivedDate', message: '2026-03-10 is in the future.' },
    ]);
    expect(showOnField(form, err, ['requester', 'received'], { receivedDate: 'received' })).toBe(true);
    expect(form.setFieldError.mock.calls).toEqual([
      ['requester.name', 'This field is required.'],
      ['requester.email', '"x@" is not a valid email address.'],
      ['received', '2026-03-10 is in the future.'],
    ]);
    expect(form.getInputNode).toHaveBeenCalledWith('requester.name');
    expect(document.activeElement).toBe(first);
    expect(notifications.show).not.toHaveBeenCalled();
  });

  it('tells in a notification the problems of fields the form does not have', () => {
    const form = fakeForm(input());
    const err = new AppError('invalid', 'Bad name.', 'name', [
      { field: 'name', message: 'Bad name.' },
      { field: 'checklist', message: 'Unknown BAA clause "iv".' },
    ]);
    expect(showOnField(form, err, ['name'])).toBe(true);
    expect(form.setFieldError).toHaveBeenCalledTimes(1);
    expect(notifications.show).toHaveBeenCalledWith(expect.objectContaining({ message: 'Unknown BAA clause "iv".' }));
  });

  it('leaves errors for unknown fields and other codes to the caller', () => {
    const form = fakeForm(input());
    expect(showOnField(form, new AppError('invalid', 'x', 'other'), ['name'])).toBe(false);
    expect(showOnField(form, new AppError('conflict', 'x', 'name'), ['name'])).toBe(false);
    expect(form.setFieldError).not.toHaveBeenCalled();
  });
});

describe('focusFirstError', () => {
  it('shows the first field that failed validation', () => {
    const el = input();
    const form = fakeForm(el);
    focusFirstError(form, { baaExpiresOn: 'Before the effective date.', nextReviewOn: 'Too early.' });
    expect(form.getInputNode).toHaveBeenCalledWith('baaExpiresOn');
    expect(el.scrollIntoView).toHaveBeenCalled();
    expect(document.activeElement).toBe(el);
  });
});
