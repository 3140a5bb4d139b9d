import { formatMinor } from '@payrail/core';
import type { PaymentIntent } from '@payrail/ledger';
import PDFDocument from 'pdfkit';
import type { AuditExport, VerifiedEvent } from './auditExport';

/** The most event rows a PDF report prints; the JSON export always has them all. */
export const PDF_EVENT_ROWS_MAX = 2_000;

const MARGIN = 48;
const COLORS = { text: '#111827', muted: '#4b5563', ok: '#166534', fail: '#b91c1c', rule: '#d1d5db', band: '#f3f4f6' } as const;
/** Event table columns: x offset from the margin and width, in points (A4 is 595 wide). */
const COLUMNS = { time: [0, 92], type: [94, 150], ref: [246, 132], amount: [380, 80], check: [462, 37] } as const;

const utc = (iso: string): string => `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
const unixUtc = (seconds: number): string => utc(new Date(seconds * 1000).toISOString());
const money = (amount: number, currency: string): string => `${formatMinor(amount, currency)} ${currency}`;

/** The scope in words, for the title and file names. */
export function scopeTitle(report: AuditExport): string {
  const scope = report.scope;
  return 'payment_intent' in scope ? `Payment ${scope.payment_intent}` : `Events from ${unixUtc(scope.created_gte)} to ${unixUtc(scope.created_lte)}`;
}

/**
 * The audit export as a PDF a person reads: a header on every page, a summary, the hash-chain
 * verification result, and the events table with each line's hash. Standard fonts only (ASCII text).
 */
export function auditReportPdf(report: AuditExport): Promise<Buffer> {
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

  doc.font('Helvetica-Bold').fontSize(20).fillColor(COLORS.text).text('PayRail audit report');
  doc.moveDown(0.2).font('Helvetica').fontSize(12).text(scopeTitle(report));
  doc.moveDown(0.2).fontSize(9).fillColor(COLORS.muted).text(`Merchant ${report.merchant} - generated ${utc(report.generated_at)}`);
  doc.moveDown(1);
  chainResult(doc, report);
  doc.moveDown(1);
  summary(doc, report);
  doc.moveDown(1);
  eventsTable(doc, report.events, currencies(report));

  const pages = doc.bufferedPageRange();
  for (let i = 0; i < pages.count; i++) {
    doc.switchToPage(pages.start + i);
    // Writing inside the bottom margin would add a page: lift the margin while drawing the footer.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('Helvetica').fontSize(8).fillColor(COLORS.muted);
    doc.text(`PayRail audit report - ${scopeTitle(report)}`, MARGIN, doc.page.height - 32, { width: doc.page.width - 2 * MARGIN - 80, lineBreak: false });
    doc.text(`Page ${i + 1} of ${pages.count}`, doc.page.width - MARGIN - 80, doc.page.height - 32, { width: 80, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}

function chainResult(doc: PDFKit.PDFDocument, report: AuditExport): void {
  const ok = report.chain_verified;
  const top = doc.y;
  doc.rect(MARGIN, top, doc.page.width - 2 * MARGIN, 46).fillAndStroke(COLORS.band, ok ? COLORS.ok : COLORS.fail);
  doc.fillColor(ok ? COLORS.ok : COLORS.fail).font('Helvetica-Bold').fontSize(12)
    .text(ok ? 'Hash chain verified' : 'Hash chain verification FAILED', MARGIN + 10, top + 8);
  const detail = ok
    ? `${report.events.length} events re-hashed: each hash matches its line and links to the line before it in its stream.`
    : `First failure: ${report.first_failure?.stream} line ${report.first_failure?.seq} (${report.first_failure?.event_id}). Run payrail verify on the data folder.`;
  doc.font('Helvetica').fontSize(9).fillColor(COLORS.text).text(detail, MARGIN + 10, top + 26, { width: doc.page.width - 2 * MARGIN - 20 });
  doc.x = MARGIN;
  doc.y = top + 56;
}

function summary(doc: PDFKit.PDFDocument, report: AuditExport): void {
  heading(doc, 'Summary');
  const rows: Array<[string, string]> = [];
  const [only] = report.payments;
  if ('payment_intent' in report.scope && only !== undefined) {
    rows.push(...paymentRows(only));
    for (const refund of report.refunds) rows.push([`Refund ${refund.id}`, `${money(refund.amount, refund.currency)} - ${refund.status}${refund.approver === null ? '' : ` (approver ${refund.approver})`}`]);
    for (const dispute of report.disputes) rows.push([`Dispute ${dispute.id}`, `${money(dispute.amount, dispute.currency)} - ${dispute.status} - ${dispute.reason}`]);
  } else {
    rows.push(['Payments with events', String(report.payments.length)], ['Events', String(report.events.length)]);
    const byStatus = new Map<string, number>();
    const captured = new Map<string, number>();
    for (const p of report.payments) {
      byStatus.set(p.status, (byStatus.get(p.status) ?? 0) + 1);
      if (p.amount_received > 0) captured.set(p.currency, (captured.get(p.currency) ?? 0) + p.amount_received);
    }
    rows.push(['Payments by status', [...byStatus].map(([status, n]) => `${status} ${n}`).join(', ') || 'none']);
    rows.push(['Captured', [...captured].map(([currency, amount]) => money(amount, currency)).join(', ') || 'none']);
    rows.push(['Refunds', String(report.refunds.length)], ['Disputes', String(report.disputes.length)]);
  }
  for (const [label, value] of rows) {
    const y = doc.y;
    doc.font('Helvetica-Bold').fontSize(9).fillColor(COLORS.muted).text(label, MARGIN, y, { width: 150 });
    doc.font('Helvetica').fillColor(COLORS.text).text(value, MARGIN + 160, y, { width: doc.page.width - 2 * MARGIN - 160 });
    doc.moveDown(0.3);
  }
  doc.x = MARGIN;
}

function paymentRows(p: PaymentIntent): Array<[string, string]> {
  return [
    ['Payment', p.id],
    ['Amount', money(p.amount, p.currency)],
    ['Status', p.status],
    ['Captured / refunded', `${money(p.amount_received, p.currency)} / ${money(p.amount_refunded, p.currency)}`],
    ['Card', p.card === null ? 'none' : `${p.card.brand} ${p.card.bin}...${p.card.last4}`],
    ['Processor', p.processor === null ? 'none' : `${p.processor}${p.processor_reference === null ? '' : ` (${p.processor_reference})`}`],
    ['Routing reason', p.routing_reason ?? 'none'],
    ['Reconciliation', p.reconciliation_status ?? 'not reconciled yet'],
    ['Created', unixUtc(p.created)],
  ];
}

function heading(doc: PDFKit.PDFDocument, text: string): void {
  doc.font('Helvetica-Bold').fontSize(13).fillColor(COLORS.text).text(text, MARGIN);
  doc.moveTo(MARGIN, doc.y + 2).lineTo(doc.page.width - MARGIN, doc.y + 2).strokeColor(COLORS.rule).stroke();
  doc.moveDown(0.6);
}

/** The currency of every object of the export, by id: events that move money do not all repeat it. */
function currencies(report: AuditExport): Map<string, string> {
  return new Map([...report.payments, ...report.refunds, ...report.disputes].map((o) => [o.id, o.currency]));
}

function eventsTable(doc: PDFKit.PDFDocument, events: VerifiedEvent[], currencyOf: Map<string, string>): void {
  heading(doc, `Events (${events.length})`);
  doc.font('Helvetica').fontSize(8).fillColor(COLORS.muted)
    .text('Under each event: its stream and line number, its id and the SHA-256 hash of the line. The JSON export has every line in full, with the previous hash each one links to.', MARGIN);
  doc.moveDown(0.6);
  const header = (): void => {
    const y = doc.y;
    doc.font('Helvetica-Bold').fontSize(8).fillColor(COLORS.muted);
    cell(doc, 'Time (UTC)', 'time', y);
    cell(doc, 'Type', 'type', y);
    cell(doc, 'Object', 'ref', y);
    cell(doc, 'Amount', 'amount', y);
    cell(doc, 'Check', 'check', y);
    doc.y = y + 14;
  };
  header();
  for (const event of events.slice(0, PDF_EVENT_ROWS_MAX)) {
    if (doc.y > doc.page.height - MARGIN - 40) {
      doc.addPage();
      header();
    }
    const y = doc.y;
    const ok = event.verification.hash_valid && event.verification.linked_to_previous;
    doc.font('Helvetica').fontSize(8).fillColor(COLORS.text);
    cell(doc, utc(event.timestamp).replace(' UTC', ''), 'time', y);
    cell(doc, event.type, 'type', y);
    cell(doc, event.ref, 'ref', y);
    cell(doc, amountOf(event, currencyOf.get(event.ref)), 'amount', y);
    doc.fillColor(ok ? COLORS.ok : COLORS.fail).font('Helvetica-Bold');
    cell(doc, ok ? 'OK' : 'FAIL', 'check', y);
    doc.font('Courier').fontSize(6.3).fillColor(COLORS.muted).text(`${event.stream} #${event.seq} - ${event.event_id} - sha256 ${event.hash}`, MARGIN, y + 11, { lineBreak: false });
    doc.y = y + 24;
  }
  if (events.length > PDF_EVENT_ROWS_MAX) {
    doc.font('Helvetica-Oblique').fontSize(8).fillColor(COLORS.muted).text(`${events.length - PDF_EVENT_ROWS_MAX} more events are in the JSON export.`, MARGIN);
  }
}

function cell(doc: PDFKit.PDFDocument, text: string, column: keyof typeof COLUMNS, y: number): void {
  const [x, width] = COLUMNS[column];
  doc.text(text, MARGIN + x, y, { width, lineBreak: false, ellipsis: true });
}

/** The amount an event moved or reserved, if its data carries one. */
function amountOf(event: VerifiedEvent, objectCurrency: string | undefined): string {
  const amount = event.data['amount'] ?? event.data['amount_captured'] ?? event.data['amount_capturable'];
  const currency = typeof event.data['currency'] === 'string' ? event.data['currency'] : objectCurrency;
  if (typeof amount !== 'number') return '';
  return currency === undefined ? String(amount) : money(amount, currency.toUpperCase());
}
