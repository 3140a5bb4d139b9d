import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '@payrail/testing';
import type { Page } from 'playwright-core';
import { evaluateWithin } from './evaluateWithin';

// A loose layout check of the console's pages: the boxes of their structure, not their pixels, are
// held to a committed baseline. The data on a page changes from run to run (times, rows, counts), so
// what is compared is what a layout regression changes: the top bar, the navigation and the heading
// moving, a kind of block appearing or vanishing, blocks changing width, something wider than the
// screen, a page of a very different height.

/**
 * The structure measured, in this order per element: the chrome (top bar, navigation, heading),
 * main's own children, then the blocks pages are built of. `nav` is the console's navigation first,
 * then any pager (a `nav.pager`).
 */
export const LAYOUT_SELECTORS = ['header.topbar', 'nav', 'main h1', 'main > *', '.panel', '.card', '.table-wrap', 'table', 'form', '.pager', '.drawer'] as const;
export type LayoutSelector = (typeof LAYOUT_SELECTORS)[number];
/** The chrome: its first match may not move or change size. */
const CHROME: readonly LayoutSelector[] = ['header.topbar', 'nav', 'main h1'];
/** The blocks whose widest may change by no more than a share of the viewport. */
const WIDTHS_COMPARED: readonly LayoutSelector[] = ['main > *', '.panel', '.card', '.table-wrap', 'table', 'form'];

/** How far the chrome may move or grow: less than a line of text. */
const CHROME_TOLERANCE_PX = 16;
/** How much the widest block of a kind may change, as a share of the viewport's width. */
const WIDTH_TOLERANCE_SHARE = 0.1;
/** The page may be this many times taller or shorter than its baseline (lists grow with the data). */
const HEIGHT_FACTOR_MAX = 2;
/** Elements kept in a layout, and elements past the right edge named in one. */
const ELEMENTS_MAX = 400;
const OVERFLOWING_MAX = 10;
/** Measuring a page or screenshotting it takes well under a second; this bounds a page that hangs. */
const PAGE_TIMEOUT_MS = 15_000;

const BASELINE_DIR = path.join(REPO_ROOT, 'services', 'api-gateway', 'src', 'console', 'baseline');
const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-output', 'console');

/** Whole CSS pixels, in the document's coordinates (a fixed element's in the viewport's). */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LayoutElement {
  selector: LayoutSelector;
  box: Box;
  /** Inside an element that scrolls or clips sideways (a `.table-wrap`), so it may be wider than the screen. */
  in_scroller: boolean;
}

export interface Layout {
  viewport_width: number;
  scroll_width: number;
  scroll_height: number;
  /** Per selector of LAYOUT_SELECTORS, how many rendered elements match it (display: none ones do not count). */
  counts: Record<LayoutSelector, number>;
  /** Each rendered element once per selector it matches, in document order (the first ELEMENTS_MAX). */
  elements: LayoutElement[];
  /** Elements that reach past the viewport's right edge outside any scroller (tag.class), the first OVERFLOWING_MAX. */
  overflowing: string[];
}

const MEASURE = `(() => {
  const selectors = ${JSON.stringify(LAYOUT_SELECTORS)};
  const viewport = document.documentElement.clientWidth;
  const rendered = (el) => el.getClientRects().length > 0;
  const ancestors = (el) => { const found = []; for (let a = el.parentElement; a !== null && a !== document.body && a !== document.documentElement; a = a.parentElement) found.push(a); return found; };
  const inScroller = (el) => ancestors(el).some((a) => getComputedStyle(a).overflowX !== 'visible');
  const isFixed = (el) => [el, ...ancestors(el)].some((a) => getComputedStyle(a).position === 'fixed');
  const box = (el) => {
    const r = el.getBoundingClientRect();
    const [dx, dy] = isFixed(el) ? [0, 0] : [window.scrollX, window.scrollY];
    return { x: Math.round(r.x + dx), y: Math.round(r.y + dy), width: Math.round(r.width), height: Math.round(r.height) };
  };
  const counts = {};
  for (const selector of selectors) counts[selector] = [...document.querySelectorAll(selector)].filter(rendered).length;
  const elements = [];
  for (const el of document.querySelectorAll(selectors.join(', '))) {
    if (!rendered(el)) continue;
    for (const selector of selectors) if (el.matches(selector) && elements.length < ${ELEMENTS_MAX}) elements.push({ selector, box: box(el), in_scroller: inScroller(el) });
  }
  const name = (el) => el.tagName.toLowerCase() + [...el.classList].map((c) => '.' + c).join('');
  const overflowing = [...document.body.querySelectorAll('*')]
    .filter((el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.right > viewport + 1; })
    .filter((el) => !inScroller(el)).slice(0, ${OVERFLOWING_MAX}).map(name);
  return { viewport_width: viewport, scroll_width: document.documentElement.scrollWidth, scroll_height: document.documentElement.scrollHeight, counts, elements, overflowing };
})()`;

/** The page's layout as it is now: its width, its height, and the boxes of its structure. */
export async function layoutOf(page: Page): Promise<Layout> {
  return evaluateWithin<Layout>(page, MEASURE, PAGE_TIMEOUT_MS, `the layout of ${page.url()}`);
}

/** The differences between a baseline and a page's layout that a person would call a regression; [] when alike. */
export function compareLayout(baseline: Layout, actual: Layout): string[] {
  const viewport = actual.viewport_width;
  // A phone's layout compared with a desktop's says nothing more than that.
  if (baseline.viewport_width !== viewport) return [`viewport ${viewport} px wide, the baseline's ${baseline.viewport_width} px: compare a page with the baseline of its own viewport`];
  const differences: string[] = [];
  if (actual.scroll_width > viewport) {
    const past = actual.overflowing.length === 0 ? '' : ` (past the right edge: ${actual.overflowing.join(', ')})`;
    differences.push(`scrolls sideways: ${actual.scroll_width} px of content in a ${viewport} px viewport${past}`);
  }
  for (const selector of LAYOUT_SELECTORS) {
    const tooWide = actual.elements.filter((e) => e.selector === selector && !e.in_scroller && e.box.x + e.box.width > viewport + 1);
    if (tooWide.length > 0) differences.push(`${selector}: ${tooWide.length === 1 ? '1 reaches' : `${tooWide.length} reach`} past the ${viewport} px viewport (the farthest to ${Math.max(...tooWide.map((e) => e.box.x + e.box.width))} px)`);
  }
  for (const selector of LAYOUT_SELECTORS) {
    const was = baseline.counts[selector];
    const now = actual.counts[selector];
    if (was === undefined) {
      differences.push(`${selector}: the baseline has no count of it (it predates the selector list): rewrite the baseline`);
    } else if (was > 0 && now === 0) {
      differences.push(`${selector}: none any more, the baseline had ${was}`);
    } else if (was === 0 && now > 0) {
      differences.push(`${selector}: ${now} now, the baseline had none`);
    }
  }
  for (const selector of CHROME) {
    const was = firstBox(baseline, selector);
    const now = firstBox(actual, selector);
    if (was === undefined || now === undefined) continue; // Gone or new: the counts said so.
    // The heading is as wide as its text (a payment's id, a date): its width is held like a block's.
    const widthTolerance = selector === 'main h1' ? widthTolerancePx(viewport) : CHROME_TOLERANCE_PX;
    const moved = (['x', 'y', 'width', 'height'] as const).flatMap((side) => {
      const tolerance = side === 'width' ? widthTolerance : CHROME_TOLERANCE_PX;
      return Math.abs(was[side] - now[side]) > tolerance ? [`${side} ${was[side]} → ${now[side]} px (±${tolerance})`] : [];
    });
    if (moved.length > 0) differences.push(`${selector} moved or changed size: ${moved.join(', ')}`);
  }
  for (const selector of WIDTHS_COMPARED) {
    const was = widest(baseline, selector);
    const now = widest(actual, selector);
    if (was === undefined || now === undefined) continue;
    if (Math.abs(was - now) > widthTolerancePx(viewport)) differences.push(`${selector}: the widest is ${now} px, the baseline's ${was} px (more than ${WIDTH_TOLERANCE_SHARE * 100} % of the viewport)`);
  }
  if (actual.scroll_height > baseline.scroll_height * HEIGHT_FACTOR_MAX || actual.scroll_height * HEIGHT_FACTOR_MAX < baseline.scroll_height) {
    differences.push(`page ${actual.scroll_height} px tall, the baseline's ${baseline.scroll_height} px (more than ${HEIGHT_FACTOR_MAX} times taller or shorter)`);
  }
  return differences;
}

export interface LayoutBaselineOptions {
  /** Where NAME.json baselines are read and written (committed). */
  baseline_dir: string;
  /** Where NAME.png screenshots go (not committed). */
  screenshot_dir: string;
  /** CI=true: a missing baseline fails; UPDATE_CONSOLE_BASELINE=1: the baseline is rewritten. */
  env: NodeJS.ProcessEnv;
}

const DEFAULTS: LayoutBaselineOptions = { baseline_dir: BASELINE_DIR, screenshot_dir: SCREENSHOT_DIR, env: process.env };

/**
 * Screenshots the whole page to test-output/console/NAME.png and holds its layout to
 * baseline/NAME.json. Without a baseline, or with UPDATE_CONSOLE_BASELINE=1, it writes one (commit
 * it) and passes; under CI=true a missing baseline fails.
 */
export async function expectLayoutLike(page: Page, name: string, options: Partial<LayoutBaselineOptions> = {}): Promise<void> {
  const { baseline_dir, screenshot_dir, env } = { ...DEFAULTS, ...options };
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) throw new Error(`Layout baseline name '${name}': use lower-case letters, digits and dashes (it names a file).`);
  mkdirSync(screenshot_dir, { recursive: true });
  const screenshot = path.join(screenshot_dir, `${name}.png`);
  await page.screenshot({ path: screenshot, fullPage: true, timeout: PAGE_TIMEOUT_MS });
  const actual = await layoutOf(page);
  const file = path.join(baseline_dir, `${name}.json`);
  const [shown, shot] = [path.relative(REPO_ROOT, file), path.relative(REPO_ROOT, screenshot)];
  const exists = existsSync(file);
  if (env['UPDATE_CONSOLE_BASELINE'] === '1' || (!exists && env['CI'] !== 'true')) {
    mkdirSync(baseline_dir, { recursive: true });
    writeFileSync(file, stableJson(actual));
    return;
  }
  if (!exists) throw new Error(`No layout baseline ${shown}: run the test once without CI=true (or with UPDATE_CONSOLE_BASELINE=1), look at ${shot} and commit the baseline.`);
  const differences = compareLayout(readBaseline(file, shown), actual);
  if (differences.length > 0) {
    throw new Error(`The layout of ${name} is not its baseline's (${shown}; screenshot ${shot}):\n  ${differences.join('\n  ')}\nA change meant? Rewrite the baseline with UPDATE_CONSOLE_BASELINE=1 and commit it.`);
  }
}

function firstBox(layout: Layout, selector: LayoutSelector): Box | undefined {
  return layout.elements.find((e) => e.selector === selector)?.box;
}

function widest(layout: Layout, selector: LayoutSelector): number | undefined {
  const widths = layout.elements.filter((e) => e.selector === selector).map((e) => e.box.width);
  return widths.length === 0 ? undefined : Math.max(...widths);
}

function widthTolerancePx(viewport_width: number): number {
  return Math.max(CHROME_TOLERANCE_PX, Math.round(viewport_width * WIDTH_TOLERANCE_SHARE));
}

/** Pretty JSON with every object's keys sorted, so a rewritten baseline differs only where the layout did. */
function stableJson(value: unknown): string {
  const sorted = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sorted);
    if (v === null || typeof v !== 'object') return v;
    return Object.fromEntries(Object.keys(v).sort().map((key) => [key, sorted((v as Record<string, unknown>)[key])]));
  };
  return `${JSON.stringify(sorted(value), null, 2)}\n`;
}

/** A baseline as read, checked before it is trusted: a file of another shape says how to fix it. */
function readBaseline(file: string, shown: string): Layout {
  const rewrite = `rewrite it with UPDATE_CONSOLE_BASELINE=1 and commit it`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`Layout baseline ${shown} is not JSON (${(error as Error).message}): ${rewrite}.`);
  }
  const layout = parsed as Partial<Layout> | null;
  const wellFormed = typeof layout === 'object' && layout !== null
    && typeof layout.viewport_width === 'number' && typeof layout.scroll_width === 'number' && typeof layout.scroll_height === 'number'
    && typeof layout.counts === 'object' && layout.counts !== null && Array.isArray(layout.elements) && Array.isArray(layout.overflowing);
  if (!wellFormed) throw new Error(`Layout baseline ${shown} is not a layout of this format (viewport_width, scroll_width, scroll_height, counts, elements, overflowing): ${rewrite}.`);
  return layout as Layout;
}
