import { readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';

/**
 * Every file under `dir`, recursively, for tests that search a data folder. The temp file of an atomic
 * write (`*.tmp`) is left out: it may be renamed away while we look, and its content reaches the real file.
 * So is anything that goes between the listing and the look (a journal's lock folder, its `.waiting`
 * mark): a running service creates and removes them all the time, and they hold no data.
 */
export function filesUnder(dir: string): string[] {
  return namesIn(dir, readdirSync(dir));
}

function namesIn(dir: string, names: string[]): string[] {
  return names
    .filter((name) => !name.endsWith('.tmp'))
    .flatMap((name) => {
      const full = path.join(dir, name);
      const stat = statSync(full, { throwIfNoEntry: false });
      if (stat === undefined) return [];
      if (!stat.isDirectory()) return [full];
      let inside: string[];
      try {
        inside = readdirSync(full);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      }
      return namesIn(full, inside);
    });
}
