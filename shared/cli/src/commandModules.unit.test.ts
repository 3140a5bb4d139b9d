import { COMMAND_MODULES } from './commandModules';
import { COMMANDS } from './commands';

describe('COMMAND_MODULES: each command loaded on its own', () => {
  it('loads, under each name, the command of that name; --help lists them all in that order', () => {
    for (const [name, load] of Object.entries(COMMAND_MODULES)) expect(load().name).toBe(name);
    expect(COMMANDS.map((command) => command.name)).toEqual(['start', 'reset', 'verify', 'reshard', 'settle', 'reconcile', 'explain', 'triage', 'draft', 'generate', 'health', 'logs']);
  });
});
