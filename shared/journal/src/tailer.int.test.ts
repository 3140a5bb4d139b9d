import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { GENESIS_HASH, sealEvent } from './eventLine';
import { OffsetStore, StreamTailer } from './tailer';
import { waitFor } from '@payrail/testing';
import { makeTempDataDir } from '@payrail/testing';
import type { JournalEvent, StreamHead } from './types';

const STREAM = 'ledger/probes';

function sealedLines(count: number, from = 0, prev = GENESIS_HASH): string[] {
  const lines: string[] = [];
  for (let i = from; i < from + count; i++) {
    const { event, line } = sealEvent({ type: 'journal.probe', ref: `p-${i}`, data: { n: i }, event_id: `evt_${'0'.repeat(26)}`, seq: i + 1, timestamp: new Date().toISOString(), prev_hash: prev });
    prev = event.hash;
    lines.push(line);
  }
  return lines;
}

describe('StreamTailer', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = makeTempDataDir('tailer')));
  afterEach(() => cleanup());

  it('delivers every line exactly once when lines are written in two pieces milliseconds apart, and resumes from its checkpoint', async () => {
    const file = path.join(dir, `${STREAM}.jsonl`);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, '');
    const offsets = new OffsetStore(path.join(dir, 'outbox/offsets.json'));
    const received: JournalEvent[] = [];
    const makeTailer = (from?: StreamHead) => new StreamTailer({
      dataDir: dir,
      stream: STREAM,
      ...(from ? { from } : {}),
      poll_ms: 50,
      onEvents: async (events, head) => {
        received.push(...events);
        await offsets.save({ [STREAM]: head });
      },
    });
    const tailer = makeTailer();
    tailer.start();

    const lines = sealedLines(40);
    for (const line of lines.slice(0, 30)) {
      const cut = Math.floor(line.length / 2);
      await fs.appendFile(file, line.slice(0, cut));
      await new Promise((resolve) => setTimeout(resolve, 3));
      await fs.appendFile(file, line.slice(cut));
    }
    await waitFor(() => received.length >= 30, 10_000, '30 lines');
    await tailer.stop();
    expect(received.map((e) => e.data['n'])).toEqual(Array.from({ length: 30 }, (_, i) => i));

    // Written while the tailer is down; a new tailer resumes from the checkpoint.
    for (const line of lines.slice(30)) await fs.appendFile(file, line);
    const checkpoint = (await offsets.load())[STREAM];
    expect(checkpoint?.seq).toBe(30);
    const resumed = makeTailer(checkpoint);
    resumed.start();
    await waitFor(() => received.length >= 40, 10_000, '40 lines');
    await new Promise((resolve) => setTimeout(resolve, 150)); // a few polls: nothing is delivered twice
    await resumed.stop();
    expect(received.map((e) => e.data['n'])).toEqual(Array.from({ length: 40 }, (_, i) => i));
  });
});
