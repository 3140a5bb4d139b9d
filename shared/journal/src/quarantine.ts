import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { fsyncDir } from './atomicFile';

export interface QuarantineRecord {
  stream: string;
  offset: number;
  length: number;
  reason: string;
  quarantined_at: string;
  /** The file beside this record holding the bytes exactly as they were. */
  bytes_file: string;
}

/**
 * Moves the bytes of `file` from `offset` to its end into `quarantineDir` (a `.bad` file with the raw
 * bytes and a `.json` record with the reason), then truncates the stream to `offset`. The copy is made
 * durable before the truncation, so the bytes are never lost; they are never deleted.
 */
export async function quarantineTail(args: {
  file: string;
  stream: string;
  offset: number;
  reason: string;
  quarantineDir: string;
}): Promise<QuarantineRecord> {
  const { file, stream, offset, reason, quarantineDir } = args;
  const handle = await fs.open(file, 'r+');
  try {
    const { size } = await handle.stat();
    const length = size - offset;
    const bytes = Buffer.alloc(Math.max(length, 0));
    if (length > 0) await handle.read(bytes, 0, length, offset);
    await fs.mkdir(quarantineDir, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const base = `${stream.replace(/[/\\]/g, '_')}.${stamp}.${offset}`;
    const record: QuarantineRecord = {
      stream,
      offset,
      length,
      reason,
      quarantined_at: new Date().toISOString(),
      bytes_file: `${base}.bad`,
    };
    await writeDurable(path.join(quarantineDir, record.bytes_file), bytes);
    await writeDurable(path.join(quarantineDir, `${base}.json`), `${JSON.stringify(record, null, 2)}\n`);
    await fsyncDir(quarantineDir);
    await handle.truncate(offset);
    await handle.sync();
    return record;
  } finally {
    await handle.close();
  }
}

async function writeDurable(file: string, data: string | Buffer): Promise<void> {
  const handle = await fs.open(file, 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}
