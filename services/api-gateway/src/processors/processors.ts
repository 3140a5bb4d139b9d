import { PayrailError, type ProcessorName } from '@payrail/core';
import type { CardSummary, PaymentIntent } from '@payrail/ledger';
import * as path from 'node:path';
import type { GatewayConfig } from '../config';
import { BREAKER_DEFAULTS, CircuitBreakers, type ProviderHealth } from '../routing/circuitBreakers';
import { Canaries, type CanaryResults, type Ranked } from '../routing/canary';
import { loadRoutingConfig, rankProcessors, type RoutingConfig } from '../routing/routingRules';
import type { JournalLogger } from '@payrail/journal';
import { ProviderAClient } from './providerA';
import { ProviderBClient } from './providerB';
import { NoAnswerError } from './http';
import type { ProcessorClient } from './processorClient';

/**
 * The processors the gateway can call: which one a payment goes to (routing rules, cost, health), and
 * every call made through a circuit breaker that counts calls without an answer as failures.
 */
export class Processors {
  constructor(
    private readonly clients: Readonly<Record<ProcessorName, ProcessorClient>>,
    private readonly routing: RoutingConfig,
    readonly breakers: CircuitBreakers,
    private readonly onCall: (provider: ProcessorName, answered: boolean) => void = () => {},
    readonly canaries: Canaries | null = null,
  ) {}

  get(name: ProcessorName): ProcessorClient {
    const client = this.clients[name];
    if (client === undefined) throw new PayrailError('upstream_unavailable', `No client for processor ${name}`);
    return client;
  }

  /**
   * The processors to try for a payment, in order, and the reason (recorded on the payment); a canary
   * that matches it may put its candidate first, and says which arm the payment fell in.
   */
  rank(intent: PaymentIntent, card: CardSummary | null): Ranked {
    const country = card?.country ?? (typeof intent.customer?.['country'] === 'string' ? intent.customer['country'] : null);
    const input = { amount: intent.amount, currency: intent.currency, card_country: country, card_brand: card?.brand ?? null };
    const customer = intent.customer?.['id'] ?? intent.customer?.['email'];
    const canary = this.canaries?.rank(input, { card_fingerprint: card?.fingerprint ?? null, customer: typeof customer === 'string' ? customer : null, payment: intent.id }) ?? null;
    return canary ?? rankProcessors(this.routing, input);
  }

  /** Whether the breaker lets a call to `name` go out now (half-open: one probe at a time). */
  allow(name: ProcessorName): boolean {
    return this.breakers.allow(name);
  }

  /** Runs one call to a processor and records its outcome: no answer is a failure, any answer a success. */
  async call<T>(name: ProcessorName, work: (client: ProcessorClient) => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      const result = await work(this.get(name));
      this.breakers.record(name, true, performance.now() - started);
      this.onCall(name, true);
      return result;
    } catch (error) {
      if (error instanceof NoAnswerError) {
        this.breakers.record(name, false, performance.now() - started, error.message);
        this.onCall(name, false);
      }
      throw error;
    }
  }

  /** The fee of a processor's balance transaction, or null when it has none or cannot say in time. */
  async balanceTransactionFee(name: ProcessorName, id: string, correlationId: string): Promise<number | null> {
    const client = this.get(name);
    return client.balanceTransactionFee === undefined ? null : client.balanceTransactionFee(id, correlationId);
  }

  health(): ProviderHealth[] {
    return this.breakers.health();
  }
}

/** The processors as configured: HTTP clients to provider-sim, the routing file, shared circuit breakers (started). */
export async function openProcessors(config: GatewayConfig, dataDir: string, providerSimUrl: string, onCall?: (provider: ProcessorName, answered: boolean) => void, canary?: { results: CanaryResults; logger: JournalLogger }): Promise<Processors> {
  const routing = await loadRoutingConfig(config.ROUTING_FILE === '' ? path.join(dataDir, 'gateway', 'routing.json') : config.ROUTING_FILE);
  const breakers = new CircuitBreakers(dataDir, {
    ...BREAKER_DEFAULTS,
    window_ms: config.BREAKER_WINDOW_MS,
    requests_min: config.BREAKER_REQUESTS_MIN,
    error_rate_max: config.BREAKER_ERROR_RATE_PCT / 100,
    cooldown_ms: config.BREAKER_COOLDOWN_MS,
  });
  await breakers.start();
  const canaries = canary === undefined ? null : new Canaries(routing, canary.results, { dataDir, logger: canary.logger, interval_ms: config.CANARY_EVALUATION_INTERVAL_MS });
  await canaries?.start();
  return new Processors(
    {
      providerA: new ProviderAClient(providerSimUrl, config.INTERNAL_TOKEN, config.PROCESSOR_TIMEOUT_MS),
      providerB: new ProviderBClient(providerSimUrl, config.INTERNAL_TOKEN, config.PROCESSOR_TIMEOUT_MS),
    },
    routing,
    breakers,
    onCall,
    canaries,
  );
}
