import { BOOK_EVENTS } from './bookStreams';
import { nextCharge, PIX_REFUND_WINDOW_MS, pixRefundWindowOpen, pixStatus, type SimCharge } from './charge';

const CREATED = '2026-03-10T12:00:00.000Z';
const EXPIRES = '2026-03-10T13:00:00.000Z';
const PAID = '2026-03-10T12:30:00.000Z';

function pixCharge(): SimCharge {
  return nextCharge(undefined, {
    type: BOOK_EVENTS.pixChargeCreated,
    ref: 'ch_pix',
    timestamp: CREATED,
    data: { provider: 'providerA', payment_intent: 'pi_1', amount: 1_000, currency: 'BRL', txid: 'T'.repeat(32), payload: '000201', expires_at: EXPIRES },
  });
}

const paid = (charge: SimCharge, at = PAID): SimCharge =>
  nextCharge(charge, { type: BOOK_EVENTS.pixChargePaid, ref: 'ch_pix', timestamp: at, data: { provider: 'providerA', amount: 1_000, end_to_end_id: `E99999999202603101230${'a'.repeat(11)}`, late: false, trigger: 'admin' } });

describe('a Pix charge in the books', () => {
  it('is pending until its expiry, expired after it, and paid once paid (its money captured)', () => {
    const charge = pixCharge();
    expect(charge).toMatchObject({ status: 'pending', card: null, capture_method: 'automatic', amount_captured: 0, pix: { end_to_end_id: null, paid_late: false } });
    expect(pixStatus(charge, Date.parse(EXPIRES) - 1)).toBe('pending');
    expect(pixStatus(charge, Date.parse(EXPIRES))).toBe('expired');
    const after = paid(charge);
    expect(after).toMatchObject({ status: 'captured', amount_captured: 1_000, captured_at: PAID, pix: { end_to_end_id: expect.stringMatching(/^E/) } });
    expect(pixStatus(after, Date.parse(EXPIRES) + 1)).toBe('paid');
  });

  it('can be returned (devolução) within 90 days of its payment, not after', () => {
    const after = paid(pixCharge());
    expect(pixRefundWindowOpen(pixCharge(), Date.parse(PAID))).toBe(false); // unpaid: nothing to return
    expect(pixRefundWindowOpen(after, Date.parse(PAID) + PIX_REFUND_WINDOW_MS)).toBe(true);
    expect(pixRefundWindowOpen(after, Date.parse(PAID) + PIX_REFUND_WINDOW_MS + 1)).toBe(false);
    expect(PIX_REFUND_WINDOW_MS).toBe(90 * 24 * 60 * 60 * 1000);
  });

  it('cannot be paid twice: the books refuse a second payment as a programmer error', () => {
    expect(() => paid(paid(pixCharge()))).toThrow(/no pending Pix charge/);
  });
});
