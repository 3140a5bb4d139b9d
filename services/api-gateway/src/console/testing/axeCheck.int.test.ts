import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CONSOLE_HEADERS } from '../consoleRoutes';
import { expectAccessible } from './axeCheck';
import { expectLayoutLike, layoutOf, type LayoutBaselineOptions } from './layoutBaseline';

// Given small pages served with the console's headers (its Content-Security-Policy allows no inline
// script), when the console's browser test checks them, then axe-core runs in them all the same: a
// page with an unlabeled field and faint text fails naming both rules, a clean page passes, and the
// layout helpers measure a page's structure and hold it to a baseline.

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
/** The console test's flags: headless, no sandbox (containers), nothing phoning home. */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const STEP_TIMEOUT_MS = 10_000;

const page = (title: string, body: string): string =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title><link rel="icon" href="data:,"><link rel="stylesheet" href="/site.css"></head><body>${body}</body></html>`;
const CHROME = '<header class="topbar"><a href="/">PayRail</a><nav class="nav" aria-label="Console"><ul><li><a href="/a">Overview</a></li><li><a href="/b">Payments</a></li></ul></nav></header>';
const TABLE = '<div class="table-wrap"><table><thead><tr><th>Id</th><th>Amount</th></tr></thead><tbody><tr><td>pi_1</td><td>25.00</td></tr></tbody></table></div>';
const FILES: Record<string, { type: string; body: string }> = {
  '/site.css': { type: 'text/css', body: 'body { margin: 0; font: 16px sans-serif; } .topbar { display: flex; gap: 1rem; padding: 8px 16px; background: #0f172a; } .topbar a { color: #ffffff; } .nav ul { display: flex; gap: 8px; list-style: none; margin: 0; padding: 0; } main { max-width: 960px; margin: 0 auto; padding: 16px; } .panel { border: 1px solid #cbd5e1; padding: 16px; margin-bottom: 16px; } .faint { color: #d1d5db; background: #ffffff; } .drawer { display: none; } .wide { width: 2000px; } table { width: 100%; }' },
  // Inline script the policy must refuse, proving it is in force: the test page can only run axe the way the console's can.
  '/bad': { type: 'text/html', body: page('Bad', `<main><h1>Search</h1><input name="q"><p class="faint">Hard to read</p><script>window.inlineRan = true;</script></main>`) },
  '/good': { type: 'text/html', body: page('Good', `${CHROME}<main><h1>Search</h1><form><label for="q">Customer email</label> <input id="q" name="q"> <button>Search</button></form><p>Easy to read</p></main>`) },
  '/layout': { type: 'text/html', body: page('Layout', `${CHROME}<main><h1>Payments</h1><section class="panel"><h2>Filters</h2><form><label for="q">Email</label> <input id="q"></form></section><section class="panel"><h2>List</h2>${TABLE}</section><aside class="drawer">hidden</aside></main>`) },
  '/layout-changed': { type: 'text/html', body: page('Layout', `${CHROME}<main><h1>Payments</h1><table class="wide"><tbody><tr><td>pi_1</td></tr></tbody></table></main>`) },
};

describe('expectAccessible and the layout baseline, in Chromium under the console’s CSP', () => {
  let server: Server;
  let browser: Browser;
  let base: string;
  let tab: Page;
  let scratch: string;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH.`);
    server = createServer((req, res) => {
      const file = FILES[req.url ?? ''];
      res.writeHead(file === undefined ? 404 : 200, { ...CONSOLE_HEADERS, 'content-type': `${file?.type ?? 'text/plain'}; charset=utf-8` });
      res.end(file?.body ?? 'not found');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 30_000 });
    scratch = mkdtempSync(path.join(tmpdir(), 'payrail-layout-'));
  }, 45_000);

  beforeEach(async () => {
    tab = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    tab.setDefaultTimeout(STEP_TIMEOUT_MS);
    tab.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
  });

  afterEach(async () => {
    await tab.close();
    consoleErrors.splice(0);
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (server === undefined ? resolve(undefined) : server.close(resolve)));
    if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
  });

  test('a page with an unlabeled field and faint text fails, naming the rules, their impact and the elements', async () => {
    await tab.goto(`${base}/bad`);
    expect(await tab.evaluate('window.inlineRan === true')).toBe(false);
    expect(consoleErrors.join('\n')).toMatch(/Content Security Policy/);
    consoleErrors.splice(0);

    const failure = await expectAccessible(tab, 'the bad page').then(() => null, (error: Error) => error.message);
    expect(failure).toMatch(/^axe-core found 2 serious or critical violation\(s\) on the bad page:/);
    expect(failure).toMatch(/\n {2}label \(critical\): Form elements must have labels \(https:\/\/dequeuniversity\.com\/rules\/axe\/[\d.]+\/label/);
    expect(failure).toMatch(/\n {2}color-contrast \(serious\): Elements must meet minimum color contrast ratio thresholds/);
    expect(failure).toContain('<input name="q">');
    expect(failure).toContain('<p class="faint">Hard to read</p>');
    // axe ran without anything the page would log: the console test fails a page on any console error.
    expect(consoleErrors).toEqual([]);
  }, 30_000);

  test('a clean page passes, answering its milder findings; after a navigation axe is loaded again', async () => {
    await tab.goto(`${base}/bad`);
    await expect(expectAccessible(tab, 'the bad page')).rejects.toThrow(/label \(critical\)/);
    await tab.goto(`${base}/good`);
    const mild = await expectAccessible(tab, 'the good page');
    expect(mild.every((v) => v.impact === 'moderate' || v.impact === 'minor')).toBe(true);
    // Again on the same document: axe is still there and answers the same.
    expect(await expectAccessible(tab, 'the good page')).toEqual(mild);
  }, 30_000);

  test('layoutOf measures the structure in document order: boxes, counts of what is rendered, no overflow', async () => {
    await tab.goto(`${base}/layout`);
    const layout = await layoutOf(tab);
    expect(layout).toMatchObject({ viewport_width: 1280, scroll_width: 1280, overflowing: [] });
    expect(layout.counts).toEqual({ 'header.topbar': 1, nav: 1, 'main h1': 1, 'main > *': 3, '.panel': 2, '.card': 0, '.table-wrap': 1, table: 1, form: 1, '.pager': 0, '.drawer': 0 });
    expect(layout.elements.map((e) => e.selector)).toEqual(['header.topbar', 'nav', 'main h1', 'main > *', 'main > *', '.panel', 'form', 'main > *', '.panel', '.table-wrap', 'table']);
    const topbar = layout.elements[0]?.box;
    expect(topbar).toMatchObject({ x: 0, y: 0, width: 1280 });
    expect(topbar?.height).toBeGreaterThan(10);
    const panels = layout.elements.filter((e) => e.selector === '.panel').map((e) => e.box);
    expect(panels.map((p) => p.x)).toEqual([160, 160]); // (1280 - 960 - 2 × 16) / 2, then main's padding
    expect(panels.map((p) => p.width)).toEqual([960, 960]);
    expect(panels[1]!.y).toBeGreaterThan(panels[0]!.y + panels[0]!.height);
  }, 30_000);

  test('expectLayoutLike writes a missing baseline, then holds the page to it; under CI a missing one fails', async () => {
    const options = (env: NodeJS.ProcessEnv): Partial<LayoutBaselineOptions> => ({ baseline_dir: path.join(scratch, 'baseline'), screenshot_dir: path.join(scratch, 'shots'), env });
    await tab.goto(`${base}/layout`);
    await expect(expectLayoutLike(tab, 'payments-desktop', options({ CI: 'true' }))).rejects.toThrow(/No layout baseline .*payments-desktop\.json: run the test once without CI=true/);
    await expectLayoutLike(tab, 'payments-desktop', options({}));
    const written = readFileSync(path.join(scratch, 'baseline', 'payments-desktop.json'), 'utf8');
    expect(Object.keys(JSON.parse(written))).toEqual(['counts', 'elements', 'overflowing', 'scroll_height', 'scroll_width', 'viewport_width']);
    expect(written.endsWith('}\n')).toBe(true);
    expect(readFileSync(path.join(scratch, 'shots', 'payments-desktop.png')).subarray(1, 4).toString()).toBe('PNG');
    await expectLayoutLike(tab, 'payments-desktop', options({ CI: 'true' }));

    await tab.goto(`${base}/layout-changed`);
    const failure = await expectLayoutLike(tab, 'payments-desktop', options({ CI: 'true' })).then(() => null, (error: Error) => error.message);
    expect(failure).toMatch(/^The layout of payments-desktop is not its baseline's/);
    expect(failure).toContain('scrolls sideways: 2160 px of content in a 1280 px viewport (past the right edge: table.wide, tbody, tr, td)');
    expect(failure).toContain('table: 1 reaches past the 1280 px viewport (the farthest to 2160 px)');
    expect(failure).toContain('.panel: none any more, the baseline had 2');
    expect(failure).toContain('.table-wrap: none any more, the baseline had 1');
    expect(failure).toContain('UPDATE_CONSOLE_BASELINE=1');
    // A layout change meant: the baseline is rewritten; what no baseline can bless is a page wider than the screen.
    await expectLayoutLike(tab, 'payments-desktop', options({ CI: 'true', UPDATE_CONSOLE_BASELINE: '1' }));
    const after = await expectLayoutLike(tab, 'payments-desktop', options({ CI: 'true' })).then(() => null, (error: Error) => error.message);
    expect(after?.split('\n').slice(1, -1)).toEqual([
      '  scrolls sideways: 2160 px of content in a 1280 px viewport (past the right edge: table.wide, tbody, tr, td)',
      '  main > *: 1 reaches past the 1280 px viewport (the farthest to 2160 px)',
      '  table: 1 reaches past the 1280 px viewport (the farthest to 2160 px)',
    ]);
  }, 30_000);
});
