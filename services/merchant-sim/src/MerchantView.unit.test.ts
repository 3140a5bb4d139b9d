import fc from 'fast-check';
import type { JournalEvent } from '@payrail/journal';
import { DELIVERY_RECEIVED, type DeliveryRecord } from './deliveries/deliveryRecord';
import { eventDetail, eventSummary } from './deliveries/eventViews';
import { MerchantView } from './MerchantView';

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
