import type { PaymentIntent } from '@payrail/ledger';
import PDFDocument from 'pdfkit';
import type { AuditExport, VerifiedEvent } from './auditExport';

/** The most event rows a PDF report prints; the JSON export always has them all. */
export const PDF_EVENT_ROWS_MAX = 2_000;

/** The margin on every side of a report page, in points; nothing is drawn outside it, the footer included. */
export const REPORT_MARGIN = 48;

/** A text block the report laid out: where it was drawn, in points from the page's top left, and its wrapped size. */
export interface ReportBox {
  x: number;
  y: number;
  width: number;
  height: number;
  text: string;
}

/** Told each text block as it is laid out, with its page (0-based, the order of the PDF's pages). */
export type OnReportBox = (page: number, box: ReportBox) => void;

const MARGIN = REPORT_MARGIN;
/** The report PDFs' palette (the audit report's and the dispute draft's). */
export const COLORS = { text: '#111827', muted: '#4b5563', ok: '#166534', fail: '#b91c1c', rule: '#d1d5db', band: '#f3f4f6' } as const;
/** Event table columns: x offset from the margin and width, in points (A4 is 595 wide: 499 between the margins). */
const COLUMNS = { time: [0, 84], type: [88, 130], ref: [222, 136], amount: [362, 104], check: [470, 29] } as const;
type Column = keyof typeof COLUMNS;
const TABLE_WIDTH = 499;
const FOOTER_SIZE = 8;
/** Room kept above the bottom margin for the footer: its line and a gap. */
const FOOTER_SPACE = 18;
/** The tallest a single block may be: whatever is longer is cut with "...", so one block always fits a page. */
const BLOCK_HEIGHT_MAX = 360;

export interface Style {
  font: 'Helvetica' | 'Helvetica-Bold' | 'Helvetica-Oblique' | 'Courier';
  size: number;
  color: string;
}
/** The text styles both report PDFs share: their title block, headings and label/value facts. */
export const BASE_STYLE = {
  title: { font: 'Helvetica-Bold', size: 20, color: COLORS.text },
  scope: { font: 'Helvetica', size: 12, color: COLORS.text },
  byline: { font: 'Helvetica', size: 9, color: COLORS.muted },
  heading: { font: 'Helvetica-Bold', size: 13, color: COLORS.text },
  label: { font: 'Helvetica-Bold', size: 9, color: COLORS.muted },
  value: { font: 'Helvetica', size: 9, color: COLORS.text },
} as const satisfies Record<string, Style>;
const STYLE = {
  ...BASE_STYLE,
  note: { font: 'Helvetica', size: 8, color: COLORS.muted },
  more: { font: 'Helvetica-Oblique', size: 8, color: COLORS.muted },
  columnHeader: { font: 'Helvetica-Bold', size: 8, color: COLORS.muted },
  cell: { font: 'Helvetica', size: 8, color: COLORS.text },
  hash: { font: 'Courier', size: 6.3, color: COLORS.muted },
  footer: { font: 'Helvetica', size: FOOTER_SIZE, color: COLORS.muted },
} as const satisfies Record<string, Style>;

const utc = (iso: string): string => `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
const unixUtc = (seconds: number): string => utc(new Date(seconds * 1000).toISOString());

const COUNT = new Intl.NumberFormat('en-US');
/** A count with thousands separators: 12,345. */
const count = (n: number): string => COUNT.format(n);

const currencyFormats = new Map<string, Intl.NumberFormat | null>();
function currencyFormat(code: string): Intl.NumberFormat | null {
  let format = currencyFormats.get(code);
  if (format === undefined) {
    try {
      format = new Intl.NumberFormat('en-US', { style: 'currency', currency: code });
    } catch {
      format = null; // not an ISO 4217 code
    }
    currencyFormats.set(code, format);
  }
  return format;
}

/** Currency symbols the standard fonts draw (WinAnsi): `$`, `€`, `£`, `¥`, `CA$`; not `₹`, `₩` or `₫`. */
const DRAWABLE_SYMBOL = /^[\x20-\x7e\u00a0-\u00ff€]+$/;

/** Intl formats a decimal string exactly (Intl.NumberFormat v3, Node 20); the ES2022 lib only declares numbers. */
type DecimalFormat = { formatToParts(value: string): Intl.NumberFormatPart[] };

/**
 * An amount in minor units in its currency's format, with the exponent Intl gives the currency:
 * `123456789, "USD"` → `$1,234,567.89 USD`, `1000000, "JPY"` → `¥1,000,000 JPY`, `1234567, "KWD"` →
 * `KWD 1,234.567`. The ISO code follows a symbol, so one report with several currencies stays unambiguous;
 * a symbol the standard fonts lack is left out: `123456, "INR"` → `1,234.56 INR`.
 */
export function formatMoney(amount: number, currency: string): string {
  const code = currency.toUpperCase();
  const format = currencyFormat(code);
  if (format === null || !Number.isSafeInteger(amount)) return `${count(amount)} ${code}`;
  const exponent = format.resolvedOptions().maximumFractionDigits ?? 2;
  const digits = Math.abs(amount).toString().padStart(exponent + 1, '0');
  const decimal = `${amount < 0 ? '-' : ''}${exponent === 0 ? digits : `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`}`;
  const parts = (format as unknown as DecimalFormat).formatToParts(decimal);
  const symbol = parts.find((part) => part.type === 'currency')?.value ?? code;
  // A symbol the standard fonts cannot draw would print as another glyph (₹ as ¹): the code says it alone.
  const drawn = symbol === code || DRAWABLE_SYMBOL.test(symbol) ? parts : parts.filter((part) => part.type !== 'currency' && part.type !== 'literal');
  const text = drawn.map((part) => part.value).join('').replace(/\u00a0/g, ' ');
  return symbol === code ? text : `${text} ${code}`;
}

/** The scope in words, for the title and file names. */
export function scopeTitle(report: AuditExport): string {
  const scope = report.scope;
  return 'payment_intent' in scope ? `Payment ${scope.payment_intent}` : `Events from ${unixUtc(scope.created_gte)} to ${unixUtc(scope.created_lte)}`;
}

/**
 * Places text blocks on the pages: each block is measured with the font, size and width it is drawn
 * with, the cursor moves down by that wrapped height, and a block that does not fit above the footer
 * starts a new page. pdfkit never breaks a page by itself here.
 */
class Layout {
  page = 0;
  y = MARGIN;

  constructor(
    readonly doc: PDFKit.PDFDocument,
    private readonly onBox: OnReportBox | undefined,
  ) {}

  get contentWidth(): number {
    return this.doc.page.width - 2 * MARGIN;
  }

  /** The lowest y a block may reach: the footer sits below it. */
  get bottom(): number {
    return this.doc.page.height - MARGIN - FOOTER_SPACE;
  }

  style(style: Style): this {
    this.doc.font(style.font).fontSize(style.size).fillColor(style.color);
    return this;
  }

  /** The text as it will be drawn in `width` with the current style: cut with "..." if taller than `maxHeight`. */
  fit(text: string, width: number, maxHeight = BLOCK_HEIGHT_MAX): string {
    if (this.heightOf(text, width) <= maxHeight) return text;
    let low = 0;
    let high = text.length;
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if (this.heightOf(`${text.slice(0, mid)}...`, width) <= maxHeight) low = mid;
      else high = mid - 1;
    }
    return `${text.slice(0, low)}...`;
  }

  /** The wrapped height of the text in `width` with the current style. */
  heightOf(text: string, width: number): number {
    return this.doc.heightOfString(text, { width });
  }

  /** Starts a new page unless `height` more points fit on this one. */
  ensure(height: number): boolean {
    if (this.y + height <= this.bottom) return false;
    this.doc.addPage();
    this.page += 1;
    this.y = MARGIN;
    return true;
  }

  /** Draws already fitted text at (x, y) wrapped in `width` with the current style; returns its height. */
  draw(text: string, x: number, y: number, width: number, align: 'left' | 'right' = 'left'): number {
    if (text === '') return 0;
    const height = this.heightOf(text, width);
    this.doc.text(text, x, y, { width, align });
    this.onBox?.(this.page, { x, y, width, height, text });
    return height;
  }

  /** A full-width paragraph at the cursor, on a new page if it does not fit; the cursor moves below it plus `gap`. */
  paragraph(text: string, style: Style, gap: number): void {
    this.style(style);
    const fitted = this.fit(text, this.contentWidth);
    this.ensure(this.heightOf(fitted, this.contentWidth));
    this.y += this.draw(fitted, MARGIN, this.y, this.contentWidth) + gap;
  }

  /** A section heading with a rule under it, kept on one page with `keep` points of what follows. */
  heading(text: string, keep = 40): void {
    this.style(STYLE.heading);
    const fitted = this.fit(text, this.contentWidth, 80);
    const height = this.heightOf(fitted, this.contentWidth);
    this.ensure(height + 10 + keep);
    this.draw(fitted, MARGIN, this.y, this.contentWidth);
    const rule = this.y + height + 2;
    this.doc.moveTo(MARGIN, rule).lineTo(MARGIN + this.contentWidth, rule).lineWidth(1).strokeColor(COLORS.rule).stroke();
    this.y += height + 10;
  }
}

/**
 * The audit export as a PDF a person reads: a summary, the hash-chain verification result, and the
 * events table with each line's hash, a footer on every page. Standard fonts only (WinAnsi text).
 * `onBox` is told every text block laid out (tests check that none overlaps another or leaves the margins).
 */
export function auditReportPdf(report: AuditExport, onBox?: OnReportBox): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    info: { Title: `PayRail audit report - ${scopeTitle(report)}`, Author: 'PayRail', Subject: `Merchant ${report.merchant}`, CreationDate: new Date(report.generated_at) },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const layout = new Layout(doc, onBox);
  layout.paragraph('PayRail audit report', STYLE.title, 3);
  layout.paragraph(scopeTitle(report), STYLE.scope, 3);
  layout.paragraph(`Merchant ${report.merchant} - generated ${utc(report.generated_at)}`, STYLE.byline, 14);
  chainResult(layout, report);
  summary(layout, report);
  eventsTable(layout, report.events, currencies(report));
  footers(layout, report);
  doc.end();
  return done;
}

/** On every page: the report's scope (cut to one line) and the page number, inside the bottom margin's edge. */
function footers(layout: Layout, report: AuditExport): void {
  const { doc } = layout;
  const pages = doc.bufferedPageRange();
  for (let i = 0; i < pages.count; i++) {
    doc.switchToPage(pages.start + i);
    layout.page = i;
    layout.style(STYLE.footer);
    const y = doc.page.height - MARGIN - doc.currentLineHeight(true);
    const numberWidth = 80;
    const titleWidth = layout.contentWidth - numberWidth - 10;
    // Text with a width that reaches the bottom margin would make pdfkit add a page: lift it while drawing.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    layout.draw(oneLine(doc, `PayRail audit report - ${scopeTitle(report)}`, titleWidth), MARGIN, y, titleWidth);
    layout.draw(`Page ${count(i + 1)} of ${count(pages.count)}`, MARGIN + layout.contentWidth - numberWidth, y, numberWidth, 'right');
    doc.page.margins.bottom = bottom;
  }
}

/** The text cut with "..." to fit one line of `width` in the current font. */
function oneLine(doc: PDFKit.PDFDocument, text: string, width: number): string {
  const flat = text.replace(/\s+/g, ' ');
  if (doc.widthOfString(flat) <= width) return flat;
  let low = 0;
  let high = flat.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (doc.widthOfString(`${flat.slice(0, mid)}...`) <= width) low = mid;
    else high = mid - 1;
  }
  return `${flat.slice(0, low)}...`;
}

function chainResult(layout: Layout, report: AuditExport): void {
  const { doc } = layout;
  const ok = report.chain_verified;
  const inner = layout.contentWidth - 20;
  const title = ok ? 'Hash chain verified' : 'Hash chain verification FAILED';
  const detail = ok
    ? `${count(report.events.length)} events re-hashed: each hash matches its line and links to the line before it in its stream.`
    : `First failure: ${report.first_failure?.stream} line ${report.first_failure?.seq === undefined ? '?' : count(report.first_failure.seq)} (${report.first_failure?.event_id}). Run payrail verify on the data folder.`;
  const titleHeight = layout.style({ ...STYLE.heading, size: 12 }).heightOf(title, inner);
  const fitted = layout.style(STYLE.value).fit(detail, inner);
  const detailHeight = layout.heightOf(fitted, inner);
  const height = 8 + titleHeight + 6 + detailHeight + 8;
  layout.ensure(height);
  const top = layout.y;
  doc.rect(MARGIN, top, layout.contentWidth, height).lineWidth(1).fillAndStroke(COLORS.band, ok ? COLORS.ok : COLORS.fail);
  layout.style({ ...STYLE.heading, size: 12, color: ok ? COLORS.ok : COLORS.fail });
  layout.draw(title, MARGIN + 10, top + 8, inner);
  layout.style(STYLE.value);
  layout.draw(fitted, MARGIN + 10, top + 8 + titleHeight + 6, inner);
  layout.y = top + height + 16;
}

function summary(layout: Layout, report: AuditExport): void {
  layout.heading('Summary');
  const rows: Array<[string, string]> = [];
  const [only] = report.payments;
  if ('payment_intent' in report.scope && only !== undefined) {
    rows.push(...paymentRows(only));
    for (const refund of report.refunds) rows.push([`Refund ${refund.id}`, `${formatMoney(refund.amount, refund.currency)} - ${refund.status}${refund.approver === null ? '' : ` (approver ${refund.approver})`}`]);
    for (const dispute of report.disputes) rows.push([`Dispute ${dispute.id}`, `${formatMoney(dispute.amount, dispute.currency)} - ${dispute.status} - ${dispute.reason}`]);
  } else {
    rows.push(['Payments with events', count(report.payments.length)], ['Events', count(report.events.length)]);
    const byStatus = new Map<string, number>();
    const captured = new Map<string, number>();
    for (const p of report.payments) {
      byStatus.set(p.status, (byStatus.get(p.status) ?? 0) + 1);
      if (p.amount_received > 0) captured.set(p.currency, (captured.get(p.currency) ?? 0) + p.amount_received);
    }
    rows.push(['Payments by status', [...byStatus].map(([status, n]) => `${status} ${count(n)}`).join(', ') || 'none']);
    // Amounts have commas of their own: a semicolon between currencies.
    rows.push(['Captured', [...captured].map(([currency, amount]) => formatMoney(amount, currency)).join('; ') || 'none']);
    rows.push(['Refunds', count(report.refunds.length)], ['Disputes', count(report.disputes.length)]);
  }
  const labelWidth = 150;
  const valueX = MARGIN + 160;
  const valueWidth = layout.contentWidth - 160;
  for (const [label, value] of rows) {
    const fittedLabel = layout.style(STYLE.label).fit(label, labelWidth);
    const labelHeight = layout.heightOf(fittedLabel, labelWidth);
    const fittedValue = layout.style(STYLE.value).fit(value, valueWidth);
    const valueHeight = layout.heightOf(fittedValue, valueWidth);
    const height = Math.max(labelHeight, valueHeight);
    layout.ensure(height);
    layout.style(STYLE.label).draw(fittedLabel, MARGIN, layout.y, labelWidth);
    layout.style(STYLE.value).draw(fittedValue, valueX, layout.y, valueWidth);
    layout.y += height + 3;
  }
  layout.y += 14;
}

function paymentRows(p: PaymentIntent): Array<[string, string]> {
  return [
    ['Payment', p.id],
    ['Amount', formatMoney(p.amount, p.currency)],
    ['Status', p.status],
    ['Captured / refunded', `${formatMoney(p.amount_received, p.currency)} / ${formatMoney(p.amount_refunded, p.currency)}`],
    ['Card', p.card === null ? 'none' : `${p.card.brand} ${p.card.bin}...${p.card.last4}`],
    ['Processor', p.processor === null ? 'none' : `${p.processor}${p.processor_reference === null ? '' : ` (${p.processor_reference})`}`],
    ['Routing reason', p.routing_reason ?? 'none'],
    ['Reconciliation', p.reconciliation_status ?? 'not reconciled yet'],
    ['Created', unixUtc(p.created)],
    ...(p.description === null || p.description === '' ? [] : [['Description', p.description] as [string, string]]),
    ...Object.entries(p.metadata ?? {}).map(([key, value]): [string, string] => [`Metadata ${key}`, String(value)]),
  ];
}

/** The currency of every object of the export, by id: events that move money do not all repeat it. */
function currencies(report: AuditExport): Map<string, string> {
  return new Map([...report.payments, ...report.refunds, ...report.disputes].map((o) => [o.id, o.currency]));
}

const HEADERS: Record<Column, string> = { time: 'Time (UTC)', type: 'Type', ref: 'Object', amount: 'Amount', check: 'Check' };
const ALIGN: Partial<Record<Column, 'right'>> = { amount: 'right' };

function eventsTable(layout: Layout, events: VerifiedEvent[], currencyOf: Map<string, string>): void {
  const { doc } = layout;
  const shown = events.slice(0, PDF_EVENT_ROWS_MAX);
  layout.heading(`Events (${count(events.length)})`, 80);
  layout.paragraph('Under each event: its stream and line number, its id and the SHA-256 hash of the line. The JSON export has every line in full, with the previous hash each one links to.', STYLE.note, 8);
  if (events.length > PDF_EVENT_ROWS_MAX) {
    layout.paragraph(`The first ${count(PDF_EVENT_ROWS_MAX)} events are below; ${count(events.length - PDF_EVENT_ROWS_MAX)} more events are in the JSON export.`, STYLE.more, 8);
  }

  /** Each column's text fitted to its width (in the style it is drawn with) and the row's height: its tallest cell. */
  const measure = (texts: Record<Column, string>, styleOf: (column: Column) => Style): { fitted: Record<Column, string>; height: number } => {
    const fitted = { ...texts };
    let height = 0;
    for (const column of Object.keys(COLUMNS) as Column[]) {
      const width = COLUMNS[column][1];
      layout.style(styleOf(column));
      fitted[column] = layout.fit(texts[column], width, 120);
      height = Math.max(height, layout.heightOf(fitted[column], width));
    }
    return { fitted, height };
  };
  const drawCells = (fitted: Record<Column, string>, styleOf: (column: Column) => Style, y: number): void => {
    for (const column of Object.keys(COLUMNS) as Column[]) {
      const [x, width] = COLUMNS[column];
      layout.style(styleOf(column)).draw(fitted[column], MARGIN + x, y, width, ALIGN[column]);
    }
  };
  const header = measure(HEADERS, () => STYLE.columnHeader);
  const headerHeight = header.height + 5;
  const drawHeader = (): void => {
    drawCells(header.fitted, () => STYLE.columnHeader, layout.y);
    const rule = layout.y + header.height + 2;
    doc.moveTo(MARGIN, rule).lineTo(MARGIN + TABLE_WIDTH, rule).lineWidth(0.5).strokeColor(COLORS.rule).stroke();
    layout.y += headerHeight;
  };
  layout.ensure(headerHeight + 30);
  drawHeader();

  for (const event of shown) {
    const ok = event.verification.hash_valid && event.verification.linked_to_previous;
    const styleOf = (column: Column): Style => (column === 'check' ? { font: 'Helvetica-Bold', size: 8, color: ok ? COLORS.ok : COLORS.fail } : STYLE.cell);
    const cells = measure({
      time: utc(event.timestamp).replace(' UTC', ''),
      type: event.type,
      ref: event.ref,
      amount: amountOf(event, currencyOf.get(event.ref)),
      check: ok ? 'OK' : 'FAIL',
    }, styleOf);
    layout.style(STYLE.hash);
    const hashLine = layout.fit(`${event.stream} #${event.seq} - ${event.event_id} - sha256 ${event.hash}`, TABLE_WIDTH, 120);
    const hashHeight = layout.heightOf(hashLine, TABLE_WIDTH);
    const height = cells.height + 1 + hashHeight;
    // A row that does not fit starts a new page, under the column headers again.
    if (layout.ensure(height)) drawHeader();
    const y = layout.y;
    drawCells(cells.fitted, styleOf, y);
    layout.style(STYLE.hash).draw(hashLine, MARGIN, y + cells.height + 1, TABLE_WIDTH);
    layout.y = y + height + 5;
  }
}

/** The amount an event moved or reserved, if its data carries one. */
function amountOf(event: VerifiedEvent, objectCurrency: string | undefined): string {
  const amount = event.data['amount'] ?? event.data['amount_captured'] ?? event.data['amount_capturable'];
  const currency = typeof event.data['currency'] === 'string' ? event.data['currency'] : objectCurrency;
  if (typeof amount !== 'number') return '';
  return currency === undefined ? count(amount) : formatMoney(amount, currency);
}
