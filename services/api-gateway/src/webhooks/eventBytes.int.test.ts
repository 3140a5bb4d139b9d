import request from 'supertest';
import { Journal } from '@payrail/journal';
import { LEDGER_LOCK, LedgerState, STREAMS, webhookPayloadOf } from '@payrail/ledger';
import { makeTempDataDir } from '@payrail/testing';
import { DEMO_KEY, openGateway, type Harness } from '../testing/gatewayHarness';

const auth = { Authorization: `Bearer ${DEMO_KEY}` };

/**
 * The body the dispatcher signs for an event, made as ledger-service makes it: the journal's lines
 * read back from the files into a fresh LedgerState (whose objects were never in this process).
 */
async function dispatcherBodies(dir: string): Promise<Map<string, string>> {
  const state = new LedgerState();
  const events: Array<Parameters<typeof webhookPayloadOf>[1]> = [];
  const journal = await Journal.open({
    dataDir: dir,
    streams: Object.values(STREAMS),
    lockName: LEDGER_LOCK,
    onEvent: (stream, event) => {
      state.apply(stream, event);
      events.push(event);
    },
  });
  await journal.close();
  const bodies = new Map<string, string>();
  for (const event of events) {
    const payload = webhookPayloadOf(state, event);
    if (payload !== null) bodies.set(payload.id, JSON.stringify(payload));
  }
  return bodies;
}

describe('GET /v1/events/{id}', () => {
  let cleanup: () => void;
  let dir: string;
  let gw: Harness;
  beforeAll(async () => {
    ({ dir, cleanup } = makeTempDataDir('event-bytes'));
    gw = await openGateway(dir);
  });
  afterAll(async () => {
    await gw.close();
    cleanup();
  });

  it('answers the bytes of the body its webhooks carry, whatever order the client sent nested keys in', async () => {
    // Keys out of order at every level the client controls: metadata and customer.
    const body = '{"metadata":{"zeta":"1","alpha":"2","Mid":"3"},"currency":"usd","customer":{"phone":"+1","name":"Ada","email":"ada@example.com"},"amount":1200,"description":"bytes"}';
    const created = await request(gw.app).post('/v1/payment-intents').set(auth).set('Idempotency-Key', 'bytes-1').set('Content-Type', 'application/json').send(body);
    expect(created.status).toBe(200);
    const second = await request(gw.app).post('/v1/payment-intents').set(auth).set('Idempotency-Key', 'bytes-2').send({ metadata: { b: '1', a: '2' }, amount: 5, currency: 'eur' });
    expect(second.status).toBe(200);

    const bodies = await dispatcherBodies(dir);
    expect(bodies.size).toBeGreaterThanOrEqual(2);
    for (const [id, sent] of bodies) {
      const read = await request(gw.app).get(`/v1/events/${id}`).set(auth);
      expect({ id, text: read.text }).toEqual({ id, text: sent });
    }
    const listed = await request(gw.app).get('/v1/events?limit=100').set(auth);
    for (const item of listed.body.data as Array<{ id: string }>) expect(JSON.stringify(item)).toBe(bodies.get(item.id));
  });
});
