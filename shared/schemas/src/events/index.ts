import type { JsonSchema } from '../jsonSchema';
import { JOURNAL_EVENT_SCHEMAS } from './journal';

/** The data schema of every event type any stream may hold, by type. One catalogue, compiled once. */
export const EVENT_DATA_SCHEMAS: Readonly<Record<string, JsonSchema>> = Object.freeze({
  ...JOURNAL_EVENT_SCHEMAS,
});
