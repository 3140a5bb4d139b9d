import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadDotEnv } from '@payrail/service-kit';
import { JSON_OPTION, UsageError, cliCommand } from './commandLine';
import { serviceBaseUrls } from './healthCommand';
import { REPO_ROOT } from './startCommand';

/** How long the gateway may take to assemble a draft. */
const DRAFT_TIMEOUT_MS = 30_000;

type Cite = { stream: string; seq: number; event_id: string };
interface Draft {
  dispute: { id: string; payment_intent: string; reason: string; amount: number; currency: string; status: string };
  argument: { kind: string; summary: string; points: Array<{ text: string; cites: Cite[] }> };
  customer: Array<{ field: string; value: string; cite: Cite }>;
  delivery: Array<{ field: string; value: string; cite: Cite }>;
  card_checks: { avs: string; cvc: string };
  refunds: Array<{ id: string; amount: number; currency: string; status: string; cite: Cite }>;
  gaps: Array<{ code: string; message: string }>;
  evidence: { text: string; file_name: string };
  evidence_submittable: boolean;
}

const cite = (c: Cite): string => `${c.stream}:${c.seq}`;

/** The draft for a terminal: the argument and its points, the facts as a table with their lines, the gaps. */
export function draftText(draft: Draft): string {
  const d = draft.dispute;
  const facts = [...draft.customer, ...draft.delivery].map((fact) => [fact.field, fact.value.length > 60 ? `${fact.value.slice(0, 57)}...` : fact.value, cite(fact.cite)]);
  const width = (column: number): number => Math.max(5, ...facts.map((row) => (row[column] ?? '').length));
  const out = [
    `dispute ${d.id} (${d.reason}, ${d.status}) on ${d.payment_intent}: ${d.amount} ${d.currency} (minor units)`,
    `argument: ${draft.argument.kind}`,
    `  ${draft.argument.summary}`,
    '',
    'points (and the lines they stand on):',
    ...draft.argument.points.map((point) => `  - ${point.text}  [${point.cites.map(cite).join(', ')}]`),
    '',
    `card checks: AVS ${draft.card_checks.avs}, CVC ${draft.card_checks.cvc}`,
    ...(draft.refunds.length === 0 ? ['refunds: none'] : draft.refunds.map((refund) => `refund ${refund.id}: ${refund.amount} ${refund.currency} ${refund.status}  [${cite(refund.cite)}]`)),
    '',
    `${'field'.padEnd(width(0))}  ${'value'.padEnd(width(1))}  line`,
    ...facts.map((row) => `${(row[0] ?? '').padEnd(width(0))}  ${(row[1] ?? '').padEnd(width(1))}  ${row[2] ?? ''}`),
    '',
    ...(draft.gaps.length === 0 ? ['gaps: none'] : ['gaps:', ...draft.gaps.map((gap) => `  - ${gap.code}: ${gap.message}`)]),
    '',
    draft.evidence_submittable
      ? `evidence body ready for POST /v1/disputes/${d.id}/evidence (--json prints it; file_name ${draft.evidence.file_name})`
      : `the dispute is ${d.status}: the evidence route no longer takes evidence`,
  ];
  return `${out.join('\n')}\n`;
}

/**
 * `payrail draft DISPUTE_ID [--key KEY] [--pdf FILE] [--json]`: the dispute's response draft from the
 * running gateway (GET /v1/disputes/{id}/draft, the merchant's key: DEMO_MERCHANT_API_KEY of .env by
 * default), printed for a terminal; `--pdf` also writes its PDF. Exit 1 when the gateway refuses.
 */
export async function draftCommand(options: { id: string | undefined; key: string | undefined; pdf: string | undefined; json: boolean }, out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  if (options.id === undefined || !/^dp_[0-9a-z]{26}$/.test(options.id)) throw new UsageError('draft needs a dispute id: payrail draft dp_...', 'draft');
  const env = { ...loadDotEnv(path.join(REPO_ROOT, '.env')), ...process.env };
  const gateway = serviceBaseUrls(env).find((service) => service.service === 'api-gateway')?.url ?? 'http://127.0.0.1:8080';
  const key = options.key ?? env['DEMO_MERCHANT_API_KEY'] ?? '';
  const get = async (suffix: string): Promise<{ status: number; body: any }> => {
    const response = await fetch(`${gateway}/v1/disputes/${options.id}/${suffix}`, { headers: { authorization: `Bearer ${key}` }, signal: AbortSignal.timeout(DRAFT_TIMEOUT_MS) });
    return { status: response.status, body: await response.json().catch(() => null) };
  };
  let answer: { status: number; body: any };
  try {
    answer = await get('draft');
  } catch (error) {
    err.write(`payrail draft: the gateway at ${gateway} did not answer (${(error as Error).message}): is npm start running?\n`);
    return 1;
  }
  if (answer.status !== 200) {
    err.write(`payrail draft: ${answer.status} ${String(answer.body?.error?.code ?? '')}: ${String(answer.body?.error?.message ?? 'no body')}\n`);
    return 1;
  }
  out.write(options.json ? `${JSON.stringify(answer.body, null, 2)}\n` : draftText(answer.body as Draft));
  if (options.pdf !== undefined) {
    const file = await get('draft.pdf');
    if (file.status !== 200) {
      err.write(`payrail draft: the PDF: ${file.status} ${String(file.body?.error?.message ?? '')}\n`);
      return 1;
    }
    writeFileSync(options.pdf, Buffer.from(String(file.body.content_base64), 'base64'));
    if (!options.json) out.write(`wrote ${options.pdf} (${file.body.size} bytes)\n`);
  }
  return 0;
}

export const DRAFT_COMMAND = cliCommand({
  name: 'draft',
  synopsis: 'draft --id dp_... [--key KEY] [--pdf FILE] [--json]',
  summary: "a dispute's response draft from the running gateway: argument, facts with their lines, gaps (--pdf writes the PDF)",
  options: {
    id: { type: 'string', value: 'DISPUTE', help: 'the dispute (dp_...)' },
    key: { type: 'string', value: 'KEY', help: "the merchant's API key (default: DEMO_MERCHANT_API_KEY of .env)" },
    pdf: { type: 'string', value: 'FILE', help: 'also write the draft as a PDF there' },
    json: JSON_OPTION,
  },
  run: (values) => draftCommand(values),
});
