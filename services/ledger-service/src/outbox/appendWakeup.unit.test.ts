import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { wakeOnAppend } from './appendWakeup';

const logger = { warn: jest.fn() } as unknown as Parameters<typeof wakeOnAppend>[2];

describe('wakeOnAppend', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'append-wakeup-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('wakes on each append, well within the 50 ms chokidar would take to pass one on', async () => {
    const file = path.join(dir, 'payments.jsonl');
    writeFileSync(file, '');
    let woken: (() => void) | null = null;
    let wakes = 0;
    const watcher = wakeOnAppend(file, () => {
      wakes += 1;
      woken?.();
    }, logger);
    expect(watcher).not.toBeNull();
    // One append at a time, each waited for (bounded): the kernel merges changes nobody has read yet,
    // so appends made while a loaded machine keeps this process from reading would count as one.
    const latencies: number[] = [];
    for (let i = 0; i < 5; i++) {
      const before = wakes;
      const started = performance.now();
      const seen = new Promise<void>((resolve) => {
        woken = resolve;
        setTimeout(resolve, 2_000);
      });
      appendFileSync(file, `{"n":${i}}\n`);
      await seen;
      expect(wakes).toBeGreaterThan(before);
      latencies.push(performance.now() - started);
    }
    watcher?.close();
    latencies.sort((a, b) => a - b);
    expect(latencies[2]).toBeLessThan(50);
  });

  it('answers null (the poll stays the wake-up) for a file it cannot watch', () => {
    expect(wakeOnAppend(path.join(dir, 'missing.jsonl'), () => undefined, logger)).toBeNull();
    expect(logger.warn).toHaveBeenCalled();
  });
});
