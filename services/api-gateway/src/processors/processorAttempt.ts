import type { ProcessorName } from '@payrail/core';
import { SpanKind, SpanStatusCode, context, markFailed, trace, tracer, type Context, type Span } from '@payrail/tracing';

/** How an attempt ended: the processor answered (authorized or declined), or it did not. */
export type AttemptOutcome = 'authorized' | 'declined' | 'no_answer' | 'error';

/**
 * One processor attempt of a confirmation as a span (`processor.attempt`), a child of the request's:
 * which processor, which attempt of the failover, why routing sent it there, and how it ended. The
 * calls made for it (the authorization, the inquiry after no answer) run inside it, so their HTTP
 * spans are its children.
 */
export class ProcessorAttempt {
  private readonly span: Span;
  private readonly inside: Context;
  private ended = false;

  constructor(attempt: { processor: ProcessorName; attempt: number; routing_reason: string; payment_intent: string }) {
    this.span = tracer().startSpan('processor.attempt', {
      kind: SpanKind.INTERNAL,
      attributes: { 'payrail.processor': attempt.processor, 'payrail.attempt': attempt.attempt, 'payrail.routing_reason': attempt.routing_reason, 'payrail.payment_intent': attempt.payment_intent },
    });
    this.inside = trace.setSpan(context.active(), this.span);
  }

  /** Runs a call of this attempt inside its span. */
  run<T>(work: () => Promise<T>): Promise<T> {
    return context.with(this.inside, work);
  }

  /** Ends the attempt with its outcome (no_answer: why, and what comes next: failover, retry or nothing). */
  end(outcome: AttemptOutcome, detail: { no_answer_reason?: string; next?: 'failover' | 'retry' | 'none'; error?: unknown } = {}): void {
    if (this.ended) return;
    this.ended = true;
    this.span.setAttribute('payrail.outcome', outcome);
    if (detail.no_answer_reason !== undefined) this.span.setAttribute('payrail.no_answer_reason', detail.no_answer_reason);
    if (detail.next !== undefined) this.span.setAttribute('payrail.next', detail.next);
    if (detail.error !== undefined) markFailed(this.span, detail.error);
    else if (outcome === 'no_answer') this.span.setStatus({ code: SpanStatusCode.ERROR, message: detail.no_answer_reason ?? 'no answer' });
    this.span.end();
  }
}
