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

  it('wakes on each of appends 5 ms apart, which chokidar would pass on once per 50 ms', async () => {
    const file = path.join(dir, 'payments.jsonl');
    writeFileSync(file, '');
    const wakes: number[] = [];
    const watcher = wakeOnAppend(file, () => wakes.push(Date.now()), logger);
    expect(watcher).not.toBeNull();
    for (let i = 0; i < 4; i++) {
      appendFileSync(file, `{"n":${i}}\n`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
    watcher?.close();
    expect(wakes.length).toBeGreaterThanOrEqual(4);
  });

  it('answers null (the poll stays the wake-up) for a file it cannot watch', () => {
    expect(wakeOnAppend(path.join(dir, 'missing.jsonl'), () => undefined, logger)).toBeNull();
    expect(logger.warn).toHaveBeenCalled();
  });
});
