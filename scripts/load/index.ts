/**
 * npm run load [-- --duration S --connections N --seed N --stages SPEC --report PATH --keep-data] —
 * the checkout mix against the running stack, or against one it starts with npm start on a temporary
 * data folder when nothing answers (stopped and removed afterwards). Prints a summary table, writes a
 * JSON report, and exits 1 when a threshold is not met.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { demoTarget, findRepoRoot, type DemoTarget } from '../demo/demoTarget';
import { ensureStack, type StackHandle } from '../demo/ensureStack';
import { LOAD_USAGE, LoadUsageError, parseLoadOptions, type LoadOptions } from './loadOptions';
import { defaultReportPath, formatReport, writeReport } from './loadReport';
import { runLoad } from './loadRun';

/**
 * What a stack started for the run gets, unless the environment says otherwise: the demo merchant's
 * rate limit and the velocity rule raised through their documented variables (the synthetic customers
 * pay often, and the decline test cards are a handful of numbers shared by every customer), and logs at
 * warn, so the services spend the machine on the payments.
 */
const OWN_STACK_ENV = { DEMO_RATE_LIMIT_REQUESTS: '100000000', VELOCITY_MAX_PAYMENTS: '100000000', LOG_LEVEL: 'warn' } as const;

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/ready`, { signal: AbortSignal.timeout(2_000) })).ok;
  } catch {
    return false;
  }
}

async function main(argv: string[], out: NodeJS.WritableStream): Promise<number> {
  let options: LoadOptions | 'help';
  try {
    options = parseLoadOptions(argv);
  } catch (error) {
    if (!(error instanceof LoadUsageError)) throw error;
    process.stderr.write(`load: ${error.message}\n\n${LOAD_USAGE}`);
    return 2;
  }
  if (options === 'help') {
    out.write(LOAD_USAGE);
    return 0;
  }
  const root = findRepoRoot(__dirname);
  let target: DemoTarget = demoTarget(root);
  let ownDataDir: string | null = null;
  if (!(await answers(target.urls.gateway))) {
    // Nothing answers: the stack ensureStack starts runs on a data folder of its own.
    ownDataDir = mkdtempSync(path.join(os.tmpdir(), 'payrail-load-'));
    process.env['DATA_DIR'] = ownDataDir;
    for (const [name, value] of Object.entries(OWN_STACK_ENV)) process.env[name] ??= value;
    out.write(`A stack started for the load gets a temporary data folder and ${Object.keys(OWN_STACK_ENV).map((name) => `${name}=${process.env[name]}`).join(' ')}.\n`);
    target = demoTarget(root);
  }
  const keepData = options.keep_data;
  const removeOwnData = (): void => {
    if (ownDataDir !== null && !keepData) rmSync(ownDataDir, { recursive: true, force: true });
  };
  const stack = await ensureStack(target, out).catch((error: Error) => {
    removeOwnData();
    throw error;
  });
  const stopOnSignal = stopStackOnSignal(stack, removeOwnData);
  try {
    const report = await runLoad(
      { gateway: target.urls.gateway, vault: target.urls.vault, ledger: target.urls.ledger, apiKey: target.apiKey, internalToken: target.internalToken, dataDir: target.dataDir, startedHere: stack.startedHere },
      options,
      (line) => out.write(`${line}\n`),
    );
    if (stack.startedHere) {
      out.write('Stopping the stack the run started...\n');
      await stack.stop();
      // The folder is the run's alone and nothing writes it any more: every stream must verify.
      const verify = spawnSync(process.execPath, [path.join(root, 'shared', 'cli', 'bin', 'payrail.js'), 'verify', '--data', target.dataDir], { encoding: 'utf8' });
      const ok = verify.stdout.split('\n').filter((line) => / OK$/.test(line)).length;
      report.verify = verify.status === 0 ? `${ok} streams OK` : `FAILED (exit ${verify.status})`;
      report.thresholds.push({ name: 'payrail verify passes', met: verify.status === 0, value: report.verify });
      if (verify.status !== 0) out.write(`${verify.stdout}${verify.stderr}`);
    }
    const file = options.report === null ? defaultReportPath(root, report.started_at) : path.resolve(options.report);
    writeReport(file, report);
    out.write(formatReport(report));
    out.write(`report: ${path.relative(process.cwd(), file) || file}\n`);
    if (ownDataDir !== null) out.write(options.keep_data ? `data folder kept: ${ownDataDir}\n` : '');
    return report.thresholds.every((t) => t.met) ? 0 : 1;
  } finally {
    await stack.stop();
    stopOnSignal();
    removeOwnData();
  }
}

/** On Ctrl-C, stops the stack the run started (and removes its data folder) before exiting; answers the function that removes the handler. */
function stopStackOnSignal(stack: StackHandle, cleanup: () => void): () => void {
  const onSignal = (): void => {
    void stack.stop().finally(() => {
      cleanup();
      process.exit(130);
    });
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}

main(process.argv.slice(2), process.stdout).then(
  (code) => {
    process.exitCode = code;
  },
  (error: Error) => {
    process.stderr.write(`load: ${error.message}\n`);
    process.exitCode = 1;
  },
);
