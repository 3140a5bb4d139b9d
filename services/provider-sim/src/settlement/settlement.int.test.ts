import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { waitFor } from '@payrail/testing';
import { parse } from 'csv-parse/sync';
import { adyenPayment, clearFaults, startSim, stripeCharge, type Sim } from '../testing/simHarness';

interface CsvRow {
  payment_id: string;
  processor_reference: string;
  type: string;
  gross: string;
  fee: string;
  net: string;
  currency: string;
  settled_date: string;
  processor: string;
}

const today = (): string => new Date().toISOString().slice(0, 10);

function readStatement(sim: Sim, date: string): { text: string; rows: CsvRow[] } {
  const text = readFileSync(path.join(sim.dataDir, 'settlement', `settlement_${date}.csv`), 'utf8');
  return { text, rows: parse(text, { columns: true, skip_empty_lines: true }) as CsvRow[] };
}

describe('the bank settlement file, from a real provider-sim process', () => {
  let sim: Sim;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    sim = await startSim();
    const call = async (name: string, method: string, route: string, body: Record<string, unknown>): Promise<Record<string, unknown>> => {
      const res = await sim.call(method, route, body);
      if (res.status >= 300) throw new Error(`${name}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    };
    ids['full'] = String((await call('full', 'POST', '/providerA/v1/charges', stripeCharge('4242424242424242', { amount: 10_000, payment_intent: 'pi_full' })))['id']);
    const partial = await call('partial', 'POST', '/providerA/v1/charges', stripeCharge('4242424242424242', { amount: 5000, capture: false, payment_intent: 'pi_partial' }));
    ids['partial'] = String(partial['id']);
    await call('capture', 'POST', `/providerA/v1/charges/${ids['partial']}/capture`, { amount: 4000 });
    ids['refund'] = String((await call('refund', 'POST', '/providerA/v1/refunds', { charge: ids['partial'], amount: 1500 }))['id']);
    ids['disputed'] = String((await call('disputed', 'POST', '/providerA/v1/charges', stripeCharge('5555555555554444', { amount: 700, payment_intent: 'pi_disputed' })))['id']);
    await sim.admin('POST', '/admin/disputes', { provider: 'providerA', reference: ids['disputed'] });
    await sim.admin('POST', `/admin/disputes/${ids['disputed']}/resolve`, { outcome: 'lost' });
    ids['adyen'] = String((await call('adyen', 'POST', '/providerB/v68/payments', adyenPayment('4242424242424242', { value: 2500, autoCapture: true, reference: 'pi_adyen' })))['pspReference']);
    await call('uncaptured', 'POST', '/providerB/v68/payments', adyenPayment('4242424242424242', { reference: 'pi_uncaptured' }));
    await sim.call('POST', '/providerA/v1/charges', stripeCharge('4000000000000002', { payment_intent: 'pi_declined' }));
  });
  afterAll(async () => {
    await sim.stop();
  });
  beforeEach(async () => {
    await clearFaults(sim);
  });

  it("lists the day's captures, refunds and chargebacks of both processors, with the processors' fees", async () => {
    const res = await sim.admin('POST', `/admin/settlements/${today()}`);
    const { rows } = readStatement(sim, today());

    expect(res.status).toBe(201);
    expect(res.body).toEqual({ date: today(), file: `settlement/settlement_${today()}.csv`, rows: 6, mismatches: [] });
    const common = { settled_date: today() };
    expect(rows).toEqual(
      expect.arrayContaining([
        { ...common, payment_id: 'pi_full', processor_reference: ids['full'], type: 'capture', gross: '10000', fee: '320', net: '9680', currency: 'USD', processor: 'providerA' },
        { ...common, payment_id: 'pi_partial', processor_reference: ids['partial'], type: 'capture', gross: '4000', fee: '146', net: '3854', currency: 'USD', processor: 'providerA' },
        { ...common, payment_id: 'pi_partial', processor_reference: ids['refund'], type: 'refund', gross: '-1500', fee: '0', net: '-1500', currency: 'USD', processor: 'providerA' },
        { ...common, payment_id: 'pi_disputed', processor_reference: ids['disputed'], type: 'capture', gross: '700', fee: '50', net: '650', currency: 'USD', processor: 'providerA' },
        { ...common, payment_id: 'pi_disputed', processor_reference: ids['disputed'], type: 'chargeback', gross: '-700', fee: '0', net: '-700', currency: 'USD', processor: 'providerA' },
        { ...common, payment_id: 'pi_adyen', processor_reference: ids['adyen'], type: 'capture', gross: '2500', fee: '88', net: '2412', currency: 'EUR', processor: 'providerB' },
      ]),
    );
    expect(rows).toHaveLength(6);
  });

  it('drops rows under missing_row', async () => {
    await sim.admin('PUT', '/admin/faults', { providerA: { settlement_mismatch_percent: 100, settlement_mismatch_mix: { missing_row: 1 } } });

    const res = await sim.admin('POST', `/admin/settlements/${today()}`);
    const { rows } = readStatement(sim, today());

    expect(res.body['mismatches']).toHaveLength(5);
    expect(res.body['mismatches']).toContainEqual({ kind: 'missing_row', processor: 'providerA', payment_id: 'pi_full', processor_reference: ids['full'] });
    expect(rows).toEqual([expect.objectContaining({ payment_id: 'pi_adyen' })]);
  });

  it('adds a row for a payment that never happened under extra_row', async () => {
    await sim.admin('PUT', '/admin/faults', { providerB: { settlement_mismatch_percent: 100, settlement_mismatch_mix: { extra_row: 1 } } });

    const res = await sim.admin('POST', `/admin/settlements/${today()}`);
    const { rows } = readStatement(sim, today());

    const [extra] = res.body['mismatches'] as Array<{ payment_id: string; processor_reference: string }>;
    expect(res.body['mismatches']).toEqual([{ kind: 'extra_row', processor: 'providerB', payment_id: expect.stringMatching(/^pi_[0-9a-z]{26}$/), processor_reference: expect.stringMatching(/^[0-9A-Z]{16}$/) }]);
    expect(rows).toHaveLength(7);
    expect(rows).toContainEqual(expect.objectContaining({ payment_id: extra?.payment_id, processor_reference: extra?.processor_reference, type: 'capture', gross: '2500', fee: '88', processor: 'providerB' }));
  });

  it('writes the same file again for the same seed, and another for another seed', async () => {
    const faults = { settlement_mismatch_percent: 50, settlement_mismatch_mix: { missing_row: 1, amount_off_by_one: 1, extra_row: 1 } };
    const write = async (seed: number): Promise<string> => {
      await sim.admin('PUT', '/admin/faults', { seed, providerA: faults, providerB: faults });
      await sim.admin('POST', `/admin/settlements/${today()}`);
      return readStatement(sim, today()).text;
    };

    const first = await write(11);
    const again = await write(11);
    const others: string[] = [];
    for (const seed of [12, 13, 14]) others.push(await write(seed));

    expect(again).toBe(first);
    expect(others.some((text) => text !== first)).toBe(true);
  });

  it('moves a row by exactly one minor unit under amount_off_by_one', async () => {
    await sim.admin('PUT', '/admin/faults', { providerB: { settlement_mismatch_percent: 100, settlement_mismatch_mix: { amount_off_by_one: 1 } } });

    const res = await sim.admin('POST', `/admin/settlements/${today()}`);
    const adyen = readStatement(sim, today()).rows.find((row) => row.processor === 'providerB');

    expect(res.body['mismatches']).toEqual([{ kind: 'amount_off_by_one', processor: 'providerB', payment_id: 'pi_adyen', processor_reference: ids['adyen'] }]);
    expect(adyen).toMatchObject({ gross: '2501', fee: '88', net: '2413' });
  });

  it('refuses a date that is not a calendar day', async () => {
    const res = await sim.admin('POST', '/admin/settlements/2026-02-30');
    expect(res.status).toBe(400);
    expect(res.body['error']).toMatchObject({ code: 'parameter_invalid', param: 'date' });
  });

  it('writes the previous day nightly on SETTLEMENT_BANK_CRON', async () => {
    const nightly = await startSim({ SETTLEMENT_BANK_CRON: '* * * * * *' });
    try {
      const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
      const file = path.join(nightly.dataDir, 'settlement', `settlement_${yesterday}.csv`);
      await waitFor(() => existsSync(file), 3_000, 'the nightly settlement file');
      expect(readStatement(nightly, yesterday).text).toBe('payment_id,processor_reference,type,gross,fee,net,currency,settled_date,processor\n');
    } finally {
      await nightly.stop();
    }
  });
});
