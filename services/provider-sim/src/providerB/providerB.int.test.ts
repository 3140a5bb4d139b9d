import { DECLINE_DIALECTS, declineCodeFromAdyen, TEST_CARDS, TIMEOUT_TEST_CARD, verifyAdyenHmacSignature, type AdyenSignedFields } from '@payrail/core';
import { adyenItem, adyenPayment, HMAC_KEY, startSim, typeOf, type Delivery, type Sim } from '../testing/simHarness';

describe('providerB (Adyen-like) on a real provider-sim process', () => {
  let sim: Sim;
  beforeAll(async () => {
    sim = await startSim();
  });
  afterAll(async () => {
    await sim.stop();
  });

  const notificationsOf = (reference: string): Delivery[] => sim.receiver.of('providerB').filter((delivery) => adyenItem(delivery)['merchantReference'] === reference);
  const verified = (delivery: Delivery): boolean => verifyAdyenHmacSignature(adyenItem(delivery) as unknown as AdyenSignedFields, HMAC_KEY).ok;

  describe('test cards', () => {
    const immediate = TEST_CARDS.filter((card) => card.behaviour.kind !== 'times_out');

    it.each(immediate.map((card) => [card.number, card.behaviour] as const))('%s answers in Adyen terms and notifies AUTHORISATION', async (number, behaviour) => {
      const body = adyenPayment(number);
      const reference = String(body['reference']);

      const res = await sim.call('POST', '/providerB/v68/payments', body);

      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ pspReference: expect.stringMatching(/^[0-9A-Z]{16}$/), merchantReference: reference, amount: { value: 2500, currency: 'EUR' } });
      if (behaviour.kind === 'declines') {
        const refusal = DECLINE_DIALECTS[behaviour.decline_code].adyen;
        expect(res.body).toMatchObject(refusal);
        expect(declineCodeFromAdyen(res.body as { refusalReasonCode: string })).toBe(behaviour.decline_code);
      } else {
        expect(res.body['resultCode']).toBe('Authorised');
      }
      await sim.receiver.waitFor(() => notificationsOf(reference).length === 1, `the notification of ${number}`);
      const [delivery] = notificationsOf(reference) as [Delivery];
      expect(delivery.body['live']).toBe('false');
      expect(adyenItem(delivery)).toMatchObject({
        eventCode: 'AUTHORISATION',
        success: behaviour.kind === 'declines' ? 'false' : 'true',
        pspReference: res.body['pspReference'],
        merchantAccountCode: 'PayRailECOM',
        amount: { value: 2500, currency: 'EUR' },
        eventDate: expect.any(String),
      });
      expect(verified(delivery)).toBe(true);
    });

    it('the timeout card authorizes but answers late; the inquiry by reference finds it', async () => {
      const body = adyenPayment(TIMEOUT_TEST_CARD);

      await expect(sim.call('POST', '/providerB/v68/payments', body, { timeout_ms: 400 })).rejects.toThrow(/timeout|aborted/i);
      const inquiry = await sim.call('GET', `/providerB/v68/payments?reference=${String(body['reference'])}`);

      expect(inquiry.body['data']).toEqual([expect.objectContaining({ resultCode: 'Authorised', status: 'Authorised', merchantReference: body['reference'] })]);
    });
  });

  describe('modifications', () => {
    it('captures part, refunds, each with its own pspReference and a signed notification', async () => {
      const body = adyenPayment('5555555555554444', { value: 10_000 });
      const reference = String(body['reference']);

      const payment = await sim.call('POST', '/providerB/v68/payments', body);
      const psp = String(payment.body['pspReference']);
      const wrongCurrency = await sim.call('POST', `/providerB/v68/payments/${psp}/captures`, { amount: { value: 100, currency: 'USD' } });
      const capture = await sim.call('POST', `/providerB/v68/payments/${psp}/captures`, { amount: { value: 8000, currency: 'EUR' }, merchantAccount: 'PayRailECOM' });
      const refund = await sim.call('POST', `/providerB/v68/payments/${psp}/refunds`, { amount: { value: 3000, currency: 'EUR' } });
      const cancel = await sim.call('POST', `/providerB/v68/payments/${psp}/cancels`, {});

      expect(wrongCurrency.body['error']).toMatchObject({ code: 'parameter_invalid', param: 'amount.currency' });
      expect(capture.status).toBe(201);
      expect(capture.body).toMatchObject({ pspReference: expect.stringMatching(/^[0-9A-Z]{16}$/), paymentPspReference: psp, status: 'received', amount: { value: 8000, currency: 'EUR' } });
      expect(refund.body).toMatchObject({ paymentPspReference: psp, status: 'received', amount: { value: 3000, currency: 'EUR' } });
      expect(cancel.status).toBe(409);
      await sim.receiver.waitFor(() => notificationsOf(reference).length === 3, 'three notifications');
      const items = notificationsOf(reference).map(adyenItem);
      expect(items.map((item) => item['eventCode'])).toEqual(['AUTHORISATION', 'CAPTURE', 'REFUND']);
      expect(items[1]).toMatchObject({ pspReference: capture.body['pspReference'], originalReference: psp, amount: { value: 8000 } });
      expect(items[2]).toMatchObject({ pspReference: refund.body['pspReference'], originalReference: psp, amount: { value: 3000 } });
      expect(notificationsOf(reference).every(verified)).toBe(true);
    });

    it('auto-captures with captureDelayHours 0 and cancels an uncaptured payment', async () => {
      const auto = adyenPayment('4242424242424242', { autoCapture: true });
      const manual = adyenPayment('4242424242424242');

      await sim.call('POST', '/providerB/v68/payments', auto);
      const payment = await sim.call('POST', '/providerB/v68/payments', manual);
      const cancel = await sim.call('POST', `/providerB/v68/payments/${String(payment.body['pspReference'])}/cancels`, { reference: 'cancel-1' });
      const inquiry = await sim.call('GET', `/providerB/v68/payments?reference=${String(auto['reference'])}`);

      expect(cancel.body).toMatchObject({ paymentPspReference: payment.body['pspReference'], status: 'received', reference: 'cancel-1' });
      expect(inquiry.body['data']).toEqual([expect.objectContaining({ status: 'Captured', captures: [expect.objectContaining({ amount: { value: 2500, currency: 'EUR' } })] })]);
      await sim.receiver.waitFor(() => notificationsOf(String(manual['reference'])).length === 2 && notificationsOf(String(auto['reference'])).length === 2, 'notifications');
      expect(notificationsOf(String(auto['reference'])).map(typeOf)).toEqual(['AUTHORISATION', 'CAPTURE']);
      expect(notificationsOf(String(manual['reference'])).map(typeOf)).toEqual(['AUTHORISATION', 'CANCELLATION']);
    });

    it('names the parameter of a bad request the Adyen way and stores nothing', async () => {
      const body = adyenPayment('4242424242424242');
      const bad = { ...body, paymentMethod: { ...(body['paymentMethod'] as object), type: 'paypal' } };

      const res = await sim.call('POST', '/providerB/v68/payments', bad);
      const missing = await sim.call('POST', '/providerB/v68/payments', { ...body, merchantAccount: undefined });

      expect(res.status).toBe(400);
      expect(res.body['error']).toMatchObject({ code: 'parameter_invalid', param: 'paymentMethod.type' });
      expect(missing.body['error']).toMatchObject({ code: 'parameter_missing', param: 'merchantAccount' });
      expect((await sim.call('GET', `/providerB/v68/payments?reference=${String(body['reference'])}`)).body['data']).toEqual([]);
    });
  });

  describe('chargebacks', () => {
    it('notifies NOTIFICATION_OF_CHARGEBACK after capture of the dispute card, and CHARGEBACK_REVERSED when won', async () => {
      const body = adyenPayment('4000000000000259', { autoCapture: true });
      const reference = String(body['reference']);

      const payment = await sim.call('POST', '/providerB/v68/payments', body);
      await sim.receiver.waitFor(() => notificationsOf(reference).some((d) => typeOf(d) === 'NOTIFICATION_OF_CHARGEBACK'), 'NOTIFICATION_OF_CHARGEBACK');
      await sim.admin('POST', `/admin/disputes/${String(payment.body['pspReference'])}/resolve`, { outcome: 'won' });
      await sim.receiver.waitFor(() => notificationsOf(reference).some((d) => typeOf(d) === 'CHARGEBACK_REVERSED'), 'CHARGEBACK_REVERSED');

      const items = notificationsOf(reference).map(adyenItem);
      expect(items.map((item) => item['eventCode'])).toEqual(['AUTHORISATION', 'CAPTURE', 'NOTIFICATION_OF_CHARGEBACK', 'CHARGEBACK_REVERSED']);
      expect(items[2]).toMatchObject({ pspReference: payment.body['pspReference'], success: 'true', amount: { value: 2500, currency: 'EUR' } });
      expect(notificationsOf(reference).every(verified)).toBe(true);
    });
  });

  describe('acknowledgement', () => {
    it('retries a notification until the answer carries [accepted]', async () => {
      const body = adyenPayment('4242424242424242');
      const reference = String(body['reference']);
      let answered = 0;
      sim.receiver.answer = (delivery) => {
        if (adyenItem(delivery)['merchantReference'] !== reference) return { status: 200, body: '[accepted]' };
        answered += 1;
        return answered < 3 ? { status: 200, body: 'ok' } : { status: 200, body: '[accepted]' };
      };

      await sim.call('POST', '/providerB/v68/payments', body);
      await sim.receiver.waitFor(() => notificationsOf(reference).length === 3, 'three attempts');
      await new Promise((resolve) => setTimeout(resolve, 400));

      expect(notificationsOf(reference)).toHaveLength(3);
      expect(new Set(notificationsOf(reference).map((d) => d.raw)).size).toBe(1);
    });
  });
});
