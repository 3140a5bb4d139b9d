import type { Logger } from '@payrail/service-kit';
import cron, { type ScheduledTask } from 'node-cron';
import { previousUtcDay, type SettlementWriter } from './settlementWriter';

/**
 * Schedules the bank's nightly run (UTC, node-cron syntax): each run writes the settlement file of
 * the previous UTC day. Returns the task; stop it at shutdown.
 */
export function scheduleNightlySettlement(expression: string, writer: SettlementWriter, logger: Logger): ScheduledTask {
  return cron.schedule(
    expression,
    async ({ triggeredAt }) => {
      const date = previousUtcDay(triggeredAt);
      try {
        const summary = await writer.write(date);
        logger.info({ date, rows: summary.rows, mismatches: summary.mismatches.length, file: summary.file }, 'nightly settlement file written');
      } catch (error) {
        logger.error({ err: error, date }, 'nightly settlement file not written');
      }
    },
    { timezone: 'Etc/UTC', name: 'provider-sim nightly settlement', noOverlap: true },
  );
}
