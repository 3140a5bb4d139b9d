import { setTimeout as sleep } from 'node:timers/promises';
import { PayrailError, verifyStandardWebhook, type WebhookVerification } from '@payrail/core';
import { activeSpan } from '@payrail/tracing';
import { inputDecodeError } from '@payrail/service-kit';
import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import type { Logger } from 'pino';
import { STORED_HEADERS, type DeliveryRecord, type StoredHeader } from '../deliveries/deliveryRecord';
import type { DeliveryLog } from '../deliveries/DeliveryLog';
import { payloadFields, storedBody, type StoredBody } from '../deliveries/storedBody';
import { envParam } from './webhookEnvs';
import type { ModeBoard } from '../modes/ModeBoard';
import type { ModeSetting } from '../modes/modeSetting';
import type { SecretStore } from '../secrets/SecretStore';

/** The largest body the receiver reads; a larger delivery is still recorded (without its body) and answered 413. */
export const WEBHOOK_BODY_BYTES_MAX = 256 * 1024;
/** Each stored header is cut to this length. */
const HEADER_CHARS_MAX = 1024;
/** A webhook-id that does not match this is kept in the headers but not used as a key. */
const WEBHOOK_ID_PATTERN = /^[A-Za-z0-9_.:-]{1,128}$/;
/** The sender's webhook-attempt counts when it is a plain positive number; otherwise merchant-sim counts attempts itself. */
const ATTEMPT_PATTERN = /^[1-9][0-9]{0,5}$/;

export interface WebhookDeps {
  modes: ModeBoard;
  secrets: SecretStore;
  deliveries: DeliveryLog;
  logger: Logger;
  /** Picks flaky failures; tests pin it. */
  random: () => number;
  /** Aborted at shutdown: deliveries held by timeout mode are answered at once. */
  stopping: AbortSignal;
}

interface Arrival {
  started_ms: number;
  at: Date;
  body_too_large: boolean;
}

const arrivalOf = (res: Response): Arrival => res.locals['arrival'] as Arrival;

/** Notes the arrival time before the body is read, so latency counts the whole request. */
const markArrival: RequestHandler = (req, res, next) => {
  envParam(req.params['env'] as string);
  const arrival: Arrival = { started_ms: performance.now(), at: new Date(), body_too_large: false };
  res.locals['arrival'] = arrival;
  next();
};

const parseRaw = express.raw({ type: () => true, limit: WEBHOOK_BODY_BYTES_MAX });

/** Reads the body as bytes, whatever its content type: the signature covers the raw bytes, and a bad body is still recorded. */
const readRawBody: RequestHandler = (req, res, next) => {
  parseRaw(req, res, (error?: unknown) => {
    // A body that cannot be decoded (content coding, framing) is refused like everywhere else, unrecorded: there are no bytes to keep.
    if ((error as { type?: unknown } | undefined)?.type !== 'entity.too.large') return next(error === undefined ? undefined : (inputDecodeError(error) ?? error));
    arrivalOf(res).body_too_large = true;
    next();
  });
};

function storedHeaders(req: Request): Partial<Record<StoredHeader, string>> {
  const kept: Partial<Record<StoredHeader, string>> = {};
  for (const name of STORED_HEADERS) {
    const value = req.headers[name];
    if (value !== undefined) kept[name] = (Array.isArray(value) ? value.join(' ') : value).slice(0, HEADER_CHARS_MAX);
  }
  return kept;
}

/** The verification result, or why the body could not be verified at all. */
type Verification = WebhookVerification | { ok: false; reason: 'body_too_large'; message: string };

const tooLarge: Verification = { ok: false, reason: 'body_too_large', message: `The delivery body is larger than ${WEBHOOK_BODY_BYTES_MAX} bytes.` };

/** The status the receiver answers, decided before it records the attempt: the mode first, as a server that is down verifies nothing. */
function statusFor(setting: ModeSetting, verification: Verification, random: () => number): number {
  if (setting.mode === 'offline') return 503;
  if (!verification.ok) return verification.reason === 'body_too_large' ? 413 : 400;
  if (setting.mode === 'flaky' && random() * 100 < setting.flaky_pct) return 500;
  return 200;
}

/** The error a non-2xx answer carries, in the one error shape. */
function refusalFor(record: DeliveryRecord, verification: Verification): PayrailError {
  if (record.status === 503) return new PayrailError('upstream_unavailable', `merchant-sim is offline for ${record.env} (simulated); deliver it again later.`);
  if (record.status === 500) return new PayrailError('internal_error', `merchant-sim failed this delivery on purpose (flaky mode, ${record.flaky_pct ?? 0}% of deliveries).`);
  const message = verification.ok ? undefined : verification.message;
  if (record.status === 413) return new PayrailError('body_too_large', message);
  return new PayrailError('webhook_signature_invalid', message, { param: 'webhook-signature', details: { signature_reason: record.signature_reason } });
}

/**
 * `POST /webhooks/:env`: the merchant's receiver. Every delivery is stored, valid or not, with its
 * attempt number, latency, mode and Δ since the event was created; then it is answered as the env's
 * mode says. Only a delivery that verified and was answered 2xx, for an id not processed before, is
 * applied to the orders: a duplicate adds an attempt, never an event.
 */
export function webhookRoutes({ modes, secrets, deliveries, logger, random, stopping }: WebhookDeps): Router {
  const router = Router();
  router.post('/webhooks/:env', markArrival, readRawBody, async (req, res) => {
    const env = envParam(req.params['env'] as string);
    const arrival = arrivalOf(res);
    const setting = modes.get(env);
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const verification: Verification = arrival.body_too_large
      ? tooLarge
      : verifyStandardWebhook({ headers: req.headers, body: raw, secrets: secrets.get(env), now: arrival.at });
    const stored: Partial<StoredBody> & { body_bytes: number } = arrival.body_too_large ? { body_bytes: Number(req.get('content-length') ?? 0) || 0 } : storedBody(raw);
    const created = payloadFields(stored.body).created;
    const status = statusFor(setting, verification, random);

    let sender_disconnected: boolean | undefined;
    if (setting.mode === 'timeout' && status === 200) {
      sender_disconnected = false;
      res.once('close', () => {
        if (!res.writableFinished) sender_disconnected = true;
      });
      await sleep(setting.timeout_ms, undefined, { signal: stopping }).catch(() => undefined);
    }

    const headerId = req.get('webhook-id');
    const senderAttempt = req.get('webhook-attempt');
    const record = await deliveries.record({
      ...(headerId !== undefined && WEBHOOK_ID_PATTERN.test(headerId) ? { webhook_id: headerId } : {}),
      ...(senderAttempt !== undefined && ATTEMPT_PATTERN.test(senderAttempt) ? { sender_attempt: Number(senderAttempt) } : {}),
      env,
      received_at: arrival.at.toISOString(),
      signature_valid: verification.ok,
      ...(verification.ok ? {} : { signature_reason: verification.reason }),
      mode: setting.mode,
      ...(setting.mode === 'flaky' ? { flaky_pct: setting.flaky_pct } : {}),
      ...(setting.mode === 'timeout' ? { timeout_ms: setting.timeout_ms } : {}),
      status,
      ...(created === undefined ? {} : { delta_ms: arrival.at.getTime() - created * 1000 }),
      ...(sender_disconnected === undefined ? {} : { sender_disconnected }),
      headers: storedHeaders(req),
      ...stored,
      started_ms: arrival.started_ms,
      correlation_id: req.correlationId,
    });
    const line = { webhook_id: record.webhook_id, delivery_id: record.delivery_id, env, attempt: record.attempt, mode: record.mode, status, duplicate: record.duplicate, latency_ms: record.latency_ms, correlation_id: req.correlationId };
    activeSpan()?.setAttributes({ 'webhook.id': record.webhook_id ?? '', 'webhook.env': env, 'webhook.attempt': record.attempt, 'webhook.signature_valid': verification.ok, 'webhook.duplicate': record.duplicate, 'webhook.mode': record.mode });
    if (verification.ok) logger.info({ ...line, signature: 'SIG OK' }, 'webhook delivery received');
    else logger.warn({ ...line, signature: 'SIG FAIL', signature_reason: verification.reason }, 'webhook delivery failed verification; stored');
    // Shutting down: let the connection go with this answer, so the server can close without waiting for keep-alive.
    if (stopping.aborted) res.set('Connection', 'close');
    if (status === 200) res.json({ received: true, id: record.webhook_id ?? null, delivery_id: record.delivery_id, attempt: record.attempt, duplicate: record.duplicate });
    else res.status(status).json(refusalFor(record, verification).toBody(req.requestId));
  });
  return router;
}
