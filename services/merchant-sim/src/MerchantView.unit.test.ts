import fc from 'fast-check';
import type { JournalEvent } from '@payrail/journal';
import { DELIVERY_RECEIVED, type DeliveryRecord } from './deliveries/deliveryRecord';
import { eventDetail, eventSummary } from './deliveries/eventViews';
import { MerchantView } from './MerchantView';
import { orderDetail } from './orders/orderViews';
import { prettyJsonInSlices, type SnapshotTexts } from './snapshots/SnapshotWriter';

let seq = 0;

/** A journal line as the deliveries stream holds it. */
function line(record: Partial<DeliveryRecord> & { webhook_id: string; body: unknown }): JournalEvent {
  seq += 1;
  const data: DeliveryRecord = {
    delivery_id: `del_${String(seq).padStart(26, '0')}`,
    env: 'local',
    attempt: 1,
    received_at: new Date(1_700_000_000_000 + seq * 1000).toISOString(),
    signature_valid: true,
    mode: 'normal',
    status: 200,
    latency_ms: 1,
    duplicate: false,
    headers: {},
    body_bytes: 10,
    ...record,
  };
  return { event_id: `evt_${seq}`, type: DELIVERY_RECEIVED, ref: record.webhook_id, seq, timestamp: data.received_at, data: data as unknown as Record<string, unknown>, prev_hash: '', hash: '' };
}

const piEvent = (id: string, created: number, status: string) => ({ id, type: `payment_intent.${status}`, created, data: { object: { id: 'pi_x', object: 'payment_intent', amount: 100, currency: 'USD', status } } });

describe('MerchantView', () => {
  it('an order shows the status of its latest event by creation time, whatever the arrival order', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 10_000 }), { minLength: 1, maxLength: 8 }).chain((times) => fc.tuple(fc.constant(times), fc.shuffledSubarray(times, { minLength: times.length }))),
        ([createdTimes, arrivalTimes]) => {
        const view = new MerchantView();
        for (const created of arrivalTimes) view.apply(line({ webhook_id: `evt_${created}`, body: piEvent(`evt_${created}`, created, `s${created}`) }));
        const order = view.orders.get('pi_x');
        const latest = Math.max(...createdTimes);
        expect(order?.status).toBe(`s${latest}`);
        expect(order?.history.map((entry) => entry.created)).toEqual([...createdTimes].sort((a, b) => a - b));
        },
      ),
    );
  });

  it('among events of one second, a later step wins whatever the arrival order: captured never goes back to authorized', () => {
    const steps = ['created', 'authorized', 'captured'];
    fc.assert(
      fc.property(fc.shuffledSubarray(steps, { minLength: 3 }), (arrival) => {
        const view = new MerchantView();
        for (const status of arrival) view.apply(line({ webhook_id: `evt_same_${status}`, body: piEvent(`evt_same_${status}`, 500, status) }));
        expect(view.orders.get('pi_x')?.status).toBe('captured');
        expect(view.orders.get('pi_x')?.history.map((entry) => entry.status)).toEqual(steps);
      }),
    );
    const refund = (id: string, type: string, status: string) => ({ id, type, created: 600, data: { object: { id: 're_1', object: 'refund', payment_intent: 'pi_x', amount: 50, currency: 'USD', status } } });
    const view = new MerchantView();
    view.apply(line({ webhook_id: 'evt_r2', body: refund('evt_r2', 'refund.succeeded', 'succeeded') }));
    view.apply(line({ webhook_id: 'evt_r1', body: refund('evt_r1', 'refund.created', 'approved') }));
    expect(view.orders.get('pi_x')?.refunds.get('re_1')?.status).toBe('succeeded');
  });

  it("joins an escrow's events to the order of its payment intent, latest step first", () => {
    const escrow = (id: string, type: string, status: string, released: number) => ({
      id, type, created: 700,
      data: { object: { id: 'esc_1', object: 'escrow', payment_intent: 'pi_x', status, amount: 100, payees: [{ payee: 'seller_1', role: 'seller', amount: 100, released }], amount_in_custody: 100 - released, amount_released: released, amount_refunded: 0 } },
    });
    const view = new MerchantView();
    view.apply(line({ webhook_id: 'evt_e3', body: escrow('evt_e3', 'escrow.partially_released', 'in_custody', 40) }));
    view.apply(line({ webhook_id: 'evt_e2', body: escrow('evt_e2', 'escrow.funded', 'in_custody', 0) }));
    view.apply(line({ webhook_id: 'evt_e1', body: escrow('evt_e1', 'escrow.created', 'awaiting_payment', 0) }));
    expect(view.orders.get('pi_x')?.escrow).toMatchObject({ id: 'esc_1', status: 'in_custody', amount_released: 40, payees: [{ payee: 'seller_1', released: 40 }], last_event_type: 'escrow.partially_released' });
  });

  it('lists the history by creation, then within one second by step among one kind of object, else by arrival', () => {
    const view = new MerchantView();
    const refund = (id: string, type: string) => ({ id, type, created: 800, data: { object: { id: 're_1', object: 'refund', payment_intent: 'pi_x', status: 'succeeded', amount: 10 } } });
    view.apply(line({ webhook_id: 'evt_c', body: { ...piEvent('evt_c', 800, 'captured'), type: 'payment_intent.captured' } }));
    view.apply(line({ webhook_id: 'evt_a', body: { ...piEvent('evt_a', 800, 'authorized'), type: 'payment_intent.authorized' } }));
    view.apply(line({ webhook_id: 'evt_r1', body: refund('evt_r1', 'refund.created') }));
    view.apply(line({ webhook_id: 'evt_r2', body: refund('evt_r2', 'refund.succeeded') }));
    // The authorization arrived after the capture but is its earlier step; the refund, of another kind, comes by arrival.
    expect(view.orders.get('pi_x')?.history.map((entry) => entry.type)).toEqual(['payment_intent.authorized', 'payment_intent.captured', 'refund.created', 'refund.succeeded']);
  });

  it('of two partial releases in one second, keeps the one that released more, whichever arrives last', () => {
    const partial = (id: string, released: number) => ({
      id, type: 'escrow.partially_released', created: 700,
      data: { object: { id: 'esc_1', object: 'escrow', payment_intent: 'pi_x', status: 'in_custody', amount: 100, payees: [{ payee: 'seller_1', role: 'seller', amount: 100, released }], amount_in_custody: 100 - released, amount_released: released, amount_refunded: 0 } },
    });
    const view = new MerchantView();
    view.apply(line({ webhook_id: 'evt_p2', body: partial('evt_p2', 70) }));
    view.apply(line({ webhook_id: 'evt_p1', body: partial('evt_p1', 30) }));
    expect(view.orders.get('pi_x')?.escrow).toMatchObject({ amount_released: 70, amount_in_custody: 30 });
  });

  it('trusts the payload of a verified attempt: a later tampered delivery with the same id changes nothing', () => {
    const view = new MerchantView();
    const genuine = piEvent('evt_t', 1, 'captured');
    const forged = { ...genuine, data: { object: { ...genuine.data.object, status: 'refunded' } } };
    view.apply(line({ webhook_id: 'evt_t', body: genuine }));
    view.apply(line({ webhook_id: 'evt_t', body: forged, signature_valid: false, signature_reason: 'no_matching_signature', status: 400, duplicate: true }));
    const event = view.deliveries.get('evt_t');
    expect(event === undefined ? undefined : eventSummary(event)).toMatchObject({ attempts: 2, processed: true, badges: { signature: 'SIG OK', retries: 1 } });
    expect(event === undefined ? undefined : eventDetail(event).timeline[1]).toMatchObject({ signature: 'SIG FAIL', body: forged });
    expect(view.orders.get('pi_x')?.status).toBe('captured');
  });

  it('an event first seen unverified takes the payload of the first verified attempt', () => {
    const view = new MerchantView();
    const genuine = piEvent('evt_u', 1, 'authorized');
    view.apply(line({ webhook_id: 'evt_u', body: { junk: true }, signature_valid: false, status: 400 }));
    expect(view.orders.get('pi_x')).toBeUndefined();
    view.apply(line({ webhook_id: 'evt_u', body: genuine, attempt: 2 }));
    expect(view.deliveries.get('evt_u')?.payload).toEqual(genuine);
    expect(view.orders.get('pi_x')?.status).toBe('authorized');
  });

  it('the Δ badge shows the delay of the attempt that was processed', () => {
    const view = new MerchantView();
    view.apply(line({ webhook_id: 'evt_d', body: piEvent('evt_d', 1, 'created'), status: 503, mode: 'offline', delta_ms: 1_000 }));
    view.apply(line({ webhook_id: 'evt_d', body: piEvent('evt_d', 1, 'created'), attempt: 2, delta_ms: 12_340 }));
    view.apply(line({ webhook_id: 'evt_d', body: piEvent('evt_d', 1, 'created'), attempt: 3, delta_ms: 99_000, duplicate: true }));
    const event = view.deliveries.get('evt_d');
    expect(event === undefined ? undefined : eventSummary(event)).toMatchObject({ badges: { retries: 2, delta_s: 12.3 }, labels: ['SIG OK', 'RETRY 2', 'Δ +12.3s'] });
  });
});

describe('snapshot texts kept by revision', () => {
  it('are what a fresh rendering writes, after any sequence of deliveries (revisions move with every change)', async () => {
    const delivery = fc.record({
      event: fc.integer({ min: 1, max: 4 }),
      created: fc.integer({ min: 1, max: 50 }),
      status: fc.constantFrom('requires_capture', 'succeeded', 'canceled'),
      signature_valid: fc.boolean(),
      http_status: fc.constantFrom(200, 500),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(delivery, { minLength: 1, maxLength: 12 }), async (deliveries) => {
        const view = new MerchantView();
        const texts: SnapshotTexts = new WeakMap();
        const render = (cache?: SnapshotTexts) => prettyJsonInSlices({
          events: { items: view.deliveries.newestFirst(), detail: eventDetail, revision: (event: { revision: number }) => event.revision },
          payments: { items: view.orders.newestFirst(), detail: orderDetail, revision: (order: { revision: number }) => order.revision },
        }, { ms: 0 }, cache);
        for (const d of deliveries) {
          view.apply(line({ webhook_id: `evt_w${d.event}`, body: piEvent(`evt_w${d.event}`, d.created, d.status), signature_valid: d.signature_valid, status: d.http_status }));
          expect(await render(texts)).toBe(await render());
        }
      }),
      { numRuns: 100, seed: 20261207 },
    );
  });
});
