import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ledgerFiles } from '@payrail/ledger';
import { cite, forEachJournalLine, type Citation, type Line } from './jsonLines';

/** Citations kept per incident (the count says how many lines stand behind it). */
const EVIDENCE_MAX = 10;
/** Fewer failures than this of one kind are not an incident. */
const INCIDENT_MIN = 3;

const DELIVERIES = 'outbox/deliveries.jsonl';
const METRICS = 'metrics/service_metrics.jsonl';

export type IncidentKind = 'processor_unavailable' | 'declines' | 'card_testing' | 'webhook_failures' | 'journal';

/** Who and how much an incident touched. */
export interface BlastRadius {
  payments: number;
  merchants: string[];
  /** Minor units, per currency (upper case). */
  amount: Record<string, number>;
  /** Webhook events not delivered (webhook incidents). */
  events?: number;
}

export interface Incident {
  kind: IncidentKind;
  severity: 'page' | 'ticket';
  title: string;
  probable_cause: string;
  next_action: string;
  first_seen: string;
  last_seen: string;
  /** Lines behind it. */
  count: number;
  blast_radius: BlastRadius;
  /** The first lines it stands on (at most EVIDENCE_MAX): check them with jq or sed. */
  evidence: Citation[];
}

export interface TriageReport {
  object: 'triage';
  since: string;
  generated_at: string;
  incidents: Incident[];
  /** What was read: lines per file in the window. */
  read: Record<string, number>;
}

interface Payment {
  merchant: string;
  amount: number;
  currency: string;
}

/** A group of failure lines on their way to an incident. */
class Group {
  readonly lines: Array<{ file: string; line: Line; note: string }> = [];
  readonly payments = new Set<string>();
  readonly extra = new Map<string, number>();
  add(file: string, line: Line, note: string, payment?: string): void {
    this.lines.push({ file, line, note });
    if (payment !== undefined) this.payments.add(payment);
  }
}

const percent = (ratio: number): string => `${Math.round(ratio * 1000) / 10} %`;

function blastRadius(group: Group, payments: ReadonlyMap<string, Payment>, merchantsOfLines = false): BlastRadius {
  const merchants = new Set<string>();
  const amount: Record<string, number> = {};
  for (const id of group.payments) {
    const payment = payments.get(id);
    if (payment === undefined) continue;
    merchants.add(payment.merchant);
    amount[payment.currency] = (amount[payment.currency] ?? 0) + payment.amount;
  }
  if (merchantsOfLines) for (const { line } of group.lines) if (line.merchant_id !== undefined) merchants.add(line.merchant_id);
  return { payments: group.payments.size, merchants: [...merchants].sort(), amount };
}

function incident(kind: IncidentKind, severity: Incident['severity'], group: Group, payments: ReadonlyMap<string, Payment>, words: { title: string; cause: string; action: string }): Incident {
  const times = group.lines.map(({ line }) => line.timestamp).sort();
  return {
    kind,
    severity,
    title: words.title,
    probable_cause: words.cause,
    next_action: words.action,
    first_seen: times[0] ?? '',
    last_seen: times[times.length - 1] ?? '',
    count: group.lines.length,
    blast_radius: blastRadius(group, payments, kind === 'webhook_failures'),
    evidence: group.lines.slice(0, EVIDENCE_MAX).map(({ file, line, note }) => cite(file, line, note)),
  };
}

const DECLINE_CAUSES: Record<string, string> = {
  insufficient_funds: 'the cards lack funds: customers, not the gateway',
  card_declined: 'issuers refuse the cards (generic decline)',
  expired_card: 'cards past their expiry: stale saved cards',
  incorrect_cvc: 'wrong CVCs: typing errors, or someone guessing',
};

/**
 * Triage of what went wrong since `since_ms`: reads the ledger's payments stream (every shard's), the webhook
 * delivery log, the metrics samples (breaker states) and the quarantine folder, and groups the
 * failures into incidents, each with its probable cause, blast radius (payments, merchants, amount),
 * the next action, and the lines it stands on. Deterministic rules, no model: the same files always
 * give the same incidents.
 */
export async function triage(options: { dataDir: string; since_ms: number; now_ms?: number }): Promise<TriageReport> {
  const { dataDir, since_ms } = options;
  const now = options.now_ms ?? Date.now();
  const inWindow = (line: Line): boolean => {
    const at = Date.parse(line.timestamp);
    return at >= since_ms && at <= now;
  };
  const read: Record<string, number> = {};
  const count = (file: string): void => {
    read[file] = (read[file] ?? 0) + 1;
  };

  // The ledger: every payment's amount (for blast radii), declines and approvals of the window by processor.
  const payments = new Map<string, Payment>();
  const declineGroups = new Map<string, Group>();
  const decided = new Map<string, { approved: number; declined: number }>();
  const cardAttempts = new Map<string, Group>();
  const lastCard = new Map<string, { fingerprint: string; last4: string }>();
  const paymentsFiles = ledgerFiles(dataDir, 'payments');
  for (const { file } of paymentsFiles) {
    await forEachJournalLine(path.join(dataDir, file), (line) => {
      const data = line.data ?? {};
      if (line.type === 'payment_intent.created') {
        payments.set(line.ref, { merchant: line.merchant_id ?? '', amount: Number(data['amount'] ?? 0), currency: String(data['currency'] ?? '').toUpperCase() });
        return;
      }
      if (!inWindow(line)) return;
      count(file);
      if (line.type === 'payment_intent.authorization_requested') {
        const card = data['card'] as { fingerprint?: string; last4?: string } | undefined;
        if (card?.fingerprint !== undefined) lastCard.set(line.ref, { fingerprint: card.fingerprint, last4: card.last4 ?? '????' });
        return;
      }
      const processor = typeof data['processor'] === 'string' ? data['processor'] : 'no processor';
      const tally = decided.get(processor) ?? { approved: 0, declined: 0 };
      decided.set(processor, tally);
      if (line.type === 'payment_intent.authorized') tally.approved += 1;
      if (line.type !== 'payment_intent.declined') return;
      const code = String(data['decline_code'] ?? 'unknown');
      // A processor that did not answer is an error, not a decline: it stays out of the decline rates.
      if (code !== 'processing_error') tally.declined += 1;
      if (code === 'fraudulent') {
        const card = lastCard.get(line.ref);
        const key = card?.fingerprint ?? 'unknown card';
        const group = cardAttempts.get(key) ?? new Group();
        group.add(file, line, `declined fraudulent (${String(data['message'] ?? '').slice(0, 80)})`, line.ref);
        if (card !== undefined) group.extra.set(`last4:${card.last4}`, 1);
        cardAttempts.set(key, group);
        return;
      }
      const key = `${processor}\u0000${code}`;
      const group = declineGroups.get(key) ?? new Group();
      group.add(file, line, `declined ${code} at ${processor}`, line.ref);
      declineGroups.set(key, group);
    });
  }
  // Read shard after shard, a group's lines are in time order only within each shard: in time order
  // across shards, its evidence is its first lines, as on an unsharded ledger.
  if (paymentsFiles.length > 1) {
    for (const group of [...declineGroups.values(), ...cardAttempts.values()]) group.lines.sort((a, b) => (a.line.timestamp < b.line.timestamp ? -1 : a.line.timestamp > b.line.timestamp ? 1 : 0));
  }

  // Breaker openings, from the gateway's samples: a processor's breaker seen open after closed.
  const openings = new Map<string, Group>();
  const lastBreaker = new Map<string, string>();
  await forEachJournalLine(path.join(dataDir, METRICS), (line) => {
    const breakers = line.data?.['breakers'] as Record<string, string> | undefined;
    if (line.type !== 'metrics.sampled' || breakers === undefined) return;
    const window = inWindow(line);
    if (window) count(METRICS);
    for (const [processor, state] of Object.entries(breakers)) {
      const before = lastBreaker.get(processor) ?? 'closed';
      lastBreaker.set(processor, state);
      if (!window || state !== 'open' || before === 'open') continue;
      const group = openings.get(processor) ?? new Group();
      group.add(METRICS, line, `${processor}'s breaker open (was ${before}) in the gateway's sample`);
      openings.set(processor, group);
    }
  });

  // Webhook deliveries that failed, by endpoint and how they failed.
  const webhookGroups = new Map<string, Group & { url?: string; status?: string }>();
  await forEachJournalLine(path.join(dataDir, DELIVERIES), (line) => {
    if (line.type !== 'outbox.delivery_attempted' || !inWindow(line)) return;
    count(DELIVERIES);
    const outcome = line.data['outcome'];
    if (outcome === 'delivered') return;
    const endpoint = line.data['endpoint'] as { id?: string; url?: string } | undefined;
    const status = typeof line.data['status'] === 'number' ? String(line.data['status']) : 'no answer';
    const key = `${endpoint?.url ?? '?'}\u0000${status}`;
    const group = webhookGroups.get(key) ?? Object.assign(new Group(), { url: endpoint?.url ?? '?', status });
    group.add(DELIVERIES, line, `${String(line.data['event_type'])} to ${endpoint?.url ?? '?'}: ${status}${typeof line.data['error'] === 'string' ? ` (${line.data['error'].slice(0, 60)})` : ''}, ${String(outcome)}`);
    group.extra.set(String(line.data['event_id']), 1);
    webhookGroups.set(key, group);
  });

  const incidents: Incident[] = [];
  const rate = (processor: string): { rate: number; decided: number } => {
    const tally = decided.get(processor) ?? { approved: 0, declined: 0 };
    const all = tally.approved + tally.declined;
    return { rate: all === 0 ? 0 : tally.declined / all, decided: all };
  };

  // Processors that did not answer: processing_error declines, with the breaker openings beside them.
  const processors = new Set([...[...declineGroups.keys()].filter((key) => key.endsWith('\u0000processing_error')).map((key) => key.split('\u0000')[0] as string), ...openings.keys()]);
  for (const processor of [...processors].sort()) {
    const group = declineGroups.get(`${processor}\u0000processing_error`) ?? new Group();
    const opened = openings.get(processor);
    for (const entry of opened?.lines ?? []) group.lines.push(entry);
    if (group.lines.length < INCIDENT_MIN && opened === undefined) continue;
    declineGroups.delete(`${processor}\u0000processing_error`);
    const failures = group.payments.size;
    incidents.push(incident('processor_unavailable', 'page', group, payments, {
      title: `${processor} is not answering`,
      cause: `${processor} did not answer ${failures} authorization${failures === 1 ? '' : 's'} (outage or timeouts)${opened === undefined ? '' : `; its breaker opened ${opened.lines.length} time${opened.lines.length === 1 ? '' : 's'}`}: the processor, not the cards.`,
      action: `Check ${processor} (provider-sim: GET /admin/processors/faults; a real gateway: its status page). Routing fails over while its breaker is open; if it lasts, add it to "disabled" in data/gateway/routing.json. Nothing was charged for these payments.`,
    }));
  }

  // Declines by processor and code, with the processor's decline rate against the others'.
  for (const [key, group] of [...declineGroups].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (group.lines.length < INCIDENT_MIN) continue;
    const [processor = '', code = ''] = key.split('\u0000');
    const mine = rate(processor);
    const others = [...decided.keys()].filter((name) => name !== processor && name !== 'no processor').map(rate).filter((other) => other.decided > 0);
    const otherRate = others.length === 0 ? null : others.reduce((sum, other) => sum + other.rate * other.decided, 0) / others.reduce((sum, other) => sum + other.decided, 0);
    const concentrated = otherRate !== null && mine.rate > Math.max(2 * otherRate, otherRate + 0.1);
    incidents.push(incident('declines', 'ticket', group, payments, {
      title: `${group.lines.length} ${code} declines at ${processor}`,
      cause: concentrated
        ? `${processor} declines ${percent(mine.rate)} of its authorizations against ${percent(otherRate ?? 0)} elsewhere: its risk rules or its issuers' answers, not the customers.`
        : `${DECLINE_CAUSES[code] ?? `declines with code ${code}`}; ${processor} declines ${percent(mine.rate)} of ${mine.decided}${otherRate === null ? '' : `, about the ${percent(otherRate)} of the others`}.`,
      action: concentrated
        ? `Compare ${processor} with the other processor on the same traffic: a routing canary of ${processor}'s share (routing.json "canaries") measures it; move the traffic if it holds.`
        : 'Nothing to fix in the gateway; ask customers for another card, and watch the rate.',
    }));
  }

  // The velocity rule tripping on one card: card testing.
  for (const [fingerprint, group] of cardAttempts) {
    if (group.lines.length < INCIDENT_MIN) continue;
    const last4 = [...group.extra.keys()].find((key) => key.startsWith('last4:'))?.slice(6) ?? '????';
    incidents.push(incident('card_testing', 'ticket', group, payments, {
      title: `${group.lines.length} payments refused by the velocity rule on card ····${last4}`,
      cause: `One card (fingerprint ${fingerprint.slice(0, 12)}…) was tried ${group.lines.length} times past VELOCITY_MAX_PAYMENTS: card testing, or a checkout retrying in a loop.`,
      action: 'Block the card or the customer in the shop, check the checkout for a retry loop; the velocity rule already refuses them (nothing was sent to a processor).',
    }));
  }

  // Webhook failures by endpoint and status.
  for (const group of [...webhookGroups.values()].sort((a, b) => b.lines.length - a.lines.length)) {
    if (group.lines.length < INCIDENT_MIN) continue;
    const status = group.status ?? 'no answer';
    const cause = status === 'no answer'
      ? 'the endpoint does not answer: down, unreachable, or slower than WEBHOOK_TIMEOUT_MS'
      : status === '410'
        ? 'the endpoint answered 410 Gone: PayRail disabled it'
        : status.startsWith('5')
          ? `the merchant's endpoint fails (HTTP ${status}): an error in its handler`
          : status === '401' || status === '403' || status === '400'
            ? `the endpoint rejects the deliveries (HTTP ${status}): most often a signing secret out of date after a rotation, or a parser that refuses the payload`
            : `the endpoint answers HTTP ${status}`;
    const found = incident('webhook_failures', 'ticket', group, payments, {
      title: `${group.lines.length} failed webhook attempts to ${group.url ?? '?'} (${status})`,
      cause: `${cause}.`,
      action: 'Fix the endpoint, then send the dead letters again: POST /v1/events/{id}/retry, or the console\'s dead-letter queue (Events). The events are kept; nothing is lost.',
    });
    found.blast_radius.events = group.extra.size;
    incidents.push(found);
  }

  // Journal errors: torn tails moved to quarantine/ at recovery.
  const quarantine = path.join(dataDir, 'quarantine');
  const entries = await fs.readdir(quarantine).catch(() => [] as string[]);
  const torn = new Group();
  for (const name of entries.filter((entry) => entry.endsWith('.json')).sort()) {
    const text = await fs.readFile(path.join(quarantine, name), 'utf8').catch(() => '');
    let record: { stream?: string; reason?: string; quarantined_at?: string } = {};
    try {
      record = JSON.parse(text) as typeof record;
    } catch {
      continue;
    }
    const at = Date.parse(record.quarantined_at ?? '');
    if (!(at >= since_ms && at <= now)) continue;
    torn.add(`quarantine/${name}`, { seq: 0, event_id: '', type: 'quarantine', ref: record.stream ?? '', timestamp: record.quarantined_at ?? '', data: {} }, `${record.stream ?? '?'}: ${record.reason ?? '?'}`);
  }
  if (torn.lines.length > 0) {
    const found = incident('journal', 'page', torn, payments, {
      title: `${torn.lines.length} torn journal line${torn.lines.length === 1 ? '' : 's'} moved to quarantine`,
      cause: 'A writer died in the middle of a write (kill -9, a crash, a full disk): the partial last line was never acknowledged, so nothing acknowledged was lost.',
      action: 'Run `payrail verify`; look at the writer\'s log around that time (disk full? killed?); the bytes are in quarantine/ if you need them.',
    });
    found.evidence = torn.lines.slice(0, EVIDENCE_MAX).map(({ file, note }) => ({ file, note }));
    incidents.push(found);
  }

  const rank = (found: Incident): number => (found.severity === 'page' ? 0 : 1);
  incidents.sort((a, b) => rank(a) - rank(b) || b.count - a.count);
  return { object: 'triage', since: new Date(since_ms).toISOString(), generated_at: new Date(now).toISOString(), incidents, read };
}
