import { promises as fs } from 'node:fs';

/** How much of a file one read takes. Large reads keep a multi-gigabyte ledger scan I/O-cheap. */
export const SCAN_CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * Calls `onLine(buffer, start, end)` for every complete line of `file` (the bytes `start..end` without
 * the newline; the buffer is reused, so copy what you keep), up to the size the file had when the read
 * began: lines appended meanwhile and a final line with no newline are left alone. Reads in large
 * chunks, the next one while the current one is handled, and holds two chunks at most. A missing file
 * has no lines. Resolves with the bytes read.
 */
export async function forEachLine(
  file: string,
  onLine: (buffer: Buffer, start: number, end: number) => void,
  onProgress?: (bytes_read: number, bytes_total: number) => void,
  chunk_bytes = SCAN_CHUNK_BYTES,
): Promise<number> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  try {
    const size = (await handle.stat()).size;
    const chunk = Math.min(chunk_bytes, Math.max(size, 1));
    const buffers = [Buffer.allocUnsafe(chunk), Buffer.allocUnsafe(chunk)];
    /** The start of a line cut by a chunk's end, waiting for its rest. */
    let carry = Buffer.allocUnsafe(Math.min(64 * 1024, chunk));
    let carried = 0;
    const read = (index: number, position: number) => handle.read(buffers[index] as Buffer, 0, Math.min(chunk, size - position), position);
    let position = 0;
    let next = size > 0 ? read(0, 0) : null;
    for (let index = 0; next !== null; index = 1 - index) {
      const { bytesRead } = await next;
      if (bytesRead === 0) break; // the file shrank under us
      const buffer = buffers[index] as Buffer;
      position += bytesRead;
      next = position < size ? read(1 - index, position) : null;
      let start = 0;
      let newline = buffer.indexOf(0x0a, 0);
      if (newline === -1 || newline >= bytesRead) newline = -1;
      if (carried > 0 && newline !== -1) {
        // The line that straddles the two chunks.
        if (carried + newline > carry.length) carry = Buffer.concat([carry.subarray(0, carried), Buffer.alloc(carried + newline)]);
        buffer.copy(carry, carried, 0, newline);
        onLine(carry, 0, carried + newline);
        carried = 0;
        start = newline + 1;
        newline = buffer.indexOf(0x0a, start);
        if (newline >= bytesRead) newline = -1;
      }
      while (newline !== -1) {
        if (newline > start) onLine(buffer, start, newline);
        start = newline + 1;
        newline = buffer.indexOf(0x0a, start);
        if (newline >= bytesRead) newline = -1;
      }
      const rest = bytesRead - start;
      if (rest > 0) {
        if (carried + rest > carry.length) carry = Buffer.concat([carry.subarray(0, carried), Buffer.alloc(carried + rest)]);
        buffer.copy(carry, carried, start, bytesRead);
        carried += rest;
      }
      onProgress?.(position, size);
    }
    return position - carried;
  } finally {
    await handle.close();
  }
}
