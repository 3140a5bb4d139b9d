import fc from 'fast-check';
import { RETRY_SCHEDULE_DEFAULT, parseRetryAfter, parseRetrySchedule, withJitter } from './retrySchedule';

describe('retry schedule', () => {
  it('reads the published default: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h', () => {
    expect(parseRetrySchedule(RETRY_SCHEDULE_DEFAULT)).toEqual([0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]);
  });

  it('reads scaled-down schedules for tests: bare numbers are milliseconds', () => {
    expect(parseRetrySchedule('0,50ms,100, 200ms')).toEqual([0, 50, 100, 200]);
    expect(parseRetrySchedule('1d')).toEqual([86_400_000]);
  });

  it.each([
    ['', /comma-separated/],
    ['0,,5s', /comma-separated/],
    ['5 minutes', /not a delay/],
    ['-5s', /not a delay/],
    ['1.5s', /not a delay/],
    ['8d', /longer than/],
    [Array.from({ length: 33 }, () => '1s').join(','), /comma-separated/],
  ])('refuses %j and says why', (text, message) => {
    expect(() => parseRetrySchedule(text)).toThrow(message);
  });

  it('jitter stays within ±pct of the delay, and never moves an immediate attempt', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 36_000_000 }), fc.integer({ min: 0, max: 50 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (delay, pct, r) => {
      const jittered = withJitter(delay, pct, () => r);
      return Math.abs(jittered - delay) <= Math.ceil((delay * pct) / 100) && (delay !== 0 || jittered === 0);
    }));
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});
