import {
  GraphQLError,
  Kind,
  MaxIntrospectionDepthRule,
  OperationTypeNode,
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  isObjectType,
  isInterfaceType,
  parse,
  type ASTVisitor,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLArgument,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type Source,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { GRAPHQL_ERROR_CODES } from './graphqlErrors';

/** Every limit a GraphQL request is held to before anything runs, in one place. */
export const GRAPHQL_LIMITS = {
  /** The longest document, in characters (the request's `query`). */
  document_chars_max: 16_384,
  /** The most tokens the parser reads (GraphiQL's introspection query has 183): it caps what parsing and validation cost (validating 1,000 tokens of repeated nested fields takes ~100 ms). */
  document_tokens_max: 1_000,
  /** The deepest nesting of fields; a connection spends two levels (edges, node). */
  depth_max: 10,
  /** The most fields a query may resolve, estimated: each field counts once per object it is read on. */
  cost_max: 20_000,
  /** What a list without `first` (a payment's payees, the processors) is assumed to hold. */
  list_size_assumed: 10,
  /** The deepest nesting of an introspection query (GraphiQL's nests `ofType` nine levels deep). */
  introspection_depth_max: 16,
  /** The most selections one measure visits with fragments spread: it bounds the measuring itself. */
  selections_visited_max: 50_000,
} as const;

/**
 * The parser GraphQL requests are read with: at most GRAPHQL_LIMITS.document_tokens_max tokens. A
 * document that is not GraphQL is GRAPHQL_PARSE_FAILED; one with too many tokens QUERY_TOO_LARGE.
 */
export function parseLimited(source: string | Source): DocumentNode {
  try {
    return parse(source, { maxTokens: GRAPHQL_LIMITS.document_tokens_max, noLocation: false });
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    // graphql-js says 'Document contains more that N tokens. Parsing aborted.' (sic).
    const tooLarge = /\d+ tokens\. Parsing aborted/.test(error.message);
    return rethrow(error, tooLarge
      ? { code: 'QUERY_TOO_LARGE', message: `The document has more than ${GRAPHQL_LIMITS.document_tokens_max} tokens (names, punctuation, values): split it into smaller queries.` }
      : { code: 'GRAPHQL_PARSE_FAILED', message: error.message });
  }
}

function rethrow(error: GraphQLError, { code, message }: { code: keyof typeof GRAPHQL_ERROR_CODES; message: string }): never {
  throw new GraphQLError(message, { ...(error.source === undefined ? {} : { source: error.source }), ...(error.positions === undefined ? {} : { positions: error.positions }), extensions: { code } });
}

/**
 * The rules a request is validated with: graphql-js's own (but its MaxIntrospectionDepthRule, which the
 * introspection check of measureOperation covers and is stricter than), queries only, depth and cost.
 */
export function graphqlRules(specified: readonly ValidationRule[], variables: Readonly<Record<string, unknown>> | null | undefined, onMeasure?: (measure: QueryMeasure) => void): ValidationRule[] {
  return [...specified.filter((rule) => rule !== MaxIntrospectionDepthRule), ReadOnlyOperationsRule, queryLimitsRule(variables, onMeasure)];
}

/** Refuses mutations and subscriptions: the schema has none, and a GET must never change anything. */
export const ReadOnlyOperationsRule: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (node.operation === OperationTypeNode.QUERY) return;
    context.reportError(new GraphQLError(
      `This GraphQL API only reads: it serves queries, not a ${node.operation}. Change things with the REST API (POST /v1/payment-intents, /v1/refunds, ...): see /docs.`,
      { nodes: node, extensions: { code: 'OPERATION_NOT_SUPPORTED' } },
    ));
  },
});

/** What measuring an operation found. */
export interface QueryMeasure {
  depth: number;
  /** Fields resolved, estimated; past cost_max the count stops (`exceeded`). */
  cost: number;
  exceeded: boolean;
  /** Why an introspection selection is refused, or null. */
  introspection: string | null;
}

// Introspection fields that list many things (a type's fields...): allowed only on a type reached
// from __schema.types or __type(name:), so that no selection walks the type graph's cycles
// (__Type.fields → __Field.type → __Type.fields ...), whose size grows with each lap.
const INTROSPECTION_LISTS = new Set(['fields', 'inputFields', 'interfaces', 'possibleTypes', 'enumValues']);
const INTROSPECTION_ROOTS = new Set(['types', 'queryType', 'mutationType', 'subscriptionType']);

/**
 * Measures one operation before it runs: its depth (fields nested, fragments spread, `__typename`
 * free) and its cost, the number of fields it would resolve if every list were full: a field counts
 * once per object it is read on, and a connection's edges are as many as its `first` (the argument's
 * default when not given, never more than its maximum); another list is assumed list_size_assumed
 * long. Introspection (`__schema`, `__type`) is measured apart: GraphiQL's own query passes, a lap
 * around the type graph does not. The measure stops early once the cost passes cost_max.
 */
export function measureOperation(schema: GraphQLSchema, fragments: ReadonlyMap<string, FragmentDefinitionNode>, operation: OperationDefinitionNode, variables: Readonly<Record<string, unknown>> | null | undefined): QueryMeasure {
  const measure: QueryMeasure = { depth: 0, cost: 0, exceeded: false, introspection: null };
  let visited = 0;
  const spreading = new Set<string>();
  const root = schema.getQueryType();
  if (root === null || root === undefined) return measure;

  const over = (): boolean => measure.exceeded || measure.introspection !== null;
  const count = (): boolean => {
    visited += 1;
    if (visited > GRAPHQL_LIMITS.selections_visited_max) measure.exceeded = true;
    return !measure.exceeded;
  };

  /** Calls `visit` for each field of a selection set, fragments spread in place (a cycle is validation's to report). */
  const eachField = (selections: SelectionSetNode, parent: GraphQLNamedType, visit: (field: FieldNode, parent: GraphQLNamedType) => void): void => {
    for (const selection of selections.selections) {
      if (over() || !count()) return;
      if (selection.kind === Kind.FIELD) {
        visit(selection, parent);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition === undefined ? parent : schema.getType(selection.typeCondition.name.value);
        if (type !== undefined && type !== null) eachField(selection.selectionSet, type, visit);
      } else {
        const fragment = fragments.get(selection.name.value);
        const type = fragment === undefined ? undefined : schema.getType(fragment.typeCondition.name.value);
        if (fragment === undefined || type === undefined || type === null || spreading.has(fragment.name.value)) continue;
        spreading.add(fragment.name.value);
        eachField(fragment.selectionSet, type, visit);
        spreading.delete(fragment.name.value);
      }
    }
  };

  const fieldOf = (parent: GraphQLNamedType, name: string) => (isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined);

  const walk = (selections: SelectionSetNode, parent: GraphQLNamedType, depth: number, multiplier: number, pageSize: number | null): void => {
    eachField(selections, parent, (field, type) => {
      const name = field.name.value;
      if (name === '__typename') return;
      if (name === '__schema' || name === '__type') {
        if (field.selectionSet !== undefined) walkIntrospection(field.selectionSet, name === '__schema' ? '__Schema' : '__Type', 1, true);
        return;
      }
      const definition = fieldOf(type, name);
      if (definition === undefined) return; // an unknown field: validation reports it
      measure.depth = Math.max(measure.depth, depth);
      measure.cost += multiplier;
      if (measure.cost > GRAPHQL_LIMITS.cost_max) {
        measure.exceeded = true;
        return;
      }
      if (field.selectionSet === undefined) return;
      const first = definition.args.find((arg) => arg.name === 'first');
      const isList = isListType(getNullableType(definition.type));
      const childMultiplier = first === undefined && isList ? multiplier * (pageSize ?? GRAPHQL_LIMITS.list_size_assumed) : multiplier;
      const childPage = first === undefined ? null : pageSizeOf(field, first, variables);
      const named = getNamedType(definition.type);
      if (isCompositeType(named)) walk(field.selectionSet, named, depth + 1, childMultiplier, childPage);
    });
  };

  const walkIntrospection = (selections: SelectionSetNode, parentName: string, depth: number, fromRoot: boolean): void => {
    const parent = schema.getType(parentName);
    if (parent === undefined || parent === null) return;
    eachField(selections, parent, (field, type) => {
      const name = field.name.value;
      if (depth > GRAPHQL_LIMITS.introspection_depth_max) {
        measure.introspection = `The introspection query nests more than ${GRAPHQL_LIMITS.introspection_depth_max} fields deep.`;
        return;
      }
      if (type.name === '__Type' && INTROSPECTION_LISTS.has(name) && !fromRoot) {
        measure.introspection = `Introspection lists a type's ${name} only for a type reached from __schema.types or __type(name:), as GraphiQL's introspection query does: a type reached through a field's type, ofType, interfaces or possibleTypes names itself (kind, name, ofType).`;
        return;
      }
      const definition = fieldOf(type, name);
      if (definition === undefined || field.selectionSet === undefined) return;
      const next = getNamedType(definition.type);
      // The types a selection may list the fields of: those reached from __schema, and a type's own members.
      const childFromRoot = next.name === '__Type' ? type.name === '__Schema' && INTROSPECTION_ROOTS.has(name) : fromRoot && type.name === '__Type';
      walkIntrospection(field.selectionSet, next.name, depth + 1, childFromRoot || next.name !== '__Type');
    });
  };

  walk(operation.selectionSet, root, 1, 1, null);
  return measure;
}

/** The page size a connection field asks for: its `first` (literal or variable), else the default, capped at the argument's maximum. */
function pageSizeOf(field: FieldNode, first: GraphQLArgument, variables: Readonly<Record<string, unknown>> | null | undefined): number {
  const max = typeof first.extensions['max'] === 'number' ? first.extensions['max'] : Number.POSITIVE_INFINITY;
  const fallback = typeof first.defaultValue === 'number' ? first.defaultValue : GRAPHQL_LIMITS.list_size_assumed;
  const argument = field.arguments?.find((arg) => arg.name.value === 'first');
  let value: unknown = fallback;
  if (argument?.value.kind === Kind.INT) value = Number(argument.value.value);
  else if (argument?.value.kind === Kind.VARIABLE) value = variables?.[argument.value.name.value] ?? fallback;
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(Math.max(value, 0), max) : fallback;
}

/**
 * The depth and cost limits as a validation rule, for one request's variables (a `first: $n` counts as
 * `$n`): QUERY_TOO_DEEP, QUERY_TOO_COSTLY, each saying the limit and how to get under it. `onMeasure`
 * hears each operation's measure (for the request's log line).
 */
export function queryLimitsRule(variables: Readonly<Record<string, unknown>> | null | undefined, onMeasure: (measure: QueryMeasure) => void = () => {}): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    return {
      OperationDefinition(node) {
        if (node.operation !== OperationTypeNode.QUERY) return false;
        const measure = measureOperation(context.getSchema(), fragments, node, variables);
        onMeasure(measure);
        const { depth_max, cost_max } = GRAPHQL_LIMITS;
        if (measure.depth > depth_max) {
          context.reportError(new GraphQLError(
            `This query nests fields ${measure.depth} deep; at most ${depth_max} are allowed (a connection spends two: edges and node). Ask for less nesting, or read the nested objects in a second query.`,
            { nodes: node, extensions: { code: 'QUERY_TOO_DEEP', depth: measure.depth, depth_max } },
          ));
        }
        if (measure.exceeded) {
          context.reportError(new GraphQLError(
            `This query could resolve more than ${cost_max} fields (each field counts once per object it is read on; a connection holds its first, ${GRAPHQL_LIMITS.list_size_assumed} when not given). Ask for smaller pages (first), fewer nested lists or fewer fields.`,
            { nodes: node, extensions: { code: 'QUERY_TOO_COSTLY', cost: measure.cost, cost_max } },
          ));
        }
        if (measure.introspection !== null) {
          context.reportError(new GraphQLError(measure.introspection, { nodes: node, extensions: { code: 'QUERY_TOO_COSTLY', cost: measure.cost, cost_max } }));
        }
        return false;
      },
    };
  };
}
