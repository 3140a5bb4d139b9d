import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ERROR_CATALOGUE, PayrailError } from './errors';

describe('the error catalogue', () => {
  it('is documented in the README, code by code, with its status and type', () => {
    const readme = readFileSync(path.resolve(__dirname, '../../../README.md'), 'utf8');
    for (const [code, entry] of Object.entries(ERROR_CATALOGUE)) {
      expect({ code, documented: readme.includes(`| \`${code}\` | ${entry.status} | \`${entry.type}\` |`) }).toEqual({ code, documented: true });
    }
  });

  it('renders the one error shape, with param, request id and details', () => {
    const error = new PayrailError('invalid_state_transition', 'This payment_intent is captured.', { details: { current_state: 'captured' } });
    expect(error.toBody('req_1')).toEqual({
      error: { type: 'state_error', code: 'invalid_state_transition', message: 'This payment_intent is captured.', current_state: 'captured', request_id: 'req_1' },
    });
    expect(new PayrailError('parameter_missing', undefined, { param: 'amount' }).toBody().error).toMatchObject({ param: 'amount', message: ERROR_CATALOGUE.parameter_missing.message });
  });
});
