/* eslint-disable @typescript-eslint/no-require-imports -- each module loaded on demand and synchronously, in jest as in node (an import() of these CommonJS files needs ESM in jest) */
import type { CliCommand } from './commandLine';

/**
 * Each command's module by the command's name, in the order `payrail --help` lists them, loaded only
 * when that command runs: `payrail settle` loads settlement, not the dispute drafter's express and PDF
 * stack. (Loading every command's module took 0.53 s of each run's start, settle's own 0.34 s.)
 * `COMMANDS` (commands.ts) loads them all, for --help.
 */
export const COMMAND_MODULES: Readonly<Record<string, () => CliCommand>> = {
  start: () => (require('./startCommand') as typeof import('./startCommand')).START_COMMAND,
  reset: () => (require('./resetCommand') as typeof import('./resetCommand')).RESET_COMMAND,
  verify: () => (require('./verifyCommand') as typeof import('./verifyCommand')).VERIFY_COMMAND,
  reshard: () => (require('./reshardCommand') as typeof import('./reshardCommand')).RESHARD_COMMAND,
  settle: () => (require('./settleCommand') as typeof import('./settleCommand')).SETTLE_COMMAND,
  reconcile: () => (require('./reconcileCommand') as typeof import('./reconcileCommand')).RECONCILE_COMMAND,
  explain: () => (require('./explainCommand') as typeof import('./explainCommand')).EXPLAIN_COMMAND,
  triage: () => (require('./triageCommand') as typeof import('./triageCommand')).TRIAGE_COMMAND,
  draft: () => (require('./draftCommand') as typeof import('./draftCommand')).DRAFT_COMMAND,
  generate: () => (require('./generateCommand') as typeof import('./generateCommand')).GENERATE_COMMAND,
  health: () => (require('./healthCommand') as typeof import('./healthCommand')).HEALTH_COMMAND,
  logs: () => (require('./logsCommand') as typeof import('./logsCommand')).LOGS_COMMAND,
};
