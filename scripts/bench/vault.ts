/**
 * npm run bench:vault — tokenizations and detokenizations per second through one vault-service
 * process over HTTP (each one durable in the journal before it is answered; every detokenization
 * also writes its access-log line), the background re-encryption rate after a key rotation, and the
 * raw Fernet rate of the same plaintexts in this process as a baseline.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { fernetDecrypt, fernetEncrypt, generateFernetKey, luhnCheckDigit } from '@payrail/core';
import { freePort, stopChild } from '@payrail/testing';

const VAULT = require.resolve('@payrail/vault-service');
const CARDS = Number(process.env['BENCH_CARDS'] ?? 10_000);
const CONCURRENCY = 64;
const READY_TIMEOUT_MS = 20_000;
const REENCRYPT_TIMEOUT_MS = 120_000;
const INTERNAL_TOKEN = 'bench-internal-token-0123456789';
const ADMIN_TOKEN = 'bench-admin-token-0123456789';

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function call(port: number, method: string, route: string, body?: unknown, admin = false): Promise<{ status: number; body: any }> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1', port, method, path: route, agent,
      headers: {
        'X-Internal-Token': INTERNAL_TOKEN,
        ...(admin ? { 'X-Admin-Token': ADMIN_TOKEN } : {}),
        ...(payload === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) }),
      },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk)).on('end', () => resolve({ status: res.statusCode ?? 0, body: text === '' ? null : JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** Runs `work(i)` for i in [0, count) with CONCURRENCY in flight; answers the wall time and each latency. */
async function load(count: number, work: (i: number) => Promise<void>): Promise<{ ms: number; latencies: number[] }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < count) {
      const i = next++;
      const t0 = performance.now();
      await work(i);
      latencies.push(performance.now() - t0);
    }
  }));
  return { ms: performance.now() - started, latencies: latencies.sort((a, b) => a - b) };
}

const pan = (i: number): string => {
  const body = `400000${String(i).padStart(9, '0')}`;
  return body + luhnCheckDigit(body);
};
const rate = (count: number, ms: number): number => Math.round(count / (ms / 1000));
const quantile = (sorted: number[], q: number): string => (sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? 0).toFixed(1);

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-vault-'));
  const port = await freePort();
  const vault = spawn(process.execPath, [VAULT], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, DATA_DIR: dir, HOST: '127.0.0.1', VAULT_PORT: String(port), INTERNAL_TOKEN, ADMIN_TOKEN, LOG_LEVEL: 'warn' },
  });
  try {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while ((await call(port, 'GET', '/ready').catch(() => ({ status: 0 }))).status !== 200) {
      if (Date.now() > deadline || vault.exitCode !== null) throw new Error('vault-service did not become ready');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    const tokens: string[] = new Array<string>(CARDS);
    const tokenized = await load(CARDS, async (i) => {
      const res = await call(port, 'POST', '/tokens', { pan: pan(i), exp_month: 12, exp_year: 2035, cvv: '123', holder_name: 'Bench Holder' });
      if (res.status !== 201) throw new Error(`tokenize answered ${res.status}`);
      tokens[i] = res.body.token;
    });
    const detokenized = await load(CARDS, async (i) => {
      const res = await call(port, 'POST', `/tokens/${tokens[i]}/detokenize`, { purpose: 'authorization', requester: 'bench' });
      if (res.status !== 200 || res.body.pan !== pan(i)) throw new Error(`detokenize answered ${res.status}`);
    });

    const rotateStarted = performance.now();
    await call(port, 'POST', '/keys/rotate', undefined, true);
    const rotateDeadline = Date.now() + REENCRYPT_TIMEOUT_MS;
    for (;;) {
      const status = await call(port, 'GET', '/keys', undefined, true);
      if (status.body.reencryption.state === 'done') break;
      if (Date.now() > rotateDeadline) throw new Error('re-encryption did not finish');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const reencryptMs = performance.now() - rotateStarted;

    const key = generateFernetKey();
    const plaintext = JSON.stringify({ pan: pan(0), exp_month: 12, exp_year: 2035, holder_name: 'Bench Holder' });
    const cryptoStarted = performance.now();
    for (let i = 0; i < CARDS; i++) fernetDecrypt(key, fernetEncrypt(key, plaintext));
    const cryptoMs = performance.now() - cryptoStarted;

    console.log(`vault-service, 1 process, ${CARDS} cards, ${CONCURRENCY} requests in flight, ${os.cpus().length} cores, node ${process.version}`);
    console.log(`  ${'operation'.padEnd(52)} ${'per second'.padStart(10)}   p50 ms   p99 ms`);
    console.log(`  ${'POST /tokens (durable token_created)'.padEnd(52)} ${String(rate(CARDS, tokenized.ms)).padStart(10)}   ${quantile(tokenized.latencies, 0.5).padStart(6)}   ${quantile(tokenized.latencies, 0.99).padStart(6)}`);
    console.log(`  ${'POST /tokens/{token}/detokenize (durable access log)'.padEnd(52)} ${String(rate(CARDS, detokenized.ms)).padStart(10)}   ${quantile(detokenized.latencies, 0.5).padStart(6)}   ${quantile(detokenized.latencies, 0.99).padStart(6)}`);
    console.log(`  ${'re-encryption after POST /keys/rotate (cards)'.padEnd(52)} ${String(rate(CARDS, reencryptMs)).padStart(10)}`);
    console.log(`  ${'baseline: Fernet encrypt + decrypt in-process'.padEnd(52)} ${String(rate(CARDS, cryptoMs)).padStart(10)}`);
  } finally {
    agent.destroy();
    await stopChild(vault);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
