import { PayrailError } from '@payrail/core';
import type { CardSummary, PaymentIntent, ProcessorName } from '@payrail/ledger';
import type { ProcessorClient } from './processorClient';

export interface RoutingDecision {
  processor: ProcessorName;
  reason: string;
}

/** The processors the gateway can call, and which one a payment goes to. */
export class Processors {
  constructor(private readonly clients: Readonly<Record<ProcessorName, ProcessorClient>>) {}

  get(name: ProcessorName): ProcessorClient {
    const client = this.clients[name];
    if (client === undefined) throw new PayrailError('upstream_unavailable', `No client for processor ${name}`);
    return client;
  }

  /** Picks the processor for a payment and says why (recorded on the payment). */
  choose(_intent: PaymentIntent, _card: CardSummary | null): RoutingDecision {
    return { processor: 'providerA', reason: 'default processor' };
  }
}
