import { createReadStream, existsSync } from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { SPANS_FILE, SPANS_FILE_ROTATED, type SpanLine } from './spanLine';

const TRACE_ID_OFFSET = '{"trace_id":"'.length;
const TRACE_ID_CHARS = 32;

/**
 * Every span of the given traces in the data folder's span files (the rotated generation first, so
 * the order is the order of writing), at most `spans_max`. Lines of other traces are skipped by their
 * first member without being parsed; a line that does not parse is skipped (a torn last line while
 * another process writes).
 */
export async function readTraceSpans(dataDir: string, traceIds: ReadonlySet<string>, spans_max: number): Promise<{ spans: SpanLine[]; truncated: boolean }> {
  const spans: SpanLine[] = [];
  if (traceIds.size === 0) return { spans, truncated: false };
  for (const relative of [SPANS_FILE_ROTATED, SPANS_FILE]) {
    const file = path.join(dataDir, relative);
    if (!existsSync(file)) continue;
    const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
    for await (const line of lines) {
      if (!traceIds.has(line.slice(TRACE_ID_OFFSET, TRACE_ID_OFFSET + TRACE_ID_CHARS))) continue;
      let span: SpanLine;
      try {
        span = JSON.parse(line) as SpanLine;
      } catch {
        continue;
      }
      if (spans.length >= spans_max) {
        lines.close();
        return { spans, truncated: true };
      }
      spans.push(span);
    }
  }
  return { spans, truncated: false };
}
