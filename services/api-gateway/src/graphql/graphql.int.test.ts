import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ERROR_CATALOGUE } from '@payrail/core';
import { formatReport, freePort, fuzzHttp, makeTempDataDir, startService, testEnv, waitFor, type RunningService } from '@payrail/testing';
import { buildClientSchema, getIntrospectionQuery, getNamedType, isEnumType, isObjectType, isScalarType, isUnionType, type GraphQLSchema, type IntrospectionQuery } from 'graphql';
import { DEMO_KEY } from '../testing/gatewayHarness';
import { GATEWAY_LATE_WRITES } from '../testing/lateWrites';
import { GRAPHQL_LIMITS } from './queryLimits';

// Given a real gateway process (with vault-service, provider-sim and ledger-service beside it, and a
// webhook receiver here) holding payments, refunds, a dispute, an escrow, events and their delivery
// attempts for two merchants, when a merchant asks GraphQL, then every answer is the REST answer for
// the same data, nobody sees another merchant's objects, the limits refuse before anything runs,
// nothing but queries runs, GraphiQL is served from the gateway itself, and garbage gets a clear 4xx.

type Json = Record<string, unknown>;
/** A JSON answer as JSON.parse gives it: the tests read fields of REST and GraphQL answers freely. */
type Parsed = ReturnType<typeof JSON.parse>;
type GraphqlAnswer = { status: number; type: string; body: { data?: Json | null; errors?: Array<{ message: string; path?: unknown[]; extensions: Json }> } };

/** The fields GraphQL adds to the REST objects (links); every other field is the REST object's. */
const LINKS: Record<string, string[]> = { PaymentIntent: ['refunds', 'disputeObject', 'escrow', 'events'], Refund: ['paymentIntent'], Dispute: ['paymentIntent'], Escrow: ['paymentIntent'], Event: ['deliveries'] };

/** The alias of a union member's field: members share names of other types (status, reason), which GraphQL wants aliased. */
const ALIAS = '__as_';

/** A selection of every REST field of `type` (nested objects in full, unions by member), from the introspected schema. */
function selectionOf(schema: GraphQLSchema, typeName: string, alias = ''): string {
  const type = schema.getType(typeName);
  if (isUnionType(type)) return `{ __typename ${type.getTypes().map((member) => `... on ${member.name} ${selectionOf(schema, member.name, `${member.name}${ALIAS}`)}`).join(' ')} }`;
  if (!isObjectType(type)) throw new Error(`${typeName} is not an object type`);
  const fields = Object.values(type.getFields()).filter((field) => !(LINKS[typeName] ?? []).includes(field.name));
  return `{ ${fields.map((field) => {
    const named = getNamedType(field.type);
    const name = alias === '' ? field.name : `${alias}${field.name}: ${field.name}`;
    return isScalarType(named) || isEnumType(named) ? name : `${name} ${selectionOf(schema, named.name)}`;
  }).join(' ')} }`;
}

/**
 * `graphql` as REST has it: a null GraphQL gives for a field REST leaves out (an optional field such
 * as a card's exp_month) is dropped where REST has no such key; everything else is compared as is.
 */
function asRest(graphql: unknown, rest: unknown): unknown {
  if (Array.isArray(graphql) && Array.isArray(rest)) return graphql.map((item, i) => asRest(item, rest[i]));
  if (typeof graphql !== 'object' || graphql === null || typeof rest !== 'object' || rest === null || Array.isArray(rest)) return graphql;
  const out: Json = {};
  for (const [aliased, value] of Object.entries(graphql)) {
    if (aliased === '__typename') continue;
    const key = aliased.includes(ALIAS) ? aliased.slice(aliased.indexOf(ALIAS) + ALIAS.length) : aliased;
    if (value === null && !(key in rest)) continue;
    out[key] = asRest(value, (rest as Json)[key]);
  }
  return out;
}

describe('GraphQL at /graphql, against the REST API of a real gateway process', () => {
  const data = makeTempDataDir('graphql');
  const services: RunningService[] = [];
  let gateway: RunningService;
  let receiver: Server;
  let env: NodeJS.ProcessEnv;
  let otherKey: string;
  let schema: GraphQLSchema;
  const ids = { captured: '', disputed: '', authorized: '', created: '', escrow: '', escrowPayment: '', other: '' };
  let disputedCreated = 0;

  const rest = async (path: string, key = DEMO_KEY): Promise<{ status: number; body: Parsed }> => {
    const res = await fetch(`${gateway.url}${path}`, { headers: { authorization: `Bearer ${key}` } });
    return { status: res.status, body: await res.json() };
  };
  const post = async (path: string, body: unknown, headers: Record<string, string> = { authorization: `Bearer ${DEMO_KEY}` }): Promise<Parsed> => {
    const res = await fetch(`${gateway.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID(), ...headers }, body: JSON.stringify(body) });
    const answer = await res.json();
    if (!res.ok) throw new Error(`POST ${path} answered ${res.status}: ${JSON.stringify(answer)}`);
    return answer;
  };
  const gql = async (query: string, variables?: Json, options: { key?: string | null; accept?: string } = {}): Promise<GraphqlAnswer> => {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: options.accept ?? 'application/json' };
    if (options.key !== null) headers['authorization'] = `Bearer ${options.key ?? DEMO_KEY}`;
    const res = await fetch(`${gateway.url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, ...(variables === undefined ? {} : { variables }) }) });
    return { status: res.status, type: res.headers.get('content-type') ?? '', body: (await res.json()) as GraphqlAnswer['body'] };
  };
  /** The data of a query that must succeed. */
  const read = async (query: string, variables?: Json, key?: string): Promise<Parsed> => {
    const answer = await gql(query, variables, key === undefined ? {} : { key });
    expect({ status: answer.status, errors: answer.body.errors }).toEqual({ status: 200, errors: undefined });
    return answer.body.data;
  };
  const nodes = (connection: { edges: Array<{ node: unknown }> }): unknown[] => connection.edges.map((edge) => edge.node);

  beforeAll(async () => {
    // A webhook receiver that refuses the first attempt of each event: every event gets two attempts.
    const seen = new Set<string>();
    receiver = createServer((req, res) => {
      req.resume();
      const id = String(req.headers['webhook-id']);
      res.writeHead(seen.has(id) ? 200 : 500).end();
      seen.add(id);
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const ports = { VAULT_PORT: await freePort(), PROVIDER_SIM_PORT: await freePort(), LEDGER_PORT: await freePort(), GATEWAY_PORT: await freePort() };
    const urls = Object.fromEntries(Object.entries(ports).map(([name, port]) => [name.replace('_PORT', '_URL'), `http://127.0.0.1:${port}`]));
    env = testEnv(data.dir, { ...Object.fromEntries(Object.entries(ports).map(([name, port]) => [name, String(port)])), ...urls, MERCHANT_SIM_URL: 'http://127.0.0.1:9', DEMO_RATE_LIMIT_REQUESTS: '1000000', WEBHOOK_RETRY_SCHEDULE: '0,50ms,100ms', WEBHOOK_JITTER_PCT: '0' });
    services.push(await startService('vault-service', 'VAULT_PORT', env));
    services.push(await startService('provider-sim', 'PROVIDER_SIM_PORT', env));
    services.push(await startService('ledger-service', 'LEDGER_PORT', env));
    gateway = await startService('api-gateway', 'GATEWAY_PORT', { ...env, LOG_LEVEL: 'info' });
    services.push(gateway);

    const internal = { 'x-internal-token': env['INTERNAL_TOKEN'] as string };
    const vault = services[0] as RunningService;
    const tokenized = await fetch(`${vault.url}/tokens`, { method: 'POST', headers: { ...internal, 'content-type': 'application/json' }, body: JSON.stringify({ pan: '4242424242424242', exp_month: 12, exp_year: new Date().getUTCFullYear() + 3, cvv: '123' }) });
    const card = (await tokenized.json()) as { token: string };
    const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    await post('/v1/webhook-endpoints', { url: receiverUrl, enabled_events: ['*'] });

    const pay = async (body: Json, confirm: boolean): Promise<Parsed> => {
      const intent = await post('/v1/payment-intents', { payment_method: card.token, ...body });
      return confirm ? post(`/v1/payment-intents/${intent.id}/confirm`, {}) : intent;
    };
    ids.captured = (await pay({ amount: 2500, currency: 'usd', customer: { email: 'ada@example.com', name: 'Ada' }, metadata: { order: '1', channel: 'web' } }, true)).id;
    await post('/v1/refunds', { payment_intent: ids.captured, amount: 500, reason: 'requested_by_customer' });
    await post('/v1/refunds', { payment_intent: ids.captured, amount: 300 });
    const disputed = await pay({ amount: 4000, currency: 'eur', customer: { email: 'bob@example.com' }, metadata: { order: '2', channel: 'app' } }, true);
    ids.disputed = disputed.id;
    disputedCreated = disputed.created;
    await post('/internal/disputes', { payment_intent: ids.disputed, reason: 'fraudulent', amount: 4000 }, internal);
    ids.authorized = (await pay({ amount: 1200, currency: 'usd', capture_method: 'manual', customer: { email: 'ADA@example.com' }, metadata: { order: '3', channel: 'web' } }, true)).id;
    ids.created = (await pay({ amount: 900, currency: 'usd', description: 'not confirmed' }, false)).id;
    const escrow = await post('/v1/escrows', { amount: 10_000, currency: 'brl', payees: [{ payee: 'seller_42', role: 'seller', amount: 9_000 }, { payee: 'platform', role: 'platform_fee', amount: 1_000 }], metadata: { order: '4' } });
    await post(`/v1/payment-intents/${escrow.payment_intent}/confirm`, { payment_method: card.token });
    ids.escrow = escrow.id;
    ids.escrowPayment = escrow.payment_intent;

    otherKey = (await post('/admin/merchants', { name: 'Other shop' }, { 'x-admin-token': env['ADMIN_TOKEN'] as string })).api_key;
    ids.other = (await post('/v1/payment-intents', { amount: 700, currency: 'usd', payment_method: card.token, customer: { email: 'ada@example.com' }, metadata: { order: '1' } }, { authorization: `Bearer ${otherKey}` })).id;

    // Every event of the captured payment delivered, on its second attempt.
    const events = (await rest(`/v1/events?payment_intent=${ids.captured}&limit=100`)).body.data as Array<{ id: string }>;
    const delivered = async (): Promise<boolean> => {
      for (const event of events) if ((await rest(`/v1/events/${event.id}/deliveries`)).body.deliveries?.[0]?.state !== 'delivered') return false;
      return true;
    };
    let done = false;
    for (let i = 0; i < 300 && !done; i++) {
      done = await delivered();
      if (!done) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(done).toBe(true);

    const introspection = await read(getIntrospectionQuery());
    schema = buildClientSchema(introspection as IntrospectionQuery);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(services.map((service) => service.stop()));
    await new Promise((resolve) => receiver.close(resolve));
    data.cleanup();
  });

  describe('answers what REST answers for the same data', () => {
    const PAYMENT_FILTERS: Array<[string, string, string]> = [
      ['all of them', '', ''],
      ['by status', 'status=captured', 'status: captured'],
      ['by customer email (any case)', 'customer[email]=ada@example.com', 'customer: {email: "ada@example.com"}'],
      ['by metadata', 'metadata[channel]=web&metadata[order]=3', 'metadata: {channel: "web", order: "3"}'],
      ['by a created range', 'created[gte]=CREATED&created[lte]=CREATED', 'created: {gte: CREATED, lte: CREATED}'],
      ['by an amount range', 'amount[gte]=1000&amount[lte]=3000', 'amount: {gte: 1000, lte: 3000}'],
      ['by nothing that matches', 'status=chargeback', 'status: chargeback'],
    ];

    test.each(PAYMENT_FILTERS)('paymentIntents %s: GET /v1/payment-intents?%s', async (_name, query, args) => {
      const restQuery = query.replaceAll('CREATED', String(disputedCreated));
      const gqlArgs = args.replaceAll('CREATED', String(disputedCreated));
      const expected = (await rest(`/v1/payment-intents?limit=100${restQuery === '' ? '' : `&${restQuery}`}`)).body;
      const got = await read(`{ paymentIntents(first: 100${gqlArgs === '' ? '' : `, ${gqlArgs}`}) { edges { cursor node ${selectionOf(schema, 'PaymentIntent')} } pageInfo { hasNextPage hasPreviousPage endCursor } } }`);
      expect(asRest(nodes(got.paymentIntents), expected.data)).toEqual(expected.data);
      expect(got.paymentIntents.edges.map((edge: { cursor: string }) => edge.cursor)).toEqual(expected.data.map((intent: { id: string }) => intent.id));
      expect(got.paymentIntents.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
      if (query !== '' && query !== 'status=chargeback') expect(expected.data.length).toBeGreaterThan(0);
    });

    test('pages: first/after walk the list as limit/starting_after do, endCursor to endCursor', async () => {
      const restPages: string[][] = [];
      let after = '';
      for (;;) {
        const page = (await rest(`/v1/payment-intents?limit=2${after === '' ? '' : `&starting_after=${after}`}`)).body;
        restPages.push(page.data.map((intent: { id: string }) => intent.id));
        if (!page.has_more) break;
        after = page.data.at(-1).id;
      }
      const gqlPages: string[][] = [];
      let cursor: string | null = null;
      for (;;) {
        const page: Parsed = (await read('query Page($after: String) { paymentIntents(first: 2, after: $after) { edges { node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }', { after: cursor })).paymentIntents;
        gqlPages.push(page.edges.map((edge: { node: { id: string } }) => edge.node.id));
        expect(page.pageInfo.hasPreviousPage).toBe(cursor !== null);
        expect(page.pageInfo.startCursor).toBe(page.edges[0]?.node.id ?? null);
        if (!page.pageInfo.hasNextPage) break;
        cursor = page.pageInfo.endCursor;
      }
      expect(gqlPages).toEqual(restPages);
      expect(restPages.flat()).toHaveLength(5);
    });

    test('a payment with its refunds, dispute, escrow and events; a refund with its payment', async () => {
      const query = `query Payment($id: ID!) { paymentIntent(id: $id) {
        ...P
        refunds(first: 100) { edges { node { ...R paymentIntent { id amount_refunded } } } }
        disputeObject ${selectionOf(schema, 'Dispute')}
        escrow { id status }
        events(first: 100) { edges { node ${selectionOf(schema, 'Event')} } }
      } }
      fragment P on PaymentIntent ${selectionOf(schema, 'PaymentIntent')}
      fragment R on Refund ${selectionOf(schema, 'Refund')}`;
      for (const id of [ids.captured, ids.disputed]) {
        const got = (await read(query, { id })).paymentIntent;
        const payment = (await rest(`/v1/payment-intents/${id}`)).body;
        const refunds = (await rest(`/v1/refunds?payment_intent=${id}&limit=100`)).body.data;
        const events = (await rest(`/v1/events?payment_intent=${id}&limit=100`)).body.data;
        const { refunds: gotRefunds, disputeObject, escrow, events: gotEvents, ...own } = got;
        expect(asRest(own, payment)).toEqual(payment);
        const refundNodes = nodes(gotRefunds) as Array<Json & { paymentIntent: Json }>;
        const withoutLink = (refund: Json): Json => Object.fromEntries(Object.entries(refund).filter(([key]) => key !== 'paymentIntent'));
        expect(asRest(refundNodes.map(withoutLink), refunds)).toEqual(refunds);
        for (const refund of refundNodes) expect(refund.paymentIntent).toEqual({ id, amount_refunded: payment.amount_refunded });
        expect(disputeObject).toEqual(payment.dispute === null ? null : asRest(disputeObject, (await rest(`/v1/disputes/${payment.dispute}`)).body));
        expect(escrow).toBeNull();
        expect(asRest(nodes(gotEvents), events)).toEqual(events);
      }
      const captured = (await read(`{ paymentIntent(id: "${ids.captured}") { amount_refunded refunds { edges { node { amount } } } disputeObject { id } } }`)).paymentIntent;
      expect(captured).toEqual({ amount_refunded: 800, refunds: { edges: [{ node: { amount: 300 } }, { node: { amount: 500 } }] }, disputeObject: null });
      const disputed = (await read(`{ paymentIntent(id: "${ids.disputed}") { dispute disputeObject { id status paymentIntent { id } } } }`)).paymentIntent;
      expect(disputed.disputeObject).toEqual({ id: disputed.dispute, status: 'opened', paymentIntent: { id: ids.disputed } });
    });

    test.each([
      ['refunds', 'listRefunds', '/v1/refunds', 'Refund', ''],
      ['refunds', 'listRefunds', '/v1/refunds?payment_intent=CAPTURED', 'Refund', 'payment_intent: "CAPTURED"'],
      ['disputes', 'listDisputes', '/v1/disputes?status=opened', 'Dispute', 'status: opened'],
      ['escrows', 'listEscrows', '/v1/escrows', 'Escrow', ''],
      ['events', 'listEvents', '/v1/events?type=refund.*', 'Event', 'type: "refund.*"'],
      ['events', 'listEvents', '/v1/events?payment_intent=DISPUTED', 'Event', 'payment_intent: "DISPUTED"'],
    ])('%s (%s): %s', async (field, _operation, path, type, args) => {
      const fill = (text: string): string => text.replace('CAPTURED', ids.captured).replace('DISPUTED', ids.disputed);
      const expected = (await rest(`${fill(path)}${path.includes('?') ? '&' : '?'}limit=100`)).body.data;
      const got = await read(`{ list: ${field}(first: 100${args === '' ? '' : `, ${fill(args)}`}) { edges { node ${selectionOf(schema, type)} } } }`);
      expect(expected.length).toBeGreaterThan(0);
      expect(asRest(nodes(got.list), expected)).toEqual(expected);
    });

    test('one object by id: refund, dispute, escrow (with its payment), event', async () => {
      const refund = (await rest(`/v1/refunds?payment_intent=${ids.captured}`)).body.data[0];
      const dispute = (await rest('/v1/disputes')).body.data[0];
      const escrow = (await rest(`/v1/escrows/${ids.escrow}`)).body;
      const event = (await rest(`/v1/events?payment_intent=${ids.disputed}`)).body.data[0];
      const got = await read(`query One($refund: ID!, $dispute: ID!, $escrow: ID!, $event: ID!) {
        refund(id: $refund) ${selectionOf(schema, 'Refund')}
        dispute(id: $dispute) ${selectionOf(schema, 'Dispute')}
        escrow(id: $escrow) ${selectionOf(schema, 'Escrow').replace(/ }$/, ' paymentIntent { id status escrow { id } } }')}
        event(id: $event) ${selectionOf(schema, 'Event')}
      }`, { refund: refund.id, dispute: dispute.id, escrow: ids.escrow, event: event.id });
      expect(asRest(got.refund, refund)).toEqual(refund);
      expect(asRest(got.dispute, dispute)).toEqual(dispute);
      const { paymentIntent, ...ownEscrow } = got.escrow;
      expect(asRest(ownEscrow, escrow)).toEqual(escrow);
      expect(escrow.status).toBe('in_custody');
      expect(paymentIntent).toEqual({ id: ids.escrowPayment, status: 'captured', escrow: { id: ids.escrow } });
      expect(asRest(got.event, event)).toEqual(event);
    });

    test('deliveries: of one event, and of each event of a list, as GET /v1/events/{id}/deliveries', async () => {
      const events = (await rest(`/v1/events?payment_intent=${ids.captured}&limit=100`)).body.data as Array<{ id: string }>;
      const deliveries = selectionOf(schema, 'Deliveries');
      const one = await read(`query ($event: ID!) { deliveries(event: $event) ${deliveries} }`, { event: events[0]?.id });
      const expected = (await rest(`/v1/events/${events[0]?.id}/deliveries`)).body;
      expect(asRest(one.deliveries, expected)).toEqual(expected);
      expect(expected.data.map((attempt: { status_code: number }) => attempt.status_code)).toEqual([500, 200]);
      // first: 20 keeps the estimate under cost_max (each delivery list is assumed to hold list_size_assumed).
      const listed = await read(`query ($payment: String) { events(first: 20, payment_intent: $payment) { edges { node { id deliveries ${deliveries} } } pageInfo { hasNextPage } } }`, { payment: ids.captured });
      expect(listed.events.pageInfo.hasNextPage).toBe(false);
      expect(nodes(listed.events).map((node) => (node as { id: string }).id)).toEqual(events.map((event) => event.id));
      for (const node of nodes(listed.events) as Array<{ id: string; deliveries: Json }>) {
        const answer = (await rest(`/v1/events/${node.id}/deliveries`)).body;
        expect(asRest(node.deliveries, answer)).toEqual(answer);
      }
    });

    test("processors: the processors' health, as GET /v1/providers/health", async () => {
      const got = await read(`{ processors ${selectionOf(schema, 'ProviderHealth')} }`);
      const expected = (await rest('/v1/providers/health')).body.data;
      expect(asRest(got.processors, expected)).toEqual(expected);
      expect(expected.map((health: { provider: string }) => health.provider)).toEqual(['providerA', 'providerB']);
    });

    test('a field REST refuses is refused the same way: its error in extensions.error, the argument named as GraphQL has it', async () => {
      const missing = await gql('{ paymentIntent(id: "pi_missing") { id } }');
      const restMissing = (await rest('/v1/payment-intents/pi_missing')).body.error;
      expect(missing.body).toEqual({ data: { paymentIntent: null }, errors: [expect.objectContaining({ path: ['paymentIntent'], extensions: { code: 'NOT_FOUND', error: { ...restMissing, request_id: expect.stringMatching(/^req_/) } } })] });
      const tooMany = await gql('{ paymentIntents(first: 500) { edges { node { id } } } }');
      expect(tooMany.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', error: expect.objectContaining({ code: 'parameter_invalid', param: 'first', message: 'Invalid first: must be <= 100.' }) });
      const badCursor = await gql('{ refunds(after: "re_missing") { edges { node { id } } } }');
      expect(badCursor.body.errors?.[0]?.extensions).toEqual({ code: 'NOT_FOUND', error: expect.objectContaining({ code: 'resource_missing', param: 'after' }) });
      const badMetadata = await gql('{ paymentIntents(metadata: ["x"]) { edges { node { id } } } }');
      expect(badMetadata.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT' });
    });
  });

  describe('the same auth and merchant scoping as REST', () => {
    test("another merchant's key sees its own objects only: lists, lookups and nested lists", async () => {
      const theirs = await read(`{ paymentIntents(first: 100, customer: {email: "ada@example.com"}) { edges { node { id refunds { edges { node { id } } } } } } refunds { edges { node { id } } } disputes { edges { node { id } } } escrows { edges { node { id } } } events(first: 100) { edges { node { id } } } }`, undefined, otherKey);
      expect(nodes(theirs.paymentIntents)).toEqual([{ id: ids.other, refunds: { edges: [] } }]);
      expect([theirs.refunds, theirs.disputes, theirs.escrows].map(nodes)).toEqual([[], [], []]);
      const restEvents = (await rest('/v1/events?limit=100', otherKey)).body.data.map((event: { id: string }) => ({ id: event.id }));
      expect(nodes(theirs.events)).toEqual(restEvents);
      for (const [field, id] of [['paymentIntent', ids.captured], ['escrow', ids.escrow]] as const) {
        const answer = await gql(`{ one: ${field}(id: "${id}") { id } }`, undefined, { key: otherKey });
        expect(answer.body.data).toEqual({ one: null });
        expect(answer.body.errors?.[0]?.extensions['code']).toBe('NOT_FOUND');
      }
      const event = (await rest(`/v1/events?payment_intent=${ids.captured}`)).body.data[0];
      expect((await gql(`{ deliveries(event: "${event.id}") { data { attempt } } }`, undefined, { key: otherKey })).body.errors?.[0]?.extensions['code']).toBe('NOT_FOUND');
    });

    test('without a key, or with a wrong one, the answer is REST\'s 401 in its shape', async () => {
      for (const [key, code] of [[null, 'authentication_required'], ['sk_test_wrong', 'api_key_invalid']] as const) {
        const answer = await gql('{ processors { provider } }', undefined, { key });
        const restAnswer = await fetch(`${gateway.url}/v1/providers/health`, { headers: key === null ? {} : { authorization: `Bearer ${key}` } });
        const restBody = (await restAnswer.json()) as { error: Json };
        expect(answer.status).toBe(401);
        expect(restAnswer.status).toBe(401);
        expect(answer.body).toEqual({ error: { ...restBody.error, request_id: expect.stringMatching(/^req_/) } });
        expect((answer.body as unknown as { error: Json }).error['code']).toBe(code);
      }
      const viaGet = await fetch(`${gateway.url}/graphql?query=${encodeURIComponent('{ processors { provider } }')}`);
      expect(viaGet.status).toBe(401);
    });

    test('a restricted key (read_only) reads through GraphQL: every key can read', async () => {
      const created = await post('/v1/merchants/me/api-keys', { name: 'reports', scopes: ['read_only'] });
      const got = await read('{ paymentIntents(first: 1) { edges { node { id } } } }', undefined, created.secret);
      expect(got.paymentIntents.edges).toHaveLength(1);
    });
  });

  describe('limits, refused before anything runs', () => {
    const deep = 'query Deep { paymentIntents(first: 1) { edges { node { refunds(first: 1) { edges { node { paymentIntent { refunds(first: 1) { edges { node { id } } } } } } } } } } }';
    const costly = 'query Costly { paymentIntents(first: 100) { edges { node { refunds(first: 100) { edges { node { id amount status paymentIntent { id } } } } } } } }';

    test.each([
      ['too deep', 'Deep', deep, 'QUERY_TOO_DEEP', { depth: 11, depth_max: GRAPHQL_LIMITS.depth_max }],
      ['too costly', 'Costly', costly, 'QUERY_TOO_COSTLY', { cost_max: GRAPHQL_LIMITS.cost_max }],
    ])('a query %s is refused with its code and numbers: 200 with errors as application/json, 400 as application/graphql-response+json, no data', async (_name, operation, query, code, numbers) => {
      const json = await gql(query);
      expect(json).toMatchObject({ status: 200, type: 'application/json; charset=utf-8' });
      expect(json.body).toEqual({ errors: [{ message: expect.stringMatching(/at most|more than/), locations: [{ line: 1, column: 1 }], extensions: expect.objectContaining({ code, ...numbers }) }] });
      expect(json.body.errors?.[0]?.message).toMatch(/first|nesting/);
      const spec = await gql(query, undefined, { accept: 'application/graphql-response+json' });
      expect(spec).toMatchObject({ status: 400, type: 'application/graphql-response+json; charset=utf-8' });
      expect(spec.body.errors?.[0]?.extensions['code']).toBe(code);
      // Not run: both requests' log lines show the measure, and no read of the read model.
      const lines = await graphqlLogLines(gateway, operation, 2);
      expect(lines.map((line) => ({ status: line.status, batches: line.batches }))).toEqual([{ status: 200, batches: {} }, { status: 400, batches: {} }]);
    });

    test('the introspection GraphiQL runs passes; a lap around the type graph does not', async () => {
      expect((await read(getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true })))['__schema']).toBeDefined();
      const lap = await gql('{ __schema { types { fields { type { fields { type { name } } } } } } }');
      expect(lap.body.errors?.[0]?.extensions['code']).toBe('QUERY_TOO_COSTLY');
      expect(lap.body.data).toBeUndefined();
    });

    test('nothing but queries: a mutation or subscription is OPERATION_NOT_SUPPORTED, over POST and GET, and nothing is written', async () => {
      for (const document of ['mutation { refunds { edges { node { id } } } }', 'subscription { events { edges { node { id } } } }']) {
        const posted = await gql(document);
        expect(posted.body).toEqual({ errors: [expect.objectContaining({ extensions: { code: 'OPERATION_NOT_SUPPORTED' }, message: expect.stringMatching(/only reads/) })] });
        const got = await fetch(`${gateway.url}/graphql?query=${encodeURIComponent(document)}`, { headers: { authorization: `Bearer ${DEMO_KEY}`, accept: 'application/graphql-response+json' } });
        expect(got.status).toBe(400);
        expect(((await got.json()) as GraphqlAnswer['body']).errors?.[0]?.extensions['code']).toBe('OPERATION_NOT_SUPPORTED');
      }
    });

    test('GET runs a query given in the URL, variables as JSON', async () => {
      const query = encodeURIComponent('query ($n: Int) { paymentIntents(first: $n) { edges { node { id } } } }');
      const res = await fetch(`${gateway.url}/graphql?query=${query}&variables=${encodeURIComponent('{"n":2}')}`, { headers: { authorization: `Bearer ${DEMO_KEY}` } });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { data: { paymentIntents: { edges: unknown[] } } };
      expect(body.data.paymentIntents.edges).toHaveLength(2);
    });
  });

  test('nested lists are batched: one read per kind for a whole page (the request\'s log line counts them)', async () => {
    const answer = await gql('query Batched { paymentIntents(first: 100) { edges { node { id refunds { edges { node { id paymentIntent { id } } } } disputeObject { id } escrow { id paymentIntent { id } } events(first: 1) { edges { node { id deliveries { data { attempt } } } } } } } } }');
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    const [line] = await graphqlLogLines(gateway, 'Batched', 1);
    // Five payments: their refunds, disputes and escrows each in one batch; the payments of the
    // refunds and of the escrow in one batch (the level below); the deliveries of the events in one.
    expect(line?.batches).toEqual({ refunds_of_payment: [5], dispute: [1], escrow_of_payment: [5], payment_intent: [2], deliveries_of_event: [5] });
  });

  describe('GraphiQL, served from the gateway', () => {
    test.each(['/graphiql', '/graphql'])('GET %s from a browser is the page, with a strict policy and no other origin', async (path) => {
      const res = await fetch(`${gateway.url}${path}`, { headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'; script-src 'self'; style-src 'self';.*connect-src 'self'/);
      const html = await res.text();
      expect(html).not.toMatch(/https?:\/\//);
      expect(html).not.toMatch(/<script>|<style|style=/);
      const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1] as string).filter((url) => !url.startsWith('data:'));
      expect(assets).toEqual(['/graphiql/assets/graphiql.min.css', '/graphiql/assets/graphiql-page.css', '/graphiql/assets/react.production.min.js', '/graphiql/assets/react-dom.production.min.js', '/graphiql/assets/graphiql.min.js', '/graphiql/assets/graphiql-start.js']);
      for (const asset of assets) {
        const file = await fetch(`${gateway.url}${asset}`);
        expect({ asset, status: file.status, type: file.headers.get('content-type') }).toEqual({ asset, status: 200, type: `${asset.endsWith('.css') ? 'text/css' : 'text/javascript'}; charset=utf-8` });
        expect((await file.text()).length).toBeGreaterThan(20);
      }
    });

    test('an unknown asset is a 404 naming the files there are; a path outside the table reaches no file', async () => {
      for (const name of ['nope.js', '..%2F..%2Fpackage.json', 'graphiql.min.js.map', '__proto__']) {
        const res = await fetch(`${gateway.url}/graphiql/assets/${name}`);
        expect(res.status).toBe(404);
      }
      const body = (await (await fetch(`${gateway.url}/graphiql/assets/nope.js`)).json()) as { error: Json };
      expect(body.error).toMatchObject({ code: 'resource_missing', param: 'file', message: expect.stringContaining('graphiql.min.js') });
    });

    test('a GET that is not from a browser is a GraphQL request (curl, GraphiQL itself)', async () => {
      const res = await fetch(`${gateway.url}/graphql?query=${encodeURIComponent('{ processors { provider } }')}`, { headers: { authorization: `Bearer ${DEMO_KEY}`, accept: '*/*' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    });
  });

  describe('garbage gets a clear 4xx, never a 5xx', () => {
    test('generated requests to GET and POST /graphql (fast-check, a fixed seed): no 5xx, every error in the REST shape with a catalogued code, nothing written', async () => {
      const documents = [
        '{ paymentIntents(first: 2) { edges { node { id refunds { edges { node { id } } } } } } }',
        `query ($id: ID!) { paymentIntent(id: $id) { id disputeObject { id } escrow { id } events { edges { node { deliveries { data { attempt } } } } } } }`,
        'mutation { paymentIntents { edges { node { id } } } }',
        '{ __schema { types { name fields { type { fields { name } } } } } }',
        `{ ${'processors { provider } '.repeat(300)}}`,
        '{ paymentIntents(first: 100) { edges { node { refunds(first: 100) { edges { node { id } } } } } } }',
        '{ paymentIntents(metadata: {order: "1"}, created: {gte: -1}) { edges { cursor } } }',
      ];
      const report = await fuzzHttp({
        name: 'api-gateway /graphql', url: gateway.url, dataDir: data.dir,
        routes: [{ method: 'post', path: '/graphql', fields: ['query', 'variables', 'operationName', 'extensions'] }, { method: 'get', path: '/graphql' }],
        credentials: { authorization: `Bearer ${DEMO_KEY}` },
        values: [...documents, { id: ids.captured }, { first: 2 }, ids.captured, 'Batched'],
        errorCatalogue: ERROR_CATALOGUE,
        lateSnapshots: GATEWAY_LATE_WRITES,
      }, { seed: 17, runs: 300, rawRuns: 0, timeout_ms: 10_000 });
      process.stdout.write(`${formatReport('api-gateway /graphql', report)}\n`);
      expect(report.requests).toBe(300);
      expect(Object.keys(report.statuses).every((status) => Number(status) < 500)).toBe(true);
    }, 120_000);

    const send = async (init: { method?: string; path?: string; type?: string | null; body?: string; accept?: string }): Promise<{ status: number; body: Parsed }> => {
      const headers: Record<string, string> = { authorization: `Bearer ${DEMO_KEY}`, accept: init.accept ?? 'application/json' };
      if (init.type !== null) headers['content-type'] = init.type ?? 'application/json';
      const res = await fetch(`${gateway.url}${init.path ?? '/graphql'}`, { method: init.method ?? 'POST', headers, ...(init.body === undefined ? {} : { body: init.body }) });
      const text = await res.text();
      return { status: res.status, body: text === '' ? null : JSON.parse(text) };
    };
    const deepDocument = `{ paymentIntent(id: "pi_x") { ${'refunds { edges { node { paymentIntent { '.repeat(60)}id${' } } } }'.repeat(60)} } }`;

    test.each([
      ['bad JSON', { body: '{"query": ' }, 400, 'invalid_json'],
      ['a JSON array', { body: '[]' }, 400, 'parameter_invalid'],
      ['no body', { body: '' }, 400, 'parameter_missing'],
      ['query not a string', { body: '{"query": 5}' }, 400, 'parameter_invalid'],
      ['variables not an object', { body: '{"query": "{ processors { provider } }", "variables": [1]}' }, 400, 'parameter_invalid'],
      ['an unknown member', { body: '{"query": "{ processors { provider } }", "queries": []}' }, 400, 'parameter_unknown'],
      ['a query parameter on POST', { path: '/graphql?debug=1', body: '{"query": "{ processors { provider } }"}' }, 400, 'parameter_unknown'],
      ['application/graphql', { type: 'application/graphql', body: '{ processors { provider } }' }, 415, 'unsupported_media_type'],
      ['a form', { type: 'application/x-www-form-urlencoded', body: 'query=%7B%7D' }, 415, 'unsupported_media_type'],
      ['a huge document', { body: JSON.stringify({ query: `{ processors { provider } } # ${'x'.repeat(GRAPHQL_LIMITS.document_chars_max)}` }) }, 400, 'parameter_invalid'],
      ['GET without a query', { method: 'GET', type: null }, 400, 'parameter_missing'],
      ['GET with variables that are not JSON', { method: 'GET', type: null, path: '/graphql?query=%7B%7D&variables=%7Bn' }, 400, 'parameter_invalid'],
      ['GET with an unknown parameter', { method: 'GET', type: null, path: '/graphql?query=%7B%7D&x=1' }, 400, 'parameter_unknown'],
      ['DELETE', { method: 'DELETE', type: null }, 405, 'method_not_allowed'],
      ['a card number in a variable', { body: JSON.stringify({ query: 'query ($x: String) { refunds(payment_intent: $x) { edges { node { id } } } }', variables: { x: '4242424242424242' } }) }, 400, 'raw_card_data_not_accepted'],
    ])('%s: a 4xx in the REST error shape', async (_name, init, status, code) => {
      const answer = await send(init);
      expect({ status: answer.status, code: answer.body?.error?.code }).toEqual({ status, code });
      expect(answer.body.error.message).toEqual(expect.any(String));
    });

    test.each([
      ['not GraphQL', '{ paymentIntents { ', 'GRAPHQL_PARSE_FAILED'],
      ['an unknown field', '{ paymentIntents { edges { node { id pan } } } }', 'GRAPHQL_VALIDATION_FAILED'],
      ['an unknown argument', '{ paymentIntents(currency: "usd") { edges { node { id } } } }', 'GRAPHQL_VALIDATION_FAILED'],
      ['a wrong enum', '{ paymentIntents(status: paid) { edges { node { id } } } }', 'GRAPHQL_VALIDATION_FAILED'],
      ['too many tokens', `{ ${'processors { provider } '.repeat(300)}}`, 'QUERY_TOO_LARGE'],
      ['nesting 241 fields deep', deepDocument, 'QUERY_TOO_DEEP'],
      ['two operations and no name', 'query A { processors { provider } } query B { processors { provider } }', 'BAD_REQUEST'],
    ])('%s: GraphQL errors with their extensions.code (200 as JSON, 400 as graphql-response+json)', async (_name, query, code) => {
      const json = await send({ body: JSON.stringify({ query }) });
      expect(json.status).toBe(200);
      expect(json.body.errors.map((error: { extensions: Json }) => error.extensions['code'])).toContain(code);
      expect(json.body.data ?? null).toBeNull();
      const spec = await send({ body: JSON.stringify({ query }), accept: 'application/graphql-response+json' });
      expect(spec.status).toBe(400);
    });
  });
});

/** The `graphql` part of the gateway's log lines for an operation, once `count` of them are written. */
async function graphqlLogLines(gateway: RunningService, operation: string, count: number): Promise<Array<{ status: number; batches: Record<string, number[]> }>> {
  const parsed = (): Array<{ status: number; batches: Record<string, number[]>; operation: string }> => gateway.lines.flatMap((text) => {
    try {
      const entry = JSON.parse(text) as { msg?: string; graphql?: { status: number; batches: Record<string, number[]>; operation: string } };
      return entry.msg === 'graphql request' && entry.graphql?.operation === operation ? [entry.graphql] : [];
    } catch {
      return [];
    }
  });
  await waitFor(() => parsed().length >= count, 5_000, `${count} log lines of the GraphQL operation ${operation}`);
  return parsed();
}
