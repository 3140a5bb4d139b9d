// PayRail's checkout load for k6 (https://k6.io): the scenario mix of `npm run load`, for people who
// have k6. Each iteration is one checkout, as a merchant's integration plays it: tokenize the card at
// the vault, create the PaymentIntent, confirm it (a decline test card answers 402), capture or void a
// manual one, refund some; every POST with its own Idempotency-Key. The webhooks that follow are
// delivered to merchant-sim by the stack itself.
//
//   set -a; . ./.env; set +a          # DEMO_MERCHANT_API_KEY, INTERNAL_TOKEN, the ports
//   k6 run scripts/load/k6/checkout.js
//   k6 run -e DURATION=300 -e CONNECTIONS=64 -e SEED=7 -e P99_MS=1500 scripts/load/k6/checkout.js
//
// The weights below are payrail generate's defaults (TRAFFIC_DEFAULTS in
// shared/settlement/src/synthetic/trafficPlan.ts, without timeouts) and the stages are npm run load's
// default; scripts/load/test/k6Checkout.unit.test.ts fails when they drift apart.
import http from 'k6/http';
import { check, fail, sleep } from 'k6';
import { Counter } from 'k6/metrics';

const env = (name, fallback) => (__ENV[name] === undefined || __ENV[name] === '' ? fallback : __ENV[name]);

const GATEWAY = env('GATEWAY_URL', `http://127.0.0.1:${env('GATEWAY_PORT', '8080')}`);
const VAULT = env('VAULT_URL', `http://127.0.0.1:${env('VAULT_PORT', '8083')}`);
const API_KEY = env('DEMO_MERCHANT_API_KEY', '');
const INTERNAL_TOKEN = env('INTERNAL_TOKEN', '');
/** Seconds the stages take together, peak virtual users (one connection each), the traffic's seed. */
const DURATION_S = Number(env('DURATION', '60'));
const CONNECTIONS = Number(env('CONNECTIONS', '32'));
const SEED = Number(env('SEED', '1'));
/** The latency every operation's p99 must stay under (machine-dependent: set it for yours). */
const P99_MS = Number(env('P99_MS', '2000'));

/** name, percent of DURATION, percent of CONNECTIONS at the end of the stage (npm run load's DEFAULT_STAGES). */
export const STAGES = [
  ['warm-up', 15, 25],
  ['ramp', 25, 100],
  ['steady', 50, 100],
  ['ramp-down', 10, 25],
];

/** Relative weights of the outcomes at the processor. */
export const OUTCOME_MIX = {
  succeeds: 88,
  disputed: 1,
  card_declined: 3,
  insufficient_funds: 3,
  expired_card: 1,
  incorrect_cvc: 1,
  processing_error: 1,
  fraudulent: 2,
};

/**
 * The test card of each outcome other than `succeeds`, from PayRail's test-card table
 * (shared/core/src/testCards.json, the one place their numbers are written; `open` reads it at init).
 */
export const TEST_CARDS = Object.fromEntries(
  JSON.parse(open('../../../shared/core/src/testCards.json')).cards
    .filter((card) => card.behaviour.kind === 'declines' || card.behaviour.kind === 'succeeds_then_disputed')
    .map((card) => [card.behaviour.kind === 'declines' ? card.behaviour.decline_code : 'disputed', card.number]),
);

/** Percent of payments captured manually (a tenth of them voided, a tenth captured in part); percent of captures refunded. */
export const MANUAL_CAPTURE_PERCENT = 10;
export const REFUND_PERCENT = 5;
const VOID_SHARE = 0.1;
const PARTIAL_CAPTURE_SHARE = 0.1;
const FULL_REFUND_SHARE = 0.75;

/** Currencies by the customers' home countries (US 40, GB 12, DE+FR+ES 23, BR 8, JP 6, CA 6, AU 5); median basket in major units. */
const CURRENCIES = [
  ['USD', 40, 45, 2],
  ['GBP', 12, 35, 2],
  ['EUR', 23, 40, 2],
  ['BRL', 8, 180, 2],
  ['JPY', 6, 5000, 0],
  ['CAD', 6, 55, 2],
  ['AUD', 5, 60, 2],
];
const AMOUNT_SIGMA = 0.9;
/** BINs of cards that succeed: Visa, Mastercard, Amex, Discover. */
const BINS = [['424242', 16], ['555555', 16], ['378282', 15], ['601111', 16]];

export const options = {
  scenarios: {
    checkout: {
      executor: 'ramping-vus',
      startVUs: 1,
      stages: STAGES.map(([, durationPct, connectionsPct]) => ({
        duration: `${Math.round(DURATION_S * durationPct * 10)}ms`,
        target: Math.max(1, Math.round((CONNECTIONS * connectionsPct) / 100)),
      })),
      gracefulRampDown: '10s',
    },
  },
  thresholds: {
    // 402 is a decline card's expected answer, so it does not count as a failed request (see setResponseCallback).
    http_req_failed: ['rate<0.01'],
    checks: ['rate>0.99'],
    status_5xx: ['count==0'],
    'http_req_duration{op:create}': [`p(99)<${P99_MS}`],
    'http_req_duration{op:confirm}': [`p(99)<${P99_MS}`],
    'http_req_duration{op:decline}': [`p(99)<${P99_MS}`],
    'http_req_duration{op:capture}': [`p(99)<${P99_MS}`],
    'http_req_duration{op:cancel}': [`p(99)<${P99_MS}`],
    'http_req_duration{op:refund}': [`p(99)<${P99_MS}`],
    'http_req_duration{op:tokenize}': [`p(99)<${P99_MS}`],
  },
};

const status5xx = new Counter('status_5xx');
const velocityDeclined = new Counter('velocity_declined');
http.setResponseCallback(http.expectedStatuses(200, 201, 402));

/** mulberry32: a small seeded generator, so one SEED gives the same checkouts for each virtual user and iteration. */
export function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function weighted(random, entries) {
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  let left = random() * total;
  for (const [value, weight] of entries) {
    left -= weight;
    if (left < 0) return value;
  }
  return entries[entries.length - 1][0];
}

/** A standard normal draw (Box-Muller). */
function normal(random) {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

function luhnCheckDigit(body) {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let digit = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) digit *= 2;
    sum += digit > 9 ? digit - 9 : digit;
  }
  return String((10 - (sum % 10)) % 10);
}

/** One checkout of the mix: its card, amount, currency, capture and refund. */
export function plannedCheckout(random) {
  const outcome = weighted(random, Object.entries(OUTCOME_MIX));
  let pan = TEST_CARDS[outcome];
  if (pan === undefined) {
    const [bin, length] = BINS[Math.floor(random() * BINS.length)];
    let body = bin;
    while (body.length < length - 1) body += String(Math.floor(random() * 10));
    pan = body + luhnCheckDigit(body);
  }
  const [currency, , medianMajor, exponent] = weighted(random, CURRENCIES.map((entry) => [entry, entry[1]]));
  const median = medianMajor * 10 ** exponent;
  const amount = Math.max(Math.round(median / 90), Math.min(Math.round(median * Math.exp(AMOUNT_SIGMA * normal(random))), median * 50));
  const manual = random() * 100 < MANUAL_CAPTURE_PERCENT;
  const voided = manual && random() < VOID_SHARE;
  const captured = voided ? 0 : manual && random() < PARTIAL_CAPTURE_SHARE ? Math.max(1, Math.floor(amount * (0.5 + random() * 0.49))) : amount;
  const refunded = outcome === 'succeeds' && captured > 0 && random() * 100 < REFUND_PERCENT;
  const refund = refunded ? (random() < FULL_REFUND_SHARE ? captured : Math.max(1, Math.floor(captured * (0.1 + random() * 0.8)))) : null;
  const cvv = pan.length === 15 ? '1234' : '123';
  return { outcome, pan, cvv, amount, currency, manual, voided, captured, refund, confirm_pause_s: 0.02 + random() * 0.28 };
}

export function setup() {
  if (API_KEY === '' || INTERNAL_TOKEN === '') fail('set DEMO_MERCHANT_API_KEY and INTERNAL_TOKEN (they are in .env: set -a; . ./.env; set +a)');
  const ready = http.get(`${GATEWAY}/ready`, { tags: { op: 'ready' } });
  if (ready.status !== 200) fail(`the gateway at ${GATEWAY} is not ready (${ready.status}): start the stack with npm start`);
  return { run: String(Date.now()) };
}

function post(url, body, op, key, headers) {
  const response = http.post(url, JSON.stringify(body), {
    headers: Object.assign({ 'content-type': 'application/json', authorization: `Bearer ${API_KEY}`, 'idempotency-key': key }, headers || {}),
    tags: { op },
  });
  if (response.status >= 500) status5xx.add(1, { op });
  return response;
}

const json = (response) => {
  try {
    return response.json();
  } catch (_error) {
    return {};
  }
};

export default function checkout(data) {
  const random = seededRandom(SEED * 1000003 + __VU * 100003 + __ITER);
  const plan = plannedCheckout(random);
  const key = (step) => `k6-${data.run}-${__VU}-${__ITER}-${step}`;

  const token = http.post(`${VAULT}/tokens`, JSON.stringify({ pan: plan.pan, exp_month: 12, exp_year: new Date().getUTCFullYear() + 3, cvv: plan.cvv }), {
    headers: { 'content-type': 'application/json', 'x-internal-token': INTERNAL_TOKEN },
    tags: { op: 'tokenize' },
  });
  if (!check(token, { 'tokenize 201': (r) => r.status === 201 })) return;

  const created = post(`${GATEWAY}/v1/payment-intents`, {
    amount: plan.amount,
    currency: plan.currency,
    payment_method: json(token).token,
    capture_method: plan.manual ? 'manual' : 'automatic',
    metadata: { load: 'k6', vu: String(__VU) },
  }, 'create', key('create'));
  if (!check(created, { 'create 200': (r) => r.status === 200 })) return;
  const id = json(created).id;
  sleep(plan.confirm_pause_s);

  const declines = plan.outcome !== 'succeeds' && plan.outcome !== 'disputed';
  const confirmed = post(`${GATEWAY}/v1/payment-intents/${id}/confirm`, {}, declines ? 'decline' : 'confirm', key('confirm'));
  const error = json(confirmed).error || {};
  if (confirmed.status === 402 && error.decline_code === 'fraudulent' && /velocity rule/.test(error.message || '')) {
    velocityDeclined.add(1);
    return;
  }
  if (declines) {
    check(confirmed, { 'decline 402 card_declined': (r) => r.status === 402 && error.code === 'card_declined' });
    return;
  }
  if (!check(confirmed, { 'confirm 200': (r) => r.status === 200 })) return;
  let status = json(confirmed).status;

  if (status === 'authorized' && plan.voided) {
    check(post(`${GATEWAY}/v1/payment-intents/${id}/cancel`, {}, 'cancel', key('cancel')), { 'cancel 200': (r) => r.status === 200 });
    return;
  }
  if (status === 'authorized') {
    const captured = post(`${GATEWAY}/v1/payment-intents/${id}/capture`, { amount_to_capture: plan.captured }, 'capture', key('capture'));
    if (!check(captured, { 'capture 200': (r) => r.status === 200 })) return;
    status = json(captured).status;
  }
  if (status === 'captured' && plan.refund !== null) {
    const refunded = post(`${GATEWAY}/v1/refunds`, { payment_intent: id, amount: plan.refund, reason: 'requested_by_customer' }, 'refund', key('refund'));
    check(refunded, { 'refund 200': (r) => r.status === 200 });
  }
}
