import type { DemoClient } from './demoClient';
import { DemoContext, stylesFor } from './demoContext';

/** One demo scenario: it acts on the running stack, narrates, shows evidence from data/ and checks. */
export interface Scenario {
  /** What `npm run demo -- <name>` takes. */
  name: string;
  /** One line: what it shows. */
  title: string;
  /** Longest it may run before it counts as failed. */
  timeout_ms: number;
  run(demo: DemoContext): Promise<void>;
}

export interface ScenarioResult {
  name: string;
  passed: boolean;
  duration_ms: number;
  /** Why it failed: the checks that did not hold, or what stopped it. */
  failures: string[];
}

/** Runs one scenario and prints its PASS or FAIL line; a throw or a timeout is a failure with its reason. */
export async function runScenario(scenario: Scenario, client: DemoClient, out: NodeJS.WritableStream, position: string): Promise<ScenarioResult> {
  const style = stylesFor(out);
  const demo = new DemoContext(client, out);
  out.write(`\n${style.bold(`━━ ${position} ${scenario.name}`)} — ${scenario.title}\n`);
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`did not finish within ${scenario.timeout_ms / 1000} s`)), scenario.timeout_ms);
  });
  try {
    await Promise.race([scenario.run(demo), timeout]);
  } catch (error) {
    const reason = (error as Error).message;
    demo.failures.push(reason);
    out.write(`     ${style.red('✘')} stopped: ${reason}\n`);
  } finally {
    clearTimeout(timer);
  }
  const duration_ms = Math.round(performance.now() - started);
  const passed = demo.failures.length === 0;
  const seconds = `(${(duration_ms / 1000).toFixed(1)} s)`;
  out.write(`\n  ${passed ? style.green(style.bold('PASS')) : style.red(style.bold('FAIL'))} ${scenario.name} ${style.dim(seconds)}\n`);
  if (!passed) for (const failure of demo.failures) out.write(`       ${style.red('-')} ${failure}\n`);
  return { name: scenario.name, passed, duration_ms, failures: [...demo.failures] };
}
