import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { findPans } from '@payrail/core';
import { REPO_ROOT, freePort, makeTempDataDir, startService, testEnv, type RunningService } from '@payrail/testing';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { pdfPageTexts } from './pdfPageTexts';

// Given a whole PayRail stack (vault, provider-sim, ledger-service, merchant-sim, gateway) on a
// temporary data folder, when a merchant works in the console in a real Chromium, then each page
// shows what the ledger holds, every action takes effect, and no page logs a console error.

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const OUTPUT_DIR = path.join(REPO_ROOT, 'test-output', 'console');
/** Flags from this workplace's notes: headless, no sandbox (containers), nothing phoning home. */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const STEP_TIMEOUT_MS = 15_000;

interface Answer {
  status: number;
  body: any;
}

class ConsoleStack {
  services: RunningService[] = [];
  gateway!: RunningService;
  merchantSim!: RunningService;
  vault!: RunningService;
  providerSim!: RunningService;

  private constructor(readonly env: NodeJS.ProcessEnv, readonly cleanup: () => void) {}

  static async start(): Promise<ConsoleStack> {
    const { dir, cleanup } = makeTempDataDir('console');
    const [gateway, sim, ledger, vault, merchant] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
    const env = testEnv(dir, {
      GATEWAY_PORT: String(gateway), PROVIDER_SIM_PORT: String(sim), LEDGER_PORT: String(ledger), VAULT_PORT: String(vault), MERCHANT_SIM_PORT: String(merchant),
      // Quick webhooks both ways, so failures dead-letter and disputes open within the test.
      PROVIDER_WEBHOOK_RETRY_SCHEDULE_MS: '100,200,400,800,1600', PROVIDER_DISPUTE_DELAY_MS: '300',
      WEBHOOK_RETRY_SCHEDULE: '0,100ms,200ms', WEBHOOK_JITTER_PCT: '0', WEBHOOK_TIMEOUT_MS: '2000', TAIL_POLL_MS: '50',
      // Refunds above 50.00 wait for approval; two failed calls open a breaker, which then stays open.
      REFUND_APPROVAL_THRESHOLD: '5000', BREAKER_REQUESTS_MIN: '2', BREAKER_COOLDOWN_MS: '60000', VELOCITY_MAX_PAYMENTS: '1000',
    });
    const stack = new ConsoleStack(env, cleanup);
    try {
      [stack.vault, stack.providerSim] = await Promise.all([startService('vault-service', 'VAULT_PORT', env), startService('provider-sim', 'PROVIDER_SIM_PORT', env)]);
      stack.services.push(stack.vault, stack.providerSim);
      const [ledgerService, merchantSim, gatewayService] = await Promise.all([
        startService('ledger-service', 'LEDGER_PORT', env),
        startService('merchant-sim', 'MERCHANT_SIM_PORT', env),
        startService('api-gateway', 'GATEWAY_PORT', env),
      ]);
      stack.services.push(ledgerService, merchantSim, gatewayService);
      [stack.merchantSim, stack.gateway] = [merchantSim, gatewayService];
    } catch (error) {
      await stack.close();
      throw error;
    }
    return stack;
  }

  get key(): string {
    return this.env['DEMO_MERCHANT_API_KEY'] as string;
  }

  api(method: string, route: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    return call(`${this.gateway.url}${route}`, method, body, { authorization: `Bearer ${this.key}`, 'idempotency-key': randomUUID(), ...headers });
  }

  internal(url: string, method: string, body?: unknown): Promise<Answer> {
    return call(url, method, body, { 'x-internal-token': this.env['INTERNAL_TOKEN'] as string, 'x-admin-token': this.env['ADMIN_TOKEN'] as string });
  }

  /** What a merchant's server does: tokenize at the vault, create, confirm. */
  async pay(pan: string, amount: number, extra: Record<string, unknown> = {}): Promise<any> {
    const token = await this.internal(`${this.vault.url}/tokens`, 'POST', { pan, exp_month: 12, exp_year: new Date().getUTCFullYear() + 2, cvv: '123' });
    expect(token.status).toBe(201);
    const created = await this.api('POST', '/v1/payment-intents', { amount, currency: 'usd', payment_method: token.body.token, ...extra });
    expect(created.status).toBe(200);
    const confirmed = await this.api('POST', `/v1/payment-intents/${created.body.id}/confirm`, {});
    expect([200, 402]).toContain(confirmed.status);
    return (await this.api('GET', `/v1/payment-intents/${created.body.id}`)).body;
  }

  /** merchant-sim's `local` receiver as the merchant's endpoint, with its secret (what `npm start` does). */
  async registerEndpoint(): Promise<void> {
    const created = await this.api('POST', '/v1/webhook-endpoints', { url: `${this.merchantSim.url}/webhooks/local`, enabled_events: ['*'] });
    expect(created.status).toBe(200);
    expect((await this.internal(`${this.merchantSim.url}/admin/secrets/local`, 'PUT', { secrets: [created.body.secret] })).status).toBe(200);
  }

  async simMode(mode: 'normal' | 'offline'): Promise<void> {
    expect((await this.internal(`${this.merchantSim.url}/admin/modes/local`, 'PUT', { mode })).status).toBe(200);
  }

  async close(): Promise<void> {
    await Promise.all(this.services.map((s) => s.stop()));
    this.cleanup();
  }
}

async function call(url: string, method: string, body: unknown, headers: Record<string, string>): Promise<Answer> {
  const response = await fetch(url, { method, headers: { 'content-type': 'application/json', ...headers }, ...(body === undefined ? {} : { body: JSON.stringify(body) }), signal: AbortSignal.timeout(20_000) });
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : JSON.parse(text) };
}

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeout_ms = STEP_TIMEOUT_MS): Promise<T> {
  const deadline = Date.now() + timeout_ms;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout_ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the merchant console in Chromium', () => {
  let stack: ConsoleStack;
  let context: BrowserContext;
  let page: Page;
  let userDataDir: string;
  const consoleErrors: string[] = [];
  const seen = { paid: '' as string, refundable: '' as string, disputed: '' as string, deadEvent: '' as string };

  const shot = async (name: string): Promise<void> => {
    await page.screenshot({ path: path.join(OUTPUT_DIR, `${name}.png`), fullPage: true });
  };
  const go = async (hash: string): Promise<void> => {
    await page.goto(`${stack.gateway.url}/console/#/${hash}`);
    await page.locator('main').waitFor();
  };
  /** No page may show a card number, a signing secret or a stack trace. */
  const expectNothingSecret = async (): Promise<void> => {
    const shown = await page.locator('body').innerText();
    expect(findPans(shown)).toEqual([]);
    expect(shown).not.toMatch(/whsec_[A-Za-z0-9+/=]{20,}/);
    expect(shown).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
    expect(shown).not.toContain(stack.key);
  };

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH.`);
    rmSync(OUTPUT_DIR, { recursive: true, force: true });
    mkdirSync(OUTPUT_DIR, { recursive: true });
    stack = await ConsoleStack.start();
    const served = await fetch(`${stack.gateway.url}/console/`);
    if (served.status !== 200) throw new Error(`GET /console/ answered ${served.status}: mount consoleRoutes() in the gateway's app.ts and build the console (tsc -b).`);
    await stack.registerEndpoint();
    // The bank will pay providerB's captures one minor unit short: every one of them mismatches.
    expect((await stack.internal(`${stack.providerSim.url}/admin/faults`, 'PUT', { providerB: { settlement_mismatch_percent: 100, settlement_mismatch_mix: { amount_off_by_one: 1 } } })).status).toBe(200);

    const paid = await stack.pay('4242424242424242', 2_500, { customer: { email: 'ada@example.com' }, metadata: { order_id: 'ord_1001' } });
    const refundable = await stack.pay('5555555555554444', 20_000, { customer: { email: 'grace@example.com' } });
    const disputed = await stack.pay('4000000000000259', 3_000, { customer: { email: 'linus@example.com' } });
    const declined = await stack.pay('4000000000000002', 1_200, { customer: { email: 'eve@example.com' } });
    expect([paid.status, refundable.status, disputed.status, declined.status]).toEqual(['captured', 'captured', 'captured', 'declined']);
    Object.assign(seen, { paid: paid.id, refundable: refundable.id, disputed: disputed.id });

    // A payment whose webhook finds the merchant offline: three attempts, then the dead-letter queue.
    await stack.simMode('offline');
    const lost = await stack.api('POST', '/v1/payment-intents', { amount: 990, currency: 'usd', customer: { email: 'offline@example.com' } });
    expect(lost.status).toBe(200);
    seen.deadEvent = (await stack.api('GET', `/v1/events?payment_intent=${lost.body.id}`)).body.data[0].id;
    await until('the delivery to be dead-lettered', async () =>
      (await stack.api('GET', '/v1/console/dead-letters')).body.data.some((d: { event_id: string }) => d.event_id === seen.deadEvent));
    await stack.simMode('normal');
    await until('the dispute to open', async () => (await stack.api('GET', `/v1/payment-intents/${seen.disputed}`)).body.dispute);

    userDataDir = mkdtempSync(path.join(tmpdir(), 'payrail-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`${page.url()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => consoleErrors.push(`${page.url()}: ${error.message}`));
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    if (userDataDir !== undefined) rmSync(userDataDir, { recursive: true, force: true });
    await stack?.close();
  });

  afterEach(() => {
    const logged = consoleErrors.splice(0);
    expect(logged).toEqual([]);
  });

  test('signs in with the key and the admin token, and shows the overview', async () => {
    await page.goto(`${stack.gateway.url}/console/`);
    await page.getByLabel('Merchant API key').fill(stack.key);
    await page.getByLabel('Admin token (optional)').fill(stack.env['ADMIN_TOKEN'] as string);
    await page.getByRole('button', { name: 'Open console' }).click();
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    await page.getByText('Payments today by status').first().waitFor();
    expect(await page.locator('.card-value').first().innerText()).toBe('5');
    await shot('overview');
  });

  test('searches a payment by email and opens it: timeline with the hash-chain check, card as BIN and last 4', async () => {
    await go('payments');
    await page.getByLabel('Customer email').fill('ada@example.com');
    await page.getByRole('button', { name: 'Search' }).click();
    const row = page.locator('tbody tr');
    await row.first().waitFor();
    expect(await row.count()).toBe(1);
    expect(await row.first().innerText()).toContain('424242••4242');
    await shot('payments');
    await page.getByRole('link', { name: seen.paid }).click();
    await page.getByText('Hash chain verified').waitFor();
    expect(await page.locator('.timeline-item').count()).toBeGreaterThanOrEqual(3);
    const summary = await page.locator('.panel').first().innerText();
    expect(summary).toContain('providerB');
    expect(summary).toContain('order_id=ord_1001');
    await expectNothingSecret();
    await shot('payment');
  });

  test('refunds part of a payment and approves it from the queue with the approver’s name', async () => {
    await go(`payments/${seen.refundable}`);
    await page.getByLabel('Amount (USD)').fill('150.00');
    await page.getByRole('button', { name: 'Refund', exact: true }).click();
    await page.getByText('waits for approval').waitFor();
    await go('refunds');
    const pending = page.locator('tr[data-refund]');
    await pending.first().waitFor();
    await page.getByLabel('Approver name').fill('Margaret Hamilton');
    await shot('refunds');
    await pending.first().getByRole('button', { name: /^Approve/ }).click();
    await page.getByText('No refund waits for approval.').waitFor();
    await page.getByRole('cell', { name: 'Margaret Hamilton' }).first().waitFor();
    const refund = await stack.api('GET', `/v1/refunds?payment_intent=${seen.refundable}`);
    expect(refund.body.data[0]).toMatchObject({ amount: 15_000, approver: 'Margaret Hamilton' });
    expect(['approved', 'succeeded']).toContain(refund.body.data[0].status);
  });

  test('submits dispute evidence with a file name; the dispute goes under review', async () => {
    await go('disputes');
    await page.locator('tbody tr a[href^="#/disputes/"]').first().click();
    await page.getByLabel('What happened').fill('The parcel was delivered and signed for on the 3rd.');
    await page.getByLabel('File name', { exact: true }).fill('delivery-proof.pdf');
    await page.getByRole('button', { name: 'Submit evidence' }).click();
    await page.getByText('under_review').first().waitFor();
    await page.getByText('delivery-proof.pdf').waitFor();
    await shot('dispute');
  });

  test('opens a dead-lettered event in the drawer and retries it: delivered, SIG OK', async () => {
    await go('webhooks');
    await page.getByRole('table', { name: 'Dead-letter queue' }).getByText('payment_intent.created').first().waitFor();
    await shot('webhooks');
    await go('events');
    await page.locator('.event-row').first().waitFor();
    await page.locator('.event-row .badge', { hasText: 'SIG OK' }).first().waitFor();
    await shot('events');
    await page.locator(`[data-event="${seen.deadEvent}"] a.event-open`).click();
    const drawer = page.getByRole('dialog');
    await drawer.getByText('dead_lettered').first().waitFor();
    await drawer.getByText('webhook-signature').waitFor();
    await drawer.getByRole('button', { name: 'Retry delivery now' }).click();
    await drawer.getByText(/Attempt \d+ to .*: 200 \(delivered\)/).waitFor();
    await drawer.locator('.badge', { hasText: 'manual' }).first().waitFor();
    await drawer.locator('.badge', { hasText: 'SIG OK' }).first().waitFor();
    await expectNothingSecret();
    await shot('event-drawer');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
  });

  test('switches providerB off: the health board shows its breaker open while payments fail over', async () => {
    await go('processors');
    const board = page.locator('[data-processor="providerB"]');
    await board.waitFor();
    expect(await board.innerText()).toContain('closed');
    const faults = page.locator('form[data-faults="providerB"]');
    await faults.getByLabel('Outage').selectOption('503');
    await faults.getByRole('button', { name: 'Apply to providerB' }).click();
    await faults.getByText('outage 503').first().waitFor();
    // Payments keep working (failover to providerA) until providerB's error rate opens its breaker.
    await until("providerB's breaker to open", async () => {
      expect((await stack.pay('4242424242424242', 1_000)).processor).toBe('providerA');
      const health = await stack.api('GET', '/v1/providers/health');
      return health.body.data.some((p: { provider: string; breaker: string }) => p.provider === 'providerB' && p.breaker === 'open');
    }, 30_000);
    await page.locator('[data-processor="providerB"].health-open').waitFor();
    expect(await board.innerText()).toContain('open');
    await shot('processors');
    await faults.getByLabel('Outage').selectOption('none');
    await faults.getByRole('button', { name: 'Apply to providerB' }).click();
    await faults.getByText('up', { exact: true }).waitFor();
  });

  test('runs the bank statement, settlement and reconciliation of today, then opens the report with its mismatches', async () => {
    const today = new Date().toISOString().slice(0, 10);
    await go('settlements');
    await page.getByRole('button', { name: 'Run all three' }).click();
    await page.locator('[data-step="reconciliation"] .badge', { hasText: 'done' }).waitFor({ timeout: 60_000 });
    expect(await page.locator('.step .badge', { hasText: 'failed' }).count()).toBe(0);
    await page.getByRole('link', { name: today }).first().waitFor();
    await shot('settlements');
    await page.getByRole('link', { name: today }).first().click();
    await page.getByRole('heading', { name: 'Reconciliation report' }).waitFor();
    const mismatch = page.locator('tr.mismatch-row');
    await mismatch.first().waitFor();
    expect(await mismatch.first().innerText()).toContain('amount mismatch');
    await shot('reconciliation');
    await mismatch.first().getByRole('link').click();
    await page.getByText('Reconciliation').first().waitFor();
  });

  test('downloads the audit PDF of a payment: a readable report with the payment id and the chain result', async () => {
    await go(`payments/${seen.paid}`);
    await page.getByText('Hash chain verified').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Audit report (PDF)' }).click()]);
    const file = path.join(OUTPUT_DIR, download.suggestedFilename());
    await download.saveAs(file);
    const pdf = readFileSync(file);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const pages = pdfPageTexts(pdf);
    expect(pages.length).toBeGreaterThanOrEqual(1);
    expect(pages.some((text) => text.includes(seen.paid))).toBe(true);
    expect(pages.join('\n')).toContain('Hash chain verified');
    expect(findPans(pages.join('\n'))).toEqual([]);

    await go('audit');
    await page.getByLabel('Payment id').fill(seen.paid);
    const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download JSON' }).click()]);
    const exported = JSON.parse(readFileSync(await json.path(), 'utf8'));
    expect(exported).toMatchObject({ object: 'audit_export', chain_verified: true });
    expect(exported.events.every((e: { hash: string; prev_hash: string }) => /^[0-9a-f]{64}$/.test(e.hash) && /^[0-9a-f]{64}$/.test(e.prev_hash))).toBe(true);
    await shot('audit');
  });

  test("shows the API's message when a request fails, and an empty state when a list is empty", async () => {
    await go('payments/pi_00000000000000000000000000');
    await page.getByRole('alert').getByText("No such payment_intent: 'pi_00000000000000000000000000'.").waitFor();
    // Chromium reports the 404 itself; that one is expected here, any other error is not.
    const logged = consoleErrors.splice(0);
    expect(logged.filter((line) => !line.includes('status of 404'))).toEqual([]);
    await go('disputes?status=won');
    await page.getByText('No won disputes.').waitFor();
    await expectNothingSecret();
  });

  test('works at 390 px wide without sideways scrolling, and from the keyboard', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const hash of ['overview', 'payments', `payments/${seen.paid}`, 'events', 'processors']) {
      await go(hash);
      await page.locator('main h1').waitFor();
      await page.waitForLoadState('networkidle');
      const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
      expect({ hash, overflow }).toEqual({ hash, overflow: 0 });
    }
    await go('payments');
    await page.locator('tbody tr').first().waitFor();
    await shot('payments-390');
    await page.setViewportSize({ width: 1280, height: 800 });
    await go('overview');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Skip to content');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Overview');
  });
});
