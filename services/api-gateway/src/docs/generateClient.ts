import { readFileSync, writeFileSync } from 'node:fs';
import { CLIENT_SCHEMA_FILE, clientSchemaSource, gatewayDocument } from './clientSchema';

/**
 * `npm run generate:client`: writes shared/client/src/schema.ts from the gateway's document.
 * `--check` writes nothing and exits 1 when the file is not what the document gives (the test suite
 * runs it, so a route changed without regenerating fails CI).
 */
async function main(): Promise<void> {
  const source = await clientSchemaSource(await gatewayDocument());
  if (process.argv.includes('--check')) {
    const current = readFileSync(CLIENT_SCHEMA_FILE, 'utf8');
    if (current !== source) {
      process.stderr.write(`${CLIENT_SCHEMA_FILE} is stale: run npm run generate:client\n`);
      process.exit(1);
    }
    process.stdout.write('up to date\n');
    return;
  }
  writeFileSync(CLIENT_SCHEMA_FILE, source);
  process.stdout.write(`wrote ${CLIENT_SCHEMA_FILE} (${source.length} bytes)\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`generate:client failed: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
