import { afterEach, describe, expect, it } from 'vitest';
import { formatInstant, setDisplayTimeZone } from './dates';

describe('formatInstant', () => {
  afterEach(() => setDisplayTimeZone(undefined));

  it("shows an instant in the practice's time zone, whatever the computer's", () => {
    setDisplayTimeZone('America/Chicago');
    expect(formatInstant('2026-03-02T15:00:00Z')).toMatch(/Mar 2, 2026.*09:00/);
    // 15:00 UTC is already midnight the next day in Tokyo.
    setDisplayTimeZone('Asia/Tokyo');
    expect(formatInstant('2026-03-02T15:00:00Z')).toMatch(/Mar 3, 2026.*12:00/);
  });

  it("falls back to the computer's zone for an empty or unknown zone", () => {
    const local = formatInstant('2026-03-02T15:00:00Z');
    setDisplayTimeZone('Not/AZone');
    expect(formatInstant('2026-03-02T15:00:00Z')).toBe(local);
    setDisplayTimeZone('');
    expect(formatInstant('2026-03-02T15:00:00Z')).toBe(local);
  });

  it('shows a dash for no time and Go zero times', () => {
    expect(formatInstant(null)).toBe('—');
    expect(formatInstant('0001-01-01T00:00:00Z')).toBe('—');
  });
});
