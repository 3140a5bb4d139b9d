import { readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';

/**
 * Every file under `dir`, recursively, for tests that search a data folder. The temp file of an atomic
 * write (`*.tmp`) is left out: it may be renamed away while we look, and its content reaches the real file.
 */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => !name.endsWith('.tmp'))
    .flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? filesUnder(full) : [full];
    });
}
