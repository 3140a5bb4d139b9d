import { PayrailError } from '@payrail/core';
import { ajv, type JsonSchema } from '@payrail/schemas';

type ErrorObject = NonNullable<ReturnType<typeof ajv.compile>['errors']>[number];

/** How a processor writes the path of a parameter: Stripe `card[number]`, Adyen `paymentMethod.number`. */
export type ParamStyle = 'brackets' | 'dots';

function paramName(path: string[], style: ParamStyle): string {
  if (style === 'dots') return path.join('.');
  const [head = '', ...rest] = path;
  return head + rest.map((part) => `[${part}]`).join('');
}

function toError(error: ErrorObject, style: ParamStyle): PayrailError {
  const path = error.instancePath.split('/').filter(Boolean);
  if (error.keyword === 'required') {
    const param = paramName([...path, String(error.params['missingProperty'])], style);
    return new PayrailError('parameter_missing', `Missing required parameter: ${param}.`, { param });
  }
  if (error.keyword === 'additionalProperties') {
    const param = paramName([...path, String(error.params['additionalProperty'])], style);
    return new PayrailError('parameter_unknown', `Received unknown parameter: ${param}.`, { param });
  }
  const param = paramName(path, style) || 'body';
  return new PayrailError('parameter_invalid', `Invalid ${param}: ${error.message ?? 'invalid'}.`, { param });
}

/**
 * Compiles a request-body schema once and returns a checker that returns the body typed, or throws
 * a 400 PayrailError naming the parameter in the processor's style (`schema` on it is the schema, for
 * the OpenAPI document). Messages never echo values.
 */
export function bodyValidator<T>(schema: JsonSchema, style: ParamStyle): ((body: unknown) => T) & { schema: JsonSchema } {
  const validate = ajv.compile(schema);
  const check = (body: unknown): T => {
    if (validate(body ?? {})) return (body ?? {}) as T;
    const first = validate.errors?.[0];
    throw first === undefined ? new PayrailError('parameter_invalid') : toError(first, style);
  };
  // The schema travels with its checker: the OpenAPI document shows what the route validates.
  return Object.assign(check, { schema });
}
