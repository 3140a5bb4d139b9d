import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { parseEnv } from 'node:util';
import { ServiceMetrics } from '@payrail/service-kit';
import * as ts from 'typescript';
import { parse } from 'yaml';
import { REPO_ROOT } from './startCommand';

// The Grafana dashboards in ops/grafana/dashboards chart what the services export, and Prometheus scrapes
// every service: this holds both to the code. What a service exports is read from its source (every
// prom-client instrument it creates, by its literal name), so renaming a metric fails here until the
// dashboards follow; prom-client's default metrics are read from a live ServiceMetrics registry.

type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary';

/** One metric family a service creates, as the source says. */
interface Family {
  type: MetricType;
  /** Its label names; null when the source gives them by a name this scan cannot resolve. */
  labels: Set<string> | null;
  services: Set<string>;
  where: string;
}

interface SourceScan {
  families: Map<string, Family>;
  /** Service folders whose app answers GET /metrics. */
  servesMetrics: Set<string>;
  /** The `service` label each service folder's ServiceMetrics stamps on its samples. */
  serviceLabel: Map<string, string>;
  problems: string[];
}

const OPS = path.join(REPO_ROOT, 'ops');
const INSTRUMENT_METHODS: ReadonlyMap<string, MetricType> = new Map([['counter', 'counter'], ['gauge', 'gauge'], ['histogram', 'histogram'], ['summary', 'summary']]);
const INSTRUMENT_CLASSES: ReadonlyMap<string, MetricType> = new Map([['Counter', 'counter'], ['Gauge', 'gauge'], ['Histogram', 'histogram'], ['Summary', 'summary']]);
// ServiceMetrics' factories pass their caller's name through; every other instrument must name itself.
const FACTORY_FILE = path.join('shared', 'service-kit', 'src', 'metrics.ts');
// Files that cannot create an instrument or serve /metrics are not parsed (a speed-up, nothing more).
const MAY_MATTER = /\.\s*(?:counter|gauge|histogram|summary)\s*\(|new\s+(?:Counter|Gauge|Histogram|Summary|ServiceMetrics)\b|extends\s+ServiceMetrics|withMetrics\s*\(|['"`]\/metrics['"`]/;
// Labels Prometheus adds to every scraped sample.
const TARGET_LABELS = ['job', 'instance'];
// Series Prometheus itself writes for each scrape.
const SCRAPE_SERIES = ['up', 'scrape_duration_seconds', 'scrape_samples_scraped', 'scrape_samples_post_metric_relabeling', 'scrape_series_added'];

const serviceDirs = readdirSync(path.join(REPO_ROOT, 'services'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);

function sourceFiles(root: string): string[] {
  return (readdirSync(root, { recursive: true }) as string[])
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.endsWith('.d.ts'))
    .filter((file) => !file.split(path.sep).some((part) => part === 'testing' || part === 'node_modules' || part === 'dist'))
    .map((file) => path.join(root, file));
}

const literal = (node: ts.Node | undefined): string | null => (node !== undefined && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : null);

function labelsOf(node: ts.Node | undefined): Set<string> | null {
  if (node === undefined) return new Set();
  if (!ts.isArrayLiteralExpression(node)) return null;
  const names = node.elements.map((e) => literal(e));
  return names.every((n): n is string => n !== null) ? new Set(names) : null;
}

/** Every instrument created in services/*\/src (that service's) and shared/*\/src (every service's). */
function scanSource(): SourceScan {
  const scan: SourceScan = { families: new Map(), servesMetrics: new Set(), serviceLabel: new Map(), problems: [] };
  const roots = [
    ...serviceDirs.map((dir) => ({ root: path.join(REPO_ROOT, 'services', dir, 'src'), services: [dir], dir })),
    ...readdirSync(path.join(REPO_ROOT, 'shared')).filter((p) => p !== 'testing').map((p) => ({ root: path.join(REPO_ROOT, 'shared', p, 'src'), services: serviceDirs, dir: null })),
  ];
  for (const { root, services, dir } of roots) {
    let files: string[] = [];
    try {
      files = sourceFiles(root);
    } catch {
      continue;
    }
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      if (!MAY_MATTER.test(text)) continue;
      const relative = path.relative(REPO_ROOT, file);
      const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
      const record = (name: string | null, type: MetricType, labels: Set<string> | null, node: ts.Node): void => {
        const where = `${relative}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
        if (name === null) {
          if (relative !== FACTORY_FILE) scan.problems.push(`${where}: a ${type} whose name is not a string literal (this test could not see it)`);
          return;
        }
        const known = scan.families.get(name);
        if (known !== undefined && known.type !== type) scan.problems.push(`${where}: ${name} is a ${type} here and a ${known.type} at ${known.where}`);
        const family = known ?? { type, labels, services: new Set<string>(), where };
        if (known !== undefined && known.labels !== null && labels !== null) for (const label of labels) known.labels.add(label);
        for (const service of services) family.services.add(service);
        scan.families.set(name, family);
      };
      const visit = (node: ts.Node): void => {
        if (ts.isCallExpression(node)) {
          const callee = node.expression;
          const method = ts.isPropertyAccessExpression(callee) ? INSTRUMENT_METHODS.get(callee.name.text) : undefined;
          if (method !== undefined && node.arguments.length > 0) record(literal(node.arguments[0]), method, labelsOf(node.arguments[2]), node);
          if (ts.isIdentifier(callee) && callee.text === 'withMetrics' && dir !== null) scan.servesMetrics.add(dir);
          if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'get' && literal(node.arguments[0]) === '/metrics' && dir !== null) scan.servesMetrics.add(dir);
          if (callee.kind === ts.SyntaxKind.SuperKeyword && dir !== null) {
            const owner = ts.findAncestor(node, ts.isClassDeclaration);
            const extendsServiceMetrics = owner?.heritageClauses?.some((h) => h.types.some((t) => t.expression.getText(source) === 'ServiceMetrics')) === true;
            const label = literal(node.arguments[0]);
            if (extendsServiceMetrics && label !== null) scan.serviceLabel.set(dir, label);
          }
        }
        if (ts.isNewExpression(node) && ts.isIdentifier(node.expression)) {
          const type = INSTRUMENT_CLASSES.get(node.expression.text);
          const options = node.arguments?.[0];
          if (type !== undefined && options !== undefined && ts.isObjectLiteralExpression(options)) {
            const property = (key: string): ts.Node | undefined => {
              const found = options.properties.find((p) => p.name !== undefined && ts.isIdentifier(p.name) && p.name.text === key);
              return found !== undefined && ts.isPropertyAssignment(found) ? found.initializer : found;
            };
            record(literal(property('name')), type, labelsOf(property('labelNames')), node);
          }
          const label = literal(node.arguments?.[0]);
          if (node.expression.text === 'ServiceMetrics' && dir !== null && label !== null) scan.serviceLabel.set(dir, label);
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
  }
  return scan;
}

/** One series name Prometheus stores, with the labels its samples carry and the services that export it. */
interface Series {
  labels: Set<string> | null;
  services: Set<string>;
}

/** The series names a family exposes: histograms add _bucket (with le), _sum and _count; summaries quantile, _sum and _count. */
function seriesOf(name: string, family: Family, common: readonly string[]): Array<[string, Series]> {
  const labels = (extra: string[]): Set<string> | null => (family.labels === null ? null : new Set([...family.labels, ...common, ...extra]));
  const one = (extra: string[] = []): Series => ({ labels: labels(extra), services: family.services });
  if (family.type === 'histogram') return [[`${name}_bucket`, one(['le'])], [`${name}_sum`, one()], [`${name}_count`, one()]];
  if (family.type === 'summary') return [[name, one(['quantile'])], [`${name}_sum`, one()], [`${name}_count`, one()]];
  return [[name, one()]];
}

// --- A PromQL scanner: enough of the grammar to find every series name, label matcher and grouping label.

const AGGREGATIONS = new Set(['sum', 'min', 'max', 'avg', 'group', 'stddev', 'stdvar', 'count', 'count_values', 'bottomk', 'topk', 'quantile', 'limitk', 'limit_ratio']);
const FUNCTIONS = new Set([
  ...'abs absent absent_over_time ceil changes clamp clamp_max clamp_min day_of_month day_of_week day_of_year days_in_month delta deriv exp floor'.split(' '),
  ...'histogram_avg histogram_count histogram_fraction histogram_quantile histogram_stddev histogram_stdvar histogram_sum double_exponential_smoothing'.split(' '),
  ...'hour idelta increase info irate label_join label_replace ln log2 log10 minute month predict_linear rate resets round scalar sgn sort sort_desc'.split(' '),
  ...'sort_by_label sort_by_label_desc sqrt time timestamp vector year avg_over_time min_over_time max_over_time sum_over_time count_over_time'.split(' '),
  ...'quantile_over_time stddev_over_time stdvar_over_time last_over_time present_over_time mad_over_time acos acosh asin asinh atan atanh cos cosh'.split(' '),
  ...'sin sinh tan tanh deg rad pi start end'.split(' '),
]);
const GROUPING = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right']);
const KEYWORDS = new Set(['and', 'or', 'unless', 'bool', 'offset', 'atan2', 'inf', 'nan']);

interface Matcher {
  label: string;
  op: string;
  value: string;
}

interface ParsedQuery {
  selectors: Array<{ name: string | null; matchers: Matcher[] }>;
  grouping: string[];
  problems: string[];
}

/** The selectors, grouping labels and unknown functions of one query (Grafana's $variables allowed). */
function parsePromQl(expr: string): ParsedQuery {
  const parsed: ParsedQuery = { selectors: [], grouping: [], problems: [] };
  let i = 0;
  const skipSpace = (): void => {
    while (i < expr.length && /\s/.test(expr[i] ?? '')) i += 1;
  };
  const read = (pattern: RegExp): string | null => {
    pattern.lastIndex = i;
    const match = pattern.exec(expr);
    if (match === null) return null;
    i += match[0].length;
    return match[0];
  };
  const readString = (): string => {
    const quote = expr[i];
    let value = '';
    for (i += 1; i < expr.length && expr[i] !== quote; i += 1) {
      if (expr[i] === '\\' && quote !== '`') i += 1;
      value += expr[i] ?? '';
    }
    if (i >= expr.length) parsed.problems.push(`unterminated string in ${expr}`);
    i += 1;
    return value;
  };
  const isQuote = (c: string | undefined): boolean => c === '"' || c === "'" || c === '`';
  const readMatchers = (): { name: string | null; matchers: Matcher[] } => {
    const selector: { name: string | null; matchers: Matcher[] } = { name: null, matchers: [] };
    i += 1;
    for (;;) {
      skipSpace();
      if (expr[i] === ',') i += 1;
      skipSpace();
      if (i >= expr.length) {
        parsed.problems.push(`unclosed { in ${expr}`);
        return selector;
      }
      if (expr[i] === '}') {
        i += 1;
        return selector;
      }
      const label = isQuote(expr[i]) ? readString() : read(/[A-Za-z_][A-Za-z0-9_]*/y);
      skipSpace();
      const op = read(/=~|!~|!=|=/y);
      if (label === null) {
        parsed.problems.push(`unexpected ${expr[i] ?? 'end'} in the matchers of ${expr}`);
        return selector;
      }
      if (op === null) {
        selector.name = label; // Prometheus 3's quoted metric name: {"name", ...}
        continue;
      }
      skipSpace();
      if (!isQuote(expr[i])) {
        parsed.problems.push(`the value of ${label} must be a string in ${expr}`);
        return selector;
      }
      const value = readString();
      if (label === '__name__' && op === '=') selector.name = value;
      else selector.matchers.push({ label, op, value });
    }
  };
  while (i < expr.length) {
    const c = expr[i] ?? '';
    if (/\s/.test(c)) i += 1;
    else if (c === '#') i = expr.includes('\n', i) ? expr.indexOf('\n', i) : expr.length;
    else if (isQuote(c)) readString();
    else if (c === '[') {
      // A range or subquery duration ([5m], [$__rate_interval], [1h:1m]): no series in it.
      const end = expr.indexOf(']', i);
      if (end < 0) parsed.problems.push(`unclosed [ in ${expr}`);
      i = end < 0 ? expr.length : end + 1;
    } else if (c === '{') {
      const selector = readMatchers();
      if (selector.name === null) parsed.problems.push(`a selector without a metric name in ${expr}`);
      parsed.selectors.push(selector);
    } else if (c === '$') {
      i += 1;
      if (expr[i] === '{') i = expr.indexOf('}', i) + 1 || expr.length;
      else read(/[A-Za-z0-9_]*/y);
    } else if (/[0-9.]/.test(c)) read(/[0-9A-Za-z_.]+/y);
    else if (/[A-Za-z_:]/.test(c)) {
      const word = read(/[A-Za-z_:][A-Za-z0-9_:]*/y) ?? '';
      const lower = word.toLowerCase();
      skipSpace();
      if (GROUPING.has(lower)) {
        if (expr[i] === '(') {
          const end = expr.indexOf(')', i);
          const inside = expr.slice(i + 1, end < 0 ? expr.length : end);
          parsed.grouping.push(...inside.split(',').map((l) => l.trim().replace(/^["'`]|["'`]$/g, '')).filter((l) => l !== ''));
          i = end < 0 ? expr.length : end + 1;
        }
      } else if (KEYWORDS.has(lower)) continue;
      else if (AGGREGATIONS.has(lower) || expr[i] === '(') {
        if (!AGGREGATIONS.has(lower) && !FUNCTIONS.has(lower)) parsed.problems.push(`unknown function ${word}() in ${expr}`);
      } else if (expr[i] === '{') {
        const selector = readMatchers();
        parsed.selectors.push({ name: selector.name ?? word, matchers: selector.matchers });
      } else parsed.selectors.push({ name: word, matchers: [] });
    } else i += 1;
  }
  return parsed;
}

/** What is wrong with one query against the series the services export (nothing: []). */
function queryProblems(expr: string, exported: ReadonlyMap<string, Series>, services: readonly string[]): string[] {
  const parsed = parsePromQl(expr);
  const problems = [...parsed.problems];
  if (parsed.selectors.length === 0) problems.push(`no series in ${expr}`);
  const labelsInQuery = new Set(TARGET_LABELS);
  for (const { name, matchers } of parsed.selectors) {
    if (name === null) continue;
    const series = exported.get(name);
    if (series === undefined) {
      problems.push(`${name} is not exported by any service (${expr})`);
      continue;
    }
    for (const label of series.labels ?? []) labelsInQuery.add(label);
    for (const { label, op, value } of matchers) {
      if (series.labels !== null && !series.labels.has(label) && !TARGET_LABELS.includes(label)) problems.push(`${name} has no label ${label} (${expr})`);
      // service="x" or job="x": x must be a service, and one that exports the series.
      if ((label === 'service' || label === 'job') && op === '=' && !value.includes('$')) {
        if (!services.includes(value)) problems.push(`${label}="${value}" is not a PayRail service (${expr})`);
        else if (!series.services.has(value)) problems.push(`${value} does not export ${name} (${expr})`);
      }
    }
  }
  // Grouping labels are checked only when every series of the query, and all its labels, are known.
  const allKnown = parsed.selectors.every(({ name }) => name !== null && (exported.get(name)?.labels ?? null) !== null);
  if (allKnown) for (const label of parsed.grouping) if (!labelsInQuery.has(label)) problems.push(`no series of the query has the label ${label} it groups by (${expr})`);
  return problems;
}

/** A template variable's query: Grafana's label_values(selector, label), query_result(expr), or PromQL. */
function variableProblems(query: string, exported: ReadonlyMap<string, Series>, services: readonly string[]): string[] {
  const labelValues = /^\s*label_values\(\s*(?:(.+),)?\s*([A-Za-z_][A-Za-z0-9_]*)\s*\)\s*$/.exec(query);
  if (labelValues !== null) {
    const [, selector, label = ''] = labelValues;
    if (selector === undefined) return [];
    const problems = queryProblems(selector, exported, services);
    const names = parsePromQl(selector).selectors.map((s) => s.name);
    const has = names.some((n) => n !== null && (exported.get(n)?.labels?.has(label) ?? true));
    return has || TARGET_LABELS.includes(label) ? problems : [...problems, `no series of ${selector} has the label ${label}`];
  }
  const queryResult = /^\s*query_result\((.+)\)\s*$/.exec(query);
  return queryProblems(queryResult?.[1] ?? query, exported, services);
}

// --- What the repository holds.

interface DataSource {
  name: string;
  uid: string;
  type: string;
  url: string;
}

interface Panel {
  id?: number;
  type: string;
  title?: string;
  datasource?: { type?: string; uid?: string } | string | null;
  targets?: Array<{ refId?: string; datasource?: { type?: string; uid?: string }; expr?: string }>;
  gridPos?: { h: number; w: number; x: number; y: number };
  panels?: Panel[];
}

interface Dashboard {
  id: number | null;
  uid: string;
  title: string;
  schemaVersion: number;
  panels: Panel[];
  templating?: { list: Array<{ name: string; type: string; datasource?: { type?: string; uid?: string }; query?: string | { query?: string } }> };
  annotations?: { list: Array<{ builtIn?: number; datasource?: { type?: string; uid?: string } }> };
}

interface ComposeService {
  build?: { dockerfile: string };
  image?: string;
  command?: string[];
  volumes?: string[];
  ports?: string[];
  expose?: string[];
  environment?: Record<string, string>;
  deploy?: { replicas?: number };
}

interface ScrapeConfig {
  job_name: string;
  metrics_path?: string;
  scheme?: string;
  static_configs?: Array<{ targets: string[] }>;
  dns_sd_configs?: Array<{ names: string[]; type?: string; port?: number }>;
}

const readYaml = <T>(file: string): T => parse(readFileSync(path.join(REPO_ROOT, file), 'utf8'), { merge: true }) as T;
const env = parseEnv(readFileSync(path.join(REPO_ROOT, '.env'), 'utf8')) as Record<string, string>;
const compose = readYaml<{ services: Record<string, ComposeService> }>('docker-compose.yml');
const observability = readYaml<{ services: Record<string, ComposeService> }>('docker-compose.observability.yml');
const dataSources = readYaml<{ datasources: DataSource[] }>('ops/grafana/provisioning/datasources/datasources.yml').datasources;
const providers = readYaml<{ providers: Array<{ type: string; options: { path: string } }> }>('ops/grafana/provisioning/dashboards/dashboards.yml').providers;
const scrapeConfigs = readYaml<{ scrape_configs: ScrapeConfig[] }>('ops/prometheus/prometheus.yml').scrape_configs;
const dashboardDir = path.join(OPS, 'grafana', 'dashboards');
const dashboardFiles = readdirSync(dashboardDir).sort();
const dashboards = dashboardFiles.filter((f) => f.endsWith('.json')).map((file) => ({ file, dashboard: JSON.parse(readFileSync(path.join(dashboardDir, file), 'utf8')) as Dashboard }));

const flatten = (panels: readonly Panel[]): Panel[] => panels.flatMap((p) => [p, ...flatten(p.panels ?? [])]);
const portOf = (dir: string): string => {
  const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'services', dir, 'package.json'), 'utf8')) as { payrail: { port_env: string } };
  return env[pkg.payrail.port_env] ?? '';
};
/** The host path (relative to the repository) mounted at `target` in a compose service, if any. */
const mountedAt = (service: ComposeService | undefined, target: string): string | undefined =>
  service?.volumes?.map((v) => v.split(':')).find(([host, inside]) => host?.startsWith('.') === true && inside === target)?.[0];

const scan = scanSource();
let exported = new Map<string, Series>();

beforeAll(async () => {
  // prom-client's default metrics (process_*, nodejs_*) and ServiceMetrics' own, from a live registry.
  const live = await new ServiceMetrics('dashboards-test').registry.getMetricsAsJSON();
  const common = [...new Set(live.flatMap((m) => m.values.flatMap((v) => Object.keys(v.labels))))].filter((label) => live.every((m) => m.values.every((v) => label in v.labels)));
  const series = new Map<string, Series>();
  for (const [name, family] of scan.families) for (const [sample, s] of seriesOf(name, family, common)) series.set(sample, s);
  for (const metric of live) {
    if (scan.families.has(metric.name)) continue;
    const labels = new Set(metric.values.flatMap((v) => Object.keys(v.labels)));
    const family: Family = { type: String(metric.type) as MetricType, labels, services: new Set(serviceDirs), where: 'prom-client default metrics' };
    for (const [sample, s] of seriesOf(metric.name, family, common)) series.set(sample, s);
  }
  for (const name of SCRAPE_SERIES) series.set(name, { labels: new Set(), services: new Set(serviceDirs) });
  exported = series;
});

describe('the series the services export, read from their source', () => {
  it('names every instrument by a string literal, each with one type', () => {
    expect(scan.problems).toEqual([]);
  });

  it('finds every instrument of a live ServiceMetrics registry but prom-client defaults (the scan sees what services create)', async () => {
    const live = await new ServiceMetrics('dashboards-test').registry.getMetricsAsJSON();
    const missed = live.map((m) => m.name).filter((name) => !scan.families.has(name) && !/^(process|nodejs)_/.test(name));
    expect(missed).toEqual([]);
  });

  it('each service labels its samples service="<its folder>", the job name Prometheus gives it', () => {
    expect(Object.fromEntries(scan.serviceLabel)).toEqual(Object.fromEntries(serviceDirs.map((d) => [d, d])));
  });
});

describe('the query checker', () => {
  // The checker is what keeps the dashboards honest: given two services' instruments, it refuses what a
  // rename, a wrong label or a wrong service would leave in a dashboard.
  const services = ['api-gateway', 'ledger-service'];
  const families: Array<[string, Family]> = [
    ['payments_total', { type: 'counter', labels: new Set(['status', 'provider']), services: new Set(['api-gateway']), where: 'example' }],
    ['payment_duration_seconds', { type: 'histogram', labels: new Set(['outcome']), services: new Set(['api-gateway']), where: 'example' }],
    ['webhook_lag_seconds', { type: 'histogram', labels: new Set(), services: new Set(['ledger-service']), where: 'example' }],
  ];
  const known = new Map(families.flatMap(([name, family]) => seriesOf(name, family, ['service'])));

  it('accepts exported series and refuses a renamed one, a wrong label, a wrong service and an unknown function', () => {
    expect(queryProblems('histogram_quantile(0.99, sum by (le, outcome) (rate(payment_duration_seconds_bucket{service="api-gateway"}[$__rate_interval])))', known, services)).toEqual([]);
    expect(queryProblems('max by (provider) (rate(payments_totals[5m]))', known, services)).toEqual(['payments_totals is not exported by any service (max by (provider) (rate(payments_totals[5m])))']);
    expect(queryProblems('sum by (processor) (rate(payments_total{status="declined"}[5m]))', known, services)).toEqual([expect.stringContaining('has the label processor it groups by')]);
    expect(queryProblems('payments_total{processor="providerA"}', known, services)).toEqual([expect.stringContaining('payments_total has no label processor')]);
    expect(queryProblems('webhook_lag_seconds_bucket{service="api-gateway"}', known, services)).toEqual([expect.stringContaining('api-gateway does not export webhook_lag_seconds_bucket')]);
    expect(queryProblems('payments_total{job="api-gateway-2"}', known, services)).toEqual([expect.stringContaining('job="api-gateway-2" is not a PayRail service')]);
    expect(queryProblems('histogram_quantil(0.99, rate(webhook_lag_seconds_bucket[5m]))', known, services)).toEqual([expect.stringContaining('unknown function histogram_quantil()')]);
    // A histogram's own name is no series: only its _bucket, _sum and _count are.
    expect(queryProblems('payment_duration_seconds', known, services)).toEqual([expect.stringContaining('payment_duration_seconds is not exported')]);
    expect(queryProblems('vector(1)', known, services)).toEqual(['no series in vector(1)']);
    expect(variableProblems('label_values(payments_total, processor)', known, services)).toEqual(['no series of payments_total has the label processor']);
  });

  it('reads every series of a query: binary operators, or vector(), offsets, subqueries, quoted names and $variables', () => {
    const parsed = parsePromQl('sum by (provider) (rate(a_total{x=~"$v", y!="}"}[$__rate_interval] offset 5m)) / on (provider) group_left max({"b"}) or vector(0) > bool 1e-3 unless {__name__="d", e="f"}[1h:1m]');
    expect(parsed.selectors.map((s) => s.name)).toEqual(['a_total', 'b', 'd']);
    expect(parsed.selectors[0]?.matchers).toEqual([{ label: 'x', op: '=~', value: '$v' }, { label: 'y', op: '!=', value: '}' }]);
    expect(parsed.grouping).toEqual(['provider', 'provider']);
    expect(parsed.problems).toEqual([]);
  });
});

describe('ops/grafana', () => {
  const uids = new Map(dataSources.map((d) => [d.uid, d]));

  it('provisions Prometheus and Jaeger, each at a service of docker-compose.observability.yml on a port it listens on', () => {
    expect(dataSources.map((d) => d.type).sort()).toEqual(['jaeger', 'prometheus']);
    expect(uids.size).toBe(dataSources.length);
    for (const source of dataSources) {
      const url = new URL(source.url);
      const service = observability.services[url.hostname];
      expect(service).toBeDefined();
      const ports = [...(service?.expose ?? []), ...(service?.ports ?? []).map((p) => p.split(':').at(-1) ?? '')];
      expect(ports).toContain(url.port);
    }
  });

  it('serves the dashboards folder and the provisioning folder docker-compose.observability.yml mounts', () => {
    const grafana = observability.services['grafana'];
    expect(providers).toHaveLength(1);
    expect(providers[0]?.type).toBe('file');
    expect(mountedAt(grafana, providers[0]?.options.path ?? '')).toBe('./ops/grafana/dashboards');
    expect(mountedAt(grafana, '/etc/grafana/provisioning')).toBe('./ops/grafana/provisioning');
    const home = grafana?.environment?.['GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH'] ?? '';
    expect(path.posix.dirname(home)).toBe(providers[0]?.options.path);
    expect(dashboardFiles).toContain(path.posix.basename(home));
  });

  it('holds only dashboard JSON, each with its own uid and title, in schema 39 or later', () => {
    expect(dashboards.length).toBeGreaterThan(0);
    expect(dashboards.length).toBe(dashboardFiles.length);
    for (const { file, dashboard } of dashboards) {
      expect({ file, schemaVersion: dashboard.schemaVersion >= 39, id: dashboard.id }).toEqual({ file, schemaVersion: true, id: null });
      expect(file).toBe(`${dashboard.uid}.json`);
    }
    expect(new Set(dashboards.map((d) => d.dashboard.uid)).size).toBe(dashboards.length);
    expect(new Set(dashboards.map((d) => d.dashboard.title)).size).toBe(dashboards.length);
  });

  it.each(dashboards.map((d) => [d.file, d.dashboard] as const))('%s: every panel has a unique id, fits the 24 columns, and names a provisioned data source by uid and type', (_file, dashboard) => {
    const problems: string[] = [];
    const panels = flatten(dashboard.panels);
    const ids = panels.map((p) => p.id);
    if (new Set(ids).size !== ids.length || ids.some((id) => typeof id !== 'number')) problems.push(`panel ids ${ids.join(',')} are not unique numbers`);
    const checkSource = (where: string, ds: Panel['datasource']): void => {
      const source = typeof ds === 'object' && ds !== null ? uids.get(ds.uid ?? '') : undefined;
      if (source === undefined || (typeof ds === 'object' && ds?.type !== source.type)) problems.push(`${where}: data source ${JSON.stringify(ds)} is not provisioned`);
    };
    for (const panel of panels) {
      const where = `panel ${panel.id} "${panel.title}"`;
      const { x = -1, w = 0, h = 0 } = panel.gridPos ?? {};
      if (x < 0 || w < 1 || h < 1 || x + w > 24) problems.push(`${where}: gridPos ${JSON.stringify(panel.gridPos)} does not fit 24 columns`);
      if (panel.type === 'row' || panel.type === 'text') continue;
      checkSource(where, panel.datasource);
      if ((panel.targets ?? []).length === 0) problems.push(`${where}: no queries`);
      for (const t of panel.targets ?? []) if (t.datasource !== undefined) checkSource(`${where} ${t.refId}`, t.datasource);
    }
    for (const variable of dashboard.templating?.list ?? []) if (variable.type === 'query') checkSource(`variable ${variable.name}`, variable.datasource);
    for (const annotation of dashboard.annotations?.list ?? []) if (annotation.builtIn !== 1) checkSource('annotation', annotation.datasource);
    expect(problems).toEqual([]);
  });

  it.each(dashboards.map((d) => [d.file, d.dashboard] as const))('%s: every PromQL query names only series the services export, with their labels', (_file, dashboard) => {
    const problems: string[] = [];
    const isPrometheus = (ds: Panel['datasource'] | undefined): boolean => typeof ds === 'object' && ds !== null && uids.get(ds.uid ?? '')?.type === 'prometheus';
    for (const panel of flatten(dashboard.panels)) {
      for (const t of panel.targets ?? []) {
        if (!isPrometheus(t.datasource ?? panel.datasource)) continue;
        if (typeof t.expr !== 'string' || t.expr.trim() === '') problems.push(`panel ${panel.id} "${panel.title}" ${t.refId}: no expr`);
        else problems.push(...queryProblems(t.expr, exported, serviceDirs).map((p) => `panel ${panel.id} "${panel.title}" ${t.refId}: ${p}`));
      }
    }
    for (const variable of dashboard.templating?.list ?? []) {
      if (variable.type !== 'query' || !isPrometheus(variable.datasource)) continue;
      const query = typeof variable.query === 'string' ? variable.query : (variable.query?.query ?? '');
      problems.push(...variableProblems(query, exported, serviceDirs).map((p) => `variable ${variable.name}: ${p}`));
    }
    expect(problems).toEqual([]);
  });
});

describe('ops/prometheus/prometheus.yml', () => {
  // A DNS query of type A for a compose service name answers one address per replica: each is a target.
  const targets = scrapeConfigs.flatMap((job) => [
    ...(job.static_configs ?? []).flatMap((s) => s.targets.map((target) => ({ job, target, replicas: false }))),
    ...(job.dns_sd_configs ?? []).flatMap((d) => d.names.map((name) => ({ job, target: `${name}:${d.port ?? ''}`, replicas: d.type === 'A' }))),
  ]);
  // Every service runs the one image; its command names its folder under services/.
  const composeServices = Object.entries(compose.services).map(([name, s]) => ({ name, dir: s.build === undefined ? '' : (s.command?.[0] ?? ''), replicas: s.deploy?.replicas ?? 1 }));

  it('is the file docker-compose.observability.yml gives Prometheus', () => {
    const prometheus = observability.services['prometheus'];
    const configFile = prometheus?.command?.find((a) => a.startsWith('--config.file='))?.split('=')[1] ?? '';
    expect(mountedAt(prometheus, configFile)).toBe('./ops/prometheus/prometheus.yml');
  });

  it('scrapes every service of docker-compose.yml that serves /metrics, once, by its compose name and .env port', () => {
    const serving = composeServices.filter(({ dir }) => scan.servesMetrics.has(dir));
    // A service that builds a registry serves it; were the scan to miss a /metrics route, this would say so.
    expect([...scan.serviceLabel.keys()].filter((dir) => !scan.servesMetrics.has(dir))).toEqual([]);
    expect(serving.length).toBeGreaterThan(0);
    for (const { name, dir, replicas } of serving) {
      const own = targets.filter(({ target }) => target.split(':')[0] === name);
      expect({ name, targets: own.map((t) => t.target) }).toEqual({ name, targets: [`${name}:${portOf(dir)}`] });
      // A service with replicas is found by DNS, so each replica is scraped (a static target would be one of them).
      if (replicas > 1) expect({ name, byDns: own[0]?.replicas }).toEqual({ name, byDns: true });
      expect(own[0]?.job.job_name).toBe(name);
      expect(own[0]?.job.metrics_path ?? '/metrics').toBe('/metrics');
      expect(own[0]?.job.scheme ?? 'http').toBe('http');
    }
  });

  it('scrapes nothing else, and each job has a sample limit', () => {
    const known = new Set([...Object.keys(compose.services), ...Object.keys(observability.services)]);
    expect(targets.map((t) => t.target.split(':')[0]).filter((host) => !known.has(host ?? ''))).toEqual([]);
    for (const job of scrapeConfigs) expect({ job: job.job_name, sample_limit: typeof (job as { sample_limit?: number }).sample_limit }).toEqual({ job: job.job_name, sample_limit: 'number' });
  });
});
