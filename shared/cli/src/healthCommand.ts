import * as path from 'node:path';
import { loadDotEnv } from '@payrail/service-kit';
import { JSON_OPTION, cliCommand } from './commandLine';
import { REPO_ROOT, discoverServices } from './startCommand';

/** How long one probe may take. */
const PROBE_TIMEOUT_MS = 2_000;

/** One service's answers to `GET /health` and `GET /ready`. */
export interface ServiceHealth {
  service: string;
  url: string;
  health: { status: number | null; latency_ms: number; error?: string };
  ready: { status: number | null; latency_ms: number; ready: boolean; failing: string[]; error?: string };
  uptime_s: number | null;
}

async function probe(url: string): Promise<{ status: number | null; latency_ms: number; body: Record<string, unknown>; error?: string }> {
  const started = performance.now();
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    const text = await response.text();
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // not JSON: the status says enough
    }
    return { status: response.status, latency_ms: Math.round(performance.now() - started), body };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const why = (error as Error).name === 'TimeoutError' ? `no answer within ${PROBE_TIMEOUT_MS} ms` : cause?.code === 'ECONNREFUSED' ? 'not listening' : (cause?.message ?? (error as Error).message);
    return { status: null, latency_ms: Math.round(performance.now() - started), body: {}, error: why };
  }
}

/**
 * Where each service listens, as `npm start` and the services read it: `<NAME>_URL` when set, else
 * HOST and `<NAME>_PORT` of the environment over `.env`.
 */
export function serviceBaseUrls(env: NodeJS.ProcessEnv = loadDotEnv(path.join(REPO_ROOT, '.env'))): Array<{ service: string; url: string }> {
  const host = env['HOST'] === undefined || env['HOST'] === '0.0.0.0' || env['HOST'] === '' ? '127.0.0.1' : env['HOST'];
  return discoverServices().map((spec) => {
    const explicit = env[spec.port_env.replace(/_PORT$/, '_URL')];
    return { service: spec.name, url: explicit !== undefined && explicit !== '' ? explicit.replace(/\/$/, '') : `http://${host}:${env[spec.port_env] ?? '?'}` };
  });
}

/** Probes `/health` and `/ready` of every service at once. */
export async function checkHealth(targets: ReadonlyArray<{ service: string; url: string }>): Promise<ServiceHealth[]> {
  return Promise.all(targets.map(async ({ service, url }) => {
    const [health, ready] = await Promise.all([probe(`${url}/health`), probe(`${url}/ready`)]);
    const checks = (ready.body['checks'] ?? {}) as Record<string, unknown>;
    const failing = Object.entries(checks).filter(([, value]) => value !== true).map(([name, value]) => (typeof value === 'string' ? `${name}: ${value}` : name));
    return {
      service,
      url,
      health: { status: health.status, latency_ms: health.latency_ms, ...(health.error === undefined ? {} : { error: health.error }) },
      ready: { status: ready.status, latency_ms: ready.latency_ms, ready: ready.status === 200, failing, ...(ready.error === undefined ? {} : { error: ready.error }) },
      uptime_s: typeof health.body['uptime_s'] === 'number' ? health.body['uptime_s'] : null,
    };
  }));
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length))) ?? [];
  return rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n');
}

/** `payrail health` (npm run health): a table of every service's /health and /ready; exit 1 when any is not ready. */
export async function healthCommand(values: { json: boolean }, out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const results = await checkHealth(serviceBaseUrls());
  const allReady = results.every((r) => r.ready.ready);
  if (values.json) {
    out.write(`${JSON.stringify({ object: 'health', ready: allReady, services: results })}\n`);
    return allReady ? 0 : 1;
  }
  const answer = (a: { status: number | null; latency_ms: number; error?: string }): string => (a.status === null ? (a.error ?? 'no answer') : `${a.status} (${a.latency_ms} ms)`);
  const rows = [
    ['service', 'url', '/health', '/ready', 'uptime', 'not ready because'],
    ...results.map((r) => [r.service, r.url, answer(r.health), r.ready.ready ? `ready ${answer(r.ready)}` : `NOT READY ${answer(r.ready)}`, r.uptime_s === null ? '-' : `${r.uptime_s} s`, r.ready.ready || r.ready.status === null ? '' : r.ready.failing.join('; ')]),
  ];
  out.write(`${table(rows)}\n`);
  const notReady = results.filter((r) => !r.ready.ready).length;
  out.write(allReady ? `\nAll ${results.length} services ready.\n` : `\n${notReady} of ${results.length} services not ready${results.every((r) => r.health.status === null) ? ': is npm start running?' : '.'}\n`);
  return allReady ? 0 : 1;
}

export const HEALTH_COMMAND = cliCommand({
  name: 'health',
  synopsis: 'health [--json]',
  summary: "GET /health and /ready of every service (the ports of .env or the environment); exit 1 if any is not ready",
  options: { json: JSON_OPTION },
  run: (values) => healthCommand(values),
});
