import { parseArgs } from 'node:util';
import { verifyCommand } from './verifyCommand';
import { startCommand } from './startCommand';

const USAGE = `payrail <command> [options]

commands:
  start                      run every service under services/ on ./data (npm start)
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
    case 'start':
      return startCommand();
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
