import { COMMAND_MODULES } from './commandModules';
import { COMMANDS } from './commands';

describe('COMMAND_MODULES: each command loaded on its own', () => {
  it('names every command of payrail --help, in any order, and loads the same command object', () => {
    expect(Object.keys(COMMAND_MODULES).sort()).toEqual(COMMANDS.map((command) => command.name).sort());
    for (const command of COMMANDS) expect(COMMAND_MODULES[command.name]?.()).toBe(command);
  });
});
