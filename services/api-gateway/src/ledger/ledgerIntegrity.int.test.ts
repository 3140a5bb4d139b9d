import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { makeTempDataDir, startService, testEnv, type RunningService } from '@payrail/testing';
import { DEMO_KEY } from '../testing/gatewayHarness';

// The real gateway process, its ledger changed under it or its folders made unwritable.
describe('the gateway refuses to build on a ledger it cannot trust, and /ready says why', () => {
  let dir: string;
  let cleanup: () => void;
  let gateway: RunningService;
  beforeEach(async () => {
    ({ dir, cleanup } = makeTempDataDir('ledger-integrity'));
    gateway = await startService('api-gateway', 'GATEWAY_PORT', testEnv(dir, { RESOLVER_INTERVAL_MS: '200' }));
  });
  afterEach(async () => {
    await gateway.kill();
    cleanup();
  });

  const create = (n: number): Promise<Response> =>
    fetch(`${gateway.url}/v1/payment-intents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${DEMO_KEY}`, 'content-type': 'application/json', 'idempotency-key': `integrity-${n}-${Date.now()}` },
      body: JSON.stringify({ amount: 1_000 + n, currency: 'usd' }),
      signal: AbortSignal.timeout(10_000),
    });

  it('a payments line edited in place (same length) while it runs: the next create is a 500 journal_corrupt naming the line and byte, nothing is appended, /ready is 503', async () => {
    for (let n = 0; n < 5; n++) expect((await create(n)).status).toBe(200);
    const file = path.join(dir, 'ledger/payments.jsonl');
    const lines = (await fs.readFile(file, 'utf8')).split('\n');
    lines[1] = (lines[1] as string).replace('"amount":1001', '"amount":9001');
    const edited = lines.join('\n');
    await fs.writeFile(file, edited);

    const res = await create(6);
    expect(res.status).toBe(500);
    const body = (await res.json()) as { error: Record<string, unknown> };
    expect(body.error).toMatchObject({ type: 'api_error', code: 'journal_corrupt', stream: 'ledger/payments', line: 2, byte: expect.any(Number) });
    expect(body.error['message']).toMatch(/ledger\/payments: line 2 \(byte \d+\)/);
    expect((await create(7)).status).toBe(500);
    expect(await fs.readFile(file, 'utf8')).toBe(edited);
    const ready = await fetch(`${gateway.url}/ready`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { checks: Record<string, unknown> }).checks['ledger_journal']).toMatch(/line 2/);
    // The gateway stays up (its background passes fail quietly) and keeps saying why.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(gateway.child.exitCode).toBeNull();
    expect((await fetch(`${gateway.url}/ready`)).status).toBe(503);
  });

  it('ledger/ unwritable while the top of the data folder is writable: /ready is 503 naming ledger/', async () => {
    expect((await fetch(`${gateway.url}/ready`)).status).toBe(200);
    const ledgerDir = path.join(dir, 'ledger');
    const undo = await makeUnwritable(ledgerDir);
    try {
      await new Promise((resolve) => setTimeout(resolve, 1_100)); // past the probe's cache
      const ready = await fetch(`${gateway.url}/ready`);
      expect(ready.status).toBe(503);
      const checks = ((await ready.json()) as { checks: Record<string, unknown> }).checks;
      expect(checks).toMatchObject({ data_dir_writable: true, ledger_writable: expect.stringContaining('ledger') });
    } finally {
      await undo();
    }
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await fetch(`${gateway.url}/ready`)).status).toBe(200);
  });
});

/**
 * Makes a folder refuse new files, also for root (for whom permission bits do not count): the
 * immutable attribute where the file system has it, else permission bits (enough for other users).
 */
async function makeUnwritable(folder: string): Promise<() => Promise<void>> {
  if (process.getuid?.() === 0) {
    try {
      execFileSync('chattr', ['+i', folder], { stdio: 'ignore' });
      return async () => {
        execFileSync('chattr', ['-i', folder], { stdio: 'ignore' });
      };
    } catch {
      // no chattr, or a file system without the attribute: fall through
    }
    // Last resort for root: the folder replaced by a file, so nothing can be created in it.
    const aside = `${folder}.aside`;
    await fs.rename(folder, aside);
    await fs.writeFile(folder, '');
    return async () => {
      await fs.rm(folder);
      await fs.rename(aside, folder);
    };
  }
  await fs.chmod(folder, 0o555);
  return () => fs.chmod(folder, 0o755);
}
