import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { LATENCY_BOUNDS_MS, ServiceMetrics, WEBHOOK_LAG_BOUNDS_MS } from '@payrail/service-kit';
import { parse } from 'yaml';
import { prometheusRules } from './prometheusRules';
import { DEFAULT_SLOS } from './sloConfig';
import { RULES_FILE, rulesText } from './writePrometheusRules';

interface SyntaxNode {
  type: { isError: boolean };
  from: number;
}
// An ES module package with a CommonJS build: required, typed by hand (the part used here).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parser } = require('@prometheus-io/lezer-promql') as { parser: { parse(text: string): { iterate(spec: { enter(node: SyntaxNode): void }): void } } };

/** Where Prometheus's own parser (lezer-promql, from the Prometheus repository) finds a syntax error. */
function syntaxErrors(expr: string): number[] {
  const errors: number[] = [];
  parser.parse(expr).iterate({ enter: (node) => { if (node.type.isError) errors.push(node.from); } });
  return errors;
}

describe('the Prometheus rules of the SLOs (docker-compose.observability.yml)', () => {
  const rules = prometheusRules(DEFAULT_SLOS);
  const all = rules.groups.flatMap((group) => group.rules);

  it('are the committed ops/prometheus/rules/slos.yml (run npm run generate:slo-rules after changing the default SLOs)', () => {
    expect(readFileSync(RULES_FILE, 'utf8')).toBe(rulesText());
    expect(parse(readFileSync(RULES_FILE, 'utf8'))).toEqual(JSON.parse(JSON.stringify(rules)));
  });

  it("parse as PromQL, by Prometheus's own grammar", () => {
    for (const rule of all) expect({ expr: rule.expr, errors: syntaxErrors(rule.expr) }).toEqual({ expr: rule.expr, errors: [] });
    expect(syntaxErrors('sum(rate(x[5m]) /')).not.toEqual([]);
  });

  it('alert on every SLO Prometheus can see and policy, both windows over burn rate × budget, as the embedded evaluator does', () => {
    const alerts = all.filter((rule): rule is Extract<typeof rule, { alert: string }> => 'alert' in rule);
    const visible = DEFAULT_SLOS.slos.filter((slo) => slo.sli.kind !== 'reconciliation');
    expect(alerts).toHaveLength(visible.length * DEFAULT_SLOS.policies.length);
    const fast = alerts.find((rule) => rule.labels['slo'] === 'payment-confirmation-availability' && rule.labels['policy'] === 'fast burn');
    expect(fast?.expr).toBe('slo:sli_error:ratio_rate1h{slo="payment-confirmation-availability"} > (14.4 * 0.001) and slo:sli_error:ratio_rate5m{slo="payment-confirmation-availability"} > (14.4 * 0.001) and slo:sli_events:count1h{slo="payment-confirmation-availability"} >= 20');
    expect(fast?.labels).toEqual({ slo: 'payment-confirmation-availability', policy: 'fast burn', severity: 'page' });
  });

  it('read only metrics and buckets the services export', async () => {
    const text = await new ServiceMetrics('api-gateway').registry.metrics();
    expect(text).toContain('http_request_duration_seconds');
    const ledgerSource = readFileSync(path.resolve(__dirname, '../../../../services/ledger-service/src/outbox/deliveryMetrics.ts'), 'utf8');
    for (const name of ['webhook_delivered_lag_seconds', 'webhook_deliveries_total']) expect(ledgerSource).toContain(`'${name}'`);
    const exprs = all.map((rule) => rule.expr).join('\n');
    for (const [, le] of exprs.matchAll(/http_request_duration_seconds_bucket\{[^}]*le="([^"]+)"/g)) expect(LATENCY_BOUNDS_MS.map((ms) => String(ms / 1000))).toContain(le);
    for (const [, le] of exprs.matchAll(/webhook_delivered_lag_seconds_bucket\{le="([^"]+)"/g)) expect(WEBHOOK_LAG_BOUNDS_MS.map((ms) => String(ms / 1000))).toContain(le);
  });
});
