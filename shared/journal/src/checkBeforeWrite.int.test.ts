import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { makeTempDataDir, startNode, waitFor, type RunningChild } from '@payrail/testing';
import { JournalLock } from './lock';

// Real writer processes append while a line of their stream is changed under them (with the journal's
// lock held, as a careful editor would, so that no batch is half-way): every writer's next append is
// refused with journal_corrupt naming the line, nothing is appended or cut, and no event acknowledged
// before the edit is lost.
const WORKER = path.resolve(__dirname, '../dist/testing/appendWorker.js');
const STREAM = 'ledger/probes';

const EDITS: Array<{ name: string; edit: (lines: string[]) => string[] }> = [
  { name: 'a middle line edited, same length', edit: (lines) => lines.map((line, i) => (i === 10 ? line.replace(/"n":(\d)/, (_m, d: string) => `"n":${(Number(d) + 1) % 10}`) : line)) },
  { name: 'a middle line one byte longer', edit: (lines) => lines.map((line, i) => (i === 10 ? line.replace('"n":', '"n": ') : line)) },
  { name: 'a middle line deleted', edit: (lines) => lines.filter((_, i) => i !== 10) },
  { name: 'the file truncated', edit: (lines) => lines.slice(0, -3) },
];

describe('check before write, with writer processes running', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = makeTempDataDir('check-before-write-int')));
  afterEach(() => cleanup());

  for (const { name, edit } of EDITS) {
    it(`${name}: both writers refuse their next append; the file stays as edited`, async () => {
      const file = path.join(dir, `${STREAM}.jsonl`);
      const writers: RunningChild[] = ['w1', 'w2'].map((writer) => startNode(WORKER, [dir, STREAM, writer, '1000000', '8']));
      await waitFor(() => writers.every((w) => w.lines.length >= 100), 30_000, '100 acknowledged appends per writer');
      const lock = new JournalLock(path.join(dir, `${STREAM}.journal`));
      await lock.acquire();
      const acknowledged = writers.flatMap((w, i) => w.lines.filter((l) => l.startsWith('ack ')).map((l) => `w${i + 1}-${l.slice(4)}`));
      const lines = (await fs.readFile(file, 'utf8')).split('\n').filter(Boolean);
      const edited = `${edit(lines).join('\n')}\n`;
      await fs.writeFile(file, edited);
      lock.releaseQuietly();

      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise((resolve) => (timer = setTimeout(() => resolve('still running'), 20_000)));
      const codes = await Promise.all(writers.map((w) => Promise.race([w.exited, deadline])));
      clearTimeout(timer);
      for (const w of writers) if (w.child.exitCode === null) w.child.kill('SIGKILL');
      expect(codes).toEqual([1, 1]);
      for (const w of writers) expect(w.stderr()).toMatch(/JournalCorruptError: ledger\/probes: line \d+ \(byte \d+\) is bad/);
      expect(await fs.readFile(file, 'utf8')).toBe(edited);
      await expect(fs.readdir(path.join(dir, 'quarantine'))).rejects.toThrow();
      const kept = new Set(edited.split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { ref: string }).ref));
      const lost = acknowledged.filter((ref) => !kept.has(ref));
      expect(lost.length).toBeLessThanOrEqual(name.includes('deleted') ? 1 : name.includes('truncated') ? 3 : 0);
    }, 60_000);
  }
});
