import type { Logger } from 'pino';

/** What `correlation()` and `jsonBody()` attach to every express request. */
export interface RequestContext {
  /** Carried across services in `X-Correlation-Id`; one per business flow. */
  correlationId: string;
  /** Unique to this request; returned in `Request-Id` and in error bodies. */
  requestId: string;
  /** A child logger whose lines carry both ids. */
  log: Logger;
  /** The body exactly as received, for signature checks; set when `jsonBody()` parsed it. */
  rawBody?: Buffer;
}

declare global {
  namespace Express {
    interface Request extends RequestContext {}
  }
}
