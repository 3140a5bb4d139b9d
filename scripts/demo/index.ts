/**
 * npm run demo [-- <scenario>...] — runs the demo scenarios (all six, or those named) against the
 * running stack, or against one it starts with npm start when none answers (and stops afterwards).
 * Each narrates its steps, shows its evidence from the data folder and ends with PASS or FAIL; the
 * exit code is 0 only when every scenario passed.
 */
import { DemoClient } from './demoClient';
import { stylesFor } from './demoContext';
import { demoTarget, findRepoRoot } from './demoTarget';
import { ensureStack, type StackHandle } from './ensureStack';
import { runScenario, type ScenarioResult } from './scenario';
import { SCENARIOS } from './scenarios';

const USAGE = `usage: npm run demo [-- <scenario>...]

scenarios (all of them when none is named):
${SCENARIOS.map((s) => `  ${s.name.padEnd(21)}${s.title}`).join('\n')}

The stack is found at GATEWAY_URL, VAULT_URL, PROVIDER_SIM_URL, LEDGER_URL, MERCHANT_SIM_URL (or the
ports of .env) and its data folder at DATA_DIR; with none running, npm start is run for the demo.
`;

async function main(argv: string[], out: NodeJS.WritableStream): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    out.write(USAGE);
    return 0;
  }
  const unknown = argv.filter((name) => !SCENARIOS.some((s) => s.name === name));
  if (unknown.length > 0) {
    process.stderr.write(`demo: no scenario named ${unknown.join(', ')}\n\n${USAGE}`);
    return 2;
  }
  const selected = argv.length === 0 ? SCENARIOS : SCENARIOS.filter((s) => argv.includes(s.name));
  const target = demoTarget(findRepoRoot(__dirname));
  const stack = await ensureStack(target, out);
  const stopOnSignal = stopStackOnSignal(stack);
  const results: ScenarioResult[] = [];
  try {
    const client = new DemoClient(target);
    for (const [i, scenario] of selected.entries()) results.push(await runScenario(scenario, client, out, `${i + 1}/${selected.length}`));
  } finally {
    if (stack.startedHere) out.write('\nStopping the stack the demo started...\n');
    await stack.stop();
    stopOnSignal();
  }
  printSummary(results, out);
  return results.every((r) => r.passed) ? 0 : 1;
}

/** On Ctrl-C, stops the stack the demo started before exiting; answers the function that removes the handler. */
function stopStackOnSignal(stack: StackHandle): () => void {
  const onSignal = (): void => {
    void stack.stop().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}

function printSummary(results: readonly ScenarioResult[], out: NodeJS.WritableStream): void {
  const style = stylesFor(out);
  const width = Math.max(...results.map((r) => r.name.length));
  out.write(`\n${style.bold('Summary')}\n`);
  for (const result of results) {
    const verdict = result.passed ? style.green('PASS') : style.red('FAIL');
    const why = result.passed ? '' : `  ${result.failures[0] ?? ''}`;
    out.write(`  ${verdict}  ${result.name.padEnd(width)}  ${(result.duration_ms / 1000).toFixed(1).padStart(5)} s${why}\n`);
  }
  const passed = results.filter((r) => r.passed).length;
  out.write(`\n${passed} of ${results.length} scenarios passed.\n`);
}

main(process.argv.slice(2), process.stdout).then(
  (code) => {
    process.exitCode = code;
  },
  (error: Error) => {
    process.stderr.write(`demo: ${error.message}\n`);
    process.exitCode = 1;
  },
);
