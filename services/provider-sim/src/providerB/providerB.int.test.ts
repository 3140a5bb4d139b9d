import { DECLINE_DIALECTS, declineCodeFromAdyen, TEST_CARDS, TIMEOUT_TEST_CARD, verifyAdyenHmacSignature, type AdyenSignedFields } from '@payrail/core';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { hmacValidator as HmacValidator } from '@adyen/api-library';
import { adyenItem, adyenPayment, HMAC_KEY, startSim, typeOf, type Delivery, type Sim } from '../testing/simHarness';

type NotificationRequestItem = Parameters<HmacValidator['validateHMAC']>[0];

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
      // Adyen sends each notification on its own; they may arrive in either order (seen under load in CI).
      expect(notificationsOf(String(auto['reference'])).map(typeOf).sort()).toEqual(['AUTHORISATION', 'CAPTURE']);
      expect(notificationsOf(String(manual['reference'])).map(typeOf).sort()).toEqual(['AUTHORISATION', 'CANCELLATION']);
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
    // Adyen's own library is the oracle of the signatures (validateHMAC over each NotificationRequestItem).
    const adyenVerified = (delivery: Delivery): boolean => new HmacValidator().validateHMAC(adyenItem(delivery) as unknown as NotificationRequestItem, HMAC_KEY);
    const codes = (reference: string): string[] => notificationsOf(reference).map((d) => String(adyenItem(d)['eventCode']));
    const disputeOf = async (number = '4242424242424242'): Promise<{ reference: string; psp: string }> => {
      const body = adyenPayment(number, { autoCapture: true });
      const payment = await sim.call('POST', '/providerB/v68/payments', body);
      const psp = String(payment.body['pspReference']);
      const opened = await sim.admin('POST', '/admin/disputes', { provider: 'providerB', reference: psp });
      expect(opened.status).toBe(201);
      return { reference: String(body['reference']), psp };
    };

    it('the dispute card: NOTIFICATION_OF_CHARGEBACK after capture; won: CHARGEBACK then CHARGEBACK_REVERSED, with the dispute and payment references and disputeStatus', async () => {
      const body = adyenPayment('4000000000000259', { autoCapture: true });
      const reference = String(body['reference']);

      const payment = await sim.call('POST', '/providerB/v68/payments', body);
      await sim.receiver.waitFor(() => codes(reference).includes('NOTIFICATION_OF_CHARGEBACK'), 'NOTIFICATION_OF_CHARGEBACK');
      const won = await sim.admin('POST', `/admin/disputes/${String(payment.body['pspReference'])}/resolve`, { outcome: 'won' });
      await sim.receiver.waitFor(() => codes(reference).includes('CHARGEBACK_REVERSED'), 'CHARGEBACK_REVERSED');

      const items = notificationsOf(reference).map(adyenItem);
      expect(won.status).toBe(200);
      expect(items.map((item) => item['eventCode'])).toEqual(['AUTHORISATION', 'CAPTURE', 'NOTIFICATION_OF_CHARGEBACK', 'CHARGEBACK', 'CHARGEBACK_REVERSED']);
      const disputePsp = items[2]?.['pspReference'];
      expect(disputePsp).toMatch(/^[0-9A-Z]{16}$/);
      expect(disputePsp).not.toBe(payment.body['pspReference']);
      for (const item of items.slice(2)) {
        expect(item).toMatchObject({ pspReference: disputePsp, originalReference: payment.body['pspReference'], success: 'true', amount: { value: 2500, currency: 'EUR' } });
      }
      expect(items.slice(2).map((item) => item.additionalData?.['disputeStatus'])).toEqual(['Undefended', 'Pending', 'Won']);
      expect(notificationsOf(reference).every(verified)).toBe(true);
      expect(notificationsOf(reference).every(adyenVerified)).toBe(true);
    });

    it('lost: CHARGEBACK with disputeStatus Lost; then won again is refused, and lost a second time after a win is the SECOND_CHARGEBACK', async () => {
      const lost = await disputeOf();
      const resolved = await sim.admin('POST', `/admin/disputes/${lost.psp}/resolve`, { outcome: 'lost' });
      await sim.receiver.waitFor(() => codes(lost.reference).includes('CHARGEBACK'), 'CHARGEBACK');
      const again = await sim.admin('POST', `/admin/disputes/${lost.psp}/resolve`, { outcome: 'won' });
      expect(resolved.body).toMatchObject({ dispute: { status: 'lost' } });
      expect(again.status).toBe(409);
      expect(adyenItem(notificationsOf(lost.reference).at(-1) as Delivery).additionalData?.['disputeStatus']).toBe('Lost');

      const second = await disputeOf();
      await sim.admin('POST', `/admin/disputes/${second.psp}/resolve`, { outcome: 'won' });
      const prearbitration = await sim.admin('POST', `/admin/disputes/${second.psp}/resolve`, { outcome: 'lost' });
      await sim.receiver.waitFor(() => codes(second.reference).includes('SECOND_CHARGEBACK'), 'SECOND_CHARGEBACK');
      expect(prearbitration.status).toBe(200);
      expect(codes(second.reference).slice(2)).toEqual(['NOTIFICATION_OF_CHARGEBACK', 'CHARGEBACK', 'CHARGEBACK_REVERSED', 'SECOND_CHARGEBACK']);
      expect(adyenItem(notificationsOf(second.reference).at(-1) as Delivery).additionalData?.['disputeStatus']).toBe('Lost');
      expect(notificationsOf(second.reference).every(adyenVerified)).toBe(true);
    });

    it('reversed_after_loss: CHARGEBACK (Lost), then CHARGEBACK_REVERSED (Won)', async () => {
      const { reference, psp } = await disputeOf();
      const reversed = await sim.admin('POST', `/admin/disputes/${psp}/resolve`, { outcome: 'reversed_after_loss' });
      await sim.receiver.waitFor(() => codes(reference).includes('CHARGEBACK_REVERSED'), 'CHARGEBACK_REVERSED');
      expect(reversed.body).toMatchObject({ dispute: { status: 'won' } });
      expect(notificationsOf(reference).slice(2).map((d) => [adyenItem(d)['eventCode'], adyenItem(d).additionalData?.['disputeStatus']])).toEqual([
        ['NOTIFICATION_OF_CHARGEBACK', 'Undefended'],
        ['CHARGEBACK', 'Lost'],
        ['CHARGEBACK_REVERSED', 'Won'],
      ]);
    });

    it('refuses a bad outcome (400) and an unknown reference (404), writing nothing', async () => {
      const { reference, psp } = await disputeOf();
      await sim.receiver.waitFor(() => codes(reference).includes('NOTIFICATION_OF_CHARGEBACK'), 'NOTIFICATION_OF_CHARGEBACK');
      await new Promise((resolve) => setTimeout(resolve, 300)); // the delivery's own line is written
      const books = (): string => readFileSync(path.join(sim.dataDir, 'providers', 'sim', 'providerB.jsonl'), 'utf8');
      const before = books();
      const answers = await Promise.all([
        sim.admin('POST', `/admin/disputes/${psp}/resolve`, { outcome: 'maybe' }),
        sim.admin('POST', `/admin/disputes/${psp}/resolve`, {}),
        sim.admin('POST', `/admin/disputes/${psp}/resolve`, { outcome: 'won', extra: 1 }),
        sim.admin('POST', '/admin/disputes/NOSUCHREFERENCE0/resolve', { outcome: 'won' }),
      ]);
      expect(answers.map((a) => a.status)).toEqual([400, 400, 400, 404]);
      expect(answers[0]?.body['error']).toMatchObject({ code: 'parameter_invalid', param: 'outcome' });
      expect(answers[3]?.body['error']).toMatchObject({ code: 'resource_missing', param: 'reference' });
      expect(books()).toBe(before);
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
