import type { SliDefinition, SloConfig } from './sloConfig';
import { durationMs } from './sloConfig';

/*
 * The same SLOs for Prometheus (docker-compose.observability.yml): recording rules for each SLI's error
 * ratio and event count over every window the policies use, and one alerting rule per SLO and policy,
 * both windows over the burn rate times the error budget, as the embedded evaluator decides. Written to
 * ops/prometheus/rules/slos.yml by `npm run generate:slo-rules`; a unit test keeps the committed file
 * equal to this. The reconciliation SLO has no Prometheus metric (reports are files): only the
 * embedded evaluator counts it.
 */

interface RecordingRule {
  record: string;
  expr: string;
  labels: Record<string, string>;
}

interface AlertingRule {
  alert: string;
  expr: string;
  for: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface PrometheusRuleFile {
  groups: Array<{ name: string; interval?: string; rules: Array<RecordingRule | AlertingRule> }>;
}

const quote = (text: string): string => text.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
const regexOf = (values: readonly string[]): string => values.map((value) => quote(value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('|');

/** `sum(rate(<metric>{<selectors of each method>}[w]))`, one term per HTTP method the routes use. */
function requestRate(sli: { service: string; routes: string[] }, metric: string, window: string, extra = ''): string {
  const byMethod = new Map<string, string[]>();
  for (const route of sli.routes) {
    const [method = 'GET', ...rest] = route.split(' ');
    byMethod.set(method, [...(byMethod.get(method) ?? []), rest.join(' ')]);
  }
  return [...byMethod].map(([method, paths]) => `sum(rate(${metric}{service="${quote(sli.service)}",method="${method}",route=~"${regexOf(paths)}"${extra}}[${window}]))`).join(' + ');
}

/** The SLI's bad share and its event rate over `window`, as PromQL (null for an SLI Prometheus cannot see). */
function sliExpressions(sli: SliDefinition, window: string): { errorRatio: string; events: string } | null {
  switch (sli.kind) {
    case 'availability': {
      const all = requestRate(sli, 'http_request_duration_seconds_count', window);
      return { errorRatio: `(${requestRate(sli, 'http_request_duration_seconds_count', window, ',status=~"5.."')}) / (${all})`, events: `(${all}) * ${(durationMs(window) ?? 0) / 1000}` };
    }
    case 'latency': {
      const all = requestRate(sli, 'http_request_duration_seconds_count', window);
      return { errorRatio: `1 - (${requestRate(sli, 'http_request_duration_seconds_bucket', window, `,le="${sli.threshold_ms / 1000}"`)}) / (${all})`, events: `(${all}) * ${(durationMs(window) ?? 0) / 1000}` };
    }
    case 'webhook_delivery': {
      const all = `sum(rate(webhook_delivered_lag_seconds_count[${window}])) + sum(rate(webhook_deliveries_total{outcome="dead_lettered"}[${window}]) or vector(0))`;
      return { errorRatio: `1 - sum(rate(webhook_delivered_lag_seconds_bucket{le="${sli.threshold_ms / 1000}"}[${window}])) / (${all})`, events: `(${all}) * ${(durationMs(window) ?? 0) / 1000}` };
    }
    case 'reconciliation':
      return null;
  }
}

const RATIO = (window: string): string => `slo:sli_error:ratio_rate${window}`;
const EVENTS = (window: string): string => `slo:sli_events:count${window}`;

/** The rule file for `config`. */
export function prometheusRules(config: SloConfig): PrometheusRuleFile {
  const windows = [...new Set(config.policies.flatMap((policy) => [policy.short_window, policy.long_window]))].sort((a, b) => (durationMs(a) ?? 0) - (durationMs(b) ?? 0));
  const recording: RecordingRule[] = [];
  const alerting: AlertingRule[] = [];
  for (const slo of config.slos) {
    if (sliExpressions(slo.sli, '1m') === null) continue;
    for (const window of windows) {
      const expressions = sliExpressions(slo.sli, window);
      if (expressions === null) continue;
      recording.push({ record: RATIO(window), expr: expressions.errorRatio, labels: { slo: slo.id } });
      recording.push({ record: EVENTS(window), expr: expressions.events, labels: { slo: slo.id } });
    }
    const budget = Math.round((1 - slo.objective) * 1e9) / 1e9;
    for (const policy of config.policies) {
      const threshold = `${policy.burn_rate} * ${budget}`;
      alerting.push({
        alert: 'PayrailSloBurnRate',
        expr: `${RATIO(policy.long_window)}{slo="${slo.id}"} > (${threshold}) and ${RATIO(policy.short_window)}{slo="${slo.id}"} > (${threshold}) and ${EVENTS(policy.long_window)}{slo="${slo.id}"} >= ${policy.min_events}`,
        for: '0s',
        labels: { slo: slo.id, policy: policy.name, severity: policy.severity },
        annotations: {
          summary: `${slo.name}: ${policy.name}`,
          description: `The error budget of ${slo.id} (objective ${slo.objective}) burns at more than ${policy.burn_rate}x over ${policy.long_window} and ${policy.short_window}.`,
        },
      });
    }
  }
  return {
    groups: [
      { name: 'payrail-slo-recordings', interval: '30s', rules: recording },
      { name: 'payrail-slo-alerts', rules: alerting },
    ],
  };
}
