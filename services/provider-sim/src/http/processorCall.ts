import { canonicalJson, isSimulatedOutcome, looksLikePan, maskPan, PayrailError, SIMULATE_HEADER, SIMULATED_OUTCOMES, sha256Hex, type ProcessorName, type SimulatedOutcome } from '@payrail/core';
import { jsonBody, requireToken } from '@payrail/service-kit';
import type { Request, RequestHandler, Response } from 'express';
import type { CallContext, CallOutcome } from '../charges/chargeService';
import type { FaultInjector } from '../faults/faultInjector';
import { stripeStyleId } from '../charges/references';

const IDEMPOTENCY_KEY_CHARS_MAX = 255;
/** A processor call is one charge or modification: a card, an amount, some metadata. */
const PROCESSOR_BODY_BYTES_MAX = 64 * 1024;
const CARD_SECRET_KEYS = new Set(['cvc', 'cvv', 'securityCode']);

/**
 * Waits `ms`, or less if the client goes away first. Resolves true when the full time passed and the
 * response can still be sent.
 */
export function waitWhileConnected(res: Response, ms: number): Promise<boolean> {
  if (ms <= 0) return Promise.resolve(!res.writableEnded && !res.destroyed);
  return new Promise((resolve) => {
    const onClose = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      res.off('close', onClose);
      resolve(!res.destroyed);
    }, ms);
    res.once('close', onClose);
  });
}

/**
 * What every processor route goes through, in order: the outage fault (503, or the socket closed
 * unanswered), the internal token, the latency fault, and JSON parsing.
 */
export function processorGate(provider: ProcessorName, faults: FaultInjector, internalToken: string): RequestHandler[] {
  const outage: RequestHandler = (req, _res, next) => {
    const mode = faults.of(provider).outage;
    if (mode === '503') return next(new PayrailError('upstream_unavailable', `${provider} is unavailable (injected outage); retry later.`));
    if (mode === 'refuse') return void req.socket.destroy();
    next();
  };
  const latency: RequestHandler = (_req, res, next) => {
    waitWhileConnected(res, faults.latency_ms(provider)).then((connected) => connected && next(), next);
  };
  return [outage, requireToken('X-Internal-Token', internalToken, 'internal_token_invalid'), latency, jsonBody({ limit: PROCESSOR_BODY_BYTES_MAX })];
}

/** The body with card numbers masked and CVCs dropped: what a request hash may cover. */
function withoutCardData(value: unknown): unknown {
  if (typeof value === 'string') return looksLikePan(value) ? maskPan(value) : value;
  if (Array.isArray(value)) return value.map(withoutCardData);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).filter(([key]) => !CARD_SECRET_KEYS.has(key)).map(([key, inner]) => [key, withoutCardData(inner)]));
  }
  return value;
}

/**
 * The scripted outcome an authorization asks for in X-Simulate-Outcome (the gateway's test-mode
 * `simulate`), or null when it asks for none: then the card and the faults decide. A value that is no
 * outcome is a 400, before anything is written.
 */
export function readSimulatedOutcome(req: Request): SimulatedOutcome | null {
  const value = req.get(SIMULATE_HEADER);
  if (value === undefined) return null;
  if (!isSimulatedOutcome(value)) throw new PayrailError('parameter_invalid', `${SIMULATE_HEADER} must be one of ${SIMULATED_OUTCOMES.join(', ')}.`, { param: SIMULATE_HEADER });
  return value;
}

/** The Idempotency-Key of a request (with the hash of what it asks, a scripted outcome included) and its correlation id. */
export function callContext(req: Request): CallContext {
  const key = req.get('idempotency-key');
  if (key !== undefined && (key.length === 0 || key.length > IDEMPOTENCY_KEY_CHARS_MAX)) {
    throw new PayrailError('parameter_invalid', `Idempotency-Key must be 1 to ${IDEMPOTENCY_KEY_CHARS_MAX} characters.`, { param: 'Idempotency-Key' });
  }
  const simulate = req.get(SIMULATE_HEADER);
  const request_hash = sha256Hex(canonicalJson({ method: req.method, path: req.baseUrl + req.path, body: withoutCardData(req.body ?? {}), ...(simulate === undefined ? {} : { simulate }) }));
  return { idempotency: key === undefined ? null : { key, request_hash }, correlation_id: req.correlationId, request_id: stripeStyleId('req') };
}

/** How long answers are held: a timed-out call (PROVIDER_TIMEOUT_MS), a scripted processing_delay (PROVIDER_SIMULATED_DELAY_MS). */
export interface SimDelays {
  timeout_ms: number;
  simulated_delay_ms: number;
}

/**
 * Sends a processor's answer: a replay is marked `Idempotent-Replayed: true`; a timed-out call
 * answers only after `timeout_ms`, a scripted processing_delay after `simulated_delay_ms`, if the
 * caller is still there; a dropped call (a scripted network_timeout) is held as long as a timed-out
 * one, then its connection is closed without an answer.
 */
export async function sendOutcome(res: Response, outcome: CallOutcome, delays: SimDelays): Promise<void> {
  if (outcome.replayed) res.set('Idempotent-Replayed', 'true');
  if (outcome.dropped) {
    if (await waitWhileConnected(res, delays.timeout_ms)) res.socket?.destroy();
    return;
  }
  const hold_ms = outcome.timeout ? delays.timeout_ms : outcome.delayed ? delays.simulated_delay_ms : 0;
  if (hold_ms > 0 && !(await waitWhileConnected(res, hold_ms))) return;
  res.status(outcome.status).json(outcome.body);
}
