import { COMMANDS } from './commands';
import { USAGE_EXIT_CODE, UsageError, commandUsage, parseCommandLine, payrailUsage, type CliCommand } from './commandLine';

const USAGE = payrailUsage(COMMANDS);

const commandNamed = (name: string): CliCommand => {
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (command === undefined) throw new UsageError(`unknown command '${name}'`);
  return command;
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    process.stderr.write(USAGE);
    return USAGE_EXIT_CODE;
  }
  if (name === 'help' || name === '--help' || name === '-h') {
    // `payrail help <command>` is `payrail <command> --help`.
    process.stdout.write(rest[0] === undefined ? USAGE : commandUsage(commandNamed(rest[0])));
    return 0;
  }
  const command = commandNamed(name);
  const parsed = parseCommandLine(command, rest);
  if (parsed.help) {
    process.stdout.write(commandUsage(command));
    return 0;
  }
  return command.run(parsed.values);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: Error) => {
    if (error instanceof UsageError) {
      const hint = error.command === undefined ? "'payrail --help' lists the commands." : `'payrail ${error.command} --help' lists its options.`;
      process.stderr.write(`payrail: ${error.message}\n${hint}\n`);
      process.exitCode = USAGE_EXIT_CODE;
      return;
    }
    process.stderr.write(`payrail: ${error.message}\n`);
    process.exitCode = 1;
  },
);
