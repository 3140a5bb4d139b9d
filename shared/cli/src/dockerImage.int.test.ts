import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import * as path from 'node:path';
import { freePort, makeTempDataDir, testEnv } from '@payrail/testing';
import { parse } from 'yaml';
import { REPO_ROOT } from './startCommand';

// The one image (the root Dockerfile) starts whichever service its command names, through
// ops/docker/entrypoint.sh. No Docker engine runs here: this runs the entrypoint on the repository, as
// the image holds it (COPY of the whole build), and checks that what it starts for each service is in
// the build that `npm ci` makes in the image (its `prepare` is `tsc -b`, as `npm test` runs first).

const ENTRYPOINT = path.join(REPO_ROOT, 'ops', 'docker', 'entrypoint.sh');
const HEALTHCHECK = path.join(REPO_ROOT, 'ops', 'docker', 'healthcheck.js');
const EX_USAGE = 64;
const RUN_TIMEOUT_MS = 10_000;
const READY_TIMEOUT_MS = 20_000;
const POLL_MS = 50;

const serviceDirs = readdirSync(path.join(REPO_ROOT, 'services'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
const compose = parse(readFileSync(path.join(REPO_ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, { build?: unknown; command?: string[] }> };
const script = readFileSync(ENTRYPOINT, 'utf8');
const runEntrypoint = (...args: string[]) => spawnSync('sh', [ENTRYPOINT, ...args], { encoding: 'utf8', timeout: RUN_TIMEOUT_MS });

/** What the entrypoint execs for a service: its `cd` into the service folder, then `exec node <file>`. */
function entryFileOf(service: string): string {
  const folder = /^cd "\$app\/([^"]+)"$/m.exec(script)?.[1];
  const file = /^exec node (\S+)/m.exec(script)?.[1];
  if (folder === undefined || file === undefined) throw new Error(`${ENTRYPOINT}: no cd "$app/..." and exec node <file> to read`);
  return path.join(REPO_ROOT, folder.replace('$service', service), file);
}

describe('the image entrypoint', () => {
  it('starts, for every service the compose file runs, a file the build has made', () => {
    const commanded = Object.values(compose.services).filter((s) => s.build !== undefined).map((s) => s.command?.[0] ?? '');
    expect([...commanded].sort()).toEqual(serviceDirs);
    for (const service of commanded) {
      const entry = entryFileOf(service);
      expect(path.relative(REPO_ROOT, entry)).toBe(path.join('services', service, 'dist', 'index.js'));
      // Missing after a build only when src/index.ts is: tsc -b writes dist/index.js from it.
      expect({ service, built: existsSync(entry), source: existsSync(path.join(REPO_ROOT, 'services', service, 'src', 'index.ts')) }).toEqual({ service, built: true, source: true });
      // The same file `npm start -w` runs, from the same folder.
      const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'services', service, 'package.json'), 'utf8')) as { scripts: { start: string } };
      expect(pkg.scripts.start).toBe(`node ${path.posix.relative(path.posix.join('services', service), path.relative(REPO_ROOT, entry).split(path.sep).join('/'))}`);
    }
  });

  it('execs the service it names from the service folder, so node itself gets SIGTERM and stops cleanly', async () => {
    const data = makeTempDataDir('payrail-entrypoint');
    const port = await freePort();
    const child = spawn('sh', [ENTRYPOINT, 'vault-service'], { env: { ...process.env, ...testEnv(data.dir), VAULT_PORT: String(port) }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + READY_TIMEOUT_MS;
      for (;;) {
        const response = await fetch(`http://127.0.0.1:${port}/ready`, { signal: AbortSignal.timeout(1_000) }).catch(() => null);
        if (response?.ok === true) break;
        if (child.exitCode !== null || Date.now() > deadline) throw new Error(`vault-service via the entrypoint: not ready (exit ${child.exitCode}):\n${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
      // The shell is gone: its process is node, in the service's folder, as under `npm start -w`.
      expect(readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0').slice(1, 2)).toEqual(['dist/index.js']);
      expect(readlinkSync(`/proc/${child.pid}/cwd`)).toBe(path.join(REPO_ROOT, 'services', 'vault-service'));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
      data.cleanup();
    }
  });

  it.each([[[]], [['no-such-service']], [['../shared']], [['api-gateway/../vault-service']]])('refuses %j, naming the services it can run', (args) => {
    const run = runEntrypoint(...args);
    expect(run.status).toBe(EX_USAGE);
    expect(run.stderr).toContain(`one of: ${serviceDirs.join(' ')}`);
  });

  it('keeps the build context small but whole: sources in, build output and data out', () => {
    const ignored = readFileSync(path.join(REPO_ROOT, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
    expect(ignored).toEqual(expect.arrayContaining(['**/node_modules', '**/dist', 'data', '.git']));
    for (const needed of ['shared', 'services', 'scripts', 'ops', 'Dockerfile']) expect(ignored.filter((l) => l === needed || needed.startsWith(`${l}/`))).toEqual([]);
  });

  it('has a healthcheck node can load', () => {
    const check = spawnSync(process.execPath, ['--check', HEALTHCHECK], { encoding: 'utf8', timeout: RUN_TIMEOUT_MS });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });
});
