/** A JSON Schema document (draft 2020-12 subset as ajv understands it). */
export type JsonSchema = Record<string, unknown>;
