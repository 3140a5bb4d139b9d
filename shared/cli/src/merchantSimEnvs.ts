/** merchant-sim's receiver envs that get a merchant account of their own (local is the demo merchant's: demoEndpoint.ts). */
export const MERCHANT_SIM_ACCOUNT_ENVS = ['sandbox', 'staging'] as const;

type AccountEnv = (typeof MERCHANT_SIM_ACCOUNT_ENVS)[number];

/** The name of an env's merchant account at the gateway: how `npm start` finds it again. */
export const merchantSimAccountName = (env: AccountEnv): string => `merchant-sim ${env}`;

const CALL_TIMEOUT_MS = 5_000;

interface Args {
  gateway: string;
  merchantSim: string;
  adminToken: string;
  internalToken: string;
}

async function call(url: string, method: string, headers: Record<string, string>, body?: unknown): Promise<any> {
  const response = await fetch(url, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
  });
  if (!response.ok) throw new Error(`${method} ${new URL(url).pathname} answered ${response.status}`);
  return response.json();
}

/**
 * Gives merchant-sim's `sandbox` and `staging` receivers what `local` has under the demo merchant: a
 * merchant account of their own at the gateway (so an order placed for an env has its webhooks sent to
 * that env's endpoint only, as separate PSP accounts do), that account's API key pushed to merchant-sim
 * (`PUT /admin/api-keys/:env`), and a webhook endpoint at `/webhooks/:env` whose secret merchant-sim
 * verifies with. Done once: a later start finds the account by name and merchant-sim's key among its
 * keys (by prefix), and changes nothing; when merchant-sim lost the key, the account's key and the
 * endpoint's secret are rotated and pushed again. Returns what it did, per env.
 */
export async function registerMerchantSimEnvs(args: Args): Promise<string> {
  const admin = { 'x-admin-token': args.adminToken };
  const internal = { 'x-internal-token': args.internalToken };
  const done: string[] = [];
  for (const env of MERCHANT_SIM_ACCOUNT_ENVS) {
    const held = ((await call(`${args.merchantSim}/admin/api-keys`, 'GET', internal)) as { data: Record<string, { source: string; prefix: string | null }> }).data[env];
    const merchants = ((await call(`${args.gateway}/admin/merchants`, 'GET', admin)) as { data: Array<{ id: string; name: string; keys: Array<{ prefix: string; expires_at: string | null }> }> }).data;
    const account = merchants.find((merchant) => merchant.name === merchantSimAccountName(env));
    const live = (key: { expires_at: string | null }): boolean => key.expires_at === null || Date.parse(key.expires_at) > Date.now();
    if (account !== undefined && held?.source === 'env' && account.keys.some((key) => key.prefix === held.prefix && live(key))) {
      done.push(`${env} ${account.id} (already connected)`);
      continue;
    }
    const issued = (account === undefined
      ? await call(`${args.gateway}/admin/merchants`, 'POST', admin, { name: merchantSimAccountName(env) })
      : await call(`${args.gateway}/admin/merchants/${account.id}/rotate-key`, 'POST', admin, { grace_ms: 0 })) as { id: string; api_key: string };
    await call(`${args.merchantSim}/admin/api-keys/${env}`, 'PUT', internal, { api_key: issued.api_key });
    const merchant = { authorization: `Bearer ${issued.api_key}` };
    const url = `${args.merchantSim}/webhooks/${env}`;
    const endpoints = ((await call(`${args.gateway}/v1/webhook-endpoints?limit=100`, 'GET', merchant)) as { data: Array<{ id: string; url: string; status?: string }> }).data;
    const existing = endpoints.find((endpoint) => endpoint.url === url && endpoint.status !== 'deleted');
    const endpoint = (existing === undefined
      ? await call(`${args.gateway}/v1/webhook-endpoints`, 'POST', merchant, { url, enabled_events: ['*'], description: `merchant-sim (${env}), registered by npm start` })
      : await call(`${args.gateway}/v1/webhook-endpoints/${existing.id}/rotate-secret`, 'POST', merchant, { expires_in_ms: 0 })) as { id: string; secret: string };
    await call(`${args.merchantSim}/admin/secrets/${env}`, 'PUT', internal, { secrets: [endpoint.secret] });
    done.push(`${env} ${issued.id}, endpoint ${endpoint.id} (connected now)`);
  }
  return done.join('; ');
}
