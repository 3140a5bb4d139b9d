import { pickWeighted, sha256Hex, type IdSource, type SeededRandom } from '@payrail/core';

export { seededRandom, type SeededRandom } from '@payrail/core';

/** The largest seed: seeds are 32-bit unsigned integers. */
export const SEED_MAX = 4_294_967_295;

/** A number in [0, 1) fixed by the seed and the label alone: one draw, no stream to keep. */
export function seededFraction(seed: number, label: string): number {
  return Number.parseInt(sha256Hex(`${seed}:${label}`).slice(0, 8), 16) / 4_294_967_296;
}

/** An integer from `min` to `max`, both included. */
export const between = (random: SeededRandom, min: number, max: number): number => min + Math.floor(random() * (max - min + 1));

/** One element of a non-empty list. */
export function pick<T>(random: SeededRandom, list: readonly T[]): T {
  const item = list[Math.floor(random() * list.length)];
  if (item === undefined) throw new Error('pick: empty list');
  return item;
}

/** A key of `weights`, with probability proportional to its weight, drawn from `random`. */
export const drawWeighted = <K extends string>(random: SeededRandom, weights: Readonly<Partial<Record<K, number>>>): K => pickWeighted(weights, random());

/** A standard normal draw (Box-Muller). */
export function normal(random: SeededRandom): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * An IdSource for `createIdGenerator` whose clock is the simulation's and whose random bytes come from
 * the seed: ids replay byte for byte, and sort in simulated time.
 */
export function seededIdSource(random: SeededRandom, clock: () => number): IdSource {
  return { now: clock, fill: (bytes) => bytes.forEach((_, i) => (bytes[i] = Math.floor(random() * 256))) };
}
