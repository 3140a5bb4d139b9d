import { PayrailError } from '@payrail/core';
import { JournalCorruptError, JournalUnavailableError } from '@payrail/journal';
import type { ErrorRequestHandler } from 'express';

/**
 * Turns journal failures into the errors clients see: 503 `journal_unavailable` (nothing was
 * written; retry) and 500 `journal_corrupt`. Mount just before `errorHandler`.
 */
export function journalErrors(): ErrorRequestHandler {
  return (error: unknown, _req, _res, next) => {
    if (error instanceof JournalUnavailableError) {
      next(new PayrailError('journal_unavailable', 'The vault cannot write its journal right now; nothing was stored. Retry later.'));
    } else if (error instanceof JournalCorruptError) {
      next(new PayrailError('journal_corrupt', 'The vault journal failed verification; run payrail verify.'));
    } else {
      next(error);
    }
  };
}
