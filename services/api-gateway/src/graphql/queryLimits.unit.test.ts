import { GraphQLError, Kind, buildSchema, getIntrospectionQuery, parse, specifiedRules, validate, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { GRAPHQL_LIMITS, graphqlRules, measureOperation, parseLimited } from './queryLimits';

// Given a schema shaped like the gateway's (connections with first, a plain list, a link back),
// when a document is validated with the read-only rule and the depth and cost limits, then each
// refusal names its code and the numbers, GraphiQL's own introspection query passes, and measuring
// stays cheap whatever the fragments do.

const schema = buildSchema(`
  type Query { payments(first: Int = 10, after: String): PaymentConnection! payment(id: ID!): Payment processors: [Processor!]! }
  type PaymentConnection { edges: [PaymentEdge!]! pageInfo: PageInfo! }
  type PaymentEdge { cursor: String! node: Payment! }
  type PageInfo { hasNextPage: Boolean! endCursor: String }
  type Payment { id: String! amount: Int! refunds(first: Int = 10): RefundConnection! }
  type RefundConnection { edges: [RefundEdge!]! }
  type RefundEdge { node: Refund! }
  type Refund { id: String! payment: Payment! }
  type Processor { name: String! latency: Latency! }
  type Latency { p50: Float }
`);

const errorsOf = (query: string, variables: Record<string, unknown> = {}): Array<{ code: unknown; message: string; extensions: Record<string, unknown> }> =>
  validate(schema, parse(query), graphqlRules(specifiedRules, variables)).map((e) => ({ code: e.extensions['code'], message: e.message, extensions: e.extensions }));

function measure(query: string, variables: Record<string, unknown> = {}) {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  return measureOperation(schema, fragments, operation, variables);
}

describe('the depth and cost of a query', () => {
  test('cost counts each field once per object it is read on; a connection holds its first', () => {
    // payments 1 + edges 1 + node 3 + id 3
    expect(measure('{ payments(first: 3) { edges { node { id } } } }')).toMatchObject({ cost: 8, depth: 4, exceeded: false });
    // 1 + 1 + 2 + per payment (refunds 1 + edges 1 + node 5 + id 5) × 2
    expect(measure('{ payments(first: 2) { edges { node { refunds(first: 5) { edges { node { id } } } } } } }').cost).toBe(28);
    // No first: the argument's default (10). A variable counts as its value.
    expect(measure('{ payments { edges { node { id } } } }').cost).toBe(22);
    expect(measure('query ($n: Int) { payments(first: $n) { edges { node { id } } } }', { n: 3 }).cost).toBe(8);
    expect(measure('query ($n: Int) { payments(first: $n) { edges { node { id } } } }').cost).toBe(22);
    // A plain list is assumed list_size_assumed long; __typename is free; fragments count where they are spread.
    expect(measure('{ processors { name __typename } }').cost).toBe(1 + GRAPHQL_LIMITS.list_size_assumed);
    expect(measure('{ payments(first: 3) { edges { node { ...P } } } } fragment P on Payment { id amount }').cost).toBe(1 + 1 + 3 + 6);
  });

  test(`a query at cost_max (${GRAPHQL_LIMITS.cost_max}) runs; one field more is QUERY_TOO_COSTLY, with the numbers`, () => {
    // payments 1 + edges 1 + node 100 + 100 × fields
    const fields = (n: number) => Array.from({ length: n }, (_, i) => `f${i}: id`).join(' ');
    const at = Math.floor((GRAPHQL_LIMITS.cost_max - 102) / 100);
    expect(errorsOf(`{ payments(first: 100) { edges { node { ${fields(at)} } } } }`)).toEqual([]);
    const over = errorsOf(`{ payments(first: 100) { edges { node { ${fields(at + 1)} } } } }`);
    expect(over).toEqual([expect.objectContaining({ code: 'QUERY_TOO_COSTLY', extensions: expect.objectContaining({ cost_max: GRAPHQL_LIMITS.cost_max }) })]);
    expect(over[0]?.message).toMatch(/more than 20000 fields.*first/);
  });

  test(`a query ${GRAPHQL_LIMITS.depth_max} deep runs; one level deeper is QUERY_TOO_DEEP, with the depth`, () => {
    // payment 1, then each round trip refunds → edges → node → payment adds 4, then id.
    const deep = (trips: number) => `{ payment(id: "p") { ${'refunds(first: 1) { edges { node { payment { '.repeat(trips)}id${' } } } }'.repeat(trips)} } }`;
    expect(measure(deep(2)).depth).toBe(10);
    expect(errorsOf(deep(2))).toEqual([]);
    expect(errorsOf(deep(3))).toEqual([expect.objectContaining({ code: 'QUERY_TOO_DEEP', extensions: { code: 'QUERY_TOO_DEEP', depth: 14, depth_max: GRAPHQL_LIMITS.depth_max } })]);
  });

  test('measuring stays cheap: fragments that double at each level stop at selections_visited_max, a cycle does not loop', () => {
    const levels = 30;
    const fragments = Array.from({ length: levels }, (_, i) => `fragment F${i} on Payment { ${i === levels - 1 ? '__typename' : `...F${i + 1} ...F${i + 1}`} }`).join('\n');
    const started = performance.now();
    const result = measure(`{ payment(id: "p") { ...F0 } }\n${fragments}`);
    expect(result.exceeded).toBe(true);
    expect(performance.now() - started).toBeLessThan(1_000);
    // The cycle is validation's to report (NoFragmentCycles); the measure ends.
    const cycle = errorsOf('{ payment(id: "p") { ...A } } fragment A on Payment { id refunds { edges { node { payment { ...A } } } } }');
    expect(cycle.map((e) => e.code)).toContain(undefined);
  });
});

describe('introspection', () => {
  test.each([
    ['GraphiQL 3', { descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true }],
    ['graphql-js defaults', {}],
  ])("%s's introspection query passes", (_name, options) => {
    expect(errorsOf(getIntrospectionQuery(options))).toEqual([]);
  });

  test('a lap around the type graph (a field type\'s fields) is QUERY_TOO_COSTLY; ofType chains and __type(name:) are fine', () => {
    expect(errorsOf('{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }')).toEqual([expect.objectContaining({ code: 'QUERY_TOO_COSTLY', message: expect.stringMatching(/reached from __schema.types or __type/) })]);
    expect(errorsOf('{ __schema { types { interfaces { fields { name } } } } }')).toEqual([expect.objectContaining({ code: 'QUERY_TOO_COSTLY' })]);
    expect(errorsOf('{ __type(name: "Payment") { fields { name type { kind name ofType { kind name ofType { name } } } } } }')).toEqual([]);
    expect(errorsOf('{ __schema { queryType { fields { name args { name type { name } } } } } }')).toEqual([]);
    const ofTypes = `{ __schema { types { name ${'ofType { '.repeat(20)}name${' }'.repeat(20)} } } }`;
    expect(errorsOf(ofTypes)).toEqual([expect.objectContaining({ code: 'QUERY_TOO_COSTLY', message: expect.stringMatching(/nests more than 16/) })]);
  });
});

describe('queries only, and a bounded document', () => {
  test.each(['mutation { payments { pageInfo { hasNextPage } } }', 'subscription { payments { pageInfo { hasNextPage } } }', 'mutation Pay { x }'])('%s is OPERATION_NOT_SUPPORTED', (document) => {
    const codes = errorsOf(document).map((e) => e.code);
    expect(codes).toContain('OPERATION_NOT_SUPPORTED');
    expect(errorsOf(document).find((e) => e.code === 'OPERATION_NOT_SUPPORTED')?.message).toMatch(/only reads.*REST API/);
  });

  test(`the parser stops at ${GRAPHQL_LIMITS.document_tokens_max} tokens (QUERY_TOO_LARGE); a syntax error is GRAPHQL_PARSE_FAILED`, () => {
    const catchOf = (source: string): GraphQLError => {
      try {
        parseLimited(source);
      } catch (error) {
        return error as GraphQLError;
      }
      throw new Error('parsed');
    };
    expect(parseLimited(`{ ${'id '.repeat(GRAPHQL_LIMITS.document_tokens_max - 3)}}`).kind).toBe(Kind.DOCUMENT);
    const large = catchOf(`{ ${'id '.repeat(GRAPHQL_LIMITS.document_tokens_max)}}`);
    expect(large.extensions).toEqual({ code: 'QUERY_TOO_LARGE' });
    expect(large.message).toMatch(/more than 1000 tokens.*split/);
    const syntax = catchOf('{ payments { ');
    expect(syntax.extensions).toEqual({ code: 'GRAPHQL_PARSE_FAILED' });
    expect(syntax.locations).toEqual([{ line: 1, column: 14 }]);
  });
});
