import { type ProcessorDeclineCode, type ProcessorName } from '@payrail/core';
import { mergeFaultUpdate, type FaultSettings, type MismatchKind, type ProcessorFaults } from './faultSettings';
import { pickWeighted, seededRandom, type SeededRandom } from '@payrail/core';

/** What the faults decided for one authorization. */
export interface AuthorizationFaults {
  decline: ProcessorDeclineCode | null;
  timeout: boolean;
}

type DrawKind = 'latency' | 'authorization' | 'operation' | 'webhook';

const hit = (draw: number, percent: number): boolean => draw * 100 < percent;

/**
 * The failure injection of both processors: the current settings and one seeded random stream per
 * processor and kind of decision. Every call of a kind draws the same count of numbers whatever the
 * settings, so a run with the same seed and the same sequence of requests replays identically.
 * Setting the seed (even to its current value) restarts every stream.
 */
export class FaultInjector {
  private current: FaultSettings;
  private streams = new Map<string, SeededRandom>();

  constructor(initial: FaultSettings) {
    this.current = initial;
  }

  settings(): FaultSettings {
    return structuredClone(this.current);
  }

  /** Merges a partial update (validated; a 400 PayrailError names the bad parameter) and returns the result. */
  update(body: unknown): FaultSettings {
    this.current = mergeFaultUpdate(this.current, body);
    if (typeof body === 'object' && body !== null && 'seed' in body) this.streams.clear();
    return this.settings();
  }

  of(processor: ProcessorName): Readonly<ProcessorFaults> {
    return this.current[processor];
  }

  /** The delay to add to one processor call. One draw. */
  latency_ms(processor: ProcessorName): number {
    const faults = this.of(processor);
    return faults.latency_ms + Math.floor(this.draw(processor, 'latency') * (faults.latency_jitter_ms + 1));
  }

  /** Whether an authorization that would succeed is declined (and why) or times out. Three draws. */
  authorization(processor: ProcessorName): AuthorizationFaults {
    const faults = this.of(processor);
    const declineDraw = this.draw(processor, 'authorization');
    const reasonDraw = this.draw(processor, 'authorization');
    const timeoutDraw = this.draw(processor, 'authorization');
    const decline = hit(declineDraw, faults.decline_percent) ? pickWeighted(faults.decline_mix, reasonDraw) : null;
    return { decline, timeout: decline === null && hit(timeoutDraw, faults.timeout_percent) };
  }

  /** Whether a capture, void or refund times out. One draw. */
  operationTimesOut(processor: ProcessorName): boolean {
    return hit(this.draw(processor, 'operation'), this.of(processor).timeout_percent);
  }

  /** How many times a new webhook is delivered: 2 when the duplicate fault hits. One draw. */
  webhookDeliveries(processor: ProcessorName): 1 | 2 {
    return hit(this.draw(processor, 'webhook'), this.of(processor).duplicate_webhook_percent) ? 2 : 1;
  }

  /**
   * A decider for the rows of one day's settlement file, with its own stream per date: writing the
   * same day again with the same seed and books gives the same file. Two draws per row.
   */
  settlementMismatches(date: string): (processor: ProcessorName) => MismatchKind | null {
    const random = seededRandom(this.current.seed, `settlement:${date}`);
    const settings = this.settings();
    return (processor) => {
      const faults = settings[processor];
      const kindDraw = random();
      return hit(random(), faults.settlement_mismatch_percent) ? pickWeighted(faults.settlement_mismatch_mix, kindDraw) : null;
    };
  }

  /** A random source for fabricated settlement rows of `date` (extra rows), stable per seed. */
  settlementFabrication(date: string): SeededRandom {
    return seededRandom(this.current.seed, `settlement-extra:${date}`);
  }

  private draw(processor: ProcessorName, kind: DrawKind): number {
    const key = `${processor}:${kind}`;
    let stream = this.streams.get(key);
    if (stream === undefined) {
      stream = seededRandom(this.current.seed, key);
      this.streams.set(key, stream);
    }
    return stream();
  }
}
