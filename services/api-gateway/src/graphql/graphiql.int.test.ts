import { existsSync } from 'node:fs';
import { listen, type RunningServer } from '@payrail/service-kit';
import { makeTempDataDir } from '@payrail/testing';
import { chromium, type Browser, type Page } from 'playwright-core';
import request from 'supertest';
import { DEMO_KEY, openGateway, type Harness } from '../testing/gatewayHarness';

// Given the gateway serving GraphiQL at /graphiql under its Content-Security-Policy, when Chromium
// opens it, then the page runs with no policy violation and no request to another origin, and a
// query run with the merchant's key in the Headers tab shows the merchant's payment.

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
/** The console test's flags: headless, no sandbox (containers), nothing phoning home. */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const STEP_TIMEOUT_MS = 15_000;
/** The editor of the Headers tab (open from the start: defaultEditorToolsVisibility 'headers'). */
const HEADERS_EDITOR = '.graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror';

/**
 * Polls `expression` in the page until it is true. Not page.waitForFunction: that evaluates its
 * predicate with eval inside the page, which the policy (no 'unsafe-eval') refuses; page.evaluate goes
 * through the DevTools protocol, which the policy does not govern.
 */
async function until(page: Page, expression: string, what: string): Promise<void> {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  while ((await page.evaluate(expression)) !== true) {
    if (Date.now() > deadline) throw new Error(`timed out after ${STEP_TIMEOUT_MS} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('GraphiQL in Chromium, under its Content-Security-Policy', () => {
  const data = makeTempDataDir('graphiql');
  let gw: Harness;
  let server: RunningServer;
  let browser: Browser;
  let tab: Page;
  let payment: string;
  const requests: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH.`);
    gw = await openGateway(data.dir);
    server = await listen(gw.app, { port: 0, host: '127.0.0.1', logger: gw.deps.logger });
    payment = (await request(gw.app).post('/v1/payment-intents').set('Authorization', `Bearer ${DEMO_KEY}`).set('Idempotency-Key', 'graphiql-1').send({ amount: 4200, currency: 'usd' })).body.id;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 30_000 });
    tab = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    tab.setDefaultTimeout(STEP_TIMEOUT_MS);
    tab.on('request', (sent) => requests.push(sent.url()));
    // Every violation of the policy, as the page sees it (page code as text: this file has no DOM types).
    await tab.addInitScript("window.violations = []; document.addEventListener('securitypolicyviolation', (event) => window.violations.push(event.violatedDirective + ' ' + event.blockedURI));");
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await gw?.close();
    data.cleanup();
  });

  test('the page starts with no policy violation and loads nothing from another origin', async () => {
    await tab.goto(`${server.url}/graphiql`);
    await tab.waitForSelector('.graphiql-container .graphiql-execute-button');
    await tab.waitForSelector(HEADERS_EDITOR);
    expect(await tab.evaluate('window.violations')).toEqual([]);
    expect(requests.length).toBeGreaterThan(5);
    expect(requests.filter((url) => !url.startsWith(`${server.url}/`))).toEqual([]);

    // The policy is in force: an inline script is refused, and reported.
    await tab.evaluate("const script = document.createElement('script'); script.textContent = 'window.inlineRan = true;'; document.head.appendChild(script);");
    await until(tab, 'window.violations.length > 0', 'the violation report');
    expect(await tab.evaluate('window.inlineRan')).toBeUndefined();
    expect(await tab.evaluate('window.violations')).toEqual([expect.stringMatching(/^script-src/)]);
  });

  test("a query run with the key in the Headers tab shows the merchant's payment", async () => {
    // Replace the Headers tab's placeholder with the key.
    await tab.click(HEADERS_EDITOR);
    await tab.keyboard.press('Control+A');
    await tab.keyboard.type(`{"Authorization": "Bearer ${DEMO_KEY}"`);
    await tab.click('.graphiql-execute-button');
    await until(tab, `document.querySelector('.result-window')?.textContent?.includes(${JSON.stringify(payment)}) === true`, 'the result');
    const result = String(await tab.evaluate("document.querySelector('.result-window')?.textContent ?? ''"));
    expect(result).toContain('"paymentIntents"');
    expect(result).toContain('"amount": 4200');
    expect(requests.filter((url) => !url.startsWith(`${server.url}/`))).toEqual([]);
  });
});
