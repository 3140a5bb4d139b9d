import { parseArgs } from 'node:util';
import { verifyCommand } from './verifyCommand';
import { resetCommand } from './resetCommand';
import { startCommand } from './startCommand';
import { settleCommand } from './settleCommand';
import { reconcileCommand } from './reconcileCommand';
import { generateCommand } from './generateCommand';

const USAGE = `payrail <command> [options]

commands:
  start [--watch]            run every service under services/ on ./data (npm start; --watch: npm run dev)
  reset [--yes] [--data DIR] delete the runtime files of the data folder (asks unless --yes)
  verify [--data DIR] [--json]
                             check every stream's schema and hash chain; exit 1 on any problem
  settle --date YYYY-MM-DD [--data DIR] [--timezone TZ] [--force] [--json]
                             write settlement/payouts_DATE.csv (the day's payments per merchant and currency)
  reconcile --date YYYY-MM-DD [--data DIR] [--timezone TZ] [--force] [--dry-run] [--json]
                             compare the day's ledger with the bank's settlement file; report and flag mismatches
  generate (--direct [--data DIR] | --via-api URL [--vault URL] [--key KEY] [--concurrency N]) [--seed N]
           [--start YYYY-MM-DD] [--days N] [--timezone TZ] [--payments N] [--merchants N] [--mix outcome=weight,...]
           [--refund-percent P] [--manual-capture-percent P] [--dispute-lost-percent P] [--mismatch-percent P] [--json]
                             deterministic synthetic traffic: straight into the ledger, or through the API
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'verify': {
      const { values } = parseArgs({ args: rest, options: { data: { type: 'string', default: process.env['DATA_DIR'] ?? './data' }, json: { type: 'boolean', default: false } } });
      return verifyCommand({ data: values.data, json: values.json });
    }
    case 'start': {
      const { values } = parseArgs({ args: rest, options: { watch: { type: 'boolean', default: false } } });
      return startCommand({ watch: values.watch });
    }
    case 'reset': {
      const { values } = parseArgs({ args: rest, options: { data: { type: 'string', default: process.env['DATA_DIR'] ?? './data' }, yes: { type: 'boolean', default: false } } });
      return resetCommand({ data: values.data, yes: values.yes });
    }
    case 'settle': return settleCommand(rest);
    case 'reconcile': return reconcileCommand(rest);
    case 'generate': return generateCommand(rest);
    case undefined:
    case 'help':
    case '--help':
      process.stdout.write(USAGE);
      return command === undefined ? 1 : 0;
    default:
      process.stderr.write(`payrail: unknown command '${command}'\n\n${USAGE}`);
      return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: Error) => {
    process.stderr.write(`payrail: ${error.message}\n`);
    process.exitCode = 1;
  },
);
