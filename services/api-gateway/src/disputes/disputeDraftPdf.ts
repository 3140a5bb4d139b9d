import PDFDocument from 'pdfkit';
import { BASE_STYLE, COLORS, REPORT_MARGIN, formatMoney, type Style } from '../console/auditReportPdf';
import { citationText, type Citation, type CitedFact, type DisputeDraft } from './disputeDraft';

/** The most timeline rows and webhook receipts the PDF prints; the JSON draft has them all. */
export const PDF_DRAFT_ROWS_MAX = 500;

const MARGIN = REPORT_MARGIN;
/** Room a heading keeps below itself on its page: it never ends a page alone. */
const HEADING_KEEP = 60;
/** Room kept above the bottom margin for the footer: flowing text stops above it. */
const FOOTER_SPACE = 18;

const STYLE = {
  ...BASE_STYLE,
  body: { font: 'Helvetica', size: 10, color: COLORS.text },
  cite: { font: 'Courier', size: 7, color: COLORS.muted },
  evidence: { font: 'Courier', size: 8, color: COLORS.text },
  footer: { font: 'Helvetica', size: 8, color: COLORS.muted },
} as const satisfies Record<string, Style>;

const utc = (iso: string): string => `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
const plural = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;

/** The draft's title, for the PDF's info, its footer and the File object. */
export const draftTitle = (draft: DisputeDraft): string => `Dispute ${draft.dispute.id} on payment ${draft.dispute.payment_intent}`;

/**
 * The draft as a PDF a person reads and can attach to the dispute: the argument with each point's
 * lines, the gaps, the suggested evidence text, then every fact of the packet with the journal line it
 * stands on, and a footer on every page. Standard fonts only (WinAnsi text); text flows from page to
 * page as pdfkit wraps it.
 */
export function disputeDraftPdf(draft: DisputeDraft): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: MARGIN + FOOTER_SPACE },
    bufferPages: true,
    info: { Title: `PayRail dispute response draft - ${draftTitle(draft)}`, Author: 'PayRail', Subject: `Merchant ${draft.merchant}`, CreationDate: new Date(draft.generated_at) },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const page = new Page(doc);
  page.text('PayRail dispute response draft', STYLE.title, 3);
  page.text(draftTitle(draft), STYLE.scope, 3);
  page.text(`Merchant ${draft.merchant} - generated ${utc(draft.generated_at)} - ${draft.chain_verified ? 'hash chain verified' : 'hash chain verification FAILED'}`, STYLE.byline, 14);
  argument(page, draft);
  gaps(page, draft);
  evidence(page, draft);
  facts(page, draft);
  timeline(page, draft);
  receipts(page, draft);
  footers(doc, `PayRail dispute response draft - ${draft.dispute.id}`);
  doc.end();
  return done;
}

/** The document's flow: styled text at the cursor, full width between the margins. */
class Page {
  constructor(readonly doc: PDFKit.PDFDocument) {}

  get width(): number {
    return this.doc.page.width - 2 * MARGIN;
  }

  text(text: string, style: Style, gap: number): void {
    this.doc.font(style.font).fontSize(style.size).fillColor(style.color).text(text, MARGIN, this.doc.y, { width: this.width });
    this.doc.y += gap;
  }

  /** A section heading with a rule under it, on a new page when fewer than HEADING_KEEP points would follow it. */
  heading(text: string): void {
    if (this.doc.y + HEADING_KEEP > this.doc.page.height - this.doc.page.margins.bottom) this.doc.addPage();
    this.doc.y += 6;
    this.text(text, STYLE.heading, 2);
    this.doc.moveTo(MARGIN, this.doc.y).lineTo(MARGIN + this.width, this.doc.y).lineWidth(1).strokeColor(COLORS.rule).stroke();
    this.doc.y += 6;
  }

  /** A fact: `label: value`, then the lines it stands on in small type. */
  fact(label: string, value: string, cites: readonly Citation[]): void {
    this.doc.font(STYLE.label.font).fontSize(STYLE.label.size).fillColor(STYLE.label.color).text(`${label}: `, MARGIN, this.doc.y, { width: this.width, continued: true });
    this.doc.font(STYLE.value.font).fontSize(STYLE.value.size).fillColor(STYLE.value.color).text(value);
    if (cites.length > 0) this.text(cites.map(citationText).join('; '), STYLE.cite, 0);
    this.doc.y += 4;
  }
}

function argument(page: Page, draft: DisputeDraft): void {
  page.heading(`Argument: ${draft.argument.kind.replace(/_/g, ' ')}`);
  page.text(draft.argument.summary, STYLE.body, 8);
  draft.argument.points.forEach((point, i) => page.fact(`Point ${i + 1}`, point.text, point.cites));
}

function gaps(page: Page, draft: DisputeDraft): void {
  page.heading(`Gaps (${draft.gaps.length})`);
  if (draft.gaps.length === 0) page.text('None found by the rules.', STYLE.value, 4);
  for (const gap of draft.gaps) page.fact(gap.code, gap.message, []);
}

function evidence(page: Page, draft: DisputeDraft): void {
  page.heading(draft.evidence_submittable ? 'Suggested evidence (POST /v1/disputes/{id}/evidence)' : `Suggested evidence (not submittable: the dispute is ${draft.dispute.status})`);
  page.fact('file_name', draft.evidence.file_name, []);
  page.text(draft.evidence.text, STYLE.evidence, 6);
}

function facts(page: Page, draft: DisputeDraft): void {
  const d = draft.dispute;
  page.heading('Dispute');
  page.fact('Amount', formatMoney(d.amount, d.currency), [d.cite]);
  page.fact('Reason', `${d.reason} (${d.reason_category.replace(/_/g, ' ')})`, [d.cite]);
  page.fact('Processor', `${d.processor}${d.processor_dispute_id === null ? '' : ` (${d.processor_dispute_id})`}`, [d.cite]);
  page.fact('Status', `${d.status}, funds ${d.funds_status.replace(/_/g, ' ')}`, [d.status_cite]);
  page.fact('Opened', utc(d.opened_at), [d.cite]);

  page.heading('Authorization and capture');
  for (const [label, step] of [['Authorization', draft.authorization], ['Capture', draft.capture]] as const) {
    page.fact(label, step === null ? 'not recorded' : `${formatMoney(step.amount, step.currency)} by ${step.processor}${step.processor_reference === null ? '' : `, reference ${step.processor_reference}`}, ${utc(step.at)}`, step === null ? [] : [step.cite]);
  }
  const checks = draft.card_checks;
  page.fact('AVS / CVC', `${checks.avs} / ${checks.cvc}. ${checks.explanation}`, checks.cite === null ? [] : [checks.cite]);
  factList(page, 'Card', draft.card);
  factList(page, 'Customer', draft.customer);
  factList(page, 'Delivery and shipping', draft.delivery);
  factList(page, 'Other details', draft.other_details);

  page.heading(`Refunds (${draft.refunds.length})`);
  if (draft.refunds.length === 0) page.text('No refund on this payment.', STYLE.value, 4);
  for (const r of draft.refunds) page.fact(r.id, `${formatMoney(r.amount, r.currency)} - ${r.status}${r.reason === null ? '' : ` - ${r.reason}`} - requested ${utc(r.requested_at)}`, [r.cite, r.status_cite]);
}

function factList(page: Page, title: string, list: readonly CitedFact[]): void {
  page.heading(title);
  if (list.length === 0) page.text('Not recorded.', STYLE.value, 4);
  for (const fact of list) page.fact(fact.field, fact.value, [fact.cite]);
}

function timeline(page: Page, draft: DisputeDraft): void {
  const currency = draft.dispute.currency;
  page.heading(`Timeline (${plural(draft.timeline.length, 'ledger line')})`);
  for (const entry of draft.timeline.slice(0, PDF_DRAFT_ROWS_MAX)) {
    const amount = entry.amount === null ? '' : ` - ${formatMoney(entry.amount, currency)}`;
    page.fact(utc(entry.at), `${entry.type} ${entry.ref}${amount}${entry.verified ? '' : ' - hash check FAILED'}`, [entry.cite]);
  }
  more(page, draft.timeline.length, 'ledger lines');
}

function receipts(page: Page, draft: DisputeDraft): void {
  const total = draft.webhook_receipts.length + draft.webhook_receipts_omitted;
  page.heading(`Webhook receipts (${plural(total, 'delivery attempt')})`);
  if (total === 0) page.text("No delivery attempt of this payment's events is recorded.", STYLE.value, 4);
  for (const r of draft.webhook_receipts.slice(0, PDF_DRAFT_ROWS_MAX)) {
    page.fact(utc(r.attempted_at), `${r.event_type} ${r.event_id} to ${r.endpoint_url} - attempt ${r.attempt}: ${r.outcome}${r.status_code === null ? '' : ` (HTTP ${r.status_code})`}`, [r.cite]);
  }
  more(page, total, 'delivery attempts');
}

function more(page: Page, total: number, what: string): void {
  if (total > PDF_DRAFT_ROWS_MAX) page.text(`The first ${PDF_DRAFT_ROWS_MAX} are above; ${total - PDF_DRAFT_ROWS_MAX} more ${what} are in the JSON draft.`, { ...STYLE.byline, font: 'Helvetica-Oblique' }, 4);
}

/** On every page: `title` (one short line) and the page number, inside the bottom margin's edge. */
function footers(doc: PDFKit.PDFDocument, title: string): void {
  const pages = doc.bufferedPageRange();
  const width = doc.page.width - 2 * MARGIN;
  for (let i = 0; i < pages.count; i++) {
    doc.switchToPage(pages.start + i);
    doc.font(STYLE.footer.font).fontSize(STYLE.footer.size).fillColor(STYLE.footer.color);
    const y = doc.page.height - MARGIN - doc.currentLineHeight(true);
    // Text that reaches the bottom margin would make pdfkit add a page: lift the margin while drawing.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.text(title, MARGIN, y, { width: width - 90, lineBreak: false });
    doc.text(`Page ${i + 1} of ${pages.count}`, MARGIN + width - 80, y, { width: 80, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
}
