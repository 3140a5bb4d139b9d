import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { freePort, makeTempDataDir, startService, testEnv, type RunningService } from '@payrail/testing';
import { REDOC_BUNDLE_FILE, REDOC_BUNDLE_PATH } from './redoc';

// Issue 17: /readiness beside /ready on every service (real processes), and ReDoc at /redoc on the gateway,
// served from the redoc package under its own Content-Security-Policy and rendered in a real Chromium.

jest.setTimeout(120_000);

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SERVICES = [['vault-service', 'VAULT'], ['provider-sim', 'PROVIDER_SIM'], ['ledger-service', 'LEDGER'], ['merchant-sim', 'MERCHANT_SIM'], ['api-gateway', 'GATEWAY']] as const;

describe('operations routes: /readiness on every service, ReDoc on the gateway', () => {
  let cleanup: () => void;
  const running = new Map<string, RunningService>();
  let stripePort: number;

  beforeAll(async () => {
    let dir: string;
    ({ dir, cleanup } = makeTempDataDir('operations-routes'));
    const ports = Object.fromEntries(await Promise.all(SERVICES.map(async ([, prefix]) => [prefix, await freePort()] as const)));
    stripePort = await freePort();
    const env = testEnv(dir, {
      ...Object.fromEntries(SERVICES.flatMap(([, prefix]) => [[`${prefix}_PORT`, String(ports[prefix])], [`${prefix}_URL`, `http://127.0.0.1:${ports[prefix]}`]])),
      STRIPE_API_PORT: String(stripePort),
    });
    for (const [name, prefix] of SERVICES) running.set(name, await startService(name, `${prefix}_PORT`, env));
  }, 90_000);
  afterAll(async () => {
    await Promise.all([...running.values()].map((service) => service.stop()));
    cleanup?.();
  });

  it('every service answers GET /readiness as it answers GET /ready (the gateway on both its ports)', async () => {
    const bases = [...[...running].map(([name, service]) => [name, service.url]), ['api-gateway (Stripe port)', `http://127.0.0.1:${stripePort}`]];
    for (const [name, base] of bases) {
      const ready = await fetch(`${base}/ready`);
      const readiness = await fetch(`${base}/readiness`);
      const [readyBody, readinessBody] = [await ready.json(), (await readiness.json()) as { status: string }];
      expect({ name, status: readiness.status, body: readinessBody }).toEqual({ name, status: ready.status, body: readyBody });
      expect({ name, status: readiness.status, ready: readinessBody.status }).toEqual({ name, status: 200, ready: 'ready' });
      const documented = (await (await fetch(`${base}/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
      expect({ name, documented: documented.paths['/readiness']?.['get'] !== undefined }).toEqual({ name, documented: true });
    }
  });

  it('serves the ReDoc page, which loads only the bundle and /openapi.json from this origin, under a strict CSP', async () => {
    const gateway = running.get('api-gateway') as RunningService;
    const page = await fetch(`${gateway.url}/redoc`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = page.headers.get('content-security-policy') ?? '';
    for (const directive of ["default-src 'none'", "script-src 'self'", "connect-src 'self'", 'worker-src blob:', "frame-ancestors 'none'"]) expect(csp).toContain(directive);
    expect(csp).not.toMatch(/https?:/);
    const html = await page.text();
    expect(html).toContain('<redoc spec-url="/openapi.json"></redoc>');
    expect(html).toContain(`<script src="${REDOC_BUNDLE_PATH}"></script>`);
    expect(html).not.toMatch(/https?:\/\//);

    const bundle = await fetch(`${gateway.url}${REDOC_BUNDLE_PATH}`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toMatch(/^text\/javascript/);
    const bytes = Buffer.from(await bundle.arrayBuffer());
    expect(bytes.length).toBeGreaterThan(500_000);
    const sha256 = (buffer: Buffer): string => createHash('sha256').update(buffer).digest('hex');
    expect(sha256(bytes)).toBe(sha256(readFileSync(REDOC_BUNDLE_FILE)));
    expect((await fetch(`${gateway.url}/redoc`, { method: 'POST' })).status).toBe(405);
  });

  it('renders the gateway document in Chromium under that CSP: every operation, the search, no script error, nothing fetched from elsewhere', async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH.`);
    const gateway = running.get('api-gateway') as RunningService;
    let browser: Browser | undefined;
    try {
      browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 30_000 });
      const page = await browser.newPage();
      const problems: string[] = [];
      const origins = new Set<string>();
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        // The footer's logo is the one thing ReDoc fetches from elsewhere: the CSP blocks it and ReDoc hides it.
        if (message.type() === 'error' && !message.text().includes('cdn.redoc.ly/redoc/logo-mini.svg')) problems.push(`console: ${message.text()}`);
      });
      page.on('response', (response) => origins.add(new URL(response.url()).origin));
      await page.goto(`${gateway.url}/redoc`);
      await page.locator('h1', { hasText: 'PayRail API' }).first().waitFor({ timeout: 90_000 });
      const document = (await (await fetch(`${gateway.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
      const operations = Object.values(document.paths).reduce((sum, ops) => sum + Object.keys(ops).length, 0);
      expect(await page.locator('[data-section-id^="tag/"][data-section-id*="/operation/"]').count()).toBe(operations);
      await page.locator('input[placeholder="Search..."]').fill('api key');
      await page.locator('[data-role="search:results"] li').first().waitFor({ timeout: 30_000 });
      expect(problems).toEqual([]);
      expect([...origins]).toEqual([gateway.url]);
    } finally {
      await browser?.close();
    }
  });
});
