/**
 * What the gateway's stack writes on timers, not because of the request a fuzz test just sent:
 * snapshots, breaker state, the dispatcher's checkpoint (ledger-service tails the ledger and
 * checkpoints after a delay), merchant-sim's views, and trace spans (exported in batches). The
 * hostile-input tests leave these files out of "a refused request writes nothing".
 */
export const GATEWAY_LATE_WRITES = /^(gateway\/(idempotency_keys|processed_events)\.json|providers\/provider[AB]_state\.json|merchant-sim\/(events|orders)\.json|outbox\/offsets\.json|traces\/spans(\.1)?\.jsonl)$/;
