import { createIdGenerator, idTime, isId, newId } from './ids';

describe('ids', () => {
  it('are prefixed and carry their creation time', () => {
    const id = newId('pi');
    expect(isId(id, 'pi')).toBe(true);
    expect(isId(id, 're')).toBe(false);
    expect(Math.abs(idTime(id) - Date.now())).toBeLessThan(5_000);
  });

  it('sort in creation order, also within one millisecond', () => {
    let now = 1_700_000_000_000;
    const next = createIdGenerator({ now: () => now, fill: (bytes) => bytes.fill(0xff) });
    const ids: string[] = [];
    for (let i = 0; i < 1000; i++) {
      if (i % 100 === 0) now += 1;
      ids.push(next('evt'));
    }
    expect(new Set(ids).size).toBe(1000);
    expect([...ids].sort()).toEqual(ids);
  });

  it('replay identically from a seeded source', () => {
    const seeded = () => {
      let state = 7;
      return createIdGenerator({ now: () => 1_000, fill: (bytes) => { for (let i = 0; i < bytes.length; i++) bytes[i] = (state = (state * 31 + 11) % 251); } });
    };
    const a = seeded();
    const b = seeded();
    expect([a('tok'), a('tok')]).toEqual([b('tok'), b('tok')]);
  });

  it('draw fresh randomness for every millisecond, across refills of the random pool', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 1_200; i++) {
      ids.push(newId('req'));
      // A new millisecond every few ids: each takes 10 new bytes of the pool (4 KiB: ~400 of them).
      if (i % 3 === 2) await new Promise((resolve) => setTimeout(resolve, 1));
    }
    const randomParts = ids.map((id) => id.slice(-16));
    expect(new Set(ids).size).toBe(ids.length);
    // Within a millisecond the random part is incremented; across milliseconds it is drawn anew, so
    // far more distinct leading halves than an incrementing counter would give.
    expect(new Set(randomParts.map((part) => part.slice(0, 8))).size).toBeGreaterThan(300);
  });
});
