import type { CliCommand } from './commandLine';
import { COMMAND_MODULES } from './commandModules';

/** Every payrail command, in the order `payrail --help` lists them (commandModules' order): loads every command's module. */
export const COMMANDS: readonly CliCommand[] = Object.values(COMMAND_MODULES).map((load) => load());
