// Jest globalTeardown: fails the run when any response of any service disagreed with its OpenAPI
// document, listing each (service, operation, status, problem) once with how often it was seen.
const { existsSync, readFileSync, rmSync } = require('node:fs');
const path = require('node:path');

const SHOWN_MAX = 40;

module.exports = async () => {
  const file = process.env.PAYRAIL_CONTRACT_LOG;
  if (file === undefined || !existsSync(file)) return;
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  rmSync(path.dirname(file), { recursive: true, force: true });
  if (lines.length === 0) return;
  const seen = new Map();
  for (const line of lines) {
    let v;
    try {
      v = JSON.parse(line);
    } catch {
      v = { service: '?', operation: '?', status: 0, problem: 'unreadable line', detail: line.slice(0, 200) };
    }
    const key = `${v.service} ${v.operation} → ${v.status} ${v.problem}: ${v.detail}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  const list = [...seen].slice(0, SHOWN_MAX).map(([key, n]) => `  ${key}${n > 1 ? ` (×${n})` : ''}`).join('\n');
  throw new Error(`${lines.length} responses disagree with their service's OpenAPI document (${seen.size} distinct):\n${list}${seen.size > SHOWN_MAX ? '\n  …' : ''}\nFix the document (services/<name>/src/docs) or the response. PAYRAIL_CONTRACT_CHECK=0 turns the check off for a local run.`);
};
