import { readFileSync } from 'node:fs';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import type { Dispute, PaymentIntent, Refund } from '@payrail/ledger';
import PDFDocument from 'pdfkit';
import type { AuditExport, VerifiedEvent } from './auditExport';
import { PDF_EVENT_ROWS_MAX, REPORT_MARGIN, auditReportPdf, formatMoney, type ReportBox } from './auditReportPdf';
import { pdfPageTexts } from './pdfPageTexts';

// The PDF report lays out long labels without overlaps: every text block is measured with its real
// wrapped height, table cells wrap in their columns, a row that does not fit starts a new page under
// the column headers again, and nothing leaves the margins. Money reads in its currency's format.

const A4 = { width: 595.28, height: 841.89 };
const T0 = Date.parse('2025-03-01T09:00:00.000Z');

const LONG_WORDS = Array.from({ length: 70 }, (_, i) => `word${i}${'abcdefghij'.slice(0, i % 10)}`);
const LONG_VALUE = LONG_WORDS.join(' ');
const LONG_TOKEN = `pi_${'0123456789abcdefghijklmnopqrstuvwxyz'.repeat(6)}`;
const LONG_TYPE = `payment_intent.${'very_long_event_type_segment_'.repeat(5)}end`;

function payment(id: string, currency: string, amount: number, over: Partial<PaymentIntent> = {}): PaymentIntent {
  return {
    id, object: 'payment_intent', merchant: 'm_demo', amount, currency, status: 'captured', capture_method: 'automatic',
    amount_capturable: 0, amount_received: amount, amount_refunded: 0, payment_method: 'pm_1', card: { brand: 'visa', bin: '424242', last4: '4242' },
    customer: null, metadata: {}, description: null, processor: 'providerA', processor_reference: 'ref_1', routing_reason: 'cheapest route',
    processing: false, decline_code: null, last_error: null, dispute: null, reconciliation_status: null, payment_method_types: ['card'], next_action: null, simulate: null, created: T0 / 1000, updated: T0 / 1000 + 60, ...over,
  };
}

function event(i: number, ref: string, data: Record<string, unknown>, over: Partial<VerifiedEvent> = {}): VerifiedEvent {
  return {
    stream: 'ledger/payments', seq: i + 1, event_id: `evt_${String(i).padStart(6, '0')}`, type: 'payment_intent.captured', ref,
    timestamp: new Date(T0 + i * 1000).toISOString(), correlation_id: null, data, postings: null,
    prev_hash: '0'.repeat(64), hash: (i % 16).toString(16).repeat(64), verification: { hash_valid: true, linked_to_previous: true }, ...over,
  };
}

/** The amounts the events carry, in turn: one of each currency. */
const AMOUNTS = [{ amount: 123_456_789, currency: 'usd' }, { amount: 1_000_000, currency: 'jpy' }, { amount: 1_234_567, currency: 'kwd' }];

function exportOf(scope: AuditExport['scope'], payments: PaymentIntent[], events: VerifiedEvent[], extra: { refunds?: Refund[]; disputes?: Dispute[] } = {}): AuditExport {
  return {
    object: 'audit_export', merchant: 'm_demo', generated_at: new Date(T0 + 86_400_000).toISOString(), scope, chain_verified: true,
    first_failure: null, payments, refunds: extra.refunds ?? [], disputes: extra.disputes ?? [], events,
  };
}

interface Laid {
  pages: string[];
  boxes: Map<number, ReportBox[]>;
  /** What the PDF itself draws, read back from its content streams: independent of the boxes the generator reports. */
  drawn: DrawnLine[][];
}

/** One line of text as the PDF draws it: its WinAnsi bytes decoded, and its glyph box in points from the page's top left. */
interface DrawnLine {
  text: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** WinAnsi bytes 0x80-0x9f (the rest of the code page is Latin-1). */
const WIN_ANSI_80 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
const winAnsi = (hex: string): string =>
  [...Buffer.from(hex, 'hex')].map((byte) => (byte >= 0x80 && byte <= 0x9f ? WIN_ANSI_80[byte - 0x80] : String.fromCharCode(byte))).join('');

const measurer = new PDFDocument({ size: 'A4' });
const afms = new Map<string, string>();
/** A metric of a standard font, in thousandths of its size, from the AFM file pdfkit ships. */
const afmMetric = (font: string, key: 'Ascender' | 'Descender'): number => {
  let afm = afms.get(font);
  if (afm === undefined) {
    afm = readFileSync(path.join(path.dirname(require.resolve('pdfkit')), 'data', `${font}.afm`), 'latin1');
    afms.set(font, afm);
  }
  return Number(new RegExp(`^${key} (-?\\d+)`, 'm').exec(afm)?.[1]);
};

/**
 * Every text line of every page (page content streams in file order, as pdfPageTexts reads them): pdfkit
 * writes each line as `BT 1 0 0 1 x y Tm /Fn size Tf [<hex> kern <hex> ...] TJ ET`, y from the bottom
 * at the baseline. The glyph box spans the font's ascender to its descender, the width its glyphs and kerning.
 */
function drawnLines(pdf: Buffer): DrawnLine[][] {
  const file = pdf.toString('latin1');
  const objectFont = new Map([...file.matchAll(/(\d+) 0 obj\s*<<\s*\/Type \/Font\s*\/BaseFont \/([\w-]+)/g)].map((m) => [m[1], m[2] ?? '']));
  const fontOf = new Map([...file.matchAll(/\/(F\d+) (\d+) 0 R/g)].map((m) => [m[1], objectFont.get(m[2] ?? '')]));
  const pages: DrawnLine[][] = [];
  for (const match of file.matchAll(/<<([^]*?)>>\s*stream\r?\n/g)) {
    const start = (match.index ?? 0) + match[0].length;
    const raw = pdf.subarray(start, file.indexOf('endstream', start));
    let content: string;
    try {
      content = (/\/FlateDecode/.test(match[1] ?? '') ? inflateSync(raw) : raw).toString('latin1');
    } catch {
      continue; // a font or image stream, no page content
    }
    if (!/\bBT\b/.test(content)) continue;
    const lines: DrawnLine[] = [];
    for (const block of content.matchAll(/\bBT\b([^]*?)\bET\b/g)) {
      const op = /1 0 0 1 (-?[\d.]+) (-?[\d.]+) Tm\s*\/(F\d+) ([\d.]+) Tf\s*\[([^\]]*)\]\s*TJ/.exec(block[1] ?? '');
      const font = fontOf.get(op?.[3] ?? '');
      if (op === null || font === undefined) throw new Error(`text this test cannot read: ${block[1]}`);
      const [x, baseline, size] = [Number(op[1]), Number(op[2]), Number(op[4])];
      measurer.font(font).fontSize(size);
      let text = '';
      let width = 0;
      for (const piece of (op[5] ?? '').matchAll(/<([0-9a-fA-F]*)>|(-?[\d.]+)/g)) {
        if (piece[1] !== undefined) {
          text += winAnsi(piece[1]);
          width += measurer.widthOfString(winAnsi(piece[1]));
        } else width -= (Number(piece[2]) / 1000) * size;
      }
      const ascender = (afmMetric(font, 'Ascender') / 1000) * size;
      const descender = (afmMetric(font, 'Descender') / 1000) * size;
      lines.push({ text, x, y: A4.height - baseline - ascender, width, height: ascender - descender });
    }
    pages.push(lines);
  }
  return pages;
}

async function render(report: AuditExport): Promise<Laid> {
  const boxes = new Map<number, ReportBox[]>();
  const pdf = await auditReportPdf(report, (page, box) => {
    const list = boxes.get(page) ?? [];
    list.push(box);
    boxes.set(page, list);
  });
  return { pages: pdfPageTexts(pdf), boxes, drawn: drawnLines(pdf) };
}

const EPSILON = 0.01;
const intersect = (a: ReportBox, b: ReportBox): boolean =>
  a.x < b.x + b.width - EPSILON && b.x < a.x + a.width - EPSILON && a.y < b.y + b.height - EPSILON && b.y < a.y + a.height - EPSILON;

/** Every pair of boxes on a page that intersect, and every box outside the margins, as readable lines. */
function layoutFaults({ boxes, drawn }: Laid): string[] {
  const faults: string[] = [];
  // What the PDF draws is what the generator reported: each line inside a box of its page, with that box's text.
  const flat = (text: string): string => text.replace(/\s+/g, ' ').trim();
  drawn.forEach((lines, page) => {
    for (const line of lines) {
      const holder = (boxes.get(page) ?? []).find((box) => line.x >= box.x - 0.5 && line.x + line.width <= box.x + box.width + 0.5
        && line.y >= box.y - 0.5 && line.y + line.height <= box.y + box.height + 0.5 && flat(box.text).includes(flat(line.text)));
      if (holder === undefined) faults.push(`page ${page}: drawn ${JSON.stringify(line.text.slice(0, 40))}@${line.x.toFixed(1)},${line.y.toFixed(1)}+${line.width.toFixed(1)}x${line.height.toFixed(1)} is in no reported box`);
    }
  });
  const name = (box: ReportBox): string => `${JSON.stringify(box.text.slice(0, 30))}@${box.x.toFixed(1)},${box.y.toFixed(1)}+${box.width.toFixed(1)}x${box.height.toFixed(1)}`;
  for (const [page, list] of boxes) {
    for (const box of list) {
      const inside = box.x >= REPORT_MARGIN - EPSILON && box.y >= REPORT_MARGIN - EPSILON
        && box.x + box.width <= A4.width - REPORT_MARGIN + EPSILON && box.y + box.height <= A4.height - REPORT_MARGIN + EPSILON;
      if (!inside) faults.push(`page ${page}: ${name(box)} outside the margins`);
      if (!(box.height > 0)) faults.push(`page ${page}: ${name(box)} has no height`);
    }
    const sorted = [...list].sort((a, b) => a.y - b.y);
    for (let i = 0; i < sorted.length; i++) {
      const a = sorted[i] as ReportBox;
      for (let j = i + 1; j < sorted.length; j++) {
        const b = sorted[j] as ReportBox;
        if (b.y >= a.y + a.height) break;
        if (intersect(a, b)) faults.push(`page ${page}: ${name(a)} overlaps ${name(b)}`);
      }
    }
  }
  return faults;
}

describe('audit report PDF', () => {
  test('money in its currency format with its exponent and thousands separators', () => {
    expect(formatMoney(123_456_789, 'USD')).toBe('$1,234,567.89 USD');
    expect(formatMoney(1_000_000, 'jpy')).toBe('¥1,000,000 JPY');
    expect(formatMoney(1_234_567, 'KWD')).toBe('KWD 1,234.567');
    expect(formatMoney(4_200, 'EUR')).toBe('€42.00 EUR');
    expect(formatMoney(5, 'USD')).toBe('$0.05 USD');
    expect(formatMoney(-99_999_999_999, 'USD')).toBe('-$999,999,999.99 USD');
    expect(formatMoney(0, 'KWD')).toBe('KWD 0.000');
    expect(formatMoney(12_345, 'not a code')).toBe('12,345 NOT A CODE');
    // The standard fonts have no ₹, ₩ or ₫ (they would print as ¹, © and «): the code alone names the currency.
    expect(formatMoney(123_456, 'INR')).toBe('1,234.56 INR');
    expect(formatMoney(-123_456, 'KRW')).toBe('-123,456 KRW');
    expect(formatMoney(1_000_000, 'VND')).toBe('1,000,000 VND');
  });

  test('a payment with long labels: every word is on the pages, rows wrap, headers repeat, nothing overlaps', async () => {
    const paid = payment(LONG_TOKEN, 'usd', 123_456_789, {
      // A long key beside a short value: the row is as tall as its label.
      metadata: { order: 'ord_1', [`a_rather_long_metadata_key_${'k'.repeat(40)}`]: LONG_VALUE, [`key ${LONG_VALUE}`]: 'short' },
      description: LONG_VALUE,
      routing_reason: LONG_VALUE,
    });
    const refund: Refund = {
      id: 're_1', object: 'refund', merchant: 'm_demo', payment_intent: LONG_TOKEN, amount: 1_234_500, currency: 'usd', status: 'succeeded',
      reason: null, approver: LONG_VALUE, failure_reason: null, processor_reference: null, metadata: {}, created: T0 / 1000, updated: T0 / 1000,
    };
    const events = Array.from({ length: 150 }, (_, i) => {
      const long = i % 7 === 3;
      return event(i, LONG_TOKEN, i === 149 ? { amount: 123_456, currency: 'inr' } : { ...AMOUNTS[i % 3] }, long ? { type: LONG_TYPE, event_id: `evt_${'x'.repeat(150)}_${i}` } : {});
    });
    const laid = await render(exportOf({ payment_intent: LONG_TOKEN }, [paid], events, { refunds: [refund] }));
    const { pages } = laid;

    expect(pages.length).toBeGreaterThan(3);
    expect(laid.boxes.size).toBe(pages.length);
    const text = pages.join('\n');
    for (const amount of ['$1,234,567.89 USD', '¥1,000,000 JPY', 'KWD 1,234.567', '$12,345.00 USD', '1,234.56 INR']) expect(text).toContain(amount);
    for (const word of LONG_WORDS) expect(text).toContain(word);
    // The long id breaks inside itself, one piece a line: the lines of the title hold it whole.
    expect((pages[0] ?? '').replace(/\n/g, '')).toContain(`Payment ${LONG_TOKEN}`);
    // Every page the table goes on to starts under the column headers again.
    const first = pages.findIndex((page) => page.includes('Time (UTC)'));
    expect(first).toBeGreaterThanOrEqual(0);
    for (const page of pages.slice(first)) expect(page).toContain('Time (UTC)');
    expect(pages[pages.length - 1]).toContain(`Page ${pages.length} of ${pages.length}`);
    // A long type wraps in its column: more than one line, and the next row starts below its tallest cell.
    const typeBoxes = [...laid.boxes.values()].flat().filter((box) => box.text === LONG_TYPE);
    expect(typeBoxes.length).toBeGreaterThan(0);
    for (const box of typeBoxes) expect(box.height).toBeGreaterThan(20);
    expect(layoutFaults(laid)).toEqual([]);
  });

  test('a failed chain with a long event id: the result box holds its wrapped detail', async () => {
    const failing = event(0, 'pi_1', { amount: 100 }, { event_id: `evt_${LONG_VALUE}`, verification: { hash_valid: false, linked_to_previous: true } });
    const report = { ...exportOf({ payment_intent: 'pi_1' }, [payment('pi_1', 'usd', 100)], [failing]), chain_verified: false, first_failure: { stream: 'ledger/payments', seq: 1, event_id: failing.event_id } };
    const laid = await render(report);
    const text = laid.pages.join('\n');
    expect(text).toContain('Hash chain verification FAILED');
    expect(text).toContain('FAIL');
    for (const word of LONG_WORDS) expect(text).toContain(word);
    expect(layoutFaults(laid)).toEqual([]);
  });

  test('a date range over many payments: totals per currency and counts with separators, nothing overlaps', async () => {
    const payments = [payment('pi_usd', 'usd', 123_456_789), payment('pi_jpy', 'jpy', 1_000_000), payment('pi_kwd', 'kwd', 1_234_567)];
    const total = PDF_EVENT_ROWS_MAX + 345;
    const events = Array.from({ length: total }, (_, i) => event(i, (payments[i % 3] as PaymentIntent).id, i % 2 === 0 ? { amount: (AMOUNTS[i % 3] as { amount: number }).amount } : {}));
    const laid = await render(exportOf({ created_gte: T0 / 1000, created_lte: T0 / 1000 + 86_400 }, payments, events));
    const text = laid.pages.join('\n');

    expect(laid.pages[0]).toContain('$1,234,567.89 USD; ¥1,000,000 JPY; KWD 1,234.567');
    expect(laid.pages[0]).toContain('2,345 events re-hashed');
    expect(laid.pages[0]).toContain('Events (2,345)');
    expect(text).toContain('345 more events are in the JSON export');
    expect(text).toContain(events[PDF_EVENT_ROWS_MAX - 1]?.event_id);
    expect(text).not.toContain(events[PDF_EVENT_ROWS_MAX]?.event_id);
    expect(laid.boxes.size).toBe(laid.pages.length);
    expect(layoutFaults(laid)).toEqual([]);
  });
});
