import fc from 'fast-check';
import { FaultInjector } from './faultInjector';
import { NO_FAULTS, parseFaultSettings, type FaultSettings } from './faultSettings';
import { pickWeighted, seededRandom } from '@payrail/core';

const settings = (seed: number, providerA: Partial<typeof NO_FAULTS> = {}): FaultSettings => ({
  seed,
  providerA: { ...NO_FAULTS, ...providerA },
  providerB: { ...NO_FAULTS },
});

const run = (injector: FaultInjector, count: number): string[] =>
  Array.from({ length: count }, () => {
    const faults = injector.authorization('providerA');
    return faults.decline ?? (faults.timeout ? 'timeout' : 'ok');
  });

describe('seededRandom', () => {
  it('replays the same numbers for the same seed and label, and others for another', () => {
    const take = (seed: number, label: string): number[] => Array.from({ length: 5 }, seededRandom(seed, label));
    expect(take(1, 'a')).toEqual(take(1, 'a'));
    expect(take(1, 'a')).not.toEqual(take(2, 'a'));
    expect(take(1, 'a')).not.toEqual(take(1, 'b'));
  });

  it('draws numbers in [0, 1)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (seed) => {
        const random = seededRandom(seed, 'range');
        for (let i = 0; i < 20; i++) {
          const value = random();
          if (value < 0 || value >= 1) return false;
        }
        return true;
      }),
    );
  });

  it('picks by weight, never a zero weight', () => {
    const mix = { a: 1, b: 0, c: 3 };
    expect(pickWeighted(mix, 0)).toBe('a');
    expect(pickWeighted(mix, 0.24)).toBe('a');
    expect(pickWeighted(mix, 0.25)).toBe('c');
    expect(pickWeighted(mix, 0.999999)).toBe('c');
  });
});

describe('FaultInjector', () => {
  it('replays the same decisions for the same seed, and restarts its streams when the seed is set', () => {
    const faults = { decline_percent: 30, timeout_percent: 20 };
    const injector = new FaultInjector(settings(9, faults));

    const first = run(injector, 50);
    injector.update({ seed: 9 });
    const replay = run(injector, 50);

    expect(replay).toEqual(first);
    expect(run(new FaultInjector(settings(9, faults)), 50)).toEqual(first);
    expect(run(new FaultInjector(settings(10, faults)), 50)).not.toEqual(first);
  });

  it('keeps the streams of different decisions apart: latency draws do not shift authorizations', () => {
    const a = new FaultInjector(settings(3, { decline_percent: 50, latency_jitter_ms: 100 }));
    const b = new FaultInjector(settings(3, { decline_percent: 50, latency_jitter_ms: 100 }));

    for (let i = 0; i < 7; i++) a.latency_ms('providerA');
    b.webhookDeliveries('providerA');

    expect(run(a, 20)).toEqual(run(b, 20));
  });

  it('hits about the configured share', () => {
    const injector = new FaultInjector(settings(1, { decline_percent: 25, decline_mix: { insufficient_funds: 1 } }));
    const declines = run(injector, 4_000).filter((outcome) => outcome === 'insufficient_funds').length;
    expect(declines / 4_000).toBeGreaterThan(0.22);
    expect(declines / 4_000).toBeLessThan(0.28);
  });

  it('draws latency between the fixed part and fixed plus jitter', () => {
    const injector = new FaultInjector(settings(1, { latency_ms: 100, latency_jitter_ms: 50 }));
    const values = Array.from({ length: 500 }, () => injector.latency_ms('providerA'));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(100);
    expect(Math.max(...values)).toBeLessThanOrEqual(150);
  });

  it('merges a partial update and refuses a bad one whole', () => {
    const injector = new FaultInjector(settings(1));

    const merged = injector.update({ providerB: { outage: '503' } });

    expect(merged.providerB.outage).toBe('503');
    expect(merged.providerA).toEqual(NO_FAULTS);
    expect(() => injector.update({ providerB: { outage: 'none' }, providerA: { latency_ms: -1 } })).toThrow(expect.objectContaining({ code: 'parameter_invalid', param: 'providerA.latency_ms' }));
    expect(injector.settings().providerB.outage).toBe('503');
  });
});

describe('parseFaultSettings (PROVIDER_FAULTS)', () => {
  it('layers the JSON over no faults and the seed', () => {
    expect(parseFaultSettings('{"providerA":{"timeout_percent":5}}', 4)).toMatchObject({ seed: 4, providerA: { timeout_percent: 5, outage: 'none' }, providerB: NO_FAULTS });
  });

  it('says what is wrong', () => {
    expect(() => parseFaultSettings('{', 1)).toThrow('it is not JSON');
    expect(() => parseFaultSettings('{"providerC":{}}', 1)).toThrow(/providerC/);
  });
});
