import { looksLikePan } from '@payrail/core';
import type { Request } from 'express';

/**
 * The correlation id to write into the vault's journal. A client may send anything plain as
 * X-Correlation-Id, a card number included; such an id is replaced by the request id, so that no
 * PAN reaches a file.
 */
export function recordableCorrelationId(req: Request): string {
  return looksLikePan(req.correlationId) ? req.requestId : req.correlationId;
}
