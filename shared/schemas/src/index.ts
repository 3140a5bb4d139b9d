export type { JsonSchema } from './jsonSchema';
export { EVENT_ENVELOPE_SCHEMA, HASH_PATTERN } from './envelope';
export { EVENT_DATA_SCHEMAS } from './events';
export { ajv, compileSchema, describeAjvErrors, knownEventTypes, validateEvent } from './validateEvent';
