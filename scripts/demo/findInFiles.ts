import { createReadStream, promises as fs } from 'node:fs';
import * as path from 'node:path';

/** Files looked at, at most: a data folder bigger than this is not scanned to the end. */
const FILES_MAX = 100_000;

export interface FindResult {
  files: number;
  bytes: number;
  /** Each file holding a needle, and which. */
  hits: Array<{ file: string; needle: string }>;
  /** True when FILES_MAX stopped the scan. */
  truncated: boolean;
}

/** Searches every file under `dir` (recursively, streamed, so any size) for any of `needles`, byte for byte. */
export async function findInFiles(dir: string, needles: readonly string[]): Promise<FindResult> {
  const wanted = needles.map((needle) => Buffer.from(needle, 'utf8'));
  const overlap = Math.max(0, ...wanted.map((needle) => needle.length - 1));
  const result: FindResult = { files: 0, bytes: 0, hits: [], truncated: false };
  const pending = [dir];
  while (pending.length > 0) {
    const current = pending.pop() as string;
    for (const entry of await fs.readdir(current, { withFileTypes: true }).catch(() => [])) {
      const file = path.join(current, entry.name);
      if (entry.isDirectory()) pending.push(file);
      else if (entry.isFile()) {
        if (result.files >= FILES_MAX) {
          result.truncated = true;
          return result;
        }
        result.files += 1;
        const found = new Set<number>();
        let tail = Buffer.alloc(0);
        try {
          for await (const chunk of createReadStream(file)) {
            const data = Buffer.concat([tail, chunk as Buffer]);
            wanted.forEach((needle, i) => {
              if (data.includes(needle)) found.add(i);
            });
            result.bytes += (chunk as Buffer).length;
            tail = data.subarray(Math.max(0, data.length - overlap));
          }
        } catch (error) {
          // A temporary file renamed away while we read: its content is in the file it became.
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        }
        for (const i of found) result.hits.push({ file, needle: needles[i] as string });
      }
    }
  }
  return result;
}
