import { assert } from '@payrail/core';
import type { JsonSchema } from '@payrail/schemas';
import {
  GraphQLBoolean,
  GraphQLEnumType,
  GraphQLError,
  GraphQLFloat,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLScalarType,
  GraphQLString,
  GraphQLUnionType,
  Kind,
  valueFromASTUntyped,
  type GraphQLFieldConfigMap,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLOutputType,
} from 'graphql';

/*
 * GraphQL types made from the JSON Schemas the REST API documents its answers with (the OpenAPI
 * components that the contract check holds every REST response to). A field added to a REST object's
 * schema is a field of its GraphQL type; nothing is written twice. Objects become object types with
 * the same field names, so a GraphQL object is the REST JSON, field for field.
 */

const NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;
const RESERVED_ENUM_VALUES = new Set(['true', 'false', 'null']);

const shown = (value: unknown): string => (typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : String(value).slice(0, 40));

function safeInteger(value: unknown, where: string): number {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  throw new GraphQLError(`SafeInt ${where} an integer between -(2^53-1) and 2^53-1, not ${shown(value)}.`);
}

/**
 * Integers as the REST API has them: amounts in minor units (up to AMOUNT_MAX, which may pass 2^31)
 * and unix seconds (release_at may be years ahead) do not all fit GraphQL's 32-bit `Int`.
 */
export const SafeIntType = new GraphQLScalarType({
  name: 'SafeInt',
  description: 'An integer between -(2^53-1) and 2^53-1, sent as a JSON number: amounts in minor units and unix seconds, as the REST API sends them.',
  serialize: (value) => safeInteger(value, 'can only represent'),
  parseValue: (value) => safeInteger(value, 'must be'),
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.INT) throw new GraphQLError('SafeInt must be an integer literal.', { nodes: ast });
    return safeInteger(Number(ast.value), 'must be');
  },
});

/** A value with no fixed shape in the REST schema (metadata, headers, a simulate script), as REST sends it. */
export const JsonType = new GraphQLScalarType({
  name: 'JSON',
  description: 'Any JSON value, exactly as the REST API answers it: metadata (key → value), the headers of a delivery, a simulate script.',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (ast, variables) => valueFromASTUntyped(ast, variables),
});

const pascal = (name: string): string => name.split(/[^A-Za-z0-9]+/).filter(Boolean).map((part) => part[0]!.toUpperCase() + part.slice(1)).join('');

/** A `#/components/schemas/<name>` reference's name, or null. */
export function refName(schema: JsonSchema): string | null {
  const ref = schema['$ref'];
  return typeof ref === 'string' && ref.startsWith('#/components/schemas/') ? ref.slice('#/components/schemas/'.length) : null;
}

const isNull = (schema: JsonSchema): boolean => schema['type'] === 'null' || schema['const'] === null;

/** An object schema with named properties (a GraphQL object type); others are maps or anything (JSON). */
const isRecord = (schema: JsonSchema): boolean => schema['type'] === 'object' && typeof schema['properties'] === 'object' && Object.keys(schema['properties'] as object).length > 0 && (schema['additionalProperties'] === undefined || schema['additionalProperties'] === false);

const enumValuesOf = (schema: JsonSchema): string[] | null => {
  const values = schema['enum'];
  if (!Array.isArray(values) || values.length === 0) return null;
  return values.every((value) => typeof value === 'string' && NAME.test(value) && !RESERVED_ENUM_VALUES.has(value)) ? (values as string[]) : null;
};

const descriptionOf = (schema: JsonSchema): string | undefined => (typeof schema['description'] === 'string' ? schema['description'] : undefined);

interface Converted {
  type: GraphQLOutputType;
  nullable: boolean;
}

export interface JsonSchemaTypesOptions {
  /** The component schemas `$ref`s name (the gateway's OpenAPI components). */
  components: Readonly<Record<string, JsonSchema>>;
  /** Names for types whose made-up name (owner type + field) reads badly: made-up name → name. */
  renames?: Readonly<Record<string, string>>;
  /** Fields beside a type's own (links to other objects), by type name; called once, when the type's fields are first needed. */
  extraFields?: (typeName: string) => GraphQLFieldConfigMap<unknown, unknown> | undefined;
}

/**
 * Turns JSON Schemas into GraphQL output types: an object with properties into an object type (the
 * same field names; required and not nullable → non-null), a `$ref` into the component's type (one
 * type per component), an enum of names into an enum type, `anyOf` of object components into a union
 * told apart by their `object` field, integers into SafeInt, and whatever has no fixed shape (a map,
 * `anyOf` of unlike things) into JSON. An inline object's type is named after its owner and field
 * (`PaymentIntentLastError`); a schema object met twice is one type.
 */
export class JsonSchemaTypes {
  private readonly named = new Map<string, { type: GraphQLNamedType; schema: JsonSchema }>();
  private readonly bySchema = new WeakMap<JsonSchema, GraphQLNamedType>();
  private readonly enums = new Map<string, GraphQLEnumType>();

  constructor(private readonly options: JsonSchemaTypesOptions) {}

  /** The object type of a component (`PaymentIntent`). */
  component(name: string): GraphQLObjectType {
    const type = this.convert({ $ref: `#/components/schemas/${name}` }, name).type;
    assert(type instanceof GraphQLObjectType, `the component ${name} is not an object with properties`);
    return type;
  }

  /** The GraphQL type of a field whose value `schema` describes, non-null when `required` and not nullable. */
  field(schema: JsonSchema, hint: string, required: boolean): GraphQLOutputType {
    const { type, nullable } = this.convert(schema, hint);
    return required && !nullable ? new GraphQLNonNull(type) : type;
  }

  /** An input type for a REST query parameter's schema (a filter argument): an enum, SafeInt, Boolean, String, or JSON. */
  input(schema: JsonSchema, hint: string): GraphQLInputType {
    const values = enumValuesOf(schema);
    if (values !== null) return this.enumType(schema, hint, values);
    if (schema['type'] === 'integer') return SafeIntType;
    if (schema['type'] === 'boolean') return GraphQLBoolean;
    if (schema['type'] === 'string') return GraphQLString;
    return JsonType;
  }

  /** Every named type made so far (for the schema's `types`, so that a type reached only through a union is in it). */
  types(): GraphQLNamedType[] {
    return [...this.named.values()].map((entry) => entry.type);
  }

  private nameOf(hint: string): string {
    const name = this.options.renames?.[hint] ?? hint;
    assert(NAME.test(name), `${name} is not a GraphQL name`);
    return name;
  }

  private convert(schema: JsonSchema, hint: string): Converted {
    const ref = refName(schema);
    if (ref !== null) {
      const target = this.options.components[ref];
      assert(target !== undefined, `no component ${ref}`);
      return this.convert(target, ref);
    }
    const variants = (schema['anyOf'] ?? schema['oneOf']) as JsonSchema[] | undefined;
    if (Array.isArray(variants)) {
      const present = variants.filter((variant) => !isNull(variant));
      const nullable = present.length < variants.length;
      if (present.length === 1) {
        const inner = this.convert(present[0] as JsonSchema, hint);
        return { type: inner.type, nullable: nullable || inner.nullable };
      }
      const members = present.map(refName);
      if (members.every((name): name is string => name !== null && isRecord(this.options.components[name] ?? {}))) return { type: this.union(schema, hint, members), nullable };
      return { type: JsonType, nullable: true };
    }
    if (Array.isArray(schema['type'])) {
      const types = (schema['type'] as string[]).filter((type) => type !== 'null');
      const nullable = types.length < (schema['type'] as string[]).length;
      if (types.length !== 1) return { type: JsonType, nullable: true };
      return { type: this.convert({ ...schema, type: types[0] }, hint).type, nullable };
    }
    if ('const' in schema) {
      const value = schema['const'];
      if (typeof value === 'string') return { type: GraphQLString, nullable: false };
      if (typeof value === 'boolean') return { type: GraphQLBoolean, nullable: false };
      if (typeof value === 'number') return { type: Number.isInteger(value) ? SafeIntType : GraphQLFloat, nullable: false };
      return { type: JsonType, nullable: true };
    }
    const values = enumValuesOf(schema);
    if (values !== null) return { type: this.enumType(schema, hint, values), nullable: false };
    switch (schema['type']) {
      case 'string':
        return { type: GraphQLString, nullable: false };
      case 'integer':
        return { type: SafeIntType, nullable: false };
      case 'number':
        return { type: GraphQLFloat, nullable: false };
      case 'boolean':
        return { type: GraphQLBoolean, nullable: false };
      case 'array': {
        const items = schema['items'] as JsonSchema | undefined;
        return { type: new GraphQLList(items === undefined ? JsonType : this.field(items, hint, true)), nullable: false };
      }
      case 'object':
        return isRecord(schema) ? { type: this.objectType(schema, hint), nullable: false } : { type: JsonType, nullable: false };
      default:
        return { type: JsonType, nullable: true };
    }
  }

  /** The named type made for `schema` before, or a new one under `hint`'s name (a name is never given twice to unlike schemas). */
  private reuse<T extends GraphQLNamedType>(schema: JsonSchema, hint: string, make: (name: string) => T): T {
    const known = this.bySchema.get(schema);
    if (known !== undefined) return known as T;
    const name = this.nameOf(hint);
    const taken = this.named.get(name);
    if (taken !== undefined) {
      assert(JSON.stringify(taken.schema) === JSON.stringify(schema), `two different schemas would both be the GraphQL type ${name}: rename one (renames)`);
      this.bySchema.set(schema, taken.type);
      return taken.type as T;
    }
    const type = make(name);
    this.named.set(name, { type, schema });
    this.bySchema.set(schema, type);
    return type;
  }

  /** An enum of these values; one type per set of values (a filter's `status` is its objects' `status` type). */
  private enumType(schema: JsonSchema, hint: string, values: string[]): GraphQLEnumType {
    const key = JSON.stringify([...values].sort());
    const same = this.enums.get(key);
    if (same !== undefined) return same;
    const type = this.reuse(schema, hint, (name) => new GraphQLEnumType({
      name,
      ...(descriptionOf(schema) === undefined ? {} : { description: descriptionOf(schema) }),
      values: Object.fromEntries(values.map((value) => [value, { value }])),
    }));
    this.enums.set(key, type);
    return type;
  }

  private objectType(schema: JsonSchema, hint: string): GraphQLObjectType {
    return this.reuse(schema, hint, (name) => new GraphQLObjectType({
      name,
      ...(descriptionOf(schema) === undefined ? {} : { description: descriptionOf(schema) }),
      fields: () => {
        const properties = schema['properties'] as Record<string, JsonSchema>;
        const required = new Set((schema['required'] as string[] | undefined) ?? []);
        const fields: GraphQLFieldConfigMap<unknown, unknown> = {};
        for (const [field, property] of Object.entries(properties)) {
          assert(NAME.test(field), `${name}.${field} is not a GraphQL field name`);
          const description = descriptionOf(property);
          fields[field] = { type: this.field(property, `${name}${pascal(field)}`, required.has(field)), ...(description === undefined ? {} : { description }) };
        }
        for (const [field, config] of Object.entries(this.options.extraFields?.(name) ?? {})) {
          assert(fields[field] === undefined, `${name}.${field} is a field of the REST object: a link needs another name`);
          fields[field] = config;
        }
        return fields;
      },
    }));
  }

  private union(schema: JsonSchema, hint: string, members: string[]): GraphQLUnionType {
    const byObject = new Map<string, string>();
    for (const member of members) {
      const kind = ((this.options.components[member]?.['properties'] as Record<string, JsonSchema> | undefined)?.['object'])?.['const'];
      assert(typeof kind === 'string', `${member} has no object constant to tell it apart in the union ${hint}`);
      byObject.set(kind, member);
    }
    return this.reuse(schema, hint, (name) => new GraphQLUnionType({
      name,
      types: () => members.map((member) => this.component(member)),
      resolveType: (value: unknown) => byObject.get(String((value as { object?: unknown } | null)?.object)),
    }));
  }
}
