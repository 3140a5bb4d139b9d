import { readFileSync } from 'node:fs';
import { luhnCheckDigit } from '@payrail/core';
import { startService, testEnv, type RunningService } from '@payrail/testing';

/** The tokens `testEnv` gives every service. */
export const INTERNAL = { 'X-Internal-Token': testEnv('')['INTERNAL_TOKEN'] as string };
export const ADMIN = { ...INTERNAL, 'X-Admin-Token': testEnv('')['ADMIN_TOKEN'] as string };

export interface Answer {
  status: number;
  /** Tests read answers field by field. */
  body: any;
  text: string;
}

/** Starts the compiled vault on `dataDir` and waits for /ready. */
export function startVault(dataDir: string, extra: NodeJS.ProcessEnv = {}): Promise<RunningService> {
  return startService('vault-service', 'VAULT_PORT', testEnv(dataDir, extra));
}

/** One HTTP call to the vault, with the internal token unless `headers` says otherwise. */
export async function call(vault: { url: string }, method: string, route: string, body?: unknown, headers: Record<string, string> = INTERNAL): Promise<Answer> {
  const response = await fetch(`${vault.url}${route}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : JSON.parse(text), text };
}

/** A card that expires in the future, for `POST /tokens`. */
export function card(pan: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { pan, exp_month: 12, exp_year: new Date().getUTCFullYear() + 3, ...extra };
}

/** A Luhn-valid PAN of `length` digits starting with `prefix`, distinct per `serial`. */
export function testPan(prefix: string, length: number, serial: number): string {
  const body = `${prefix}${String(serial).padStart(length - prefix.length - 1, '0')}`;
  return body + luhnCheckDigit(body);
}

/** Tokenizes `pan` and returns its token, failing the test on anything but 201. */
export async function tokenize(vault: { url: string }, pan: string, extra: Record<string, unknown> = {}): Promise<string> {
  const answer = await call(vault, 'POST', '/tokens', card(pan, extra));
  if (answer.status !== 201) throw new Error(`tokenize answered ${answer.status}: ${answer.text}`);
  return answer.body.token as string;
}

/** Every line of a JSONL file, parsed; none when the file does not exist. */
export function readJsonl(file: string): any[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return text.split('\n').filter(Boolean).map((line) => JSON.parse(line));
}

export { filesUnder } from '@payrail/testing';


/** Polls `GET /keys` until the re-encryption is done. */
export async function waitForReencryption(vault: { url: string }, timeout_ms = 10_000): Promise<Answer> {
  let last: Answer | null = null;
  const done = async (): Promise<boolean> => {
    last = await call(vault, 'GET', '/keys', undefined, ADMIN);
    return last.body.reencryption.state === 'done' && last.body.reencryption.remaining === 0;
  };
  const deadline = Date.now() + timeout_ms;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`re-encryption not done after ${timeout_ms} ms: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return last as unknown as Answer;
}
