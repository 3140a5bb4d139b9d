import { inflateSync } from 'node:zlib';

/**
 * The text each page of a PDF draws (for tests and tools that check a report): every content stream
 * with text, inflated when compressed, its TJ/Tj hex strings decoded (pdfkit's standard fonts are
 * one byte per character). Not a general PDF parser.
 */
export function pdfPageTexts(pdf: Buffer): string[] {
  const text = pdf.toString('latin1');
  const pages: string[] = [];
  const streams = /<<([^]*?)>>\s*stream\r?\n/g;
  let match: RegExpExecArray | null;
  while ((match = streams.exec(text)) !== null) {
    const start = match.index + match[0].length;
    const end = text.indexOf('endstream', start);
    let bytes = pdf.subarray(start, end);
    if (/\/FlateDecode/.test(match[1] ?? '')) {
      try {
        bytes = inflateSync(bytes);
      } catch {
        continue; // not a stream this reader understands (fonts, images): no page text in it
      }
    }
    const content = bytes.toString('latin1');
    if (!/\bBT\b/.test(content)) continue;
    const drawn = [...content.matchAll(/\[((?:<[0-9a-fA-F]*>|[^\]])*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g)].map((op) =>
      [...(op[1] ?? `<${op[2]}>`).matchAll(/<([0-9a-fA-F]*)>/g)].map((hex) => Buffer.from(hex[1] ?? '', 'hex').toString('latin1')).join(''));
    pages.push(drawn.join('\n'));
  }
  return pages;
}
