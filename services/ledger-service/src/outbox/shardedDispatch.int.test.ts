import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { WebhookStack, type SimEnv } from '../testing/webhookStack';

// The dispatcher on a ledger in shards (LEDGER_SHARDS=3): it tails every shard's streams, each with its
// own checkpoint, and delivers every merchant's events once, across a kill -9 of ledger-service.

const SHARDS = 3;
const MERCHANTS = 6;
const PAYMENTS = 3;

describe('webhooks from a ledger in shards (LEDGER_SHARDS=3)', () => {
  let stack: WebhookStack;
  const keys: string[] = [];
  const events: string[] = [];

  beforeAll(async () => {
    stack = await WebhookStack.start('sharded-dispatch', { LEDGER_SHARDS: String(SHARDS), WEBHOOK_RETRY_SCHEDULE: '0,100ms,200ms,300ms' });
    keys.push(stack.demoKey);
    for (let i = 1; i < MERCHANTS; i++) keys.push(await stack.newMerchant());
    // merchant-sim keeps a few secrets per receiver: two merchants on each of its three.
    const receivers: SimEnv[] = ['local', 'sandbox', 'staging'];
    const secrets = new Map<SimEnv, string[]>(receivers.map((receiver) => [receiver, []]));
    for (const [i, key] of keys.entries()) {
      const receiver = receivers[i % receivers.length] as SimEnv;
      secrets.get(receiver)?.push((await stack.endpoint(key, receiver)).secret);
    }
    for (const receiver of receivers) {
      await stack.setSimSecrets(receiver, secrets.get(receiver) ?? []);
      await stack.setSimMode(receiver, 'normal');
    }
  }, 60_000);
  afterAll(async () => {
    await stack?.close();
  });

  /** How often merchant-sim processed each event (a delivery it answered 200 and did not flag as a duplicate). */
  const processed = (): Map<string, number> => {
    const counts = new Map<string, number>();
    for (const d of stack.simDeliveries()) if (d.status === 200 && !d.duplicate && d.webhook_id !== undefined) counts.set(d.webhook_id, (counts.get(d.webhook_id) ?? 0) + 1);
    return counts;
  };

  async function pay(): Promise<void> {
    await Promise.all(keys.map(async (key) => {
      for (let n = 0; n < PAYMENTS; n++) events.push((await stack.payment(key, 1_000 + n)).event);
    }));
  }

  it('delivers every merchant\'s events from every shard once, each shard\'s streams checkpointed on their own', async () => {
    await pay();
    await stack.waitForMerchant(events, 20_000);
    const counts = processed();
    expect(events.filter((id) => counts.get(id) !== 1)).toEqual([]);
    const used = [...new Set(Array.from({ length: SHARDS }, (_, i) => i).filter((i) => stack.lines(`ledger/shards/${i}/payments`).length > 0))];
    expect(used.length).toBeGreaterThan(1);
    expect(stack.lines('ledger/payments')).toEqual([]);
    // The checkpoint is written a moment after the batch it covers.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const offsets = (JSON.parse(readFileSync(path.join(stack.dir, 'outbox', 'offsets.json'), 'utf8')) as { streams: Record<string, { seq: number }> }).streams;
    for (const shard of used) expect(offsets[`ledger/shards/${shard}/payments`]?.seq).toBe(stack.lines(`ledger/shards/${shard}/payments`).length);
  }, 60_000);

  it('after a kill -9 of ledger-service, resumes each shard from its checkpoint: what follows is delivered, nothing is processed twice', async () => {
    await stack.restartLedger('kill');
    await pay();
    await stack.waitForMerchant(events, 20_000);
    const counts = processed();
    expect(events.filter((id) => counts.get(id) !== 1)).toEqual([]);
  }, 60_000);
});
