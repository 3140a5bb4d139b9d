import type { ErrorObject } from 'ajv';
import { PayrailError } from '@payrail/core';
import { ajv, type JsonSchema } from '@payrail/schemas';
import { maskPans } from '@payrail/service-kit';

/**
 * Compiles a body schema once and returns a parser that answers the body typed, or throws the
 * PayrailError a client should see: `parameter_missing`, `parameter_unknown` or `parameter_invalid`,
 * naming the parameter. Messages never repeat a value, and a parameter name is masked if it holds a PAN.
 */
export function bodyParser<T>(schema: JsonSchema): (body: unknown) => T {
  const validate = ajv.compile(schema);
  return (body) => {
    const value = body === undefined ? {} : body;
    if (validate(value)) return value as T;
    throw toParamError(validate.errors?.[0]);
  };
}

function toParamError(error: ErrorObject | undefined): PayrailError {
  if (error === undefined) return new PayrailError('parameter_invalid');
  const at = error.instancePath.split('/').filter(Boolean).join('.');
  const join = (child: string): string => maskPans(at === '' ? child : `${at}.${child}`);
  switch (error.keyword) {
    case 'required': {
      const param = join(String(error.params['missingProperty']));
      return new PayrailError('parameter_missing', `Missing required parameter: ${param}.`, { param });
    }
    case 'additionalProperties': {
      const param = join(String(error.params['additionalProperty']));
      return new PayrailError('parameter_unknown', `Received unknown parameter: ${param}.`, { param });
    }
    default:
      if (at === '') return new PayrailError('parameter_invalid', 'The request body must be a JSON object.');
      return new PayrailError('parameter_invalid', `${maskPans(at)} ${error.message ?? 'is invalid'}.`, { param: maskPans(at) });
  }
}
