import { PayrailError, assert } from '@payrail/core';
import type { PaymentIntent } from '@payrail/ledger';
import type { JsonSchema } from '@payrail/schemas';
import {
  GraphQLBoolean,
  GraphQLError,
  GraphQLID,
  GraphQLInputObjectType,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  type GraphQLFieldConfig,
  type GraphQLFieldConfigArgumentMap,
  type GraphQLFieldConfigMap,
  type GraphQLInputFieldConfigMap,
  type GraphQLOutputType,
} from 'graphql';
import { LIST_QUERY_PROPERTIES, paginate } from '../common/schemas';
import { GATEWAY_COMPONENTS } from '../docs/components';
import { openApiPath, validateInput } from '../http/route';
import type { ReadLoaders } from './readLoaders';
import { RestReads, renamed, type Caller } from './restReads';
import { JsonSchemaTypes, JsonType, refName } from './jsonSchemaTypes';

/** What every resolver of one request reads through. */
export type GraphqlContext = {
  /** The merchant and key of the request, for the REST reads (which scope every read to the merchant). */
  caller: Caller;
  loaders: ReadLoaders;
  rest: RestReads;
};

/** A top-level list (a connection over a REST list) and its one-object read. */
interface RootList {
  list: string;
  field: string;
  one: { field: string; operation: string };
}

const ROOT_LISTS: readonly RootList[] = [
  { field: 'paymentIntents', list: 'listPaymentIntents', one: { field: 'paymentIntent', operation: 'retrievePaymentIntent' } },
  { field: 'refunds', list: 'listRefunds', one: { field: 'refund', operation: 'retrieveRefund' } },
  { field: 'disputes', list: 'listDisputes', one: { field: 'dispute', operation: 'retrieveDispute' } },
  { field: 'escrows', list: 'listEscrows', one: { field: 'escrow', operation: 'retrieveEscrow' } },
  { field: 'events', list: 'listEvents', one: { field: 'event', operation: 'retrieveEvent' } },
];
const DELIVERIES_OPERATION = 'listEventDeliveries';
const PROCESSORS_OPERATION = 'listProviderHealth';

/** Every REST operation the schema reads through (checked at start: a renamed route fails loudly). */
export const GRAPHQL_REST_OPERATIONS: readonly string[] = [...ROOT_LISTS.flatMap((root) => [root.list, root.one.operation]), DELIVERIES_OPERATION, PROCESSORS_OPERATION];

/** Names for the types of inline schemas whose made-up name reads badly. */
const RENAMES: Readonly<Record<string, string>> = {
  PaymentIntentProcessor: 'Processor',
  DeliveryAttemptEndpoint: 'DeliveryEndpoint',
  DeliveriesDeliveries: 'DeliverySummary',
  PaymentIntentPaymentMethodTypes: 'PaymentMethodType',
  EscrowPayees: 'EscrowPayee',
};

const pascal = (name: string): string => name.split(/[^A-Za-z0-9]+/).filter(Boolean).map((part) => part[0]!.toUpperCase() + part.slice(1)).join('');

/** A REST query parameter as the GraphQL caller wrote it: `limit` is `first`, `created[gte]` is `created.gte`. */
export function graphqlParamName(restParam: string): string {
  if (restParam === 'limit') return 'first';
  if (restParam === 'starting_after') return 'after';
  const member = /^([a-z_]+)\[(.+)\]$/.exec(restParam);
  return member === null ? restParam : `${member[1]}.${member[2]}`;
}

const LIMIT = LIST_QUERY_PROPERTIES['limit'] as { minimum: number; maximum: number; default: number };
const PAGE_QUERY: JsonSchema = { type: 'object', additionalProperties: false, properties: LIST_QUERY_PROPERTIES };

/** `first` and `after`: REST's `limit` and `starting_after`, with the same bounds. */
const PAGE_ARGS: GraphQLFieldConfigArgumentMap = {
  first: {
    type: GraphQLInt,
    defaultValue: LIMIT.default,
    description: `How many, ${LIMIT.minimum} to ${LIMIT.maximum} (REST's limit).`,
    extensions: { max: LIMIT.maximum },
  },
  after: { type: GraphQLString, description: "The endCursor of the page before (an object's id: REST's starting_after)." },
};

interface PageArgs {
  first?: number | null;
  after?: string | null;
}

const pageQuery = (args: PageArgs): Record<string, unknown> => ({
  ...(args.first === undefined || args.first === null ? {} : { limit: args.first }),
  ...(args.after === undefined || args.after === null ? {} : { starting_after: args.after }),
});

/** A Relay connection over a REST list page (`{data, has_more}`): each node's cursor is its id. */
function connectionOf(page: { data: Array<{ id: string }>; has_more: boolean }, args: PageArgs): unknown {
  const edges = page.data.map((node) => ({ cursor: node.id, node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: page.has_more,
      // The cursor named an object of the list, so there is at least that one before this page.
      hasPreviousPage: args.after !== undefined && args.after !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

const PAGE_INFO = new GraphQLObjectType({
  name: 'PageInfo',
  description: 'Where a page of a connection stands: pages go forward (first, after), newest first, as REST lists do.',
  fields: {
    hasNextPage: { type: new GraphQLNonNull(GraphQLBoolean), description: "More after this page (REST's has_more)." },
    hasPreviousPage: { type: new GraphQLNonNull(GraphQLBoolean), description: 'This page started after a cursor.' },
    startCursor: { type: GraphQLString },
    endCursor: { type: GraphQLString, description: 'Pass it as after for the next page (null when the page is empty).' },
  },
});

/**
 * The gateway's GraphQL schema: read-only, over the same read operations as REST. Its object types are
 * the REST API's component schemas (so a GraphQL object is the REST JSON), its top-level lists are
 * connections over the REST list routes (their filters as arguments, REST names kept: `status`,
 * `created: {gte}`, `customer: {email}`, `metadata: {key: value}`), and objects link to each other
 * (`paymentIntent`, `refunds`, `disputeObject`, `escrow`, `events`, `deliveries`) through per-request
 * batched reads of the read model.
 */
export function buildGatewaySchema(rest: RestReads): GraphQLSchema {
  const connections = new Map<string, GraphQLObjectType>();
  const connection = (node: string): GraphQLObjectType => {
    let type = connections.get(node);
    if (type === undefined) {
      const edge = new GraphQLObjectType({
        name: `${node}Edge`,
        fields: () => ({ cursor: { type: new GraphQLNonNull(GraphQLString), description: "The node's id." }, node: { type: new GraphQLNonNull(types.component(node)) } }),
      });
      type = new GraphQLObjectType({
        name: `${node}Connection`,
        description: `A page of ${node} objects, newest first.`,
        fields: () => ({ edges: { type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(edge))) }, pageInfo: { type: new GraphQLNonNull(PAGE_INFO) } }),
      });
      connections.set(node, type);
    }
    return type;
  };

  const eventsArgs = (): GraphQLFieldConfigArgumentMap => {
    const typeFilter = (rest.route('listEvents').query?.['properties'] as Record<string, JsonSchema> | undefined)?.['type'];
    return { ...PAGE_ARGS, type: { type: GraphQLString, description: typeof typeFilter?.['description'] === 'string' ? typeFilter['description'] : 'an event type' } };
  };

  const paymentLink = (): GraphQLFieldConfig<{ payment_intent: string }, GraphqlContext> => ({
    type: new GraphQLNonNull(types.component('PaymentIntent')),
    description: 'The PaymentIntent (payment_intent is its id).',
    resolve: (source, _args, context) => context.loaders.paymentIntent.load(source.payment_intent),
  });

  const links = (typeName: string): GraphQLFieldConfigMap<never, GraphqlContext> | undefined => {
    switch (typeName) {
      case 'PaymentIntent':
        return {
          refunds: {
            type: new GraphQLNonNull(connection('Refund')),
            description: 'Its refunds, newest first (as GET /v1/refunds?payment_intent= lists them).',
            args: PAGE_ARGS,
            resolve: async (intent: PaymentIntent, args: PageArgs, context) => {
              const query = pageQuery(args);
              try {
                validateInput(query, PAGE_QUERY, 'query');
                return connectionOf(paginate(await context.loaders.refundsOfPayment.load(intent.id), query, ''), args);
              } catch (error) {
                throw error instanceof PayrailError ? renamed(error, graphqlParamName) : error;
              }
            },
          },
          disputeObject: {
            type: types.component('Dispute'),
            description: 'Its dispute (dispute is its id), or null.',
            resolve: (intent: PaymentIntent, _args, context) => (intent.dispute === null ? null : context.loaders.dispute.load(intent.dispute)),
          },
          escrow: {
            type: types.component('Escrow'),
            description: 'The escrow it pays, or null.',
            resolve: (intent: PaymentIntent, _args, context) => context.loaders.escrowOfPayment.load(intent.id),
          },
          events: {
            type: new GraphQLNonNull(connection('Event')),
            description: 'Its events and those of its refunds and dispute, newest first, as GET /v1/events?payment_intent= lists them.',
            args: eventsArgs(),
            resolve: async (intent: PaymentIntent, args: PageArgs & { type?: string | null }, context) => {
              const query = { ...pageQuery(args), ...(args.type === undefined || args.type === null ? {} : { type: args.type }), payment_intent: intent.id };
              return connectionOf(await context.rest.call('listEvents', context.caller, { query }, graphqlParamName) as never, args);
            },
          },
        };
      case 'Refund':
      case 'Dispute':
      case 'Escrow':
        return { paymentIntent: paymentLink() as GraphQLFieldConfig<never, GraphqlContext> };
      case 'Event':
        return {
          deliveries: {
            type: new GraphQLNonNull(types.component('Deliveries')),
            description: 'Every attempt to deliver it, and one summary per endpoint (as GET /v1/events/{id}/deliveries answers).',
            resolve: (event: { id: string }, _args, context) => context.loaders.deliveriesOfEvent.load(event.id),
          },
        };
      default:
        return undefined;
    }
  };

  const types = new JsonSchemaTypes({ components: GATEWAY_COMPONENTS, renames: RENAMES, extraFields: links as (name: string) => GraphQLFieldConfigMap<unknown, unknown> | undefined });

  /** The node component a REST list route answers pages of (`PaymentIntentList` → `PaymentIntent`). */
  const nodeOf = (operation: string): string => {
    const list = refName((rest.route(operation).responses['200']?.schema ?? {}) as JsonSchema);
    const items = list === null ? undefined : ((GATEWAY_COMPONENTS[list]?.['properties'] as Record<string, JsonSchema> | undefined)?.['data']?.['items'] as JsonSchema | undefined);
    const node = items === undefined ? null : refName(items);
    assert(node !== null, `${operation} does not answer a list of a named component`);
    return node;
  };

  // The object types first, so that an enum a filter shares with a field takes the field's name.
  for (const root of ROOT_LISTS) types.component(nodeOf(root.list)).getFields();

  const fields: GraphQLFieldConfigMap<unknown, GraphqlContext> = {};
  for (const root of ROOT_LISTS) {
    const node = nodeOf(root.list);
    const filters = listFilters(types, root.field, rest.route(root.list).query ?? {});
    fields[root.field] = {
      type: new GraphQLNonNull(connection(node)),
      description: `${rest.route(root.list).summary} (GET ${openApiPath(rest.route(root.list).path)})`,
      args: { ...PAGE_ARGS, ...filters.args },
      resolve: async (_root, args: PageArgs & Record<string, unknown>, context) =>
        connectionOf(await context.rest.call(root.list, context.caller, { query: { ...pageQuery(args), ...filters.query(args) } }, graphqlParamName) as never, args),
    };
    fields[root.one.field] = {
      type: types.component(node),
      description: `${rest.route(root.one.operation).summary} (GET ${openApiPath(rest.route(root.one.operation).path)}); null with a NOT_FOUND error when the merchant has none by that id.`,
      args: { id: { type: new GraphQLNonNull(GraphQLID) } },
      resolve: (_root, args: { id: string }, context) => context.rest.call(root.one.operation, context.caller, { params: { id: args.id } }),
    };
  }
  fields['deliveries'] = {
    type: new GraphQLNonNull(types.component('Deliveries')),
    description: `${rest.route(DELIVERIES_OPERATION).summary} (GET ${openApiPath(rest.route(DELIVERIES_OPERATION).path)})`,
    args: { event: { type: new GraphQLNonNull(GraphQLID), description: 'The event id (evt_...).' } },
    resolve: (_root, args: { event: string }, context) => context.rest.call(DELIVERIES_OPERATION, context.caller, { params: { id: args.event } }, (name) => (name === 'id' ? 'event' : name)),
  };
  fields['processors'] = {
    type: new GraphQLNonNull(new GraphQLList(processorHealthType(types, rest))),
    description: `${rest.route(PROCESSORS_OPERATION).summary} (GET ${openApiPath(rest.route(PROCESSORS_OPERATION).path)})`,
    resolve: async (_root, _args, context) => ((await context.rest.call(PROCESSORS_OPERATION, context.caller, {})) as { data: unknown[] }).data,
  };

  return new GraphQLSchema({
    description: "PayRail's read-only GraphQL API: the merchant's payments, refunds, disputes, escrows, events, deliveries and the processors' health, read as the REST API (/v1) reads them.",
    query: new GraphQLObjectType({ name: 'Query', fields }),
    types: types.types(),
  });
}

/** `ProviderHealth`: the item of the processors' health list (`ProviderHealthList.data`), non-null. */
function processorHealthType(types: JsonSchemaTypes, rest: RestReads): GraphQLOutputType {
  const list = refName((rest.route(PROCESSORS_OPERATION).responses['200']?.schema ?? {}) as JsonSchema);
  const items = list === null ? undefined : ((GATEWAY_COMPONENTS[list]?.['properties'] as Record<string, JsonSchema> | undefined)?.['data']?.['items'] as JsonSchema | undefined);
  assert(items !== undefined, `${PROCESSORS_OPERATION} answers no list`);
  return types.field(items, 'ProviderHealth', true);
}

/**
 * A REST list route's query parameters as GraphQL arguments, and back: `status` stays `status`,
 * `created[gte]` and its kin become `created: {gte, lte, gt, lt}`, `metadata[key]` becomes
 * `metadata: {key: value}` (a JSON object); `limit` and `starting_after` are PAGE_ARGS.
 */
function listFilters(types: JsonSchemaTypes, field: string, query: JsonSchema): { args: GraphQLFieldConfigArgumentMap; query: (args: Record<string, unknown>) => Record<string, unknown> } {
  const properties = (query['properties'] ?? {}) as Record<string, JsonSchema>;
  const args: GraphQLFieldConfigArgumentMap = {};
  const groups = new Map<string, Record<string, JsonSchema>>();
  for (const [name, schema] of Object.entries(properties)) {
    if (name === 'limit' || name === 'starting_after') continue;
    const member = /^([a-z_]+)\[([a-z_]+)\]$/.exec(name);
    if (member !== null) {
      groups.set(member[1]!, { ...(groups.get(member[1]!) ?? {}), [member[2]!]: schema });
      continue;
    }
    const description = typeof schema['description'] === 'string' ? schema['description'] : undefined;
    args[name] = { type: types.input(schema, `${pascal(field)}${pascal(name)}`), ...(description === undefined ? {} : { description }) };
  }
  for (const [group, members] of groups) {
    const inputFields: GraphQLInputFieldConfigMap = {};
    for (const [member, schema] of Object.entries(members)) inputFields[member] = { type: types.input(schema, `${pascal(field)}${pascal(group)}${pascal(member)}`), description: `REST's ${group}[${member}]` };
    args[group] = { type: new GraphQLInputObjectType({ name: `${pascal(field)}${pascal(group)}Filter`, fields: inputFields }) };
  }
  const maps: string[] = [];
  for (const pattern of Object.keys((query['patternProperties'] ?? {}) as object)) {
    const name = /^\^([a-z_]+)\\\[/.exec(pattern)?.[1];
    if (name === undefined) continue;
    maps.push(name);
    args[name] = { type: JsonType, description: `An object of key: value, each REST's ${name}[key]=value (all must match).` };
  }
  return {
    args,
    query: (values) => {
      const out: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(values)) {
        if (value === undefined || value === null || name === 'first' || name === 'after') continue;
        if (groups.has(name)) {
          for (const [member, inner] of Object.entries(value as Record<string, unknown>)) if (inner !== undefined && inner !== null) out[`${name}[${member}]`] = inner;
        } else if (maps.includes(name)) {
          if (typeof value !== 'object' || Array.isArray(value)) throw new GraphQLError(`${name} is an object of key: value ({"order": "1001"}).`, { extensions: { code: 'BAD_USER_INPUT' } });
          for (const [key, inner] of Object.entries(value as Record<string, unknown>)) out[`${name}[${key}]`] = inner;
        } else {
          out[name] = value;
        }
      }
      return out;
    },
  };
}
