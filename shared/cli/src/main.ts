import { parseArgs } from 'node:util';
import { verifyCommand } from './verifyCommand';
import { resetCommand } from './resetCommand';
import { startCommand } from './startCommand';

const USAGE = `payrail <command> [options]

commands:
  start [--watch]            run every service under services/ on ./data (npm start; --watch: npm run dev)
  reset [--yes] [--data DIR] delete the runtime files of the data folder (asks unless --yes)
  verify [--data DIR] [--json]
                             check every stream's schema and hash chain; exit 1 on any problem
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
