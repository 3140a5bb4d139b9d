import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '@payrail/testing';
import { startPayrail, type PayrailStart } from './testing/payrailStart';

const BIN = path.join(REPO_ROOT, 'shared', 'cli', 'bin', 'payrail.js');

describe('payrail draft: a dispute response draft from the running gateway, for a terminal', () => {
  let payrail: PayrailStart;
  let out: string;
  beforeAll(async () => {
    payrail = await startPayrail('draft-cli');
    out = mkdtempSync(path.join(tmpdir(), 'draft-cli-'));
  }, 30_000);
  afterAll(async () => {
    await payrail?.cleanup();
    rmSync(out, { recursive: true, force: true });
  });

  const post = async (url: string, body: unknown, headers: Record<string, string>): Promise<any> => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body), signal: AbortSignal.timeout(10_000) });
    const parsed = await response.json();
    if (response.status >= 300) throw new Error(`${url} answered ${response.status}: ${JSON.stringify(parsed)}`);
    return parsed;
  };
  const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, 'draft', ...args], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, ...payrail.env } });

  it('prints the argument, the facts with their lines and the gaps, and writes the PDF', async () => {
    const internal = { 'x-internal-token': payrail.env['INTERNAL_TOKEN'] as string };
    const merchant = { authorization: `Bearer ${payrail.env['DEMO_MERCHANT_API_KEY']}` };
    const gateway = payrail.url('GATEWAY_PORT');
    const { token } = await post(`${payrail.url('VAULT_PORT')}/tokens`, { pan: '4242424242424242', exp_month: 12, exp_year: new Date().getUTCFullYear() + 3, cvv: '123' }, internal);
    const created = await post(`${gateway}/v1/payment-intents`, {
      amount: 4_200, currency: 'usd', payment_method: token,
      customer: { name: 'Ada Lovelace', email: 'ada@example.com' },
      metadata: { order_id: '1042', tracking_number: '1Z999AA10123456784', carrier: 'UPS', delivered_at: '2026-12-03' },
    }, { ...merchant, 'idempotency-key': `draft-cli-${Date.now()}` });
    await post(`${gateway}/v1/payment-intents/${created.id}/confirm`, {}, merchant);
    const dispute = await post(`${gateway}/internal/disputes`, { payment_intent: created.id, reason: 'product_not_received' }, internal);

    const pdf = path.join(out, 'draft.pdf');
    const run = cli('--id', dispute.id, '--pdf', pdf);
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(run.stdout).toContain(`dispute ${dispute.id} (product_not_received, opened) on ${created.id}`);
    expect(run.stdout).toMatch(/argument: product_delivered/);
    expect(run.stdout).toMatch(/tracking_number\s+1Z999AA10123456784\s+ledger\/payments:\d+/);
    expect(run.stdout).toContain('card checks: AVS not recorded, CVC not recorded');
    expect(run.stdout).toContain(`wrote ${pdf}`);
    expect(readFileSync(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const json = JSON.parse(cli('--id', dispute.id, '--json').stdout);
    expect(json).toMatchObject({ object: 'dispute_draft', dispute: { id: dispute.id } });
    const refused = cli('--id', 'dp_00000000000000000000000000');
    expect({ status: refused.status, stderr: refused.stderr }).toEqual({ status: 1, stderr: expect.stringContaining('404 resource_missing') });
  });
});
