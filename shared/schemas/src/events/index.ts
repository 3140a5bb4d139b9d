import type { JsonSchema } from '../jsonSchema';
import { CUSTOMER_EVENT_SCHEMAS, GATEWAY_EVENT_SCHEMAS, PROVIDER_WEBHOOK_EVENT_SCHEMAS } from './gateway';
import { ESCROW_EVENT_SCHEMAS } from './escrows';
import { JOURNAL_EVENT_SCHEMAS } from './journal';
import { METRICS_EVENT_SCHEMAS } from './metrics';
import { MERCHANT_SIM_EVENT_SCHEMAS } from './merchantSim';
import { OPS_EVENT_SCHEMAS } from './ops';
import { OUTBOX_EVENT_SCHEMAS } from './outbox';
import { PAYMENT_EVENT_SCHEMAS } from './payments';
import { PROVIDER_SIM_EVENT_SCHEMAS } from './providerSim';
import { VAULT_EVENT_SCHEMAS } from './vault';
import { WEBHOOK_EVENT_SCHEMAS } from './webhooks';

/** The data schema of every event type any stream may hold, by type. One catalogue, compiled once. */
export const EVENT_DATA_SCHEMAS: Readonly<Record<string, JsonSchema>> = Object.freeze({
  ...JOURNAL_EVENT_SCHEMAS,
  ...METRICS_EVENT_SCHEMAS,
  ...MERCHANT_SIM_EVENT_SCHEMAS,
  ...PAYMENT_EVENT_SCHEMAS,
  ...ESCROW_EVENT_SCHEMAS,
  ...GATEWAY_EVENT_SCHEMAS,
  ...CUSTOMER_EVENT_SCHEMAS,
  ...PROVIDER_WEBHOOK_EVENT_SCHEMAS,
  ...VAULT_EVENT_SCHEMAS,
  ...PROVIDER_SIM_EVENT_SCHEMAS,
  ...WEBHOOK_EVENT_SCHEMAS,
  ...OUTBOX_EVENT_SCHEMAS,
  ...OPS_EVENT_SCHEMAS,
});
