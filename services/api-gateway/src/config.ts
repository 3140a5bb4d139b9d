import { COMMON_CONFIG, LEDGER_SHARDS_CONFIG, SERVICE_URL_CONFIG, loadConfig, type Config } from '@payrail/service-kit';

export const GATEWAY_CONFIG = {
  ...COMMON_CONFIG,
  ...SERVICE_URL_CONFIG,
  ...LEDGER_SHARDS_CONFIG,
  STRIPE_API_PORT: { type: 'integer', minimum: 0, maximum: 65535, default: 8085, description: "the port of the Stripe-compatible API at /v1 (also served under /stripe/v1 on GATEWAY_PORT); 0 turns the extra port off" },
  GATEWAY_WORKERS: { type: 'integer', minimum: 0, maximum: 64, default: 0, description: 'gateway processes sharing GATEWAY_PORT and STRIPE_API_PORT (Node cluster), each a journal writer on the data folder; 0 means one per core, at most 4; 1 runs the gateway in one process' },
  ADMIN_TOKEN: { type: 'string', minLength: 16, secret: true, description: 'the token admin routes expect in X-Admin-Token' },
  DEMO_MERCHANT_API_KEY: { type: 'string', pattern: '^sk_test_[A-Za-z0-9_]{16,}$', secret: true, description: 'the API key of the demo merchant created on first start' },
  API_KEY_PEPPER: { type: 'string', minLength: 16, secret: true, default: 'payrail-sandbox-api-key-pepper', description: 'the HMAC key API keys are hashed with before they are stored' },
  RATE_LIMIT_REQUESTS: { type: 'integer', minimum: 1, default: 100, description: 'requests a merchant may make per window' },
  RATE_LIMIT_WINDOW_MS: { type: 'duration_ms', minimum: 1000, default: 60_000, description: 'the rate-limit window' },
  DEMO_RATE_LIMIT_REQUESTS: { type: 'integer', minimum: 1, default: 100_000, description: 'requests the demo merchant may make per window' },
  AMOUNT_MAX: { type: 'integer', minimum: 1, maximum: 99_999_999_999, default: 99_999_999, description: 'the largest amount, in minor units, a payment may have' },
  IDEMPOTENCY_TTL_MS: { type: 'duration_ms', minimum: 1000, default: 86_400_000, description: 'how long an Idempotency-Key is remembered' },
  IDEMPOTENCY_WAIT_MS: { type: 'duration_ms', minimum: 100, default: 30_000, description: 'how long a request waits for the same key in flight before 409' },
  REFUND_APPROVAL_THRESHOLD: { type: 'integer', minimum: 0, default: 100_000, description: 'refunds above this amount (minor units) wait for approval' },
  API_KEYS_PER_MERCHANT_MAX: { type: 'integer', minimum: 1, maximum: 1_000, default: 20, description: 'the most API keys that work at once per merchant (POST /v1/merchants/me/api-keys past it is 409 api_key_limit_reached)' },
  KEY_ROTATION_GRACE_MS: { type: 'duration_ms', minimum: 0, default: 86_400_000, description: 'how long a rotated API key keeps working' },
  PROCESSOR_TIMEOUT_MS: { type: 'duration_ms', minimum: 100, default: 10_000, description: 'how long the gateway waits for a processor' },
  AUTHORIZE_ATTEMPTS_MAX: { type: 'integer', minimum: 1, maximum: 10, default: 3, description: 'the most processor attempts one confirmation makes: after an attempt the processor is known not to have acted on (refused, 503, or its books hold nothing after a timeout), the next goes to the next processor in routing order, back to the first after the last' },
  BODY_LIMIT: { type: 'string', default: '64kb', description: 'the largest request body accepted' },
  VELOCITY_MAX_PAYMENTS: { type: 'integer', minimum: 1, default: 10, description: 'more confirmations than this on one card within VELOCITY_WINDOW_MS are declined as fraudulent' },
  VELOCITY_WINDOW_MS: { type: 'duration_ms', minimum: 1000, default: 600_000, description: 'the window of the velocity rule' },
  ROUTING_FILE: { type: 'string', default: '', description: 'the routing rules (JSON); empty means DATA_DIR/gateway/routing.json, written with defaults on first start' },
  CANARY_EVALUATION_INTERVAL_MS: { type: 'duration_ms', minimum: 100, default: 5_000, description: "how often the routing canaries of routing.json are compared and stepped up or rolled back" },
  SLO_FILE: { type: 'string', default: '', description: 'the SLOs and their burn-rate alert policies (JSON); empty means DATA_DIR/gateway/slos.json, written with defaults on first start' },
  BREAKER_WINDOW_MS: { type: 'duration_ms', minimum: 1000, default: 30_000, description: 'the window over which a processor error rate is measured' },
  BREAKER_REQUESTS_MIN: { type: 'integer', minimum: 1, default: 5, description: 'calls needed in the window before a breaker may open' },
  BREAKER_ERROR_RATE_PCT: { type: 'integer', minimum: 1, maximum: 100, default: 50, description: 'the error rate (percent) that opens a breaker' },
  BREAKER_COOLDOWN_MS: { type: 'duration_ms', minimum: 100, default: 5_000, description: 'how long an open breaker waits before a half-open probe' },
  RESOLVER_INTERVAL_MS: { type: 'duration_ms', minimum: 100, default: 5_000, description: 'how often confirmations, captures, voids and refunds left without a result are resolved with the processor' },
  PIX_EXPIRES_AFTER_S: { type: 'integer', minimum: 1, maximum: 1_209_600, default: 3_600, description: "how long a confirmed Pix PaymentIntent's BR Code can be paid, in seconds (unpaid by then, it is reversed with reason expired)" },
  PIX_EXPIRY_INTERVAL_MS: { type: 'duration_ms', minimum: 50, default: 1_000, description: 'how often Pix PaymentIntents past their expiry are reversed' },
  ESCROW_INTERVAL_MS: { type: 'duration_ms', minimum: 50, default: 1_000, description: 'how often escrows are released at their release_at, refunded at their refund_deadline, and canceled when their payment failed' },
  ESCROW_REFUND_DEADLINE_MS: { type: 'duration_ms', minimum: 1_000, default: 2_592_000_000, description: "an escrow's refund_deadline when its creation names none (30 days)" },
  PROVIDER_A_WEBHOOK_SECRET: { type: 'string', minLength: 16, secret: true, description: 'the secret providerA signs its webhooks with (Stripe-Signature)' },
  PROVIDER_B_HMAC_KEY: { type: 'string', pattern: '^([0-9A-Fa-f]{2}){16,64}$', secret: true, description: 'the hex HMAC key providerB signs its notifications with' },
} as const;

export type GatewayConfig = Config<typeof GATEWAY_CONFIG>;

export const loadGatewayConfig = (env: NodeJS.ProcessEnv = process.env): GatewayConfig => loadConfig(GATEWAY_CONFIG, env);
