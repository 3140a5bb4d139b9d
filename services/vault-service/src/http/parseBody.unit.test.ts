import { PayrailError } from '@payrail/core';
import { bodyParser } from './parseBody';

const parse = bodyParser<{ purpose: string }>({
  type: 'object',
  additionalProperties: false,
  required: ['purpose'],
  properties: { purpose: { type: 'string', pattern: '^[a-z_]{1,64}$' } },
});

const refusal = (body: unknown) => {
  try {
    parse(body);
  } catch (error) {
    const { code, param, message } = error as PayrailError;
    return { code, param, message };
  }
  throw new Error('the body was accepted');
};

describe('bodyParser', () => {
  it('answers a valid body as it is', () => {
    expect(parse({ purpose: 'refund' })).toEqual({ purpose: 'refund' });
  });

  it('names the missing, unknown or invalid parameter', () => {
    expect(refusal(undefined)).toMatchObject({ code: 'parameter_missing', param: 'purpose' });
    expect(refusal({ purpose: 'refund', extra: 1 })).toMatchObject({ code: 'parameter_unknown', param: 'extra' });
    expect(refusal({ purpose: 'Refund!' })).toMatchObject({ code: 'parameter_invalid', param: 'purpose' });
    expect(refusal([])).toMatchObject({ code: 'parameter_invalid', message: 'The request body must be a JSON object.' });
  });

  it('never repeats a card number, not even one sent as a parameter name', () => {
    const answer = refusal({ purpose: 'refund', '4242424242424242': 'x' });

    expect(answer.code).toBe('parameter_unknown');
    expect(JSON.stringify(answer)).not.toContain('4242424242424242');
    expect(refusal({ purpose: '4242424242424242' }).message).not.toContain('4242424242424242');
  });
});
