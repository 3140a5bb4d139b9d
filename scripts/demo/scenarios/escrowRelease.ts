import type { Schemas } from '@payrail/client';
import { formatMinor, maskPan, type Posting } from '@payrail/core';
import { answerOf, demoCorrelationId, demoId, freshCardNumber, type Answer, type DemoClient } from '../demoClient';
import type { DemoContext } from '../demoContext';
import { runJob } from '../runJob';
import type { Scenario } from '../scenario';

type Escrow = Schemas['Escrow'];

const CURRENCY = 'BRL';
/** The marketplace order: one item, split between its seller and the platform's fee. */
const ITEM = { name: 'Handmade ceramic vase', quantity: 1, unit_amount: 10_000 };
const SELLER = { payee: 'seller_1', role: 'seller', amount: 9_000 } as const;
const PLATFORM = { payee: 'platform', role: 'platform_fee', amount: 1_000 } as const;
/** What the seller is paid when the vase ships, before the buyer's claim: part of its share. */
const RELEASED = 3_000;
/** What custody still holds when the claim is decided for the buyer: the rest of the order. */
const REFUNDED = ITEM.unit_amount - RELEASED;
const APPROVER = 'ops@ventra.example';
/** Longest wait for the escrow to be funded, for its refund, and for each webhook to reach merchant-sim's order view. */
const WEBHOOK_TIMEOUT_MS = 30_000;
/** The escrow's lines in ledger/escrows.jsonl, in the order this story writes them. */
const ESCROW_EVENTS = ['escrow.created', 'escrow.funded', 'escrow.partially_released', 'escrow.disputed', 'escrow.refunded'];

/** merchant-sim's storefront order (`GET /orders/{ord_...}`), the fields the scenario reads. */
interface StorefrontOrder {
  id: string;
  status: string;
  payment_intent: string | null;
  escrow: string | null;
  checkout: { state: string; error: { message: string } | null };
  escrow_detail: {
    status: string | null;
    payees: Array<{ payee: string; role: string; amount: number; released: number | null }>;
    amount_in_custody: number | null;
    amount_released: number | null;
    amount_refunded: number | null;
    last_event_type: string | null;
  } | null;
  refunds: Array<{ id: string; status: string | null; amount: number | null }>;
  history: Array<{ event_id: string; type: string | null; status: string | null }>;
}

interface EscrowLine {
  seq: number;
  type: string;
  approver: string | null;
  postings: Posting[] | null;
}

const money = (amount: number | null | undefined): string => (typeof amount === 'number' ? `${formatMinor(amount, CURRENCY)} ${CURRENCY}` : '?');

/**
 * A marketplace order placed on merchant-sim's storefront and paid into escrow for a seller and the
 * platform's fee. Part of the seller's share is released, the buyer then disputes, and the platform
 * decides for the buyer: what custody still holds is refunded. The escrow's amounts, its ledger lines,
 * the day's payouts (the seller paid only what was released, the platform nothing) and merchant-sim's
 * own order view, built from the webhooks alone, all tell the same story.
 */
export const escrowRelease: Scenario = {
  name: 'escrow-release',
  title: 'a storefront order paid into escrow → part released to the seller → buyer disputes → the rest refunded; payouts pay only what was released',
  timeout_ms: 120_000,
  async run(demo) {
    const { client } = demo;
    const correlationId = demoCorrelationId('escrow');
    const headers = { 'x-correlation-id': correlationId };
    const date = new Date().toISOString().slice(0, 10);

    demo.step("merchant-sim's storefront pays its local orders at the gateway with an API key: MERCHANT_API_KEY (default DEMO_MERCHANT_API_KEY), or the one PUT /admin/api-keys/local gave it. Ask which: GET /admin/api-keys.");
    await connectStorefront(demo);

    const key = demoId('order');
    const pan = freshCardNumber();
    const body = {
      env: 'local',
      items: [ITEM],
      currency: CURRENCY.toLowerCase(),
      description: 'demo escrow-release: a marketplace order',
      payment: { method: 'card', card: { number: pan } },
      escrow: { payees: [SELLER, PLATFORM] },
    };
    demo.step(`A buyer orders a ${ITEM.name} (${money(ITEM.unit_amount)}) on the storefront: merchant-sim POST /orders (Idempotency-Key ${key}, X-Correlation-Id ${correlationId}), card ${maskPan(pan)}, escrow payees ${SELLER.payee} (${SELLER.role}) ${money(SELLER.amount)} and ${PLATFORM.payee} (${PLATFORM.role}) ${money(PLATFORM.amount)}. merchant-sim tokenizes the card at the gateway, creates the escrow (POST /v1/escrows) and confirms its PaymentIntent.`);
    const placed = await client.call('merchantSim', 'POST', '/orders', body, { 'idempotency-key': key, ...headers });
    const order = placed.body as StorefrontOrder;
    demo.detail(`${placed.status}: ${order.id}, status ${order.status}; checkout ${order.checkout?.state}${order.checkout?.error ? ` (${order.checkout.error.message})` : ''}; escrow ${order.escrow}, payment ${order.payment_intent}`);
    if (!demo.check('the order is placed (201) and its checkout confirmed at the gateway', placed.status === 201 && order.checkout?.state === 'confirmed' && /^esc_/.test(order.escrow ?? ''), placed.text.slice(0, 300))) return;
    const escrowId = order.escrow as string;
    const payment = order.payment_intent as string;
    const retried = await client.call('merchantSim', 'POST', '/orders', body, { 'idempotency-key': key, ...headers });
    demo.check('a retry with the same Idempotency-Key is the same order (200, Idempotent-Replayed), not a second escrow', retried.status === 200 && retried.headers.get('idempotent-replayed') === 'true' && retried.body?.id === order.id && retried.body?.escrow === escrowId, `${retried.status} ${retried.text.slice(0, 200)}`);

    demo.step(`Wait for the captured payment to fund the escrow: GET /v1/escrows/${escrowId} until in_custody.`);
    const funded = await demo.waitFor(async () => {
      const answer = await getEscrow(client, escrowId);
      return answer.status === 404 || answer.body?.status === 'in_custody' ? answer : undefined;
    }, WEBHOOK_TIMEOUT_MS);
    if (funded?.status === 404) throw new Error(`GET /v1/escrows/${escrowId} answered 404 to the demo merchant: merchant-sim's local env places its orders with another merchant's key (set MERCHANT_API_KEY to DEMO_MERCHANT_API_KEY, or PUT /admin/api-keys/local)`);
    demo.detail(describeEscrow(funded?.body));
    if (!demo.check(`in custody: all ${money(ITEM.unit_amount)}, nothing released yet`, funded?.body?.status === 'in_custody' && funded.body.amount_in_custody === ITEM.unit_amount && funded.body.amount_released === 0, `not within ${WEBHOOK_TIMEOUT_MS / 1000} s`)) return;
    const intent = await client.gateway.GET('/v1/payment-intents/{id}', { params: { path: { id: payment } } }).then(answerOf);
    demo.detail(`${payment}: ${intent.body?.status} by ${intent.body?.processor} (${intent.body?.processor_reference}), metadata.escrow ${intent.body?.metadata?.escrow}`);
    demo.check('its PaymentIntent is captured and names the escrow', intent.body?.status === 'captured' && intent.body?.metadata?.escrow === escrowId);
    await waitForOrderView(demo, order.id, 'in_custody (escrow.funded)', (view) => view.status === 'in_custody' && hasEvent(view, 'escrow.funded'));

    demo.step(`The seller ships: release ${money(RELEASED)} of ${SELLER.payee}'s share, approved by ${APPROVER}: POST /v1/escrows/${escrowId}/release {"approver":"${APPROVER}","payees":[{"payee":"${SELLER.payee}","amount":${RELEASED}}]}.`);
    const release = await client.gateway.POST('/v1/escrows/{id}/release', { params: { path: { id: escrowId }, header: { 'Idempotency-Key': `${key}-release` } }, body: { approver: APPROVER, payees: [{ payee: SELLER.payee, amount: RELEASED }] }, headers }).then(answerOf);
    demo.detail(describeEscrow(release.body));
    demo.check(
      `partially released: ${money(RELEASED)} to ${SELLER.payee}, nothing to ${PLATFORM.payee}, ${money(ITEM.unit_amount - RELEASED)} still in custody`,
      release.status === 200 && release.body?.status === 'in_custody' && release.body.amount_released === RELEASED && release.body.amount_in_custody === ITEM.unit_amount - RELEASED && releasedTo(release.body, SELLER.payee) === RELEASED && releasedTo(release.body, PLATFORM.payee) === 0,
      release.text.slice(0, 300),
    );
    await waitForOrderView(demo, order.id, `partially released (escrow.partially_released, ${SELLER.payee} ${money(RELEASED)})`, (view) =>
      view.escrow_detail?.last_event_type === 'escrow.partially_released' && view.escrow_detail.payees.find((p) => p.payee === SELLER.payee)?.released === RELEASED);

    demo.step(`The buyer says the vase arrived broken: POST /v1/escrows/${escrowId}/dispute {"reason":"item arrived damaged"}.`);
    const dispute = await client.gateway.POST('/v1/escrows/{id}/dispute', { params: { path: { id: escrowId }, header: { 'Idempotency-Key': `${key}-dispute` } }, body: { reason: 'item arrived damaged' }, headers }).then(answerOf);
    demo.detail(`${describeEscrow(dispute.body)}; dispute: ${JSON.stringify(dispute.body?.dispute ?? null)}`);
    demo.check(`disputed on the platform, ${money(ITEM.unit_amount - RELEASED)} still in custody`, dispute.status === 200 && dispute.body?.status === 'disputed' && dispute.body.dispute?.source === 'platform' && dispute.body.amount_in_custody === ITEM.unit_amount - RELEASED, dispute.text.slice(0, 300));
    const frozen = await client.gateway.POST('/v1/escrows/{id}/release', { params: { path: { id: escrowId } }, body: { approver: APPROVER }, headers }).then(answerOf);
    demo.detail(`POST /v1/escrows/${escrowId}/release meanwhile: ${frozen.status} ${frozen.body?.error?.code ?? ''}`);
    demo.check('release is frozen while the dispute lasts (409)', frozen.status === 409, frozen.text.slice(0, 200));
    await waitForOrderView(demo, order.id, 'disputed (escrow.disputed)', (view) => view.status === 'disputed' && hasEvent(view, 'escrow.disputed'));

    demo.step(`The platform decides for the buyer: POST /v1/escrows/${escrowId}/resolve {"approver":"${APPROVER}","outcome":"refund"}. What custody still holds goes back to the card; ${SELLER.payee} keeps what was released.`);
    const resolved = await client.gateway.POST('/v1/escrows/{id}/resolve', { params: { path: { id: escrowId }, header: { 'Idempotency-Key': `${key}-resolve` } }, body: { approver: APPROVER, outcome: 'refund' }, headers }).then(answerOf);
    demo.detail(`${describeEscrow(resolved.body)}; refund ${resolved.body?.refund}`);
    demo.check(`refunded: ${money(REFUNDED)} back to the buyer, ${money(RELEASED)} stays with ${SELLER.payee}`, resolved.status === 200 && resolved.body?.status === 'refunded' && resolved.body.amount_refunded === REFUNDED && resolved.body.amount_released === RELEASED, resolved.text.slice(0, 300));
    const refundId = (resolved.body?.refund ?? null) as string | null;
    if (refundId === null) return;
    const refund = await demo.waitFor(async () => {
      const answer = await client.gateway.GET('/v1/refunds/{id}', { params: { path: { id: refundId } } }).then(answerOf);
      return answer.body?.status === 'succeeded' || answer.body?.status === 'failed' ? answer : undefined;
    }, WEBHOOK_TIMEOUT_MS);
    demo.detail(`${refundId}: ${refund?.body?.status ?? 'not decided'}, ${money(refund?.body?.amount)} to the card by the processor`);
    demo.check(`the refund of ${money(REFUNDED)} succeeded at the processor`, refund?.body?.status === 'succeeded' && refund.body.amount === REFUNDED, `not within ${WEBHOOK_TIMEOUT_MS / 1000} s`);
    const closed = await getEscrow(client, escrowId);
    demo.detail(`GET /v1/escrows/${escrowId}: ${describeEscrow(closed.body)}`);
    demo.check(
      `at the end: released ${SELLER.payee} ${money(RELEASED)} and ${PLATFORM.payee} ${money(0)}, refunded ${money(REFUNDED)}, amount_in_custody 0`,
      closed.body?.status === 'refunded' && releasedTo(closed.body, SELLER.payee) === RELEASED && releasedTo(closed.body, PLATFORM.payee) === 0 && closed.body.amount_refunded === REFUNDED && closed.body.amount_in_custody === 0,
    );
    const refunded = await waitForOrderView(demo, order.id, `refunded (escrow.refunded, ${refundId} succeeded)`, (view) =>
      view.status === 'refunded' && view.refunds.some((r) => r.id === refundId && r.status === 'succeeded'));

    if (refunded !== undefined) {
      demo.step(`merchant-sim's order view, built from the webhooks it verified: GET /orders/${order.id} (the page: /shop/orders/${order.id}).`);
      await showOrderView(demo, refunded, payment);
    }

    demo.step(`Read the ledger: ${demo.shown('ledger/escrows.jsonl')}, every decision on the escrow with its balanced postings through escrow_custody:${escrowId}.`);
    const lines = (await demo.evidence('ledger/escrows.jsonl', { where: { '.ref': escrowId }, pick: ['.seq', '.type', 'approver: .data.approver', '.postings'] })) as EscrowLine[];
    demo.check(`one line per step: ${ESCROW_EVENTS.join(', ')}`, JSON.stringify(lines.map((l) => l.type)) === JSON.stringify(ESCROW_EVENTS), lines.map((l) => l.type).join(', '));
    const postings = lines.flatMap((l) => l.postings ?? []);
    const unbalanced = lines.filter((l) => (l.postings ?? []).reduce((sum, p) => sum + p.amount, 0) !== 0);
    demo.check('every line\'s postings balance', unbalanced.length === 0, unbalanced.map((l) => l.type).join(', '));
    const custody = postings.filter((p) => p.account === `escrow_custody:${escrowId}`).reduce((sum, p) => sum + p.amount, 0);
    demo.check(`the custody account escrow_custody:${escrowId} is back at 0 (${money(ITEM.unit_amount)} in, ${money(RELEASED)} released, ${money(REFUNDED)} refunded)`, custody === 0 && postings.some((p) => p.account === `escrow_custody:${escrowId}`), `balance ${custody}`);
    const toSeller = postings.filter((p) => p.account.startsWith('payee_payable:') && p.account.endsWith(`:${SELLER.payee}`)).reduce((sum, p) => sum + p.amount, 0);
    const toPlatform = postings.filter((p) => p.account.startsWith('platform_fee:')).reduce((sum, p) => sum + p.amount, 0);
    demo.check(`payee_payable:…:${SELLER.payee} is credited ${money(RELEASED)}, platform_fee:… nothing`, toSeller === -RELEASED && toPlatform === 0, `seller ${toSeller}, platform ${toPlatform}`);
    demo.check(`the release and the refund name their approver (${APPROVER})`, ['escrow.partially_released', 'escrow.refunded'].every((type) => lines.find((l) => l.type === type)?.approver === APPROVER));
    const refundLines = (await demo.evidence('ledger/refunds.jsonl', { where: { '.ref': refundId }, pick: ['.seq', '.type', '.data.amount', '.data.status', 'escrow: .data.metadata.escrow'] })) as Array<{ type: string; amount: number | null; status: string | null; escrow: string | null }>;
    const created = refundLines.find((line) => line.type === 'refund.created');
    demo.check(`the refund was created approved (the escrow's approver decided) for ${REFUNDED}, naming the escrow, and succeeded`, created?.status === 'approved' && created.amount === REFUNDED && created.escrow === escrowId && refundLines.some((line) => line.type === 'refund.succeeded'), JSON.stringify(refundLines));
    const chain = await client.gateway.GET('/v1/ledger/{id}', { params: { path: { id: payment } } }).then(answerOf);
    demo.check('GET /v1/ledger re-hashes every line of the payment: chain verified', chain.body?.chain_verified === true);

    demo.step(`Settlement of the day: ledger-service POST /jobs/settlement/${date} (or npx payrail settle --date ${date}) writes the payouts. Payees are paid only from released funds.`);
    const settled = await runJob(client, 'settlement', date);
    demo.detail(`ran by ${settled.by}: ${settled.summary?.['file'] ?? ''}`);
    if (!demo.check('settlement ran', settled.summary !== null, settled.problem)) return;
    const rows = await demo.csvEvidence(String(settled.summary?.['file']), [payment]);
    const paymentRow = rows.find((row) => row['payee'] === '');
    const sellerRows = rows.filter((row) => row['payee'] === SELLER.payee);
    const fee = Number(paymentRow?.['fee']);
    demo.check(
      `the payment's row: gross ${RELEASED} (${ITEM.unit_amount} captured less ${REFUNDED} refunded), held ${RELEASED}: the merchant is paid none of it and pays the processor's fee (net −${paymentRow?.['fee'] ?? '?'})`,
      paymentRow?.['gross'] === String(RELEASED) && paymentRow['held'] === String(RELEASED) && Number(paymentRow['net']) === -fee && fee >= 0,
      JSON.stringify(paymentRow ?? null),
    );
    demo.check(
      `${SELLER.payee}'s row pays exactly the ${RELEASED} released (held −${RELEASED}, payee_role seller), not its ${SELLER.amount} share`,
      sellerRows.length === 1 && sellerRows[0]?.['net'] === String(RELEASED) && sellerRows[0]['held'] === String(-RELEASED) && sellerRows[0]['payee_role'] === SELLER.role,
      JSON.stringify(sellerRows),
    );
    demo.check(`no ${PLATFORM.role} row: the platform's ${money(PLATFORM.amount)} was still in custody and went back to the buyer`, !rows.some((row) => row['payee_role'] === PLATFORM.role || row['payee'] === PLATFORM.payee), JSON.stringify(rows));
    const held = rows.reduce((sum, row) => sum + Number(row['held']), 0);
    const inconsistent = rows.filter((row) => Number(row['net']) !== Number(row['gross']) - Number(row['fee']) - Number(row['held']));
    demo.check('each row has net = gross − fee − held, and its held column sums to 0 (custody kept nothing)', rows.length > 0 && inconsistent.length === 0 && held === 0, `held ${held}; ${inconsistent.length} rows off`);
  },
};

/**
 * Makes sure the storefront can pay: merchant-sim's local env needs a gateway key. npm start leaves it
 * MERCHANT_API_KEY (default DEMO_MERCHANT_API_KEY); a merchant-sim started with neither gets the demo
 * merchant's key pushed, as npm start pushes the other envs' keys.
 */
async function connectStorefront(demo: DemoContext): Promise<void> {
  const { client } = demo;
  const keys = await client.internal('merchantSim', 'GET', '/admin/api-keys');
  if (keys.status !== 200) throw new Error(`merchant-sim GET /admin/api-keys answered ${keys.status}: ${keys.text.slice(0, 200)} (a merchant-sim without the storefront?)`);
  let local = keys.body?.data?.local as { source: string; prefix: string | null } | undefined;
  if (local?.source === 'none') {
    const pushed = await client.internal('merchantSim', 'PUT', '/admin/api-keys/local', { api_key: client.target.apiKey });
    if (pushed.status !== 200) throw new Error(`merchant-sim refused the demo merchant's key: ${pushed.status} ${pushed.text.slice(0, 200)}`);
    demo.detail('merchant-sim had no key for local: gave it the demo merchant\'s (PUT /admin/api-keys/local)');
    local = pushed.body as { source: string; prefix: string | null };
  }
  demo.detail(`local pays with ${local?.source === 'env' ? 'the key pushed for it (PUT /admin/api-keys/local)' : 'its configured key (MERCHANT_API_KEY)'}: ${local?.prefix ?? '?'}…`);
  demo.check("it is the demo merchant's key (same prefix)", local?.prefix === client.target.apiKey.slice(0, local?.prefix?.length ?? 0) && (local?.prefix ?? '') !== '', JSON.stringify(local ?? null));
}

function getEscrow(client: DemoClient, id: string): Promise<Answer> {
  return client.gateway.GET('/v1/escrows/{id}', { params: { path: { id } } }).then(answerOf);
}

function releasedTo(escrow: Escrow | undefined, payee: string): number | undefined {
  return escrow?.payees?.find((p) => p.payee === payee)?.released;
}

function describeEscrow(escrow: Escrow | undefined): string {
  if (escrow?.id === undefined) return JSON.stringify(escrow ?? null).slice(0, 300);
  const payees = escrow.payees.map((p) => `${p.payee} ${money(p.released)} of ${money(p.amount)}`).join(', ');
  return `${escrow.id}: ${escrow.status}; in custody ${money(escrow.amount_in_custody)}, released ${money(escrow.amount_released)} (${payees}), refunded ${money(escrow.amount_refunded)}`;
}

const hasEvent = (view: StorefrontOrder, type: string): boolean => view.history?.some((entry) => entry.type === type) === true;

/** Waits (bounded) until merchant-sim's order view satisfies `shows`, and checks it did; answers the view. */
async function waitForOrderView(demo: DemoContext, orderId: string, what: string, shows: (view: StorefrontOrder) => boolean): Promise<StorefrontOrder | undefined> {
  let last: StorefrontOrder | undefined;
  const view = await demo.waitFor(async () => {
    last = (await demo.client.call('merchantSim', 'GET', `/orders/${orderId}`)).body as StorefrontOrder;
    return last?.history !== undefined && shows(last) ? last : undefined;
  }, WEBHOOK_TIMEOUT_MS);
  demo.check(`merchant-sim's order view (from webhooks) says ${what}`, view !== undefined, `still ${last?.status}, last escrow event ${last?.escrow_detail?.last_event_type ?? 'none'} after ${WEBHOOK_TIMEOUT_MS / 1000} s: is merchant-sim the demo merchant's webhook endpoint (npm start registers it)?`);
  return view;
}

/** Prints the order's history and checks it against the gateway's events for the payment and the order page. */
async function showOrderView(demo: DemoContext, view: StorefrontOrder, payment: string): Promise<void> {
  const { client } = demo;
  demo.detail(`status ${view.status}; events: ${view.history.map((entry) => `${entry.type} (${entry.status})`).join(' → ')}`);
  const types = view.history.map((entry) => entry.type);
  const positions = ['escrow.funded', 'escrow.partially_released', 'escrow.disputed', 'escrow.refunded'].map((type) => types.indexOf(type));
  demo.check('funded, partially released, disputed, refunded: each from its webhook, in that order', positions.every((at, i) => at >= 0 && (i === 0 || at > (positions[i - 1] as number))), types.join(', '));
  const escrow = view.escrow_detail;
  demo.detail(`escrow: ${escrow?.status}; ${escrow?.payees.map((p) => `${p.payee} released ${money(p.released)} of ${money(p.amount)}`).join(', ')}; in custody ${money(escrow?.amount_in_custody)}, refunded ${money(escrow?.amount_refunded)}`);
  demo.check(
    `its escrow: ${SELLER.payee} released ${money(RELEASED)}, ${PLATFORM.payee} ${money(0)}, refunded ${money(REFUNDED)}, nothing in custody`,
    escrow?.status === 'refunded' && escrow.payees.find((p) => p.payee === SELLER.payee)?.released === RELEASED && escrow.payees.find((p) => p.payee === PLATFORM.payee)?.released === 0 && escrow.amount_refunded === REFUNDED && escrow.amount_in_custody === 0,
  );
  const events = ((await client.gateway.GET('/v1/events', { params: { query: { payment_intent: payment, limit: 100 } } }).then(answerOf)).body?.data ?? []) as Array<{ id: string; type: string }>;
  const missing = await demo.waitFor(async () => {
    const now = (await client.call('merchantSim', 'GET', `/orders/${view.id}`)).body as StorefrontOrder;
    const seen = new Set(now.history?.map((entry) => entry.event_id));
    return events.every((event) => seen.has(event.id)) ? [] : undefined;
  }, WEBHOOK_TIMEOUT_MS);
  demo.check(`merchant-sim received and verified all ${events.length} events the gateway has for the payment (GET /v1/events?payment_intent=${payment})`, events.length > 0 && missing !== undefined);
  const page = await client.call('merchantSim', 'GET', `/shop/orders/${view.id}`);
  demo.check(`the order page /shop/orders/${view.id} says refunded and lists ${SELLER.payee}'s release`, page.status === 200 && page.text.includes('<strong>refunded</strong>') && page.text.includes(SELLER.payee) && page.text.includes(money(RELEASED)), `${page.status}`);
}
