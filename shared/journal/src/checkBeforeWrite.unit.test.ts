import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { makeTempDataDir } from '@payrail/testing';
import { Journal } from './journal';
import { JournalCorruptError } from './errors';
import { verifyStream } from './verify';

// The journal checks before it writes (DESIGN §3): a file changed under a running writer is found
// under the lock, before the next append; the append is refused, and nothing is cut or added.
const STREAM = 'ledger/probes';
const probe = (n: number) => ({ type: 'journal.probe', ref: `p-${n}`, data: { n, writer: 'unit' } });

type Edit = (lines: string[]) => string[];
const replaceIn = (index: number, from: string, to: string): Edit => (lines) => lines.map((line, i) => (i === index ? line.replace(from, to) : line));

const EDITS: Array<{ name: string; edit: Edit; line: number | null }> = [
  { name: 'a middle line edited in place, same length', edit: replaceIn(4, '"n":5', '"n":6'), line: 5 },
  { name: 'a middle line one byte longer', edit: replaceIn(4, '"n":5', '"n":55'), line: 5 },
  { name: 'a middle line one byte shorter', edit: replaceIn(14, '"n":15', '"n":1'), line: 15 },
  { name: 'a middle line deleted', edit: (lines) => lines.filter((_, i) => i !== 3), line: null },
  { name: 'the file truncated (last two lines gone)', edit: (lines) => lines.slice(0, -2), line: null },
  { name: 'the last line edited, same length', edit: (lines) => lines.map((line, i) => (i === lines.length - 1 ? line.replace('"n":20', '"n":21') : line)), line: 20 },
  { name: 'the first line edited, same length', edit: replaceIn(0, '"n":1', '"n":7'), line: 1 },
];

describe('the journal checks before it writes', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = makeTempDataDir('check-before-write')));
  afterEach(() => cleanup());
  const file = (): string => path.join(dir, `${STREAM}.jsonl`);
  const open = (errors: JournalCorruptError[] = []): Promise<Journal> =>
    Journal.open({ dataDir: dir, streams: [STREAM], lockName: 'ledger/.lock', onEvent: () => {}, onCorrupt: (error) => errors.push(error) });

  for (const { name, edit, line } of EDITS) {
    it(`${name}: the next append is refused, naming the line and byte; nothing is written or cut`, async () => {
      const errors: JournalCorruptError[] = [];
      const journal = await open(errors);
      for (let n = 1; n <= 20; n += 4) await journal.append(STREAM, [probe(n), probe(n + 1), probe(n + 2), probe(n + 3)]);
      const lines = (await fs.readFile(file(), 'utf8')).split('\n').filter(Boolean);
      expect(lines).toHaveLength(20);
      const edited = `${edit(lines).join('\n')}\n`;
      await fs.writeFile(file(), edited);

      const refusal = await journal.append(STREAM, probe(99)).then(() => null, (error: unknown) => error);
      expect(refusal).toBeInstanceOf(JournalCorruptError);
      const corrupt = refusal as JournalCorruptError;
      expect(corrupt.stream).toBe(STREAM);
      if (line !== null) expect(corrupt.lineNumber).toBe(line);
      expect(corrupt.message).toMatch(/line \d+ \(byte \d+\)/);
      expect(await fs.readFile(file(), 'utf8')).toBe(edited);
      await expect(fs.readdir(path.join(dir, 'quarantine'))).rejects.toThrow();
      // It keeps refusing, says so for /ready, and raised the alert once.
      await expect(journal.append(STREAM, probe(100))).rejects.toBeInstanceOf(JournalCorruptError);
      expect(journal.health()).toMatchObject({ ok: false, stream: STREAM });
      expect(errors).toHaveLength(1);
      await journal.close();
      expect(await fs.readFile(file(), 'utf8')).toBe(edited);
    });
  }

  it('a file whose metadata changed but whose bytes did not (touch, chmod) is re-verified and written on', async () => {
    const journal = await open();
    await journal.append(STREAM, [probe(1), probe(2)]);
    await fs.chmod(file(), 0o640);
    await fs.utimes(file(), new Date(), new Date());
    await journal.append(STREAM, probe(3));
    expect(journal.health()).toEqual({ ok: true });
    await journal.close();
    expect(await verifyStream(file())).toMatchObject({ ok: true, lines: 3 });
  });

  it('another writer\'s appends are not mistaken for an edit, and its own mark keeps the check cheap', async () => {
    const a = await open();
    const b = await open();
    for (let n = 1; n <= 30; n++) await (n % 2 === 0 ? a : b).append(STREAM, probe(n));
    expect(a.health()).toEqual({ ok: true });
    expect(b.health()).toEqual({ ok: true });
    await a.close();
    await b.close();
    expect(await verifyStream(file())).toMatchObject({ ok: true, lines: 30 });
    const mark = JSON.parse(await fs.readFile(path.join(dir, 'ledger', '.probes.jsonl.mark'), 'utf8'));
    expect(mark).toMatchObject({ size: (await fs.stat(file())).size, seq: 30 });
  });

  it('a torn tail after verified bytes is still moved to quarantine, and the writer goes on', async () => {
    const journal = await open();
    await journal.append(STREAM, [probe(1), probe(2)]);
    await fs.appendFile(file(), '{"data":{"n":3},"event_id":"evt_torn');
    await journal.append(STREAM, probe(3));
    await journal.close();
    expect(await verifyStream(file())).toMatchObject({ ok: true, lines: 3 });
    expect((await fs.readdir(path.join(dir, 'quarantine'))).length).toBeGreaterThan(0);
  });

  it('lines removed that this writer never read: refused all the same (the file is shorter than its last writer left it)', async () => {
    const a = await open();
    const b = await open();
    await b.append(STREAM, [probe(1), probe(2)]);
    // a appends five lines b has not read; then someone cuts the last three.
    await a.append(STREAM, [probe(3), probe(4), probe(5), probe(6), probe(7)]);
    const lines = (await fs.readFile(file(), 'utf8')).split('\n').filter(Boolean);
    const edited = `${lines.slice(0, -3).join('\n')}\n`;
    await fs.writeFile(file(), edited);
    const refusal = await b.append(STREAM, probe(99)).then(() => null, (error: unknown) => error);
    expect(refusal).toBeInstanceOf(JournalCorruptError);
    expect((refusal as JournalCorruptError).message).toMatch(/line \d+ \(byte \d+\) is bad: the file is \d+ bytes, shorter than the \d+ bytes its last journal writer left/);
    expect(await fs.readFile(file(), 'utf8')).toBe(edited);
    await a.close();
    await b.close();
  });

  it('a file that only lost what followed its mark on disk (a power loss) is re-verified, not refused; so is one whose mark was deleted', async () => {
    const journal = await open();
    await journal.append(STREAM, [probe(1), probe(2), probe(3)]);
    await journal.close();
    const markFile = path.join(dir, 'ledger', '.probes.jsonl.mark');
    const record = await fs.readFile(markFile);
    const mark = JSON.parse(record.toString('utf8')) as { size: number; ctime_ns: string };
    // The mark of an append that never reached the disk: a larger size, and a change time after the file's.
    const ahead = Buffer.alloc(record.length, ' ');
    ahead.write(JSON.stringify({ ...mark, size: mark.size + 300, ctime_ns: String(BigInt(mark.ctime_ns) + 10n ** 12n) }));
    await fs.writeFile(markFile, ahead);
    const reopened = await open();
    await expect(reopened.append(STREAM, probe(4))).resolves.toHaveLength(1);
    await reopened.close();
    await fs.rm(markFile);
    const again = await open();
    await expect(again.append(STREAM, probe(5))).resolves.toHaveLength(1);
    await again.close();
    expect(await verifyStream(file())).toMatchObject({ ok: true, lines: 5 });
  });

  it('a stream file moved aside or replaced under a running writer (payrail reshard, a restore): its next append is refused, nothing lands in the moved file', async () => {
    for (const change of ['moved', 'replaced'] as const) {
      const journal = await open();
      await journal.append(STREAM, [probe(1), probe(2)]);
      const aside = path.join(dir, `probes.${change}.jsonl`);
      await fs.rename(file(), aside);
      if (change === 'replaced') await fs.copyFile(aside, file());
      const before = await fs.readFile(aside, 'utf8');
      const refusal = await journal.append(STREAM, probe(3)).then(() => null, (error: unknown) => error);
      expect(refusal).toBeInstanceOf(JournalCorruptError);
      expect((refusal as Error).message).toMatch(/is no longer the file this process opened \((it is gone|it was moved or replaced)/);
      expect(await fs.readFile(aside, 'utf8')).toBe(before);
      await journal.close();
      await fs.rm(file(), { force: true });
      await fs.rm(path.join(dir, 'ledger', '.probes.jsonl.mark'), { force: true });
    }
  });
});
