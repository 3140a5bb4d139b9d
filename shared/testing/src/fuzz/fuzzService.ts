import fc from 'fast-check';
import { changedFiles, digestFolder, settledDigest } from './dataFolder';
import { hostileRequest, malformedRawRequest, type FuzzRoute, type HostileInputContext, type HostileRequest } from './hostileRequests';
import { rawExchange, sendRequest, type Answer } from './rawHttp';

/** A refusal a service records on purpose (DESIGN: nothing is discarded), so its data folder may change. */
export interface RecordedRefusal {
  method: string;
  /** Express-style path of the route. */
  path: string;
  /** The error codes that are recorded; any other refusal on the route still writes nothing. */
  codes: string[];
  why: string;
}

/** A running service to fuzz: where it listens, its data folder, and what the generators need. */
export interface FuzzTarget extends HostileInputContext {
  name: string;
  url: string;
  dataDir: string;
  /** The error catalogue (`ERROR_CATALOGUE` of @payrail/core): every error body must use one of its codes, with its status and type. */
  errorCatalogue: Record<string, { status: number; type: string }>;
  recordedRefusals?: RecordedRefusal[];
  /**
   * Derived snapshots rewritten on a debounce timer, seconds after the stream change they reflect (so
   * after the request that caused it): left out of the comparison, as the stream they derive from is not.
   */
  lateSnapshots?: RegExp;
  /**
   * Signs a request the way a legitimate sender would (a processor's webhook signature over the body),
   * so that hostile bodies get past signature checks to the code behind them. Applied to about half the
   * requests; returns the request to send (or the same one when it does not apply).
   */
  sign?: (request: HostileRequest) => HostileRequest;
  /**
   * 5xx answers known and owned elsewhere (route and why): counted in the report as `known_5xx`
   * instead of failing the run, so the rest of the service is still fuzzed. Remove each once fixed.
   */
  known5xx?: Array<{ method: string; path: string; why: string }>;
  /** The check of an error answer's shape, for a surface with its own (the Stripe-compatible API); default errorShapeProblem. */
  errorShape?: (answer: Answer, method: string) => string | null;
}

export interface FuzzOptions {
  seed: number;
  /** Generated HTTP requests. */
  runs: number;
  /** Generated malformed raw-socket requests. */
  rawRuns: number;
  /** The longest any answer may take; longer is a hang. */
  timeout_ms: number;
}

/** How many requests, per status and per error code: printed after a run. */
export interface FuzzReport {
  requests: number;
  elapsed_ms: number;
  statuses: Record<string, number>;
  codes: Record<string, number>;
  /** Known 5xx answers (see FuzzTarget.known5xx): what was sent and the answer, for the report. */
  known_5xx: string[];
  /** Requests that got no answer because the connection ended first (the first few), for the report. */
  unanswered: string[];
}

/**
 * The options of a fuzz run from the environment: `FUZZ_RUNS` (HTTP requests per service; raw-socket
 * requests are a quarter of it) and `FUZZ_SEED`. CI runs `defaults` with a fixed seed; `npm run fuzz`
 * sets FUZZ_RUNS and, without FUZZ_SEED, a fresh seed. The seed is printed so a failure can be replayed.
 */
export function fuzzOptions(defaults: { runs: number; rawRuns: number; seed: number }, env: NodeJS.ProcessEnv = process.env): FuzzOptions {
  const runs = env['FUZZ_RUNS'] === undefined ? defaults.runs : Number(env['FUZZ_RUNS']);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`FUZZ_RUNS must be a positive integer, not ${env['FUZZ_RUNS']}`);
  const seed = env['FUZZ_SEED'] !== undefined ? Number(env['FUZZ_SEED']) : env['FUZZ_RUNS'] !== undefined ? Math.floor(Math.random() * 2 ** 31) : defaults.seed;
  if (!Number.isInteger(seed)) throw new Error(`FUZZ_SEED must be an integer, not ${env['FUZZ_SEED']}`);
  return { seed, runs, rawRuns: env['FUZZ_RUNS'] === undefined ? defaults.rawRuns : Math.max(1, Math.floor(runs / 4)), timeout_ms: 10_000 };
}

const routePattern = (path: string): RegExp => new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z_]+/g, '[^/]+')}/?$`);

function isRecorded(target: FuzzTarget, method: string, path: string, code: string | undefined): boolean {
  const bare = path.split('?', 1)[0] ?? path;
  return (target.recordedRefusals ?? []).some((refusal) => refusal.method.toUpperCase() === method && routePattern(refusal.path).test(bare) && code !== undefined && refusal.codes.includes(code));
}

/** The `error` object of an error answer `{"error": {...}}`, or what is wrong with its body. */
export function errorObjectOf(answer: Answer): Record<string, unknown> | string {
  let body: unknown;
  try {
    body = JSON.parse(answer.body);
  } catch {
    return `the error body is not JSON: ${JSON.stringify(answer.body.slice(0, 200))}`;
  }
  if (typeof body !== 'object' || body === null || Object.keys(body).join(',') !== 'error') return `the body is not {"error":{...}}: ${answer.body.slice(0, 200)}`;
  const error = (body as { error: unknown }).error;
  return typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : 'error is not an object';
}

/** Every operation of an OpenAPI document as a fuzz route (express-style path), with the fields of its JSON body. */
export function openApiRoutes(document: unknown): FuzzRoute[] {
  type Operation = { requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> } };
  return Object.entries((document as { paths: Record<string, Record<string, Operation>> }).paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, operation]) => ({
      method,
      path: path.replace(/\{([A-Za-z_]+)\}/g, ':$1'),
      fields: Object.keys(operation.requestBody?.content?.['application/json']?.schema?.properties ?? {}),
    })),
  );
}

/** What is wrong with an error answer, or null when it is in the documented shape with a catalogued code, status and type. */
export function errorShapeProblem(answer: Answer, catalogue: FuzzTarget['errorCatalogue'], method: string): string | null {
  if (answer.status < 400 || method === 'HEAD') return null;
  const error = errorObjectOf(answer);
  if (typeof error === 'string') return error;
  const { type, code, message, param, request_id } = error;
  const known = typeof code === 'string' ? catalogue[code] : undefined;
  if (known === undefined) return `code ${JSON.stringify(code)} is not in the error catalogue`;
  if (known.status !== answer.status) return `code ${code} is documented as ${known.status}, answered ${answer.status}`;
  if (type !== known.type) return `code ${code} is documented with type ${known.type}, answered ${JSON.stringify(type)}`;
  if (typeof message !== 'string' || message === '') return 'message is not a non-empty string';
  if (param !== undefined && typeof param !== 'string') return 'param is not a string';
  if (typeof request_id !== 'string') return 'request_id is missing';
  const header = answer.headers['request-id'];
  if (header !== undefined && header !== request_id) return `request_id ${request_id} differs from the Request-Id header ${String(header)}`;
  return null;
}

const errorCode = (answer: Answer | null): string | undefined => {
  if (answer === null || answer.status < 400) return undefined;
  try {
    return (JSON.parse(answer.body) as { error?: { code?: string } }).error?.code;
  } catch {
    return undefined;
  }
};

const describeRequest = (request: HostileRequest): string => {
  const body = request.body === null ? 'no body' : `${request.body.length} body bytes: ${JSON.stringify(request.body.subarray(0, 120).toString('latin1'))}`;
  return `${request.method} ${request.path.slice(0, 300)} ${JSON.stringify(request.headers).slice(0, 600)} ${request.chunked ? 'chunked, ' : ''}${body}`;
};

/** The most unanswered requests a report keeps as samples. */
const UNANSWERED_SAMPLES_MAX = 5;

function tally(report: FuzzReport, answer: Answer | null, what: () => string): void {
  report.requests += 1;
  if ((answer === null || answer.status === 0) && report.unanswered.length < UNANSWERED_SAMPLES_MAX) report.unanswered.push(`${answer?.noAnswer ?? 'closed without an answer'}: ${what().slice(0, 400)}`);
  const status = answer === null ? 'none' : answer.status === 0 ? 'none' : String(answer.status);
  report.statuses[status] = (report.statuses[status] ?? 0) + 1;
  const code = answer?.noAnswer !== undefined ? `(no answer: ${answer.noAnswer.replace(/^.*: /, '')})` : errorCode(answer);
  if (code !== undefined) report.codes[code] = (report.codes[code] ?? 0) + 1;
}

/** Asserts what every answer must satisfy: no 5xx, the documented error shape, and nothing written for a refusal. */
async function check(target: FuzzTarget, method: string, path: string, answer: Answer | null, before: Map<string, string>, what: string, report: FuzzReport): Promise<void> {
  const status = answer?.status ?? 0;
  const bare = path.split('?', 1)[0] ?? path;
  if (status >= 500 && (target.known5xx ?? []).some((known) => known.method.toUpperCase() === method && routePattern(known.path).test(bare))) {
    report.known_5xx.push(`${status} ${answer?.body.slice(0, 300)} for ${what.slice(0, 600)}`);
    return;
  }
  if (status >= 500) throw new Error(`${target.name} answered ${status} to ${what}\n${answer?.body.slice(0, 500)}`);
  const shape = answer === null ? null : target.errorShape !== undefined ? target.errorShape(answer, method) : errorShapeProblem(answer, target.errorCatalogue, method);
  if (shape !== null) throw new Error(`${target.name}: ${shape}\nfor ${what}`);
  const after = digestFolder(target.dataDir, target.lateSnapshots);
  const changed = changedFiles(before, after);
  if (status !== 0 && status < 400) {
    // A success may write, and start background writes (snapshots, re-encryption): let them end first.
    if (changed.length > 0) await settledDigest(target.dataDir, { ignored: target.lateSnapshots });
    return;
  }
  if (changed.length > 0 && !isRecorded(target, method, path, errorCode(answer))) {
    throw new Error(`${target.name} refused (${status} ${errorCode(answer) ?? 'no answer'}) but wrote ${changed.join(', ')}\nfor ${what}`);
  }
}

const header = (target: FuzzTarget, kind: string, options: FuzzOptions, runs: number): void => {
  process.stdout.write(`fuzz ${target.name} (${kind}): seed=${options.seed} runs=${runs} (replay: FUZZ_SEED=${options.seed} FUZZ_RUNS=${options.runs})\n`);
};

/**
 * Sends `options.runs` generated requests to every route of `target`, one at a time, and asserts that
 * each is answered in time, never with a 5xx, every error in the documented shape with a catalogued
 * code, and that a refused request writes nothing to the data folder (metrics and logs aside) unless
 * it is a recorded refusal. Throws fast-check's report (seed, counterexample) on the first failure.
 */
export async function fuzzHttp(target: FuzzTarget, options: FuzzOptions): Promise<FuzzReport> {
  header(target, 'http', options, options.runs);
  const report: FuzzReport = { requests: 0, elapsed_ms: 0, statuses: {}, codes: {}, known_5xx: [], unanswered: [] };
  const started = Date.now();
  await settledDigest(target.dataDir, { ignored: target.lateSnapshots });
  await fc.assert(
    fc.asyncProperty(hostileRequest(target), async (request) => {
      const before = digestFolder(target.dataDir, target.lateSnapshots);
      const sent = request.signed && target.sign !== undefined ? target.sign(request) : request;
      const answer = await sendRequest(target.url, sent, options.timeout_ms);
      tally(report, answer, () => describeRequest(sent));
      await check(target, sent.method, sent.path, answer.status === 0 ? null : answer, before, describeRequest(sent), report);
    }),
    { seed: options.seed, numRuns: options.runs, endOnFailure: true },
  );
  report.elapsed_ms = Date.now() - started;
  return report;
}

/**
 * Writes `options.rawRuns` malformed requests (request lines, header syntax, framing) on raw sockets
 * and asserts that the server answers or closes in time, never with a 5xx, that any error is in the
 * documented shape, and that nothing is written.
 */
export async function fuzzRawSockets(target: FuzzTarget, options: FuzzOptions): Promise<FuzzReport> {
  header(target, 'raw socket', options, options.rawRuns);
  const report: FuzzReport = { requests: 0, elapsed_ms: 0, statuses: {}, codes: {}, known_5xx: [], unanswered: [] };
  const started = Date.now();
  await settledDigest(target.dataDir, { ignored: target.lateSnapshots });
  await fc.assert(
    fc.asyncProperty(malformedRawRequest(target), async (bytes) => {
      const before = digestFolder(target.dataDir, target.lateSnapshots);
      const { answer } = await rawExchange(target.url, bytes, options.timeout_ms);
      tally(report, answer, () => JSON.stringify(bytes.subarray(0, 300).toString('latin1')));
      const [line = ''] = bytes.toString('latin1').split(/\r?\n/, 1);
      const [method = '', path = ''] = line.split(' ');
      await check(target, method, path, answer, before, `raw ${JSON.stringify(bytes.subarray(0, 300).toString('latin1'))}`, report);
    }),
    { seed: options.seed, numRuns: options.rawRuns, endOnFailure: true },
  );
  report.elapsed_ms = Date.now() - started;
  return report;
}

/** One line for a test's output: how many requests, how long, and what came back. */
export function formatReport(name: string, report: FuzzReport): string {
  const statuses = Object.entries(report.statuses).sort().map(([status, count]) => `${status}×${count}`).join(' ');
  const codes = Object.entries(report.codes).sort((a, b) => b[1] - a[1]).slice(0, 12).map(([code, count]) => `${code}×${count}`).join(' ');
  const known = report.known_5xx.length === 0 ? '' : `; KNOWN 5xx ×${report.known_5xx.length} (owned elsewhere), first: ${report.known_5xx[0]}`;
  const unanswered = report.unanswered.length === 0 ? '' : `\n  unanswered (the connection ended first), e.g.:\n  ${report.unanswered.join('\n  ')}`;
  const knownAll = report.known_5xx.length <= 1 ? '' : `\n  known 5xx:\n  ${report.known_5xx.slice(1).join('\n  ')}`;
  return `fuzz ${name}: ${report.requests} requests in ${report.elapsed_ms} ms; statuses ${statuses}; codes ${codes}${known}${knownAll}${unanswered}`;
}
