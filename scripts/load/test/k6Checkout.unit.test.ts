import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';
import ts from 'typescript';
import { TEST_CARDS } from '@payrail/core';
import { TRAFFIC_DEFAULTS } from '@payrail/settlement';
import { DEFAULT_STAGES } from '../loadStages';

const SCRIPT = path.join(__dirname, '..', 'k6', 'checkout.js');

interface Call {
  method: string;
  url: string;
  body: Record<string, unknown>;
  headers: Record<string, string>;
  op: string;
  iteration: number;
}

/**
 * Loads the k6 script as k6 would (an ES module importing k6/http, k6 and k6/metrics, with __ENV, __VU
 * and __ITER), with those modules played by a fake gateway and vault that answer like the real ones.
 */
function loadK6Script(env: Record<string, string>) {
  const calls: Call[] = [];
  const state = { iteration: 0 };
  const intents = new Map<string, { pan: string; manual: boolean }>();
  const tokens = new Map<string, string>();
  const answer = (status: number, body: unknown) => ({ status, json: () => body });
  const http = {
    setResponseCallback: () => undefined,
    expectedStatuses: (...statuses: number[]) => statuses,
    get: (url: string) => answer(url.endsWith('/ready') ? 200 : 404, {}),
    post: (url: string, text: string, params: { headers: Record<string, string>; tags: { op: string } }) => {
      const body = JSON.parse(text) as Record<string, any>;
      calls.push({ method: 'POST', url, body, headers: params.headers, op: params.tags.op, iteration: state.iteration });
      if (url.endsWith('/tokens')) {
        const token = `tok_${tokens.size}`;
        tokens.set(token, String(body['pan']));
        return answer(201, { token });
      }
      if (url.endsWith('/v1/payment-intents')) {
        const id = `pi_${intents.size}`;
        intents.set(id, { pan: tokens.get(String(body['payment_method'])) ?? '', manual: body['capture_method'] === 'manual' });
        return answer(200, { id, status: 'created' });
      }
      const id = /payment-intents\/([^/]+)\//.exec(url)?.[1] ?? '';
      const decline = TEST_CARDS.find((card) => card.number === intents.get(id)?.pan && card.behaviour.kind === 'declines');
      if (url.endsWith('/confirm')) {
        if (decline !== undefined && decline.behaviour.kind === 'declines') return answer(402, { error: { code: 'card_declined', decline_code: decline.behaviour.decline_code, message: 'Refused.' } });
        return answer(200, { id, status: intents.get(id)?.manual === true ? 'authorized' : 'captured' });
      }
      if (url.endsWith('/capture')) return answer(200, { id, status: 'captured' });
      if (url.endsWith('/cancel')) return answer(200, { id, status: 'reversed' });
      if (url.endsWith('/v1/refunds')) return answer(200, { id: 're_1', status: 'succeeded' });
      return answer(404, {});
    },
  };
  const k6 = {
    check: (response: unknown, checks: Record<string, (r: unknown) => boolean>) => Object.values(checks).every((fn) => fn(response)),
    fail: (message: string) => {
      throw new Error(message);
    },
    sleep: () => undefined,
  };
  const metrics = { Counter: class { add(): void {} } };
  const modules: Record<string, unknown> = { 'k6/http': { default: http, ...http }, k6, 'k6/metrics': metrics };
  const source = ts.transpileModule(readFileSync(SCRIPT, 'utf8'), { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, esModuleInterop: true } }).outputText;
  const exports: Record<string, any> = {};
  // k6's `open` reads a file relative to the script, in the init context only.
  const open = (file: string): string => readFileSync(path.resolve(path.dirname(SCRIPT), file), 'utf8');
  const context = vm.createContext({ exports, require: (name: string) => modules[name], open, __ENV: env, __VU: 1, __ITER: 0, JSON, Math, Date, Number, String, Object, Array, Error });
  new vm.Script(source, { filename: SCRIPT }).runInContext(context);
  const iterate = (data: unknown, iteration: number): void => {
    state.iteration = iteration;
    context['__ITER'] = iteration;
    exports['default'](data);
  };
  return { exports, calls, iterate };
}

describe('scripts/load/k6/checkout.js: the same scenario mix for k6', () => {
  const env = { DEMO_MERCHANT_API_KEY: 'sk_test_demo_0123456789abcdefghij', INTERNAL_TOKEN: 'test-internal-token-0123456789', DURATION: '10', CONNECTIONS: '32' };

  it('declares ramping stages, thresholds for every operation and 5xx, scaled by DURATION and CONNECTIONS', () => {
    const { exports } = loadK6Script(env);
    const scenario = exports['options'].scenarios.checkout;
    expect(scenario.executor).toBe('ramping-vus');
    expect(scenario.stages).toEqual([{ duration: '1500ms', target: 8 }, { duration: '2500ms', target: 32 }, { duration: '5000ms', target: 32 }, { duration: '1000ms', target: 8 }]);
    expect(Object.keys(exports['options'].thresholds)).toEqual(expect.arrayContaining(['http_req_failed', 'checks', 'status_5xx', ...['create', 'confirm', 'decline', 'capture', 'cancel', 'refund', 'tokenize'].map((op) => `http_req_duration{op:${op}}`)]));
  });

  it('keeps the mix of payrail generate and the stages of npm run load', () => {
    const { exports } = loadK6Script(env);
    const generatorMix = Object.fromEntries(Object.entries(TRAFFIC_DEFAULTS.outcome_mix).filter(([, weight]) => (weight ?? 0) > 0));
    expect(exports['OUTCOME_MIX']).toEqual(generatorMix);
    expect(exports['MANUAL_CAPTURE_PERCENT']).toBe(TRAFFIC_DEFAULTS.manual_capture_percent);
    expect(exports['REFUND_PERCENT']).toBe(TRAFFIC_DEFAULTS.refund_percent);
    expect((exports['STAGES'] as Array<[string, number, number]>).map((stage) => stage.join(':')).join(',')).toBe(DEFAULT_STAGES);
    expect(Object.keys(exports['TEST_CARDS'] as object).sort()).toEqual(Object.keys(generatorMix).filter((outcome) => outcome !== 'succeeds').sort());
    for (const [outcome, pan] of Object.entries(exports['TEST_CARDS'] as Record<string, string>)) {
      const behaviour = TEST_CARDS.find((card) => card.number === pan)?.behaviour;
      expect({ outcome, behaviour: behaviour?.kind === 'declines' ? behaviour.decline_code : behaviour?.kind }).toEqual({ outcome, behaviour: outcome === 'disputed' ? 'succeeds_then_disputed' : outcome });
    }
  });

  it('plays each checkout in order, with an Idempotency-Key on every POST to the gateway, in the generator\'s proportions', () => {
    const { exports, calls, iterate } = loadK6Script(env);
    const data = exports['setup']();
    const ITERATIONS = 2_000;
    for (let i = 0; i < ITERATIONS; i++) iterate(data, i);
    const byIteration = new Map<number, string[]>();
    for (const call of calls) byIteration.set(call.iteration, [...(byIteration.get(call.iteration) ?? []), call.op]);
    const sequences = new Set([...byIteration.values()].map((ops) => ops.join(' ')));
    expect([...sequences].sort()).toEqual(['tokenize create confirm', 'tokenize create confirm cancel', 'tokenize create confirm capture', 'tokenize create confirm capture refund', 'tokenize create confirm refund', 'tokenize create decline'].sort());
    const gatewayCalls = calls.filter((call) => call.op !== 'tokenize');
    expect(gatewayCalls.every((call) => call.headers['idempotency-key'] !== undefined && call.headers['authorization'] === `Bearer ${env.DEMO_MERCHANT_API_KEY}`)).toBe(true);
    expect(new Set(gatewayCalls.map((call) => call.headers['idempotency-key'])).size).toBe(gatewayCalls.length);
    const share = (op: string): number => calls.filter((call) => call.op === op).length / ITERATIONS;
    expect(share('decline')).toBeGreaterThan(0.08);
    expect(share('decline')).toBeLessThan(0.14);
    expect(share('capture')).toBeGreaterThan(0.06);
    expect(share('capture')).toBeLessThan(0.13);
    expect(share('refund')).toBeGreaterThan(0.02);
    expect(share('refund')).toBeLessThan(0.08);
  });

  it('refuses to start without the merchant key, naming the variables', () => {
    const { exports } = loadK6Script({});
    expect(() => exports['setup']()).toThrow(/DEMO_MERCHANT_API_KEY and INTERNAL_TOKEN/);
  });
});
