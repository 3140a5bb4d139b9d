import { DEFAULT_STAGES, STEP_MS_MIN, loadSchedule, parseStages } from '../loadStages';

/** Connections open at `t_ms` according to the windows. */
const openAt = (windows: ReadonlyArray<{ start_ms: number; end_ms: number }>, t_ms: number): number => windows.filter((w) => w.start_ms <= t_ms && t_ms < w.end_ms).length;

describe('load stages: k6-style ramps laid out as one window per connection', () => {
  it('reads the default stages: warm-up, ramp, steady, ramp-down, adding up to the whole run', () => {
    expect(parseStages(DEFAULT_STAGES)).toEqual([
      { name: 'warm-up', duration_pct: 15, connections_pct: 25 },
      { name: 'ramp', duration_pct: 25, connections_pct: 100 },
      { name: 'steady', duration_pct: 50, connections_pct: 100 },
      { name: 'ramp-down', duration_pct: 10, connections_pct: 25 },
    ]);
  });

  it.each([
    ['steady:50:100', /add up to 100/],
    ['steady:100:150', /name:duration_percent:connections_percent/],
    ['Steady:100:100', /lower-case name/],
    ['steady:100', /name:duration_percent:connections_percent/],
    ['', /1 to 20 stages/],
  ])('refuses %j, saying what the fix is', (text, message) => {
    expect(() => parseStages(text)).toThrow(message);
  });

  it('opens exactly as many connections as the profile asks at every step, each connection in one window', () => {
    const { stages, steps, windows } = loadSchedule(parseStages(DEFAULT_STAGES), 10_000, 32);
    expect(stages.map((s) => [s.name, s.start_ms, s.end_ms, s.connections_from, s.connections_to])).toEqual([
      ['warm-up', 0, 1500, 1, 8],
      ['ramp', 1500, 4000, 8, 32],
      ['steady', 4000, 9000, 32, 32],
      ['ramp-down', 9000, 10_000, 32, 8],
    ]);
    for (const step of steps) {
      expect(step.end_ms - step.start_ms).toBeGreaterThanOrEqual(STEP_MS_MIN - 1);
      expect(openAt(windows, (step.start_ms + step.end_ms) / 2)).toBe(step.connections);
    }
    // The ramp reaches its target by the end of its stage; the highest connections close first.
    expect(openAt(windows, 3_999)).toBe(32);
    expect(openAt(windows, 9_999)).toBe(8);
    expect(new Set(windows.map((w) => w.connection)).size).toBe(windows.length);
    expect(windows.find((w) => w.connection === 0)).toEqual({ connection: 0, start_ms: 0, end_ms: 10_000 });
  });

  it('a profile that falls and climbs again gives a connection two windows', () => {
    const { windows } = loadSchedule(parseStages('a:25:100,b:25:10,c:50:100'), 4_000, 10);
    expect(windows.filter((w) => w.connection === 9).length).toBe(2);
    expect(openAt(windows, 1_999)).toBe(1);
    expect(openAt(windows, 3_999)).toBe(10);
  });
});
