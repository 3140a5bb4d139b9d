import { PayrailError, findPans } from '@payrail/core';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { maskPans } from './logger';

/** A JSON Schema for a request body or query. */
export type InputSchema = Record<string, unknown>;

/** Maps a schema error at `param` to a more precise error (e.g. `metadata_too_large`), or null for the default. */
export type InputErrorRefinement = (error: ErrorObject, param: string) => PayrailError | null;

// Bodies are validated as sent; query strings are text, so their numbers and booleans are coerced.
const bodyAjv = addFormats(new Ajv2020({ allErrors: false, strict: true }));
const queryAjv = addFormats(new Ajv2020({ allErrors: false, strict: true, coerceTypes: true }));
const compiled = new WeakMap<InputSchema, ValidateFunction>();

/**
 * Checks a request body (or, with `where: 'query'`, a query object) against `schema`, compiled once per
 * schema object, and throws the PayrailError a client should see: `parameter_missing`,
 * `parameter_unknown` or `parameter_invalid`, naming the parameter as a dotted path. Messages never
 * repeat a value, and a parameter name holding a card number is masked.
 */
export function checkInput(value: unknown, schema: InputSchema, options: { where?: 'body' | 'query'; refine?: InputErrorRefinement } = {}): void {
  let validate = compiled.get(schema);
  if (validate === undefined) {
    validate = (options.where === 'query' ? queryAjv : bodyAjv).compile(schema);
    compiled.set(schema, validate);
  }
  if (validate(value)) return;
  throw inputError(validate.errors?.[0], options.refine);
}

function inputError(error: ErrorObject | undefined, refine?: InputErrorRefinement): PayrailError {
  if (error === undefined) return new PayrailError('parameter_invalid');
  const path = error.instancePath.split('/').filter(Boolean).join('.');
  const mask = (param: string): string => (findPans(param).length > 0 ? maskPans(param) : param);
  const name = (child: string): string => mask(path === '' ? child : `${path}.${child}`);
  switch (error.keyword) {
    case 'required': {
      const param = name(String(error.params['missingProperty']));
      return new PayrailError('parameter_missing', `Missing required parameter: ${param}.`, { param });
    }
    case 'additionalProperties': {
      const param = name(String(error.params['additionalProperty']));
      return new PayrailError('parameter_unknown', `Received unknown parameter: ${param}.`, { param });
    }
    default: {
      const refined = refine?.(error, path);
      if (refined) return refined;
      if (path === '') return new PayrailError('parameter_invalid', 'The request body must be a JSON object.', { param: 'body' });
      const param = mask(path);
      return new PayrailError('parameter_invalid', `Invalid ${param}: ${error.message ?? 'invalid'}.`, { param });
    }
  }
}
