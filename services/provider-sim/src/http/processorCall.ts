import { canonicalJson, looksLikePan, maskPan, PayrailError, sha256Hex, type ProcessorName } from '@payrail/core';
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

/** The Idempotency-Key of a request (with the hash of what it asks) and its correlation id. */
export function callContext(req: Request): CallContext {
  const key = req.get('idempotency-key');
  if (key !== undefined && (key.length === 0 || key.length > IDEMPOTENCY_KEY_CHARS_MAX)) {
    throw new PayrailError('parameter_invalid', `Idempotency-Key must be 1 to ${IDEMPOTENCY_KEY_CHARS_MAX} characters.`, { param: 'Idempotency-Key' });
  }
  const request_hash = sha256Hex(canonicalJson({ method: req.method, path: req.baseUrl + req.path, body: withoutCardData(req.body ?? {}) }));
  return { idempotency: key === undefined ? null : { key, request_hash }, correlation_id: req.correlationId, request_id: stripeStyleId('req') };
}

/**
 * Sends a processor's answer: a replay is marked `Idempotent-Replayed: true`; a timed-out call
 * answers only after `timeout_ms`, if the caller is still there.
 */
export async function sendOutcome(res: Response, outcome: CallOutcome, timeout_ms: number): Promise<void> {
  if (outcome.replayed) res.set('Idempotent-Replayed', 'true');
  if (outcome.timeout && !(await waitWhileConnected(res, timeout_ms))) return;
  res.status(outcome.status).json(outcome.body);
}
