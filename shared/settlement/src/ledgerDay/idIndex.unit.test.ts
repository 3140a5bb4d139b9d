import fc from 'fast-check';
import { IdIndex } from './idIndex';

describe('IdIndex', () => {
  it('numbers ids in the order they are added and finds each by string and by bytes, as a Map would', () => {
    fc.assert(fc.property(fc.array(fc.string({ minLength: 0, maxLength: 40 }), { maxLength: 3_000 }), fc.array(fc.string({ maxLength: 40 }), { maxLength: 200 }), (ids, probes) => {
      const index = new IdIndex();
      const map = new Map<string, number>();
      for (const id of ids) {
        const slot = index.add(id);
        if (!map.has(id)) map.set(id, map.size);
        expect(slot).toBe(map.get(id));
      }
      expect(index.size).toBe(map.size);
      for (const [id, slot] of map) {
        expect(index.id(slot)).toBe(id);
        const bytes = Buffer.from(`xx${id}yy`);
        expect(index.slotOfBytes(bytes, 2, bytes.length - 2)).toBe(slot);
      }
      for (const probe of probes) expect(index.slotOf(probe)).toBe(map.get(probe) ?? -1);
    }), { numRuns: 60, seed: 20261207 });
  });

  it('grows past its first table and arena (a hundred thousand payment ids)', () => {
    const index = new IdIndex();
    let misnumbered = 0;
    for (let i = 0; i < 100_000; i++) if (index.add(`pi_${i.toString(36).padStart(24, '0')}`) !== i) misnumbered += 1;
    expect(misnumbered).toBe(0);
    expect(index.slotOf(`pi_${(4_242).toString(36).padStart(24, '0')}`)).toBe(4_242);
    expect(index.slotOf('pi_unknown')).toBe(-1);
  });
});
