import * as path from 'node:path';
import { Journal, writeJsonAtomic, type JournalLogger } from '@payrail/journal';

const STREAM = 'gateway/provider_webhooks';
/** The most bytes of a webhook body kept in the inbox line. */
const BODY_CHARS_MAX = 16_000;
const EVENT_ID_CHARS_MAX = 200;
const REF_CHARS_MAX = 128;
const EVENT_TYPE_CHARS_MAX = 100;
const PAYMENT_INTENT_CHARS_MAX = 64;
const REASON_CHARS_MAX = 500;

export interface Receipt {
  provider: string;
  provider_event_id: string | null;
  event_type: string | null;
  signature_valid: boolean;
  signature_reason?: string;
  outcome: 'applied' | 'ignored' | 'duplicate' | 'out_of_order' | 'rejected';
  /** Why an authentic webhook was not applied (it disagrees with the payment, or cannot be read). */
  rejection_reason?: string;
  payment_intent: string | null;
  ledger_event_ids: string[];
  body: Record<string, unknown> | string;
}

/**
 * Every processor webhook the gateway received, valid or not, as a line of
 * `gateway/provider_webhooks.jsonl` (nothing is dropped). `gateway/processed_events.json` is the
 * rebuildable snapshot of the webhook ids already handled.
 */
export class WebhookInbox {
  private readonly handled = new Map<string, { outcome: string; at: string }>();
  private journal: Journal | null = null;

  private constructor(private readonly dataDir: string) {}

  static async open(dataDir: string, logger?: JournalLogger): Promise<WebhookInbox> {
    const inbox = new WebhookInbox(dataDir);
    inbox.journal = await Journal.open({
      dataDir,
      streams: [STREAM],
      lockName: 'gateway/.provider_webhooks',
      onEvent: (_stream, event) => {
        const data = event.data as unknown as Receipt;
        if (data.signature_valid && data.provider_event_id !== null && data.outcome !== 'duplicate') {
          inbox.handled.set(`${data.provider}:${data.provider_event_id}`, { outcome: data.outcome, at: event.timestamp });
        }
      },
      onReset: () => inbox.handled.clear(),
      ...(logger ? { logger } : {}),
    });
    await inbox.writeSnapshot();
    return inbox;
  }

  /** What became of a valid webhook with this id before (in any gateway process), if it came before. */
  async prior(provider: string, id: string): Promise<'applied' | 'ignored' | null> {
    await this.journal?.catchUp();
    return (this.handled.get(`${provider}:${id}`)?.outcome as 'applied' | 'ignored' | undefined) ?? null;
  }

  async record(receipt: Receipt, correlationId: string): Promise<void> {
    // Whatever a sender put in them, the fields fit the line's schema (cut to their limits, never refused).
    const body = typeof receipt.body === 'string' ? receipt.body.slice(0, BODY_CHARS_MAX) : receipt.body;
    const id = receipt.provider_event_id === null ? null : receipt.provider_event_id.slice(0, EVENT_ID_CHARS_MAX);
    await this.journal?.append(STREAM, {
      type: 'provider_webhook.received',
      ref: id === null || id === '' ? 'unknown' : id.slice(0, REF_CHARS_MAX),
      correlation_id: correlationId,
      data: {
        ...receipt,
        provider_event_id: id,
        event_type: receipt.event_type === null ? null : receipt.event_type.slice(0, EVENT_TYPE_CHARS_MAX),
        payment_intent: receipt.payment_intent === null ? null : receipt.payment_intent.slice(0, PAYMENT_INTENT_CHARS_MAX),
        ...(receipt.signature_reason === undefined ? {} : { signature_reason: receipt.signature_reason.slice(0, REASON_CHARS_MAX) }),
        body,
      },
    });
    if (receipt.signature_valid) await this.writeSnapshot();
  }

  private async writeSnapshot(): Promise<void> {
    await writeJsonAtomic(path.join(this.dataDir, 'gateway', 'processed_events.json'), Object.fromEntries(this.handled));
  }

  /** Whether the inbox journal writes (see Journal.health). */
  health(): ReturnType<Journal['health']> {
    return this.journal === null ? { ok: false, reason: 'the inbox is closed' } : this.journal.health();
  }

  async close(): Promise<void> {
    await this.journal?.close();
  }
}
