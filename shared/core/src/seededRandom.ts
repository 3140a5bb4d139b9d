import { assert } from './errors';
import { sha256Hex } from './hmac';

/** A source of numbers in [0, 1) that replays identically for the same seed and label. */
export type SeededRandom = () => number;

/**
 * mulberry32: a 32-bit PRNG, small and fast, with a full 2^32 period; plenty for faults and synthetic
 * traffic.
 * Each (seed, label) pair gets its own stream, seeded from sha256(`seed:label`), so the draws of one
 * fault (or customer, or hour of traffic) never shift the draws of another.
 */
export function seededRandom(seed: number, label: string): SeededRandom {
  let state = Number.parseInt(sha256Hex(`${seed}:${label}`).slice(0, 8), 16) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Picks a key of `weights` with probability proportional to its weight, using one draw. */
export function pickWeighted<K extends string>(weights: Partial<Record<K, number>>, draw: number): K {
  const entries = (Object.entries(weights) as Array<[K, number | undefined]>).filter(([, weight]) => (weight ?? 0) > 0);
  const total = entries.reduce((sum, [, weight]) => sum + (weight ?? 0), 0);
  let point = draw * total;
  for (const [key, weight] of entries) {
    point -= weight ?? 0;
    if (point < 0) return key;
  }
  const last = entries.at(-1);
  assert(last !== undefined, 'pickWeighted needs a weight above 0');
  return last[0]; // only when rounding leaves the point at the very top
}
