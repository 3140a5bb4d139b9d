/** The demo merchant's webhook endpoint pointing at merchant-sim's `local` env, created once. */
export const DEMO_ENDPOINT_PATH = '/webhooks/local';

/**
 * Registers merchant-sim as a webhook endpoint of the demo merchant (only if no endpoint has its URL
 * yet), then hands the endpoint's secret to merchant-sim so it can verify signatures. Returns what it did.
 */
export async function registerDemoWebhookEndpoint(args: { gateway: string; merchantSim: string; apiKey: string; internalToken: string }): Promise<string> {
  const url = `${args.merchantSim}${DEMO_ENDPOINT_PATH}`;
  const auth = { authorization: `Bearer ${args.apiKey}`, 'content-type': 'application/json' };
  const list = await fetch(`${args.gateway}/v1/webhook-endpoints?limit=100`, { headers: auth, signal: AbortSignal.timeout(5_000) });
  if (!list.ok) throw new Error(`GET /v1/webhook-endpoints answered ${list.status}`);
  const existing = ((await list.json()) as { data?: Array<{ id: string; url: string; status?: string }> }).data?.find((e) => e.url === url && e.status !== 'deleted');
  if (existing !== undefined) return `${existing.id} (already registered)`;
  const created = await fetch(`${args.gateway}/v1/webhook-endpoints`, {
    method: 'POST',
    headers: { ...auth, 'idempotency-key': `demo-endpoint-${url}` },
    body: JSON.stringify({ url, enabled_events: ['*'], description: 'merchant-sim (local), registered by npm start' }),
    signal: AbortSignal.timeout(5_000),
  });
  if (!created.ok) throw new Error(`POST /v1/webhook-endpoints answered ${created.status}`);
  const endpoint = (await created.json()) as { id: string; secret: string };
  const handed = await fetch(`${args.merchantSim}/admin/secrets/local`, {
    method: 'PUT',
    headers: { 'x-internal-token': args.internalToken, 'content-type': 'application/json' },
    body: JSON.stringify({ secrets: [endpoint.secret] }),
    signal: AbortSignal.timeout(5_000),
  });
  if (!handed.ok) throw new Error(`merchant-sim refused the secret (${handed.status})`);
  return `${endpoint.id} (registered now)`;
}
