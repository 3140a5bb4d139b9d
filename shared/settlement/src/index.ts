export * from './businessDay/businessDay';
export * from './bankFile/bankFile';
export { PAYOUT_COLUMNS, payoutsFileName, settleDay, type PayeeTotal, type PayoutTotal, type SettlementSummary } from './payouts/settleDay';
export * from './reconciliation/reconciliationReport';
export { reconcileDay, type ReconcileOptions } from './reconciliation/reconcileDay';
export { LEDGER_LOCK, outcomeLedgerOf, type OpenLedger, type OutcomeLedger } from './reconciliation/outcomeLedger';
export { runDailyJob, readDoneMarker, doneMarkerName, JOB_LOCK_STALE_MS, JOB_LOCK_UPDATE_MS, type DailyJobKind, type DailyJobResult, type DoneMarker } from './dailyJobs/runDailyJob';
export { DailyJobs, summarizeReport, type JobRunOptions, type NightlyStep, type ReconciliationSummary } from './dailyJobs/dailyJobs';
export { ProgressBar, type ProgressListener, type ProgressUpdate } from './progress/progressBar';
export { runStats, type RunStats } from './progress/runStats';
export { textTable } from './progress/textTable';
export {
  DEMO_MERCHANT_ID,
  PLANNED_OUTCOMES,
  TRAFFIC_DEFAULTS,
  TRAFFIC_DAYS_MAX,
  TRAFFIC_MERCHANTS_MAX,
  TRAFFIC_PAYMENTS_MAX,
  TrafficPlan,
  trafficOptions,
  type PlannedOutcome,
  type PlannedPayment,
  type TrafficOptions,
} from './synthetic/trafficPlan';
export { INJECTED_MISMATCHES, type InjectedMismatch, type InjectedMismatchKind, type StatementDay } from './synthetic/bankStatementWriter';
export { writeDirectLedger, type DirectLedgerSummary } from './synthetic/directLedgerWriter';
export { API_CONCURRENCY_MAX, driveApiTraffic, type ApiTrafficOptions, type ApiTrafficSummary } from './synthetic/apiTraffic';
export { CITATIONS_MAX, MISMATCH_CAUSES, TABLE_ITEMS_MAX, explainMismatches, explanationsTable, type Citation, type CsvCitation, type JournalCitation, type MismatchCause, type MismatchExplanation, type MismatchExplanations } from './reconciliation/explainMismatches';
export { forEachLine } from './ledgerDay/forEachLine';
export { parseLine } from './ledgerDay/ledgerLine';
