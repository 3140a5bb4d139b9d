import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { makeTempDataDir } from '@payrail/testing';
import fc from 'fast-check';
import { forEachLine } from './forEachLine';

describe('forEachLine', () => {
  it('gives every complete line once, in order, whatever the chunk size, and leaves a final line without newline alone', async () => {
    const { dir, cleanup } = makeTempDataDir('lines');
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => s.replace(/\n/g, ' ')), { maxLength: 30 }), fc.string({ maxLength: 10 }).map((s) => s.replace(/\n/g, '')), fc.integer({ min: 1, max: 64 }), async (lines, tail, chunk) => {
          const file = path.join(dir, 'lines.txt');
          await fs.writeFile(file, lines.map((line) => `${line}\n`).join('') + tail);
          const seen: string[] = [];
          const bytes = await forEachLine(file, (buffer, start, end) => seen.push(buffer.toString('utf8', start, end)), undefined, chunk);
          expect(seen).toEqual(lines.filter((line) => line !== ''));
          expect(bytes).toBe(Buffer.byteLength(lines.map((line) => `${line}\n`).join('')));
        }),
        { numRuns: 200 },
      );
      expect(await forEachLine(path.join(dir, 'missing.jsonl'), () => undefined)).toBe(0);
    } finally {
      cleanup();
    }
  });
});
