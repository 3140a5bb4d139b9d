export { closedObject, componentRef, nullable, type JsonSchema } from './jsonSchema';
export { EVENT_ENVELOPE_SCHEMA, HASH_PATTERN } from './envelope';
export { EVENT_DATA_SCHEMAS } from './events';
export { DECLINE_CODES } from './events/payments';
export { ajv, compileSchema, describeAjvErrors, knownEventTypes, validateEvent } from './validateEvent';
export { PAYEE_ID_PATTERN } from './events/escrows';
export { API_KEY_SCOPES } from './events/gateway';
export { SIMULATED_OUTCOME_SCHEMA, SIMULATE_SCRIPT_SCHEMA, SIMULATE_STEP_SCHEMA } from './simulate';
