import { looksLikePan, PayrailError, validateCard } from '@payrail/core';
import { Router } from 'express';
import { bodyParser } from '../http/parseBody';
import type { TokenService, ValidatedCard } from './tokenService';

/** The longest cardholder name the vault stores (inside the ciphertext only). */
const HOLDER_NAME_CHARS_MAX = 128;

interface TokenizeBody {
  pan: string;
  exp_month: unknown;
  exp_year: unknown;
  cvv?: string;
  holder_name?: string;
}

interface DetokenizeBody {
  purpose: string;
  requester: string;
}

// exp_month and exp_year may be numbers or strings of digits: validateCard checks them and names them.
export const TOKENIZE_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['pan', 'exp_month', 'exp_year'],
  properties: {
    pan: { type: 'string', maxLength: 64 },
    exp_month: {},
    exp_year: {},
    cvv: { type: 'string', maxLength: 8 },
    holder_name: { type: 'string', minLength: 1, maxLength: HOLDER_NAME_CHARS_MAX },
  },
};
const parseTokenize = bodyParser<TokenizeBody>(TOKENIZE_BODY);

export const DETOKENIZE_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['purpose', 'requester'],
  properties: {
    purpose: { type: 'string', pattern: '^[a-z_]{1,64}$' },
    requester: { type: 'string', pattern: '^[A-Za-z0-9_.:@/-]{1,64}$' },
  },
};
const parseDetokenize = bodyParser<DetokenizeBody>(DETOKENIZE_BODY);

/** `POST /tokens`, `GET /tokens/:token`, `POST /tokens/:token/detokenize` (internal callers only). */
export function tokenRoutes(tokens: TokenService): Router {
  const router = Router();

  router.post('/tokens', async (req, res) => {
    const body = parseTokenize(req.body);
    const checked = validateCard({ pan: body.pan, exp_month: body.exp_month as number | string, exp_year: body.exp_year as number | string, ...(body.cvv === undefined ? {} : { cvv: body.cvv }) });
    if (!checked.ok) throw new PayrailError(checked.code, checked.message, { param: checked.param });
    // The CVV was checked for format above and goes no further (PCI DSS 3.3.1).
    const card: ValidatedCard = {
      pan: body.pan.replace(/[ -]/g, ''),
      brand: checked.brand,
      bin: checked.bin,
      last4: checked.last4,
      exp_month: Number(body.exp_month),
      exp_year: Number(body.exp_year),
      ...(body.holder_name === undefined ? {} : { holder_name: body.holder_name }),
    };
    res.status(201).json(await tokens.tokenize(card, req.correlationId));
  });

  router.get('/tokens/:token', async (req, res) => {
    res.json(await tokens.describe(String(req.params['token'])));
  });

  router.post('/tokens/:token/detokenize', async (req, res) => {
    const body = parseDetokenize(req.body);
    if (looksLikePan(body.requester)) {
      throw new PayrailError('parameter_invalid', 'requester names the calling service or person; it must not hold a card number.', { param: 'requester' });
    }
    const card = await tokens.detokenize(String(req.params['token']), {
      purpose: body.purpose,
      requester: body.requester,
      correlationId: req.correlationId,
    });
    res.set('Cache-Control', 'no-store').json(card);
  });

  return router;
}
