import { SNAPSHOT_SLICE_ITEMS, prettyJsonInSlices, type SnapshotTexts } from './SnapshotWriter';

describe('snapshot text written a slice at a time', () => {
  const detail = (n: number) => ({ id: `evt_${n}`, nested: { list: [n, 'a\nb'], empty: [], none: {} } });

  it('is byte for byte what JSON.stringify(value, null, 2) writes, plus a newline', async () => {
    for (const count of [0, 1, SNAPSHOT_SLICE_ITEMS, 2 * SNAPSHOT_SLICE_ITEMS + 7]) {
      const items = Array.from({ length: count }, (_, i) => i);
      const text = await prettyJsonInSlices({ generated_at: '2026-12-07T00:00:00.000Z', events: { items, detail }, meta: { a: [1, { b: 2 }] } }, { ms: 0 });
      expect(text).toBe(`${JSON.stringify({ generated_at: '2026-12-07T00:00:00.000Z', events: items.map(detail), meta: { a: [1, { b: 2 }] } }, null, 2)}\n`);
    }
  });

  it('lets the event loop run between slices, so a delivery is answered during a long rewrite', async () => {
    const items = Array.from({ length: 3 * SNAPSHOT_SLICE_ITEMS }, (_, i) => i);
    const order: string[] = [];
    setImmediate(() => order.push('other work'));
    const writing = prettyJsonInSlices({ events: { items, detail: (n: number) => (n === items.length - 1 ? order.push('last item') : n) } }, { ms: 0 });
    await writing;
    expect(order).toEqual(['other work', 'last item']);
  });

  it('counts the time it worked', async () => {
    const busy = { ms: 0 };
    await prettyJsonInSlices({ events: { items: Array.from({ length: 500 }, (_, i) => i), detail } }, busy);
    expect(busy.ms).toBeGreaterThan(0);
  });

  it('serializes again only the items whose revision moved, and writes the same text as without the cache', async () => {
    const items = Array.from({ length: 2 * SNAPSHOT_SLICE_ITEMS + 3 }, (_, n) => ({ n, revision: 1, note: 'first' }));
    const rendered: number[] = [];
    const events = { items, detail: (item: (typeof items)[number]) => (rendered.push(item.n), { id: `evt_${item.n}`, note: item.note }), revision: (item: (typeof items)[number]) => item.revision };
    const texts: SnapshotTexts = new WeakMap();
    await prettyJsonInSlices({ events }, { ms: 0 }, texts);
    expect(rendered).toHaveLength(items.length);
    rendered.length = 0;
    const changed = items[5] as (typeof items)[number];
    changed.note = 'second';
    changed.revision += 1;
    const text = await prettyJsonInSlices({ events }, { ms: 0 }, texts);
    expect(rendered).toEqual([5]);
    expect(text).toBe(`${JSON.stringify({ events: items.map((item) => ({ id: `evt_${item.n}`, note: item.note })) }, null, 2)}\n`);
  });
});
