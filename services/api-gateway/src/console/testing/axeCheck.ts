import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { evaluateWithin } from './evaluateWithin';

/** axe-core's own browser bundle, read once per test file. */
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
/** WCAG 2.0 and 2.1 at levels A and AA, and axe's best practices. */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] as const;
/** The impacts that fail a page; moderate and minor ones are answered, for a test to look at. */
const FAILING_IMPACTS: ReadonlySet<string> = new Set(['serious', 'critical']);
/** Loading axe or running it on a console page takes well under a second; this bounds a page that hangs. */
const AXE_TIMEOUT_MS = 20_000;
/** Elements carried back per rule, and shown per rule in a failure (with this much of their html). */
const NODES_KEPT_MAX = 10;
const NODES_SHOWN_MAX = 3;
const HTML_SHOWN_MAX = 160;

export interface AxeViolation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  help_url: string;
  /** How many elements break the rule; `nodes` holds the first NODES_KEPT_MAX of them. */
  node_count: number;
  nodes: Array<{ target: string[]; html: string }>;
}

// The page has no inline script to run: the console's Content-Security-Policy says script-src 'self',
// so page.addScriptTag({content}) is refused (and logs a console error). Source handed to
// page.evaluate goes through the DevTools protocol, which the policy does not govern.
// `iframes: false`: the console has no frames, and axe would wait for frames that have no axe in them.
const RUN_AXE = `window.axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(AXE_TAGS)} }, resultTypes: ['violations'], iframes: false })
  .then((result) => result.violations.map((v) => ({
    id: v.id, impact: v.impact ?? null, help: v.help, help_url: v.helpUrl, node_count: v.nodes.length,
    nodes: v.nodes.slice(0, ${NODES_KEPT_MAX}).map((n) => ({ target: n.target.map(String), html: n.html })),
  })))`;

/** Runs axe-core in the page as it is now and answers every violation of AXE_TAGS' rules. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const loaded = (): Promise<boolean> => evaluateWithin(page, 'typeof window.axe?.run === "function"', AXE_TIMEOUT_MS, 'the page to answer');
  // A hash route keeps the document, and axe with it; a navigation starts a new one without.
  if (!(await loaded())) await evaluateWithin(page, AXE_SOURCE, AXE_TIMEOUT_MS, 'axe-core to load in the page');
  if (!(await loaded())) throw new Error('axe-core did not load in the page: window.axe.run is not a function after evaluating its source.');
  return evaluateWithin(page, RUN_AXE, AXE_TIMEOUT_MS, `axe-core to check ${page.url()}`);
}

/** What a failing check says: each rule with its impact, help and link, and its first elements. */
function violationReport(label: string, violations: readonly AxeViolation[]): string {
  const rules = violations.map((v) => {
    const more = v.node_count > NODES_SHOWN_MAX ? `\n    … and ${v.node_count - NODES_SHOWN_MAX} more` : '';
    const nodes = v.nodes.slice(0, NODES_SHOWN_MAX).map((n) => `    ${n.target.join(' ')}\n      ${oneLine(n.html)}`);
    return `  ${v.id} (${v.impact ?? 'no impact'}): ${v.help} (${v.help_url})\n${nodes.join('\n')}${more}`;
  });
  return `axe-core found ${violations.length} serious or critical violation(s) on ${label}:\n${rules.join('\n')}`;
}

/**
 * Fails, naming every rule, when axe finds a violation of serious or critical impact on the page;
 * otherwise answers the moderate and minor ones.
 */
export async function expectAccessible(page: Page, label: string): Promise<AxeViolation[]> {
  const violations = await axeViolations(page);
  const failing = violations.filter((v) => v.impact !== null && FAILING_IMPACTS.has(v.impact));
  if (failing.length > 0) throw new Error(violationReport(label, failing));
  return violations;
}

function oneLine(html: string): string {
  const flat = html.replace(/\s+/g, ' ').trim();
  return flat.length > HTML_SHOWN_MAX ? `${flat.slice(0, HTML_SHOWN_MAX)}…` : flat;
}
