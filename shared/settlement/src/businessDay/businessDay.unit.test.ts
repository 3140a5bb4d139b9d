import { addDays, businessDayOf, checkBusinessDate, dayBounds, isBusinessDate, isTimeZone, previousBusinessDay } from './businessDay';

describe('business days', () => {
  it('accepts real calendar days only', () => {
    expect(isBusinessDate('2026-02-28')).toBe(true);
    expect(isBusinessDate('2028-02-29')).toBe(true);
    expect(isBusinessDate('2026-02-29')).toBe(false);
    expect(isBusinessDate('2026-13-01')).toBe(false);
    expect(isBusinessDate('2026-2-1')).toBe(false);
    expect(() => checkBusinessDate('yesterday')).toThrow(expect.objectContaining({ code: 'parameter_invalid', param: 'date' }));
  });

  it('is a UTC calendar day by default', () => {
    const bounds = dayBounds('2026-02-09', 'UTC');
    expect(new Date(bounds.start_ms).toISOString()).toBe('2026-02-09T00:00:00.000Z');
    expect(new Date(bounds.end_ms).toISOString()).toBe('2026-02-10T00:00:00.000Z');
    expect(businessDayOf(Date.parse('2026-02-09T23:59:59.999Z'), 'UTC')).toBe('2026-02-09');
    expect(businessDayOf(Date.parse('2026-02-10T00:00:00.000Z'), 'UTC')).toBe('2026-02-10');
  });

  it('follows the time zone, including the 23-hour and 25-hour days of daylight saving', () => {
    const winter = dayBounds('2026-02-09', 'America/New_York');
    expect(new Date(winter.start_ms).toISOString()).toBe('2026-02-09T05:00:00.000Z');
    const springForward = dayBounds('2026-03-08', 'America/New_York');
    expect((springForward.end_ms - springForward.start_ms) / 3_600_000).toBe(23);
    const fallBack = dayBounds('2026-11-01', 'America/New_York');
    expect((fallBack.end_ms - fallBack.start_ms) / 3_600_000).toBe(25);
    const tokyo = dayBounds('2026-02-09', 'Asia/Tokyo');
    expect(new Date(tokyo.start_ms).toISOString()).toBe('2026-02-08T15:00:00.000Z');
    // 02:30 UTC on the 10th is still the evening of the 9th in New York.
    expect(businessDayOf(Date.parse('2026-02-10T02:30:00Z'), 'America/New_York')).toBe('2026-02-09');
  });

  it('names the day a nightly run settles and steps through months and years', () => {
    expect(previousBusinessDay(new Date('2026-03-01T02:00:00Z'), 'UTC')).toBe('2026-02-28');
    expect(previousBusinessDay(new Date('2026-03-01T02:00:00Z'), 'America/Los_Angeles')).toBe('2026-02-27');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('knows IANA zones', () => {
    expect(isTimeZone('Europe/Paris')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
  });
});
