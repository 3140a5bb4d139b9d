import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT, freePort, makeTempDataDir, startNode, testEnv } from '@payrail/testing';
import { SCENARIOS } from '../scenarios';

/** The whole demo, its own stack's start and stop included. */
const DEMO_TIMEOUT_MS = 150_000;

// Once on the default ledger, once on a ledger in 4 shards (LEDGER_SHARDS): every scenario must pass on both.
describe.each([{ shards: 1 }, { shards: 4 }])('npm run demo: the six scenarios against a stack on a temporary data folder, LEDGER_SHARDS=$shards', ({ shards }) => {
  let cleanup: () => void;
  let dir: string;
  beforeAll(() => {
    ({ dir, cleanup } = makeTempDataDir('demo'));
  });
  afterAll(() => cleanup());

  it('starts a stack with npm start when none answers, passes every scenario, and stops the stack', async () => {
    const ports = { GATEWAY_PORT: await freePort(), PROVIDER_SIM_PORT: await freePort(), LEDGER_PORT: await freePort(), VAULT_PORT: await freePort(), MERCHANT_SIM_PORT: await freePort() };
    const env = testEnv(dir, {
      ...Object.fromEntries(Object.entries(ports).map(([name, port]) => [name, String(port)])),
      // Shorter waits than the defaults, so the whole demo stays well under two minutes.
      BREAKER_COOLDOWN_MS: '1000',
      PROVIDER_DISPUTE_DELAY_MS: '300',
      PROVIDER_WEBHOOK_RETRY_SCHEDULE_MS: '100,200,400,800,1600',
      TAIL_POLL_MS: '100',
      NO_COLOR: '1',
      LEDGER_SHARDS: String(shards),
    });
    const demo = startNode(path.join(REPO_ROOT, 'scripts', 'dist', 'demo', 'index.js'), [], env);
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([
      demo.exited,
      new Promise<string>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), DEMO_TIMEOUT_MS);
      }),
    ]);
    clearTimeout(timer);
    if (code === 'timeout') demo.child.kill('SIGINT');
    const output = demo.lines.join('\n');
    const verdicts = Object.fromEntries(SCENARIOS.map((s) => [s.name, new RegExp(`^  (PASS|FAIL) ${s.name} `, 'm').exec(output)?.[1] ?? 'did not run']));
    const everyPass = Object.fromEntries(SCENARIOS.map((s) => [s.name, 'PASS']));
    if (code !== 0 || JSON.stringify(verdicts) !== JSON.stringify(everyPass)) {
      throw new Error(`npm run demo exited with ${code}; ${JSON.stringify(verdicts)}\n${output.slice(-8_000)}\n${demo.stderr()}`);
    }
    expect(output).toMatch(/^No stack answers at .*: starting one with npm start/m);
    expect(output).toContain('6 of 6 scenarios passed.');
    const stillUp = await fetch(`http://127.0.0.1:${ports.GATEWAY_PORT}/ready`).then(() => true, () => false);
    expect(stillUp).toBe(false);
    expect(existsSync(path.join(dir, 'ledger', 'shards.json'))).toBe(shards > 1);
    const verified = spawnSync(process.execPath, [path.join(REPO_ROOT, 'shared', 'cli', 'bin', 'payrail.js'), 'verify', '--data', dir], { encoding: 'utf8', timeout: 60_000 });
    expect({ status: verified.status, out: verified.status === 0 ? '' : verified.stdout + verified.stderr }).toEqual({ status: 0, out: '' });
    if (shards > 1) expect(output).toMatch(/ledger\/shards\/\d\/payments\.jsonl/);
  }, DEMO_TIMEOUT_MS + 20_000);
});
