'use strict';
// The HEALTHCHECK of the one PayRail image: GET /ready of the service this container runs. entrypoint.sh
// execs the service from its folder, so the process whose working directory is services/<name> names it
// (PID 1, or its child under `docker run --init`). The port is the variable the service reads
// (payrail.port_env of its package.json), or that variable's default. docker compose and Kubernetes
// declare their own checks; this one serves a bare `docker run`.
const { readFileSync, readdirSync, readlinkSync } = require('node:fs');
const path = require('node:path');

const APP_DIR = path.resolve(__dirname, '..', '..');
const SERVICES_DIR = path.join(APP_DIR, 'services');
const TIMEOUT_MS = 2_000;

function serviceDir() {
  for (const pid of ['1', ...readdirSync('/proc').filter((p) => /^\d+$/.test(p) && p !== '1')]) {
    let cwd = '';
    try {
      cwd = readlinkSync(`/proc/${pid}/cwd`);
    } catch {
      continue;
    }
    if (path.dirname(cwd) === SERVICES_DIR) return cwd;
  }
  return null;
}

const dir = serviceDir();
if (dir === null) {
  process.stderr.write(`healthcheck: no process runs from a folder of ${SERVICES_DIR}\n`);
  process.exit(1);
}
const portEnv = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).payrail.port_env;
const { COMMON_CONFIG } = require(path.join(APP_DIR, 'shared', 'service-kit', 'dist', 'config.js'));
const port = process.env[portEnv] || String(COMMON_CONFIG[portEnv].default);
setTimeout(() => process.exit(1), TIMEOUT_MS).unref();
fetch(`http://127.0.0.1:${port}/ready`).then(
  (response) => process.exit(response.ok ? 0 : 1),
  () => process.exit(1),
);
