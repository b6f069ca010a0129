import { afterEach, describe, expect, it } from 'vitest';
import { formatInstant, setDisplayTimeZone, timeIn } from './dates';

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

describe('the test process', () => {
  // vite.config.ts sets TZ far from the practice's zone (America/Chicago in the tests), so
  // a "today" taken from the computer's clock fails here at any hour.
  it('runs in a time zone at least 11 hours from UTC', () => {
    const offset = new Date('2026-03-02T12:00:00Z').getTimezoneOffset();
    expect(Math.abs(offset)).toBeGreaterThanOrEqual(11 * 60);
  });
});

describe('timeIn', () => {
  it("gives the wall-clock time in the practice's zone, never the computer's", () => {
    const at = new Date('2026-03-03T03:30:00Z');
    expect(timeIn('America/Chicago', at)).toBe('21:30');
    expect(timeIn('Not/AZone', at)).toBe('03:30');
  });
});
