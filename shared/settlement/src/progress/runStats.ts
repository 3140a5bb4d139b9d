/** How a run went: how long it took, the most memory the process held, and what it read or wrote. */
export interface RunStats {
  duration_ms: number;
  /** CPU time of the whole process (user and system) since it started: wall time minus waiting for a busy machine. */
  cpu_ms: number;
  /** The process's peak resident set size so far (the whole process, in mebibytes). */
  peak_rss_mb: number;
  [count: string]: number;
}

/** The stats of a run that began at `started` (a `performance.now()` reading). */
export function runStats(started: number, counts: Record<string, number>): RunStats {
  return {
    ...counts,
    duration_ms: Math.round(performance.now() - started),
    cpu_ms: Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1000),
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}
