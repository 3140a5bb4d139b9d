import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { findPans } from '@payrail/core';
import { REPO_ROOT } from '@payrail/testing';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { DEFAULT_ROUTING } from '../routing/routingRules';
import { pdfPageTexts } from './pdfPageTexts';
import { expectAccessible } from './testing/axeCheck';
import { expectLayoutLike } from './testing/layoutBaseline';
import { ConsoleStack, until } from './testing/consoleStack';

// Given a whole PayRail stack (vault, provider-sim, ledger-service, merchant-sim, gateway) on a
// temporary data folder, when a merchant works in the console in a real Chromium, then each page
// shows what the ledger holds, every action takes effect, and no page logs a console error.

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const OUTPUT_DIR = path.join(REPO_ROOT, 'test-output', 'console');
/** Flags from this workplace's notes: headless, no sandbox (containers), nothing phoning home. */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const STEP_TIMEOUT_MS = 15_000;
/** Payments of the set-up in other currencies than USD: [currency, amount in minor units]. */
const CURRENCIES: Array<[string, number]> = [['eur', 1_234_56], ['eur', 99_00], ['gbp', 45_00], ['jpy', 123_456], ['kwd', 12_345], ['chf', 7_50], ['sek', 999_00], ['cad', 20_00], ['aud', 31_00]];
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

describe('the merchant console in Chromium', () => {
  let stack: ConsoleStack;
  let context: BrowserContext;
  let page: Page;
  let userDataDir: string;
  let routingDir: string;
  const consoleErrors: string[] = [];
  const seen = { paid: '', refundable: '', disputed: '', deadEvent: '', paymentsToday: 0, deadEndpoint: { id: '', url: '' }, escrowHeld: '', escrowCardDispute: '', pixWaiting: '' };

  const shot = async (name: string): Promise<void> => {
    await page.screenshot({ path: path.join(OUTPUT_DIR, `${name}.png`), fullPage: true });
  };
  const go = async (hash: string): Promise<void> => {
    await page.goto(`${stack.gateway.url}/console/#/${hash}`);
    await page.locator('main').waitFor();
  };
  /** Signs in again, with the admin token or with the merchant's key alone. */
  const signIn = async (admin: boolean): Promise<void> => {
    await page.goto(`${stack.gateway.url}/console/`);
    await page.evaluate('sessionStorage.clear()');
    await page.reload();
    await page.getByLabel('Merchant API key').fill(stack.key);
    if (admin) await page.getByLabel('Admin token (optional)').fill(stack.env['ADMIN_TOKEN'] as string);
    await page.getByRole('button', { name: 'Open console' }).click();
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
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
    // The default routing, plus a canary for a currency no payment here uses (so it changes no other test's routing).
    routingDir = mkdtempSync(path.join(tmpdir(), 'console-routing-'));
    const routingFile = path.join(routingDir, 'routing.json');
    writeFileSync(routingFile, JSON.stringify({ ...DEFAULT_ROUTING, canaries: [{ name: 'providerB for NOK', when: { currency: ['NOK'] }, candidate: { processor: 'providerB' }, steps_percent: [10, 50, 100], sticky_by: 'card_fingerprint', window_ms: 600_000, min_payments: 50, margin: { decline_rate: 0.05, error_rate: 0.02, latency_p99_ratio: 1.5 } }] }));
    stack = await ConsoleStack.start('console', {
      // Refunds above 50.00 wait for approval; three failed calls within 5 s open a breaker, which then stays open.
      REFUND_APPROVAL_THRESHOLD: '5000', BREAKER_REQUESTS_MIN: '3', BREAKER_WINDOW_MS: '5000', BREAKER_COOLDOWN_MS: '60000',
      ROUTING_FILE: routingFile,
    });
    const served = await fetch(`${stack.gateway.url}/console/`);
    if (served.status !== 200) throw new Error(`GET /console/ answered ${served.status}: mount consoleRoutes() in the gateway's app.ts and build the console (tsc -b).`);
    await stack.registerEndpoint();
    seen.deadEndpoint = await stack.registerDeadEndpoint(['payment_intent.created', 'payment_intent.captured']);
    // The bank will pay providerB's captures one minor unit short (every one of them mismatches), and
    // add a row of its own after each of providerA's (a payment the ledger never saw: unexpected_at_bank).
    expect((await stack.internal(`${stack.providerSim.url}/admin/faults`, 'PUT', {
      providerB: { settlement_mismatch_percent: 100, settlement_mismatch_mix: { amount_off_by_one: 1 } },
      providerA: { settlement_mismatch_percent: 100, settlement_mismatch_mix: { extra_row: 1 } },
    })).status).toBe(200);

    const paid = await stack.pay('4242424242424242', 2_500, { customer: { email: 'ada@example.com' }, metadata: { order_id: 'ord_1001' } });
    const refundable = await stack.pay('5555555555554444', 20_000, { customer: { email: 'grace@example.com' } });
    const disputed = await stack.pay('4000000000000259', 3_000, { customer: { email: 'linus@example.com' } });
    const declined = await stack.pay('4000000000000002', 1_200, { customer: { email: 'eve@example.com' } });
    expect([paid.status, refundable.status, disputed.status, declined.status]).toEqual(['captured', 'captured', 'captured', 'declined']);
    Object.assign(seen, { paid: paid.id, refundable: refundable.id, disputed: disputed.id });
    // Captures in many currencies, for the overview's Captured card (one KWD payment: "1 payment").
    for (const [currency, amount] of CURRENCIES) expect((await stack.pay('4242424242424242', amount, { currency })).status).toBe('captured');
    seen.paymentsToday = 5 + CURRENCIES.length;

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
    if (routingDir !== undefined) rmSync(routingDir, { recursive: true, force: true });
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
    expect(await page.locator('.card-value').first().innerText()).toBe(String(seen.paymentsToday));
    // Nine currencies: the first two in large type, every other one listed under them, each with its count.
    const captured = page.locator('[data-card="captured"]');
    expect(await captured.locator('.card-value').count()).toBe(2);
    expect(await captured.locator('.currency-list li').count()).toBe(7);
    const capturedText = await captured.innerText();
    expect(capturedText).toContain('KWD');
    expect(capturedText).toMatch(/\b1 payment\b/);
    expect(capturedText).not.toMatch(/\b1 payments\b/);
    // Every captured payment: all but the declined one and the one never confirmed.
    expect(capturedText).toContain(`${seen.paymentsToday - 2} payments in 9 currencies`);
    expect((await captured.boundingBox())?.height ?? 0).toBeLessThan(320);
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

  test('refunds part of a payment: pending refunds subtracted, messages in dollars, the page follows without a reload; approves it from the queue', async () => {
    await go(`payments/${seen.refundable}`);
    const amount = page.getByLabel('Amount (USD)');
    await amount.waitFor();
    expect(await amount.inputValue()).toBe('200.00');
    await amount.fill('150.00');
    await page.getByRole('button', { name: 'Refund', exact: true }).click();
    await page.getByText(/Refund re_\w+ of \$150\.00 waits for approval/).waitFor();
    // Without a reload: the $150.00 waiting for approval is counted, the form offers the rest.
    await page.locator('[data-fact="refunded"]', { hasText: '$150.00 pending' }).waitFor();
    await page.getByText('up to $50.00 ($150.00 pending approval already counted)').waitFor();
    expect(await amount.inputValue()).toBe('50.00');
    await amount.fill('60');
    await page.getByRole('button', { name: 'Refund', exact: true }).click();
    await page.getByText('$60.00 is more than the $50.00 still refundable.').waitFor();
    // Under the threshold: sent at once; the totals, the refunds table and the timeline follow.
    await amount.fill('20.00');
    await page.getByRole('button', { name: 'Refund', exact: true }).click();
    await page.getByText(/Refund re_\w+ of \$20\.00 (succeeded|was approved and goes to the processor now)\./).waitFor();
    await page.locator('[data-fact="refunded"]', { hasText: '$20.00' }).waitFor();
    await page.locator('.timeline-item', { hasText: 'refund.' }).first().waitFor();
    await page.locator('table.responsive td', { hasText: '$20.00' }).first().waitFor();
    expect(await page.locator('body').innerText()).not.toContain(' is succeeded');
    await shot('payment-refunded');

    await go('refunds');
    const pending = page.locator('tr[data-refund]');
    await pending.first().waitFor();
    await page.getByLabel('Approver name').fill('Margaret Hamilton');
    await shot('refunds');
    await pending.first().getByRole('button', { name: /^Approve/ }).click();
    await page.getByText(/Refund re_\w+ of \$150\.00 approved by Margaret Hamilton/).waitFor();
    await page.getByText('No refund waits for approval.').waitFor();
    await page.getByRole('cell', { name: 'Margaret Hamilton' }).first().waitFor();
    const refund = await stack.api('GET', `/v1/refunds?payment_intent=${seen.refundable}`);
    const approved = refund.body.data.find((r: { amount: number }) => r.amount === 15_000);
    expect(approved).toMatchObject({ approver: 'Margaret Hamilton' });
    expect(['approved', 'succeeded']).toContain(approved.status);
  });

  test('offers no refund on a disputed payment, and says why', async () => {
    await go(`payments/${seen.disputed}`);
    await page.locator('[data-refund-form="none"]').waitFor();
    expect(await page.locator('[data-refund-form="none"]').innerText()).toMatch(/^(Disputed|Charged back)/);
    expect(await page.getByRole('button', { name: 'Refund', exact: true }).count()).toBe(0);
  });

  test('submits dispute evidence with a file name; the dispute goes under review', async () => {
    await go('disputes');
    await page.locator('tbody tr a[href^="#/disputes/"]').first().click();
    // The response draft: an argument chosen by rules, its points citing ledger lines; it fills the form.
    const draft = page.locator('[data-draft]');
    await draft.getByText('Argument').waitFor();
    expect(await draft.locator('code').first().innerText()).toMatch(/ledger\/(payments|disputes):\d+/);
    await draft.getByRole('button', { name: 'Use as evidence' }).click();
    expect(await page.getByLabel('What happened').inputValue()).toMatch(/^Response to dispute dp_/);
    expect(await page.getByLabel('File name', { exact: true }).inputValue()).toMatch(/^payrail_dispute_draft_dp_.+\.pdf$/);
    await page.getByLabel('What happened').fill('The parcel was delivered and signed for on the 3rd.');
    await page.getByLabel('File name', { exact: true }).fill('delivery-proof.pdf');
    await page.getByRole('button', { name: 'Submit evidence' }).click();
    await page.getByText('under_review').first().waitFor();
    await page.getByText('delivery-proof.pdf').waitFor();
    await shot('dispute');
  });

  test('pages through the dead-letter queue and says what a retry did', async () => {
    const total = await until('more dead letters than a page', async () => {
      const answer = await stack.api('GET', '/v1/console/dead-letters?limit=1');
      return answer.body.total > 20 ? (answer.body.total as number) : null;
    });
    await go('webhooks');
    const dlq = page.getByRole('table', { name: 'Dead-letter queue' });
    await dlq.getByText('payment_intent.created').first().waitFor();
    await shot('webhooks');
    const pager = page.locator('section', { hasText: 'Dead-letter queue' }).locator('.pager');
    await pager.getByText(new RegExp(`^1–20 of ${total}$`)).waitFor();
    const firstPage = await dlq.locator('tr[data-dead-letter]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-dead-letter')));
    await pager.getByRole('button', { name: 'Next →' }).click();
    await pager.getByText(new RegExp(`^21–${Math.min(40, total)} of ${total}$`)).waitFor();
    const secondPage = await dlq.locator('tr[data-dead-letter]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-dead-letter')));
    expect(secondPage.filter((id) => firstPage.includes(id))).toEqual([]);
    await pager.getByRole('button', { name: '← Previous' }).click();
    await pager.getByText(/^1–20 of/).waitFor();
    // A retry to the endpoint nobody listens on: the message says it failed and stays queued.
    await dlq.locator('tr[data-dead-letter]', { hasText: seen.deadEndpoint.url }).first().getByRole('button', { name: /^Retry/ }).click();
    await page.getByText(/^Retried evt_\w+: failed .*It stays in the dead-letter queue\.$/).waitFor();
  });

  test('lists each endpoint’s delivery state on the events list, and opens a dead-lettered event in the drawer: retry delivered, SIG OK, j/k and Esc', async () => {
    await go('events');
    await page.locator('.event-row').first().waitFor();
    await page.locator('.event-row .badge', { hasText: 'SIG OK' }).first().waitFor();
    // An event both endpoints get: merchant-sim took it, the dead endpoint never did; the row says both.
    const both = page.locator('.event-row')
      .filter({ has: page.locator(`[data-endpoint="${seen.deadEndpoint.id}"] .badge`, { hasText: 'dead lettered' }) })
      .filter({ has: page.locator('.delivery .badge', { hasText: /^delivered$/ }) }).first();
    await both.waitFor();
    expect(await both.locator('.badge', { hasText: 'SIG OK' }).count()).toBe(1);
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
    // j: the next event of the list in the drawer; k: back.
    await page.locator('body').press('j');
    await page.waitForURL((url) => url.hash.startsWith('#/events/') && !url.hash.includes(seen.deadEvent));
    await page.getByRole('dialog').waitFor();
    await page.locator('body').press('k');
    await page.waitForURL((url) => url.hash.includes(seen.deadEvent));
    await page.getByRole('dialog').getByText(`Event ${seen.deadEvent}`).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
  });

  test('switches providerB off: the health board shows its breaker open while payments fail over', async () => {
    await go('processors');
    const board = page.locator('[data-processor="providerB"]');
    await board.waitFor();
    expect(await board.innerText()).toContain('closed');
    await board.locator('[data-breaker-rule="rule"]', { hasText: 'Opens when 50 % or more of the calls in the window fail, once at least 3 calls are in it.' }).waitFor();
    // An empty window first (5 s here), so that the first failure is all the breaker has seen.
    await until("providerB's window to empty", async () =>
      (await stack.api('GET', '/v1/providers/health')).body.data.some((p: { provider: string; requests_in_window: number }) => p.provider === 'providerB' && p.requests_in_window === 0), 20_000);
    const faults = page.locator('form[data-faults="providerB"]');
    await faults.getByLabel('Outage').selectOption('503');
    await faults.getByRole('button', { name: 'Apply to providerB' }).click();
    await faults.getByText('outage 503').first().waitFor();
    // One failed call: 100 % errors, yet closed, and the card says why (the minimum of 3 calls).
    expect((await stack.pay('4242424242424242', 1_000)).processor).toBe('providerA');
    await board.locator('[data-breaker-rule="below-minimum"]', { hasText: 'below the minimum of 3 calls' }).waitFor();
    expect(await board.innerText()).toContain('100.0 % of 1 call');
    await shot('processors-below-minimum');
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

  test('a routing canary on the processors page: its split, candidate against baseline and verdict; rolled back by hand', async () => {
    await go('processors');
    const card = page.locator('[data-canary="providerB for NOK"]');
    await card.waitFor();
    const text = await card.innerText();
    expect(text).toContain('10 % of matching payments (steps 10 → 50 → 100 %), sticky by card fingerprint');
    expect(text).toContain('not enough payments yet');
    expect(await card.locator('tr[data-arm]').count()).toBe(2);
    await card.getByRole('button', { name: 'Roll back' }).click();
    // The page reloads the canaries after the decision: the card comes back rolled back, without its buttons.
    await page.locator('[data-canary="providerB for NOK"]', { hasText: 'rolled back' }).locator('.badge-bad').waitFor();
    expect(await page.locator('[data-canary="providerB for NOK"]').getByRole('button', { name: 'Roll back' }).count()).toBe(0);
    const decisions = readFileSync(path.join(stack.dataDir, 'ops', 'routing_decisions.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(decisions.map((line: { type: string; data: { manual: boolean } }) => [line.type, line.data.manual])).toEqual([['routing.canary_started', false], ['routing.canary_rolled_back', true]]);
  });

  test('runs the bank statement, settlement and reconciliation of today; the admin sees every item of the report, a merchant its own and how many others', async () => {
    const today = new Date().toISOString().slice(0, 10);
    await go('settlements');
    await page.getByRole('button', { name: 'Run all three' }).click();
    await page.locator('[data-step="reconciliation"] .badge', { hasText: 'done' }).waitFor({ timeout: 60_000 });
    expect(await page.locator('.step .badge', { hasText: 'failed' }).count()).toBe(0);
    await page.getByRole('link', { name: today }).first().waitFor();
    await shot('settlements');
    const report = JSON.parse(readFileSync(path.join(stack.env['DATA_DIR'] as string, 'reports', `reconciliation_report_${today}.json`), 'utf8'));
    const items = report.items as Array<{ payment_id: string; status: string; ledger: { merchant?: string } | null }>;
    const unexpected = items.filter((item) => item.status === 'unexpected_at_bank').length;
    expect(unexpected).toBeGreaterThan(0);

    await page.getByRole('link', { name: today }).first().click();
    await page.getByRole('heading', { name: 'Reconciliation report' }).waitFor();
    await page.locator('[data-report-scope="all"]').waitFor();
    const mismatch = page.locator('tr.mismatch-row');
    await mismatch.first().waitFor();
    expect(await mismatch.count()).toBe(Math.min(50, items.length));
    expect(await page.locator('[aria-label="Mismatches of the whole report"] [data-mismatch="unexpected_at_bank"]').innerText()).toBe(`unexpected at bank ${unexpected}`);
    await shot('reconciliation');
    // Why: the bank pays providerB's captures a unit short and adds a row of its own after providerA's.
    await page.getByRole('button', { name: 'Explain the mismatches' }).click();
    const explained = page.locator('[data-explanations] tr[data-cause]');
    await explained.first().waitFor();
    const causes = new Set(await explained.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-cause'))));
    expect(causes.has('unexplained')).toBe(false);
    expect(causes.has('amount_off_by_one') || causes.has('unknown_payment')).toBe(true);
    expect(await explained.first().locator('code.cite').first().innerText()).toMatch(/^(ledger\/payments\.jsonl:\d+|settlement\/settlement_\d{4}-\d{2}-\d{2}\.csv line \d+)$/);

    // The same day for the merchant alone: its own items, and the others counted, not hidden.
    await signIn(false);
    await go(`settlements/${today}`);
    const scope = page.locator('[data-report-scope="merchant"]');
    await scope.waitFor();
    // Every payment of this stack is the demo merchant's: its items are those the ledger knows.
    const mine = items.filter((item) => item.ledger !== null).length;
    expect(await scope.innerText()).toContain(`of the report’s ${items.length}`);
    expect(await scope.innerText()).toContain(`${items.length - mine} other item`);
    expect(await mismatch.count()).toBe(Math.min(50, mine));
    expect(await page.locator('[aria-label="Mismatches of the whole report"] [data-mismatch="unexpected_at_bank"]').innerText()).toBe(`unexpected at bank ${unexpected}`);
    await shot('reconciliation-merchant');
    const amountMismatch = mismatch.filter({ hasText: 'amount mismatch' }).first();
    expect(await amountMismatch.innerText()).toContain('amount mismatch');
    await amountMismatch.getByRole('link').click();
    // The payment says it too, in the colour of a problem.
    const flagged = page.locator('.facts .badge', { hasText: 'amount mismatch' });
    await flagged.waitFor();
    expect(await flagged.getAttribute('class')).toContain('badge-bad');
    await signIn(true);
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

  test('searches from the top bar (press /): an id opens its page, an email or a last 4 lists what matches; ? lists the shortcuts', async () => {
    await go('overview');
    await page.locator('body').press('/');
    expect(await page.evaluate('document.activeElement?.id')).toBe('global-search');
    await page.keyboard.type('grace@example.com');
    await page.keyboard.press('Enter');
    await page.waitForURL(/#\/search\?q=grace/);
    await page.getByRole('table', { name: 'Search results' }).getByRole('link', { name: seen.refundable }).waitFor();
    await shot('search');
    const search = page.getByRole('searchbox', { name: /^Search payments/ });
    await search.fill('4444');
    await search.press('Enter');
    await page.getByRole('table', { name: 'Search results' }).getByText('card last 4').first().waitFor();
    await page.getByRole('table', { name: 'Search results' }).getByRole('link', { name: seen.refundable }).waitFor();
    // An id that names one object opens it: a payment, a refund (on its payment), an event (in the drawer).
    await search.fill(seen.paid);
    await search.press('Enter');
    await page.waitForURL((url) => url.hash === `#/payments/${seen.paid}`);
    await page.getByText('Hash chain verified').waitFor();
    const refundId = (await stack.api('GET', `/v1/refunds?payment_intent=${seen.refundable}`)).body.data[0].id as string;
    await search.fill(refundId);
    await search.press('Enter');
    await page.waitForURL((url) => url.hash === `#/payments/${seen.refundable}`);
    await search.fill(seen.deadEvent);
    await search.press('Enter');
    await page.getByRole('dialog').getByText(`Event ${seen.deadEvent}`).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.locator('body').press('?');
    const shortcuts = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await shortcuts.getByText('Events drawer: the next or previous event').waitFor();
    await page.keyboard.press('Escape');
    await shortcuts.waitFor({ state: 'detached' });
  });

  test('follows the ledger without a reload: a payment made elsewhere shows up on the list and in the overview', async () => {
    await go('payments');
    await page.locator('tbody tr').first().waitFor();
    await page.locator('#live-status', { hasText: /^Live/ }).waitFor();
    const made = await stack.pay('4242424242424242', 4_321, { customer: { email: 'live@example.com' } });
    try {
      await page.getByRole('link', { name: made.id }).waitFor({ timeout: 10_000 });
    } catch (error) {
      throw new Error(`${(error as Error).message}\nlive status: ${await page.locator('#live-status').evaluate((el) => `${el.textContent} ${JSON.stringify((el as any).dataset)} visibility ${(globalThis as any).document.visibilityState}`)}; pulse: ${JSON.stringify((await stack.api('GET', '/v1/console/pulse')).body)}`);
    }
    await go('overview');
    const today = page.locator('.card-value').first();
    await today.waitFor();
    const before = Number((await today.innerText()).replaceAll(',', ''));
    await stack.pay('4242424242424242', 1_234);
    await until('the overview to count the new payment', async () => Number((await today.innerText()).replaceAll(',', '')) === before + 1, 10_000);
  });

  test('escrows: the custody balance and a status filter; a partial release per payee, its limit said in reais, a refund of the rest; a dispute that freezes release, then resolved; a card dispute that only the processor decides; a cancel', async () => {
    const split = (seller: string, amount: number, fee: number) => [{ payee: seller, role: 'seller' as const, amount }, { payee: 'platform', role: 'platform_fee' as const, amount: fee }];
    const released = await stack.escrow(split('seller_42', 9_000, 1_000), '4242424242424242', { metadata: { order: 'ord_2001' } });
    const disputed = await stack.escrow(split('seller_7', 4_500, 500), '4242424242424242');
    const card = await stack.escrow([{ payee: 'seller_9', role: 'seller', amount: 3_000 }], '4242424242424242');
    const unpaid = await stack.escrow([{ payee: 'seller_5', role: 'seller', amount: 2_000 }], null);
    const held = await stack.escrow(split('seller_3', 3_600, 400), '4242424242424242', { description: 'Order 2005' });
    Object.assign(seen, { escrowHeld: held.id, escrowCardDispute: card.id });
    // A card dispute the processor has not decided (opened as the processor's notice opens one, without
    // providerA's immediate withdrawal, which would pay the chargeback from custody at once).
    expect((await stack.internal(`${stack.gateway.url}/internal/disputes`, 'POST', { payment_intent: card.payment_intent, reason: 'fraudulent' })).status).toBe(200);
    expect((await stack.api('GET', `/v1/escrows/${card.id}`)).body).toMatchObject({ status: 'disputed', dispute: { source: 'processor' } });

    // The list: what custody holds (the card-disputed escrow's money too), how many are open, each escrow.
    await go('escrows');
    const custody = page.locator('[data-card="custody"]');
    await custody.getByText('R$220.00').waitFor();
    expect(await custody.innerText()).toContain('in 4 escrows, 1 currency');
    const open = page.locator('[data-card="open"]');
    expect(await open.locator('.card-value').innerText()).toBe('5');
    expect(await open.innerText()).toContain('1 awaiting payment · 3 in custody · 1 disputed');
    await page.locator(`tr[data-escrow="${released.id}"]`).waitFor();
    expect(await page.locator('tr[data-escrow]').count()).toBe(5);
    await page.getByLabel('Status').selectOption('disputed');
    await page.waitForURL(/#\/escrows\?status=disputed$/);
    await page.locator(`tr[data-escrow="${card.id}"]`).waitFor();
    expect(await page.locator('tr[data-escrow]').count()).toBe(1);
    await shot('escrows');

    // A partial release to one payee, in reais; the page follows without a reload.
    await go('escrows');
    await page.getByRole('link', { name: released.id }).click();
    await page.getByRole('heading', { name: `Escrow ${released.id}` }).waitFor();
    await page.getByLabel('Approver name').fill('Margaret Hamilton');
    const seller = page.getByLabel('Release to seller_42 (BRL)');
    await seller.fill('30.00');
    await page.getByRole('button', { name: 'Release these amounts' }).click();
    await page.getByText('Released R$30.00 to seller_42, approved by Margaret Hamilton; R$70.00 stays in custody.').waitFor();
    await page.locator('[data-fact="in-custody"]', { hasText: 'R$70.00' }).waitFor();
    const sellerRow = page.locator('tr[data-payee="seller_42"]');
    await sellerRow.locator('[data-payee-released]', { hasText: 'R$30.00' }).waitFor();
    expect(await sellerRow.locator('[data-payee-held]').innerText()).toBe('R$60.00');
    await page.locator('[data-escrow-event="escrow.partially_released"]', { hasText: 'approver Margaret Hamilton' }).waitFor();
    await page.getByLabel('Release to seller_42 (BRL)').fill('60.01');
    await page.getByRole('button', { name: 'Release these amounts' }).click();
    await page.getByText('R$60.01 is more than the R$60.00 seller_42 still has in custody.').waitFor();
    expect((await stack.api('GET', `/v1/escrows/${released.id}`)).body).toMatchObject({ amount_released: 3_000, amount_in_custody: 7_000 });
    // Refund of what custody still holds: the buyer gets R$70.00, seller_42 keeps R$30.00.
    await page.getByLabel('Reason (optional)').fill('never shipped');
    await page.getByRole('button', { name: 'Refund R$70.00 to the buyer' }).click();
    await page.getByText(/^Refunded R\$70\.00 to the buyer \(refund re_\w+\), approved by Margaret Hamilton; the escrow is refunded\.$/).waitFor();
    await page.locator('[data-why="closed"]', { hasText: 'R$70.00 went back to the buyer and R$30.00 was released before' }).waitFor();
    expect(await page.locator('form[aria-label="Release to the payees"]').count()).toBe(0);
    expect((await stack.api('GET', `/v1/escrows/${released.id}`)).body).toMatchObject({ status: 'refunded', amount_refunded: 7_000, amount_released: 3_000, amount_in_custody: 0 });
    await shot('escrow-refunded');
    // Its payment links back, and takes no refund of its own.
    await page.locator('.facts').getByRole('link', { name: released.payment_intent }).click();
    await page.locator('[data-fact="escrow"]').getByRole('link', { name: released.id }).waitFor();
    expect(await page.locator('[data-refund-form="none"]').innerText()).toMatch(/^This payment funds escrow esc_\w+ \(refunded\): its refunds go through the escrow/);

    // A dispute on the platform freezes release; resolved for the payees, everything left is released.
    await go(`escrows/${disputed.id}`);
    await page.getByLabel('Dispute reason').fill('item not as described');
    await page.getByRole('button', { name: 'Open a dispute' }).click();
    await page.getByText('Dispute opened: release is frozen until it is resolved.').waitFor();
    await page.locator('[data-why="frozen"]', { hasText: 'Release is frozen by the dispute (“item not as described”)' }).waitFor();
    expect(await page.locator('form[aria-label="Release to the payees"]').count()).toBe(0);
    await page.getByText('your platform (a buyer’s claim)').waitFor();
    await page.getByRole('button', { name: 'Resolve: release R$50.00 to the payees' }).click();
    await page.getByText('Dispute resolved for the payees: R$50.00 released, approved by Margaret Hamilton; the escrow is released.').waitFor();
    expect((await stack.api('GET', `/v1/escrows/${disputed.id}`)).body).toMatchObject({ status: 'released', amount_released: 5_000 });

    // A card dispute: frozen, and neither resolved nor refunded here while the processor decides.
    await go(`escrows/${card.id}`);
    await page.locator('[data-why="processor-decides"]', { hasText: /The card dispute dp_\w+ is (opened|under review) at the processor/ }).waitFor();
    expect(await page.getByRole('button', { name: /^(Resolve|Refund|Release)/ }).count()).toBe(0);
    await shot('escrow-card-dispute');

    // Never paid: only a cancel, which cancels its payment too.
    await go(`escrows/${unpaid.id}`);
    await page.locator('[data-why="state"]', { hasText: 'Waiting for the buyer’s payment (created)' }).waitFor();
    await page.getByRole('button', { name: 'Cancel this escrow' }).click();
    await page.getByText(`Escrow ${unpaid.id} canceled; its payment ${unpaid.payment_intent} is canceled with it.`).waitFor();
    await page.locator('[data-why="closed"]', { hasText: 'Canceled' }).waitFor();

    // The list agrees with the console's custody route; the top bar's search opens an escrow by its id.
    const balance = (await stack.api('GET', '/v1/console/escrow-custody')).body;
    expect(balance).toEqual({ object: 'escrow_custody', open_escrows: 2, by_status: { awaiting_payment: 0, in_custody: 1, disputed: 1 }, in_custody: [{ currency: 'BRL', amount: 7_000, escrows: 2 }] });
    await go('escrows');
    await custody.getByText('R$70.00').waitFor();
    const search = page.getByRole('searchbox', { name: /^Search payments/ });
    await search.fill(held.id);
    await search.press('Enter');
    await page.waitForURL((url) => url.hash === `#/escrows/${held.id}`);
    await page.getByText('Order 2005').waitFor();
  });

  test('a Pix payment shows its BR Code (copyable), txid and expiry while it waits; once paid, the page says so without a reload', async () => {
    const pix = async (amount: number): Promise<{ id: string; qr: { data: string; txid: string; expires_at: number } }> => {
      const created = await stack.api('POST', '/v1/payment-intents', { amount, currency: 'brl', payment_method_types: ['pix'] });
      expect(created.status).toBe(200);
      const confirmed = await stack.api('POST', `/v1/payment-intents/${created.body.id}/confirm`, {});
      expect(confirmed.body).toMatchObject({ status: 'created', next_action: { type: 'pix_display_qr_code' } });
      return { id: created.body.id, qr: confirmed.body.next_action.pix_display_qr_code };
    };
    const paid = await pix(4_990);
    seen.pixWaiting = (await pix(1_500)).id;
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.gateway.url });
    await go(`payments/${paid.id}`);
    const code = page.getByLabel('BR Code (Pix copy and paste)');
    await code.waitFor();
    expect(await code.inputValue()).toBe(paid.qr.data);
    expect(await code.getAttribute('readonly')).not.toBeNull();
    expect(await page.locator('[data-pix="txid"]').innerText()).toBe(paid.qr.txid);
    const expires = page.locator('[data-pix="expires"]');
    expect(await expires.locator('time').getAttribute('datetime')).toBe(new Date(paid.qr.expires_at * 1000).toISOString());
    expect(await expires.innerText()).toMatch(/\((in 1 hour|in 59 minutes)\)$/);
    await page.getByRole('button', { name: 'Copy BR Code' }).click();
    await page.getByText('Copied: paste it into the bank’s app.').waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(paid.qr.data);
    await shot('payment-pix');

    // The payer pays (provider-sim's Pix): the page follows to captured, and the code is gone.
    await page.locator('#live-status', { hasText: /^Live/ }).waitFor();
    expect((await stack.internal(`${stack.providerSim.url}/admin/pix/${paid.qr.txid}/pay`, 'POST', {})).body).toMatchObject({ status: 'paid' });
    await page.locator('[data-pix="done"]', { hasText: 'Paid by Pix.' }).waitFor({ timeout: 10_000 });
    expect(await page.getByLabel('BR Code (Pix copy and paste)').count()).toBe(0);
    await page.locator('.summary-line .badge', { hasText: 'captured' }).waitFor();
  });

  test('SLOs (admin): every objective with its compliance, budget left and burn-rate policies; a merchant alone is told to sign in as admin', async () => {
    await go('slos');
    const cards = page.locator('[data-slo]');
    await cards.first().waitFor();
    expect(await cards.evaluateAll((list) => list.map((card) => card.getAttribute('data-slo')))).toEqual([
      'payment-creation-availability', 'payment-confirmation-availability', 'confirm-latency', 'webhook-delivery-60s', 'reconciliation-by-0600',
    ]);
    const creation = page.locator('[data-slo="payment-creation-availability"]');
    const text = await creation.innerText();
    expect(text).toContain('99.9 %');
    expect(text).toMatch(/Compliance\s+[\d.]+ % of [\d,]+/);
    expect(await creation.locator('tr[data-policy]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-policy')))).toEqual(['fast burn', 'slow burn', 'budget drain']);
    // Today was reconciled (unbalanced) earlier in this suite, each mismatch explained: a good day, on time.
    const reconciliation = page.locator('[data-slo="reconciliation-by-0600"]');
    await reconciliation.getByText('on time').waitFor();
    expect(await reconciliation.innerText()).toMatch(/mismatch(es)? with the bank, each explained/);
    await page.getByRole('heading', { name: 'Firing now' }).waitFor();
    await page.getByRole('heading', { name: 'Alert events' }).waitFor();
    // Triage: nobody listens at the set-up's dead endpoint, so every delivery to it fails without an answer.
    const webhooks = page.locator('[data-incident="webhook_failures"]').first();
    await webhooks.waitFor();
    expect(await webhooks.innerText()).toContain(seen.deadEndpoint.url);
    expect(await webhooks.locator('.evidence code').first().innerText()).toMatch(/^outbox\/deliveries\.jsonl:\d+$/);
    await shot('slos');
    await signIn(false);
    await go('slos');
    await page.getByText('Sign in with the admin token to see the SLOs').waitFor();
    await signIn(true);
  });

  test('every page at 1280 and 390 px: axe finds nothing serious or critical, the layout is its baseline’s, nothing scrolls sideways, tables stack on a phone', async () => {
    // Something in the approval queue, so its buttons are on the phone's screen too.
    const queued = await stack.pay('4242424242424242', 9_000);
    expect((await stack.api('POST', '/v1/refunds', { payment_intent: queued.id, amount: 6_000 })).body.status).toBe('pending_approval');
    const dispute = (await stack.api('GET', `/v1/payment-intents/${seen.disputed}`)).body.dispute as string;
    const today = new Date().toISOString().slice(0, 10);
    const pages: Array<[string, string]> = [
      ['overview', 'overview'], ['payments', 'payments'], ['payment', `payments/${seen.paid}`], ['refunds', 'refunds'],
      ['disputes', 'disputes'], ['dispute', `disputes/${dispute}`], ['events', 'events'], ['event-drawer', `events/${seen.deadEvent}`],
      ['webhooks', 'webhooks'], ['processors', 'processors'], ['settlements', 'settlements'], ['settlement-day', `settlements/${today}`],
      ['audit', 'audit'], ['search', 'search?q=example.com'],
      ['escrows', 'escrows'], ['escrow', `escrows/${seen.escrowHeld}`], ['escrow-disputed', `escrows/${seen.escrowCardDispute}`], ['payment-pix', `payments/${seen.pixWaiting}`],
      ['trace', `payments/${seen.refundable}/trace`], ['slos', 'slos'],
    ];
    for (const [viewport, width] of [[DESKTOP, 'desktop'], [PHONE, 'phone']] as const) {
      await page.setViewportSize(viewport);
      for (const [name, hash] of pages) {
        await go(hash);
        await page.locator('main h1').waitFor();
        await page.locator('.state-loading, .spinner').first().waitFor({ state: 'detached' });
        await page.waitForLoadState('networkidle');
        const where = `${name} at ${viewport.width} px`;
        // The trace of a card payment: its spans in the gateway, the vault and provider-sim, as a waterfall.
        if (name === 'trace') for (const service of ['api-gateway', 'vault-service', 'provider-sim']) await page.locator(`li.span-row[data-service="${service}"]`).first().waitFor();
        await expectAccessible(page, where);
        await expectLayoutLike(page, `${name}-${width}`);
        const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
        expect({ where, overflow }).toEqual({ where, overflow: 0 });
        const text = await page.locator('body').innerText();
        expect({ where, singular: text.match(/\b1 (payments|calls|events|refunds|attempts|rows|deliveries|mismatches|results|currencies)\b/)?.[0] ?? null }).toEqual({ where, singular: null });
        // Chart labels at the page's type size, never a scaled-down few pixels.
        const labelSizes = await page.locator('.bar-label').evaluateAll((labels) => labels.map((label) => parseFloat((globalThis as any).getComputedStyle(label).fontSize)));
        expect({ where, small: labelSizes.filter((size) => size < 12) }).toEqual({ where, small: [] });
        if (width !== 'phone') continue;
        // Every page of the navigation in sight: nothing cut at the edge.
        const cut = await page.locator('.nav a').evaluateAll((links) => links.filter((link) => {
          const box = link.getBoundingClientRect();
          return box.left < 0 || box.right > (globalThis as any).innerWidth || box.width === 0;
        }).map((link) => link.textContent));
        expect({ where, cut }).toEqual({ where, cut: [] });
        // Tables are stacked cards: each cell with its column's name, inside the screen.
        const rows = page.locator('table.responsive tbody tr');
        if ((await rows.count()) > 0) {
          expect(await rows.first().evaluate((row) => (globalThis as any).getComputedStyle(row).display)).toBe('block');
          const unlabeled = await page.locator('table.responsive td').evaluateAll((cells) => cells.filter((cell) => cell.textContent !== '' && !cell.hasAttribute('data-label')).length);
          expect({ where, unlabeled }).toEqual({ where, unlabeled: 0 });
        }
      }
    }
    // On the phone, the queue's decisions are there to tap.
    await go('refunds');
    const row = page.locator('tr[data-refund]').first();
    await row.waitFor();
    for (const name of [/^Approve/, /^Reject/]) {
      const button = row.getByRole('button', { name });
      expect(await button.isVisible()).toBe(true);
      const box = await button.boundingBox();
      expect(box !== null && box.x >= 0 && box.x + box.width <= PHONE.width).toBe(true);
    }
    await shot('refunds-390');
    await go('payments');
    await page.locator('tbody tr').first().waitFor();
    await shot('payments-390');

    // And from the keyboard: the skip link first, then the brand, then the navigation.
    await page.setViewportSize(DESKTOP);
    await go('overview');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Skip to content');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Overview');

    // The sign-in page too.
    await page.evaluate('sessionStorage.clear()');
    await page.reload();
    await page.getByLabel('Merchant API key').waitFor();
    await expectAccessible(page, 'sign-in');
    await signIn(true);
  }, 240_000);
});
