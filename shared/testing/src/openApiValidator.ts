import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { REPO_ROOT } from './services';

/**
 * Validates an OpenAPI document with an independent validator (@seriousme/openapi-schema-validator,
 * run as a child process because it is ES modules only): `{valid, errors}`.
 */
export function validateOpenApiDocument(document: unknown): { valid: boolean; errors: unknown[] } {
  const out = execFileSync(process.execPath, [path.join(REPO_ROOT, 'shared', 'testing', 'contract', 'validateOpenApi.mjs')], { input: JSON.stringify(document), timeout: 30_000, cwd: REPO_ROOT });
  return JSON.parse(out.toString('utf8')) as { valid: boolean; errors: unknown[] };
}
