import { execFile } from 'node:child_process';
import * as path from 'node:path';
import type { DemoClient } from './demoClient';

/** Longest a settlement or reconciliation run may take. */
const JOB_TIMEOUT_MS = 60_000;

export interface JobRun {
  by: string;
  /** The run's summary, or null when it did not run (`problem` says why). */
  summary: Record<string, unknown> | null;
  problem: string;
}

/**
 * Runs a day's settlement or reconciliation the way an operator would: ledger-service's job route,
 * or, where that route is not there, the `payrail settle|reconcile` command on the same data folder.
 */
export async function runJob(client: DemoClient, kind: 'settlement' | 'reconciliation', date: string): Promise<JobRun> {
  const answer = await client.internal('ledger', 'POST', `/jobs/${kind}/${date}`);
  if (answer.status === 200) return { by: `ledger-service POST /jobs/${kind}/${date}`, summary: answer.body as Record<string, unknown>, problem: '' };
  if (answer.status !== 404) return { by: 'ledger-service', summary: null, problem: `POST /jobs/${kind}/${date} answered ${answer.status} ${answer.text.slice(0, 300)}` };
  const command = kind === 'settlement' ? 'settle' : 'reconcile';
  const by = `npx payrail ${command} --date ${date} (ledger-service answered 404 to POST /jobs/${kind}/${date})`;
  const cli = path.join(client.target.root, 'shared', 'cli', 'bin', 'payrail.js');
  const run = await runNode(cli, [command, '--date', date, '--data', client.target.dataDir, '--force', '--json'], JOB_TIMEOUT_MS);
  const last = run.stdout.trim().split('\n').pop() ?? '';
  try {
    if (run.code === 0) return { by, summary: JSON.parse(last) as Record<string, unknown>, problem: '' };
  } catch {
    // not the JSON summary: reported below
  }
  return { by, summary: null, problem: `ledger-service has no POST /jobs/${kind}/{date} (404), and payrail ${command} exited ${run.code}: ${(run.stderr || last).slice(0, 300)}` };
}

/** Runs `node script args`, for at most `timeout_ms`; answers its exit code and output. */
function runNode(script: string, args: string[], timeout_ms: number): Promise<{ code: number | string; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [script, ...args], { timeout: timeout_ms, maxBuffer: 16 * 1_048_576 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : (error.signal ?? String(error.code));
      resolve({ code, stdout, stderr });
    });
  });
}
