/**
 * Drives the schedule with autocannon: one autocannon instance per connection window, so that
 * connections open and close on the stage profile. Each request is built by `setupRequest` from the
 * checkout traffic (which step comes next is only known when the previous answer is in) and each
 * answer goes back through `onResponse`; autocannon keeps the socket busy and never pipelines (one
 * request in flight per connection).
 *
 * A connection whose window ends closes gracefully: it sends nothing more and closes once the answer
 * in flight has arrived, as k6's gracefulRampDown does, so no request is cut and no latency lost.
 * Only a connection still waiting CLOSE_GRACE_MS after its window is stopped hard; its request counts
 * as unanswered and is sent again later with the same Idempotency-Key.
 */
import autocannon from 'autocannon';
import type { CheckoutTraffic, HttpStep } from './checkoutTraffic';
import type { ConnectionWindow } from './loadStages';

/** How long an answer may take before autocannon gives up on it (then the step is sent again). */
export const REQUEST_TIMEOUT_S = 10;
/** How long after its window a connection may wait for its last answer. */
const CLOSE_GRACE_MS = (REQUEST_TIMEOUT_S + 2) * 1000;
/** autocannon's own sampling tick: it notices a closed connection at the next one. */
const SAMPLE_INTERVAL_MS = 100;

/** The two fields of autocannon's http client that a graceful close uses (autocannon 8: lib/httpClient.js). */
interface ClosableClient {
  reqsMade: number;
  responseMax?: number;
}

export interface RunnerResult {
  /** Connections stopped hard at the end of their grace period. */
  cut: number;
  /** Requests sent, all connections together. */
  sent: number;
}

/** Runs every window of the schedule; `now()` is the run's clock (0 at the start of the first window). */
export async function runConnections(windows: readonly ConnectionWindow[], gatewayUrl: string, traffic: CheckoutTraffic, now: () => number): Promise<RunnerResult> {
  const result: RunnerResult = { cut: 0, sent: 0 };
  const runs = windows.map(
    (window) =>
      new Promise<void>((resolve) => {
        setTimeout(() => void runWindow(window, gatewayUrl, traffic, now, result).then(resolve), Math.max(0, window.start_ms - now()));
      }),
  );
  await Promise.all(runs);
  return result;
}

function runWindow(window: ConnectionWindow, gatewayUrl: string, traffic: CheckoutTraffic, now: () => number, result: RunnerResult): Promise<void> {
  let client: ClosableClient | null = null;
  let current: { step: HttpStep; sent_ms: number } | null = null;
  const lifetime_ms = Math.max(0, window.end_ms - now());
  return new Promise<void>((resolve) => {
    const instance = autocannon(
      {
        url: gatewayUrl,
        connections: 1,
        pipelining: 1,
        duration: (lifetime_ms + CLOSE_GRACE_MS) / 1000,
        timeout: REQUEST_TIMEOUT_S,
        sampleInt: SAMPLE_INTERVAL_MS,
        setupClient: (c) => {
          client = c as unknown as ClosableClient;
        },
        requests: [
          {
            setupRequest: (request) => {
              const at = now();
              // A request is built when the previous one has been answered, or when it never was (a timeout or a
              // connection error: autocannon reconnects and moves on): that one's step goes back to be sent again.
              if (current !== null) traffic.unanswered(current.step, 'timeout or connection error');
              const step = traffic.nextStep(at);
              current = { step, sent_ms: at };
              result.sent += 1;
              return { ...request, method: step.method, path: step.path, headers: step.headers, body: step.body };
            },
            onResponse: (status, body, _context, headers) => {
              if (current === null) return;
              const at = now();
              traffic.answered(current.step, status, body, headers as Record<string, unknown>, at - current.sent_ms, at);
              current = null;
            },
          },
        ],
      },
      () => {
        clearTimeout(closer);
        if (current !== null) {
          // Stopped with a request in flight (its grace period ran out).
          result.cut += 1;
          traffic.unanswered(current.step, 'cut at the end of the run');
          current = null;
        }
        resolve();
      },
    );
    // The window is over: send nothing more; the client closes itself once the answer in flight is in.
    const closer = setTimeout(() => {
      if (client !== null) client.responseMax = Math.max(1, client.reqsMade);
      else instance.stop();
    }, lifetime_ms);
  });
}
