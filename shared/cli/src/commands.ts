import type { CliCommand } from './commandLine';
import { DRAFT_COMMAND } from './draftCommand';
import { EXPLAIN_COMMAND } from './explainCommand';
import { GENERATE_COMMAND } from './generateCommand';
import { HEALTH_COMMAND } from './healthCommand';
import { LOGS_COMMAND } from './logsCommand';
import { RECONCILE_COMMAND } from './reconcileCommand';
import { RESET_COMMAND } from './resetCommand';
import { RESHARD_COMMAND } from './reshardCommand';
import { SETTLE_COMMAND } from './settleCommand';
import { START_COMMAND } from './startCommand';
import { TRIAGE_COMMAND } from './triageCommand';
import { VERIFY_COMMAND } from './verifyCommand';

/** Every payrail command, in the order `payrail --help` lists them. */
export const COMMANDS: readonly CliCommand[] = [START_COMMAND, RESET_COMMAND, VERIFY_COMMAND, RESHARD_COMMAND, SETTLE_COMMAND, RECONCILE_COMMAND, EXPLAIN_COMMAND, TRIAGE_COMMAND, DRAFT_COMMAND, GENERATE_COMMAND, HEALTH_COMMAND, LOGS_COMMAND];
