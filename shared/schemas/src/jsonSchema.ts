/** A JSON Schema document (draft 2020-12 subset as ajv understands it). */
export type JsonSchema = Record<string, unknown>;

/** `{$ref: '#/components/schemas/<name>'}`: a named component of an OpenAPI document. */
export const componentRef = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });

/** `schema` or null. */
export const nullable = (schema: JsonSchema): JsonSchema => ({ anyOf: [schema, { type: 'null' }] });

/**
 * A closed object: exactly these properties (an unknown one fails), each required but the `optional`
 * ones. The shape of every response object the OpenAPI documents describe.
 */
export const closedObject = (properties: Record<string, JsonSchema>, optional: readonly string[] = []): JsonSchema => ({
  type: 'object',
  additionalProperties: false,
  required: Object.keys(properties).filter((key) => !optional.includes(key)),
  properties,
});
