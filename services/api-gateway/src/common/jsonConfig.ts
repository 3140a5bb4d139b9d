import { promises as fs } from 'node:fs';
import { writeJsonAtomic } from '@payrail/journal';

/**
 * Reads a configuration file of the data folder (routing.json, slos.json), writing `defaults` on first
 * start. A file that does not parse, or that `problemOf` finds a problem with, stops the gateway with
 * a message naming the file, its `what` and the problem.
 */
export async function loadJsonConfig<T>(file: string, defaults: T, what: string, problemOf: (value: unknown) => string | null): Promise<T> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await writeJsonAtomic(file, defaults);
    return defaults;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file} is not valid JSON (${(error as Error).message}); fix it or delete it to get the defaults.`);
  }
  const problem = problemOf(parsed);
  if (problem !== null) throw new Error(`${file} does not match the ${what} schema: ${problem}`);
  return parsed as T;
}
