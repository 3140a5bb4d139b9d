import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { postingsBalance, type Posting } from '@payrail/core';
import { EVENT_ENVELOPE_SCHEMA } from './envelope';
import { EVENT_DATA_SCHEMAS } from './events';
import type { JsonSchema } from './jsonSchema';

/** One ajv instance for the process: schemas are compiled once, at first use. */
export const ajv = new Ajv2020({ allErrors: false, strict: true });
addFormats(ajv);

const validateEnvelope = ajv.compile(EVENT_ENVELOPE_SCHEMA);
/**
 * Each type's data schema, compiled the first time an event of that type is checked: a process (the
 * CLI above all) starts without compiling the whole catalogue, most of which it never sees.
 */
const dataValidators = new Map<string, ValidateFunction>();
const dataSchemas: Readonly<Record<string, JsonSchema>> = EVENT_DATA_SCHEMAS;

function dataValidator(type: string): ValidateFunction | undefined {
  let validate = dataValidators.get(type);
  if (validate === undefined && Object.prototype.hasOwnProperty.call(dataSchemas, type)) {
    validate = ajv.compile(dataSchemas[type] as JsonSchema);
    dataValidators.set(type, validate);
  }
  return validate;
}

/** Formats ajv's first error as `path: message`, for people. */
export function describeAjvErrors(errors: ErrorObject[] | null | undefined, root = ''): string {
  const first = errors?.[0];
  if (first === undefined) return 'invalid';
  const where = `${root}${first.instancePath}` || '(root)';
  const extra = first.keyword === 'additionalProperties' ? ` '${String(first.params['additionalProperty'])}'` : '';
  return `${where}: ${first.message ?? 'invalid'}${extra}`;
}

/**
 * Checks a journal line's envelope, its data against its type's schema, and that its postings balance.
 * Returns null when valid, otherwise the reason.
 */
export function validateEvent(event: unknown): string | null {
  if (!validateEnvelope(event)) return describeAjvErrors(validateEnvelope.errors);
  const { type, data, postings } = event as { type: string; data: unknown; postings?: Posting[] };
  const validateData = dataValidator(type);
  if (validateData === undefined) return `type: unknown event type '${type}'`;
  if (!validateData(data)) return describeAjvErrors(validateData.errors, '/data');
  if (postings !== undefined && !postingsBalance(postings)) return '/postings: legs do not sum to zero per currency';
  return null;
}

/** The event types the catalogue knows. */
export const knownEventTypes = (): string[] => Object.keys(dataSchemas);

/** Compiles a schema once and returns a checker that returns null or the reason. */
export function compileSchema(schema: JsonSchema): (value: unknown) => string | null {
  const validate = ajv.compile(schema);
  return (value) => (validate(value) ? null : describeAjvErrors(validate.errors));
}
