import { SIMULATE_HEADER } from '@payrail/core';
import { SIMULATED_OUTCOME_SCHEMA, closedObject, componentRef, nullable } from '@payrail/schemas';
import { TOKEN_SECURITY_SCHEMES, openApiDocument, type OperationDoc } from '@payrail/service-kit';
import { readOpenBody, readResolveBody } from '../disputes/disputeRoutes';
import { FAULT_SETTINGS_SCHEMA, FAULT_UPDATE_SCHEMA } from '../faults/faultSettings';
import { readPayBody } from '../pix/pixRoutes';
import * as stripe from '../providerA/stripeRoutes';
import * as adyen from '../providerB/adyenRoutes';

/*
 * provider-sim's document: the two processor dialects the gateway calls (providerA like Stripe's
 * API under /providerA/v1, providerB like Adyen's Checkout v68 under /providerB/v68) and the admin
 * routes people and tests use. Request schemas are the ones the routes validate with (each checker
 * carries its schema); response schemas are written beside the serializers' shapes
 * (providerA/stripeObjects.ts, providerB/adyenObjects.ts), closed, and checked against every
 * response of the test suite.
 */

type Schema = Record<string, unknown>;
const ref = componentRef;
const closed = closedObject;
const str: Schema = { type: 'string' };
const int: Schema = { type: 'integer' };
const bool: Schema = { type: 'boolean' };
const isoTime: Schema = { type: 'string', format: 'date-time' };
const metadata: Schema = closed({ payment_intent: str });
const money: Schema = closed({ value: int, currency: { type: 'string', pattern: '^[A-Z]{3}$', examples: ['EUR'] } });

const PIX_TXID: Schema = { type: 'string', pattern: '^[A-Za-z0-9]{26,35}$', examples: ['Tx9dW2mQ4rT6yU8iO0pA3sD5fG7hJ1kL'] };

const STRIPE_REFUND = closed({ id: str, object: { const: 'refund' }, amount: int, charge: str, currency: { type: 'string', pattern: '^[a-z]{3}$', examples: ['usd'] }, payment_intent: str, metadata, status: { const: 'succeeded' }, created: int });

const SCHEMAS: Record<string, Schema> = {
  StripeCharge: {
    ...closed({
      id: str,
      object: { const: 'charge' },
      amount: int,
      amount_captured: int,
      amount_refunded: int,
      captured: bool,
      refunded: bool,
      currency: { type: 'string', pattern: '^[a-z]{3}$', examples: ['usd'] },
      status: { type: 'string', enum: ['succeeded', 'pending', 'failed'], description: 'pending: a Pix charge not paid yet' },
      paid: bool,
      payment_intent: str,
      metadata,
      description: nullable(str),
      created: int,
      failure_code: nullable(str),
      failure_message: nullable(str),
      outcome: nullable(closed({ type: str, network_status: str, reason: nullable(str) })),
      payment_method_details: { oneOf: [closed({ type: { const: 'card' }, card: closed({ brand: str, last4: str }) }), closed({ type: { const: 'pix' }, pix: closed({ bank_transaction_id: nullable(str) }) })] },
      pix: { ...ref('StripePix'), description: 'a Pix charge only: the BR Code to show the payer' },
      balance_transaction: { ...nullable({ type: 'string', pattern: '^txn_' }), description: 'the id of the balance transaction of the captured amount (GET /v1/balance_transactions/{id})' },
      refunds: closed({ object: { const: 'list' }, data: { type: 'array', items: ref('StripeRefund') }, has_more: bool, total_count: int }),
      disputed: bool,
      dispute: nullable(str),
      livemode: { const: false },
    }, ['pix']),
    description: 'A charge, as Stripe shapes it: status succeeded once authorized (captured or not), failed when declined; a Pix charge is pending until paid.',
  },
  StripeBalanceTransaction: {
    ...closed({
      id: { type: 'string', pattern: '^txn_' },
      object: { const: 'balance_transaction' },
      currency: { type: 'string', pattern: '^[a-z]{3}$', examples: ['usd'] },
      exchange_rate: { type: 'null' },
      status: str,
      amount: int,
      fee: int,
      fee_details: { type: 'array', items: closed({ amount: int, application: { type: 'null' }, currency: str, description: str, type: str }) },
      net: int,
      type: { type: 'string', examples: ['charge', 'adjustment'] },
      reporting_category: str,
      source: str,
      description: nullable(str),
      created: int,
      available_on: int,
    }),
    description: "Stripe's balance transaction: the money a charge or a dispute moved, with its fee and net.",
  },
  StripePix: {
    ...closed({
      txid: PIX_TXID,
      data: { type: 'string', description: 'the BR Code "copia e cola" payload (EMV QRCPS-MPM, dynamic, with its CRC16)' },
      expires_at: { ...int, description: 'unix seconds' },
      status: { type: 'string', enum: ['pending', 'paid', 'expired'] },
      end_to_end_id: nullable(str),
      paid_late: bool,
    }),
    description: "A Pix charge's BR Code and state, as Stripe's pix_display_qr_code shows it.",
  },
  SimPixCharge: {
    ...closed({
      provider: { const: 'providerA' },
      charge: str,
      payment_intent: str,
      txid: PIX_TXID,
      amount: int,
      currency: { const: 'BRL' },
      status: { type: 'string', enum: ['pending', 'paid', 'expired'] },
      data: str,
      expires_at: isoTime,
      paid_at: nullable(isoTime),
      paid_late: bool,
      end_to_end_id: nullable({ type: 'string', pattern: '^E[0-9]{20}[A-Za-z0-9]{11}$', examples: ['E99999999202612011030ab3CD5ef7GH'] }),
      amount_refunded: int,
      refunds: { type: 'array', items: closed({ reference: str, amount: int, created_at: isoTime }) },
    }),
    description: 'A Pix charge (cobrança) as the payer side sees it: its BR Code, its state, its payment and devoluções.',
  },
  StripeChargeList: closed({ object: { const: 'list' }, data: { type: 'array', items: ref('StripeCharge') }, has_more: bool, url: str }),
  StripeRefund: STRIPE_REFUND,
  StripeCardError: {
    ...closed({ error: closed({ type: { const: 'card_error' }, code: str, decline_code: str, message: str, charge: str }) }),
    description: "A decline in Stripe's words: `code` as Stripe sets it, `decline_code` PayRail's code.",
  },
  AdyenPaymentResponse: {
    ...closed({
      pspReference: str,
      resultCode: { type: 'string', examples: ['Authorised', 'Refused', 'Error'] },
      refusalReason: str,
      refusalReasonCode: str,
      merchantReference: str,
      amount: money,
      additionalData: closed({ cardSummary: str, cardBin: str, paymentMethod: str }),
    }, ['refusalReason', 'refusalReasonCode']),
    description: "The answer to POST /payments, as Adyen's Checkout API v68 shapes it.",
  },
  AdyenPayment: closed({
    pspReference: str,
    resultCode: str,
    refusalReason: str,
    refusalReasonCode: str,
    merchantReference: str,
    amount: money,
    additionalData: closed({ cardSummary: str, cardBin: str, paymentMethod: str }),
    merchantAccount: nullable(str),
    status: { type: 'string', enum: ['Authorised', 'Captured', 'Cancelled', 'Refused'] },
    creationDate: isoTime,
    captureDelayHours: nullable(int),
    captures: { type: 'array', items: closed({ pspReference: str, amount: money, creationDate: nullable(isoTime) }) },
    cancellation: nullable(closed({ pspReference: str, creationDate: nullable(isoTime) })),
    refunds: { type: 'array', items: closed({ pspReference: str, amount: money, creationDate: isoTime }) },
    dispute: nullable({ type: 'object', required: ['status', 'amount', 'reason'], properties: { status: str, amount: money, reason: str } }),
  }, ['refusalReason', 'refusalReasonCode']),
  AdyenPaymentList: closed({ data: { type: 'array', items: ref('AdyenPayment') } }),
  AdyenModificationResponse: {
    ...closed({ pspReference: nullable(str), paymentPspReference: str, merchantAccount: nullable(str), reference: str, status: { const: 'received' }, amount: money }, ['reference', 'amount']),
    description: 'A capture, cancel or refund received: its own pspReference; the result follows as a notification.',
  },
  SimDispute: closed({
    provider: { type: 'string', enum: ['providerA', 'providerB'] },
    charge: str,
    payment_intent: str,
    dispute: nullable({ type: 'object', required: ['id', 'amount', 'reason', 'status'], properties: { id: str, amount: int, reason: str, status: str, opened_at: isoTime, closed_at: nullable(isoTime) } }),
  }),
  FaultSettings: FAULT_SETTINGS_SCHEMA,
  SettlementStatement: closed({
    date: { type: 'string', format: 'date' },
    file: { type: 'string', description: 'relative to the data folder: settlement/settlement_YYYY-MM-DD.csv' },
    rows: int,
    mismatches: { type: 'array', items: closed({ kind: { type: 'string', enum: ['missing_row', 'amount_off_by_one', 'extra_row'] }, processor: str, payment_id: str, processor_reference: str }) },
  }),
};

const IDEMPOTENCY_KEY = [{ name: 'Idempotency-Key', required: false, schema: { type: 'string', minLength: 1, maxLength: 255 }, description: 'the same key answers the first result (Idempotent-Replayed: true)' }];
/** An authorization's scripted outcome: the gateway's test-mode simulate, one step per attempt. */
const SIMULATE = [{
  name: SIMULATE_HEADER,
  required: false,
  schema: SIMULATED_OUTCOME_SCHEMA,
  description: "the gateway's scripted outcome of this attempt, instead of the card's and the faults': a decline with its code (insufficient_funds, card_declined, fraud_detected as fraudulent, bank_error as processing_error), success, dispute_after_capture (as the dispute card), processing_delay (answered after PROVIDER_SIMULATED_DELAY_MS), network_timeout (nothing is charged, the call is held PROVIDER_TIMEOUT_MS and dropped unanswered)",
}];
const PROCESSOR_ERRORS = [400, 401, 404, 405, 409, 413, 415, 422];
const processor = (op: Omit<OperationDoc, 'security' | 'errors' | 'tag'> & { tag: 'providerA' | 'providerB'; body?: Schema }): OperationDoc => ({
  ...op,
  security: ['internal'],
  ...(op.method === 'post' ? { headers: [...IDEMPOTENCY_KEY, ...(op.headers ?? [])] } : {}),
  errors: PROCESSOR_ERRORS,
});

const A = '/providerA/v1';
const B = '/providerB/v68';
const OPERATIONS: OperationDoc[] = [
  processor({ method: 'post', path: `${A}/charges`, operationId: 'createStripeCharge', tag: 'providerA', summary: 'Authorize (capture: false) or authorize and capture a card.', headers: SIMULATE, body: stripe.readChargeBody.schema, responses: { 200: { description: 'The charge', schema: ref('StripeCharge') }, 402: { description: 'Declined', schema: ref('StripeCardError') } } }),
  processor({ method: 'post', path: `${A}/pix/charges`, operationId: 'createStripePixCharge', tag: 'providerA', summary: 'Create a Pix charge (BRL only): pending until its payer pays the BR Code in pix.data before pix.expires_at; then charge.succeeded.', body: stripe.readPixChargeBody.schema, responses: { 200: { description: 'The pending charge', schema: ref('StripeCharge') } } }),
  processor({ method: 'get', path: `${A}/charges`, operationId: 'listStripeCharges', tag: 'providerA', summary: 'The charges of one payment intent, newest first (status inquiry).', query: { type: 'object', required: ['payment_intent'], properties: { payment_intent: str } }, responses: { 200: { description: 'The charges', schema: ref('StripeChargeList') } } }),
  processor({ method: 'get', path: `${A}/charges/:id`, operationId: 'retrieveStripeCharge', tag: 'providerA', summary: 'One charge.', responses: { 200: { description: 'The charge', schema: ref('StripeCharge') } } }),
  processor({ method: 'get', path: `${A}/balance_transactions/:id`, operationId: 'retrieveStripeBalanceTransaction', tag: 'providerA', summary: 'A balance transaction: the fee and net of a capture, or a dispute withdrawal or reinstatement.', responses: { 200: { description: 'The balance transaction', schema: ref('StripeBalanceTransaction') } } }),
  processor({ method: 'post', path: `${A}/charges/:id/capture`, operationId: 'captureStripeCharge', tag: 'providerA', summary: 'Capture an authorized charge, fully or partly.', body: stripe.readCaptureBody.schema, responses: { 200: { description: 'The charge', schema: ref('StripeCharge') } } }),
  processor({ method: 'post', path: `${A}/charges/:id/cancel`, operationId: 'cancelStripeCharge', tag: 'providerA', summary: 'Release (void) an authorized charge.', body: stripe.readCancelBody.schema, responses: { 200: { description: 'The charge', schema: ref('StripeCharge') } } }),
  processor({ method: 'post', path: `${A}/refunds`, operationId: 'createStripeRefund', tag: 'providerA', summary: 'Refund part or all of a captured charge.', body: stripe.readRefundBody.schema, responses: { 200: { description: 'The refund', schema: ref('StripeRefund') } } }),
  processor({ method: 'post', path: `${B}/payments`, operationId: 'createAdyenPayment', tag: 'providerB', summary: 'Authorize a card (captureDelayHours 0 captures at once).', headers: SIMULATE, body: adyen.readPaymentBody.schema, responses: { 200: { description: 'Authorised, or Refused / Error with refusalReason', schema: ref('AdyenPaymentResponse') } } }),
  processor({ method: 'get', path: `${B}/payments`, operationId: 'listAdyenPayments', tag: 'providerB', summary: 'The payments of one merchant reference (status inquiry).', query: { type: 'object', required: ['reference'], properties: { reference: str } }, responses: { 200: { description: 'The payments', schema: ref('AdyenPaymentList') } } }),
  processor({ method: 'get', path: `${B}/payments/:pspReference`, operationId: 'retrieveAdyenPayment', tag: 'providerB', summary: 'One payment and its modifications.', responses: { 200: { description: 'The payment', schema: ref('AdyenPayment') } } }),
  processor({ method: 'post', path: `${B}/payments/:pspReference/captures`, operationId: 'captureAdyenPayment', tag: 'providerB', summary: 'Capture an authorised payment.', body: adyen.readCaptureBody.schema, responses: { 201: { description: 'Received', schema: ref('AdyenModificationResponse') } } }),
  processor({ method: 'post', path: `${B}/payments/:pspReference/cancels`, operationId: 'cancelAdyenPayment', tag: 'providerB', summary: 'Cancel an authorised payment.', body: adyen.readCancelBody.schema, responses: { 201: { description: 'Received', schema: ref('AdyenModificationResponse') } } }),
  processor({ method: 'post', path: `${B}/payments/:pspReference/refunds`, operationId: 'refundAdyenPayment', tag: 'providerB', summary: 'Refund part or all of a captured payment.', body: adyen.readRefundBody.schema, responses: { 201: { description: 'Received', schema: ref('AdyenModificationResponse') } } }),
  { method: 'get', path: '/admin/faults', operationId: 'retrieveFaults', tag: 'Admin', security: ['admin'], summary: 'Failure injection per processor (outage, latency, timeouts, declines, webhook duplicates and order, settlement mismatches).', responses: { 200: { description: 'The settings in force', schema: ref('FaultSettings') } }, errors: [401, 405] },
  { method: 'put', path: '/admin/faults', operationId: 'updateFaults', tag: 'Admin', security: ['admin'], summary: 'Merge a partial update (validated: a 400 names the bad parameter and changes nothing).', body: FAULT_UPDATE_SCHEMA, example: { providerB: { outage: '503' } }, responses: { 200: { description: 'The settings now in force', schema: ref('FaultSettings') } }, errors: [400, 401, 405, 413, 415] },
  { method: 'post', path: '/admin/disputes', operationId: 'openSimDispute', tag: 'Admin', security: ['admin'], summary: 'Open a dispute on a captured payment (reference: the charge id / pspReference, or the payment intent id); its webhook follows.', body: readOpenBody.schema, responses: { 201: { description: 'The charge and its dispute', schema: ref('SimDispute') } }, errors: [400, 401, 404, 405, 409, 413, 415] },
  { method: 'post', path: '/admin/disputes/:reference/resolve', operationId: 'resolveSimDispute', tag: 'Admin', security: ['admin'], summary: 'Resolve a dispute; its webhooks follow in the dialect of the processor.', body: readResolveBody.schema, responses: { 200: { description: 'The charge and its dispute', schema: ref('SimDispute') } }, errors: [400, 401, 404, 405, 409, 413, 415] },
  { method: 'get', path: '/admin/pix/:txid', operationId: 'retrieveSimPixCharge', tag: 'Admin', security: ['admin'], summary: 'A Pix charge by txid: its BR Code, its state (pending, paid, expired), its payment and devoluções.', responses: { 200: { description: 'The Pix charge', schema: ref('SimPixCharge') } }, errors: [401, 404, 405] },
  { method: 'post', path: '/admin/pix/:txid/pay', operationId: 'paySimPixCharge', tag: 'Admin', security: ['admin'], summary: "Pay a Pix charge as its payer's bank would; its webhook (charge.succeeded) follows. Paid already, or expired (unless the pix_late_confirmation fault is on): 409.", body: readPayBody.schema, example: {}, responses: { 200: { description: 'The paid Pix charge', schema: ref('SimPixCharge') } }, errors: [400, 401, 404, 405, 409, 413, 415] },
  { method: 'post', path: '/admin/settlements/:date', operationId: 'writeSettlementStatement', tag: 'Admin', security: ['admin'], summary: "Write the UTC day's bank settlement file now (settlement/settlement_YYYY-MM-DD.csv).", responses: { 201: { description: 'What was written', schema: ref('SettlementStatement') } }, errors: [400, 401, 405, 409, 413, 415] },
];

/** provider-sim's OpenAPI 3.1 document, served at GET /openapi.json. */
export function providerSimOpenApi(): Record<string, unknown> {
  return openApiDocument({
    title: 'PayRail provider-sim',
    description: 'Two simulated processors (providerA in the Stripe dialect, with Pix; providerB in the Adyen dialect) and the bank: charges and modifications for the gateway (X-Internal-Token), failure injection, disputes, Pix payments and settlement statements for people and tests (X-Admin-Token).',
    operations: OPERATIONS,
    schemas: SCHEMAS,
    securitySchemes: TOKEN_SECURITY_SCHEMES,
  });
}
