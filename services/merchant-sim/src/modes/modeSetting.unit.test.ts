import { parseModeSetting, TIMEOUT_MS_DEFAULT } from './modeSetting';

describe('parseModeSetting', () => {
  it('fills defaults, and takes a bare mode name', () => {
    expect(parseModeSetting({ mode: 'flaky', flaky_pct: 30 })).toEqual({ ok: true, setting: { mode: 'flaky', flaky_pct: 30, timeout_ms: TIMEOUT_MS_DEFAULT } });
    expect(parseModeSetting('offline')).toMatchObject({ ok: true, setting: { mode: 'offline' } });
  });

  it('names the field at fault', () => {
    expect(parseModeSetting({ mode: 'asleep' })).toMatchObject({ ok: false, problem: { code: 'parameter_invalid', param: 'mode' } });
    expect(parseModeSetting({ mode: 'flaky', flaky_pct: 1.5 })).toMatchObject({ ok: false, problem: { param: 'flaky_pct' } });
    expect(parseModeSetting({ mode: 'timeout', timeout_ms: 10_000_000 })).toMatchObject({ ok: false, problem: { param: 'timeout_ms' } });
    expect(parseModeSetting({ mode: 'normal', extra: 1 })).toMatchObject({ ok: false, problem: { code: 'parameter_unknown', param: 'extra' } });
    expect(parseModeSetting({})).toMatchObject({ ok: false, problem: { code: 'parameter_missing', param: 'mode' } });
  });
});
