import type { WebhookEnv } from '../webhooks/webhookEnvs';

/** The storefront's stream (beside `merchant-sim/deliveries`, under the same lock). */
export const ORDERS_STREAM = 'merchant-sim/orders';
export const ORDER_PLACED = 'merchant_sim.order_placed';
export const ORDER_PAYMENT_CREATED = 'merchant_sim.order_payment_created';
export const ORDER_CHECKOUT_UPDATED = 'merchant_sim.order_checkout_updated';

export type PaymentMethod = 'card' | 'pix';

export interface OrderItem {
  name: string;
  quantity: number;
  unit_amount: number;
}

export interface EscrowPayee {
  payee: string;
  role: 'seller' | 'platform_fee';
  amount: number;
}

/** The data of `merchant_sim.order_placed`: the order as placed. No card number, ever: the card is its token. */
export interface OrderPlaced {
  order_id: string;
  env: WebhookEnv;
  idempotency_key: string;
  request_hash: string;
  placed_at: string;
  amount: number;
  currency: string;
  items?: OrderItem[];
  description?: string;
  payment_method: PaymentMethod;
  card?: { token: string; brand: string; last4: string; exp_month?: number; exp_year?: number };
  escrow?: { payees: EscrowPayee[]; release_at?: number; refund_deadline?: number };
}

/** The data of `merchant_sim.order_payment_created`. */
export interface OrderPaymentCreated {
  order_id: string;
  payment_intent: string;
  escrow?: string;
  at: string;
}

/** How merchant-sim read one answer of the gateway: confirmed (200), declined (402), refused (another 4xx), unreachable (none, or a 5xx). */
export type CheckoutOutcome = 'confirmed' | 'declined' | 'refused' | 'unreachable';
export type CheckoutStep = 'create' | 'confirm';

export interface GatewayErrorSummary {
  type?: string;
  code?: string;
  message: string;
  param?: string;
  decline_code?: string;
}

export interface PixQrCode {
  data: string;
  txid?: string;
  expires_at: number;
}

/** The data of `merchant_sim.order_checkout_updated`. */
export interface OrderCheckoutUpdated {
  order_id: string;
  step: CheckoutStep;
  outcome: CheckoutOutcome;
  gateway_status?: number;
  error?: GatewayErrorSummary;
  next_action?: { type: string; pix_display_qr_code?: PixQrCode };
  at: string;
}
