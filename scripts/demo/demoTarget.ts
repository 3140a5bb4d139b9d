import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { COMMON_CONFIG, SERVICE_URL_CONFIG, loadConfig, loadDotEnv, serviceUrls } from '@payrail/service-kit';

/** The services a demo talks to, by the name `npm start` prints. */
export const DEMO_SERVICES = {
  'api-gateway': 'gateway',
  'provider-sim': 'providerSim',
  'ledger-service': 'ledger',
  'vault-service': 'vault',
  'merchant-sim': 'merchantSim',
} as const;

export type ServiceKey = (typeof DEMO_SERVICES)[keyof typeof DEMO_SERVICES];

/** Where the stack is and how to talk to it: from the environment over `.env`, as the services read it. */
export interface DemoTarget {
  root: string;
  urls: Record<ServiceKey, string>;
  /** The data folder, absolute. */
  dataDir: string;
  apiKey: string;
  internalToken: string;
  adminToken: string;
}

const DEMO_CONFIG = {
  ...COMMON_CONFIG,
  ...SERVICE_URL_CONFIG,
  ADMIN_TOKEN: { type: 'string', minLength: 16, secret: true, description: 'the X-Admin-Token of provider-sim and the gateway admin routes' },
  DEMO_MERCHANT_API_KEY: { type: 'string', minLength: 16, secret: true, description: 'the demo merchant key the scenarios pay with' },
} as const;

/** The repository root: the nearest folder above `from` whose package.json declares workspaces. */
export function findRepoRoot(from: string): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file) && (JSON.parse(readFileSync(file, 'utf8')) as { workspaces?: unknown }).workspaces !== undefined) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json with workspaces above ${from}`);
  }
}

/**
 * The stack the demo runs against: `GATEWAY_URL`, `VAULT_URL`, ... (or the ports) and `DATA_DIR`,
 * real environment variables winning over `<root>/.env`. A relative DATA_DIR is relative to the root,
 * as under `npm start`.
 */
export function demoTarget(root: string, env: NodeJS.ProcessEnv = process.env): DemoTarget {
  const config = loadConfig(DEMO_CONFIG, loadDotEnv(path.join(root, '.env'), env));
  return {
    root,
    urls: serviceUrls(config),
    dataDir: path.resolve(root, config.DATA_DIR),
    apiKey: config.DEMO_MERCHANT_API_KEY,
    internalToken: config.INTERNAL_TOKEN,
    adminToken: config.ADMIN_TOKEN,
  };
}
