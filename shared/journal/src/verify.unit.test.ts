import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { makeTempDataDir } from '@payrail/testing';
import { GENESIS_HASH, sealEvent, unsealedOf } from './eventLine';
import { verifyStream } from './verify';

/** Lines chained by hand, with the lock epochs given (undefined: a line from before fencing). */
function chain(epochs: Array<number | undefined>): string {
  let prev = GENESIS_HASH;
  return epochs.map((epoch, i) => {
    const { event, line } = sealEvent(unsealedOf({ type: 'journal.probe', ref: `p-${i}`, data: { n: i } }, { event_id: `evt_${String(i).padStart(26, '0')}`, seq: i + 1, timestamp: '2026-12-07T12:00:00.000Z', prev_hash: prev, traceparent: undefined, epoch }));
    prev = event.hash;
    return line;
  }).join('');
}

describe('verifyStream and lock epochs', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = makeTempDataDir('verify-epochs')));
  afterEach(() => cleanup());

  it('reports the first and last epoch and how often the holder changed', async () => {
    const file = path.join(dir, 'probes.jsonl');
    writeFileSync(file, chain([undefined, 3, 3, 4, 7, 7]));
    expect(await verifyStream(file)).toMatchObject({ ok: true, lines: 6, epochs: { first: 3, last: 7, changes: 2 } });
  });

  it('reports a line whose epoch is below the line before: a writer appended with a lock it had lost', async () => {
    const file = path.join(dir, 'probes.jsonl');
    writeFileSync(file, chain([2, 3, 2, 3]));
    const report = await verifyStream(file);
    expect(report.ok).toBe(false);
    expect(report.problem).toMatchObject({ line: 3, reason: expect.stringMatching(/lock epoch 2 after 3: .*fencing failed/) });
  });

  it('has no epochs for a stream written before fencing', async () => {
    const file = path.join(dir, 'probes.jsonl');
    writeFileSync(file, chain([undefined, undefined]));
    const report = await verifyStream(file);
    expect(report).toMatchObject({ ok: true, lines: 2 });
    expect(report.epochs).toBeUndefined();
  });
});
