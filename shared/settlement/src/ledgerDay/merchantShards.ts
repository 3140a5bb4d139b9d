import { shardOf } from '@payrail/ledger';

/**
 * `shardOf(merchant, count)` remembered per merchant: the hash costs more than routing the event it
 * is asked for, and a day's events name a few merchants many times. On an unsharded ledger, always 0.
 */
export function merchantShards(count: number): (merchant: string) => number {
  if (count === 1) return () => 0;
  const shards = new Map<string, number>();
  return (merchant) => {
    let shard = shards.get(merchant);
    if (shard === undefined) {
      shard = shardOf(merchant, count);
      shards.set(merchant, shard);
    }
    return shard;
  };
}
