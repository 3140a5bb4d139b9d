import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { DATA_OPTION, cliCommand } from './commandLine';

/** What survives a reset: the folder's own documentation. */
const KEPT = new Set(['README.md', '.gitkeep']);

/**
 * `payrail reset [--yes] [--data DIR]`: deletes every runtime file of the data folder (streams,
 * snapshots, keys, reports, logs), keeping its README. Asks first unless `--yes`. Stop the services
 * first: a running service would recreate its files.
 */
export async function resetCommand(options: { data: string; yes: boolean }): Promise<number> {
  const dir = path.resolve(options.data);
  const entries = (await fs.readdir(dir).catch(() => [] as string[])).filter((name) => !KEPT.has(name));
  if (entries.length === 0) {
    process.stdout.write(`${dir} holds no runtime data.\n`);
    return 0;
  }
  if (!options.yes) {
    if (!process.stdin.isTTY) {
      process.stderr.write(`payrail reset: refusing to delete ${dir}/{${entries.join(',')}} without --yes (no terminal to ask).\n`);
      return 1;
    }
    const prompt = createInterface({ input: process.stdin, output: process.stdout });
    const answer = await prompt.question(`Delete ${entries.join(', ')} in ${dir}? This cannot be undone. [y/N] `);
    prompt.close();
    if (!/^y(es)?$/i.test(answer.trim())) {
      process.stdout.write('Nothing deleted.\n');
      return 1;
    }
  }
  for (const name of entries) await fs.rm(path.join(dir, name), { recursive: true, force: true });
  process.stdout.write(`Deleted ${entries.length} entries in ${dir}.\n`);
  return 0;
}

export const RESET_COMMAND = cliCommand({
  name: 'reset',
  synopsis: 'reset [--yes] [--data DIR]',
  summary: 'delete the runtime files of the data folder (asks unless --yes; stop the services first)',
  options: { yes: { type: 'boolean', help: 'delete without asking' }, data: DATA_OPTION },
  run: (values) => resetCommand(values),
});
