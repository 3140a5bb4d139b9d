import type { Incident, TriageReport } from './triage';

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `--since`: a duration back from now (`30m`, `1h`, `2d`) or an ISO time; null when it is neither. */
export function parseSince(text: string, now_ms = Date.now()): number | null {
  const match = /^(\d{1,5})([mhd])$/.exec(text.trim());
  if (match !== null) return now_ms - Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
  const at = /^\d{4}-\d{2}-\d{2}T/.test(text) ? Date.parse(text) : NaN;
  return Number.isNaN(at) ? null : at;
}

const amounts = (amount: Record<string, number>): string => Object.entries(amount).map(([currency, minor]) => `${minor} ${currency}`).join(', ') || 'no amount';

function citation(incident: Incident, index: number): string {
  const item = incident.evidence[index];
  if (item === undefined) return '';
  const where = item.seq === undefined ? item.file : `${item.file}:${item.seq} ${item.event_id ?? ''}`.trim();
  return `    ${where}${item.note === undefined ? '' : `  ${item.note}`}`;
}

/** The report as a person reads it in a terminal: a summary table, then each incident with its cause, reach, action and lines. */
export function triageText(report: TriageReport): string {
  const out: string[] = [`triage since ${report.since} (at ${report.generated_at}): ${report.incidents.length} incident${report.incidents.length === 1 ? '' : 's'}`];
  if (report.incidents.length === 0) return `${out[0]}\nnothing failed often enough to be an incident.\n`;
  const rows = report.incidents.map((incident, index) => [String(index + 1), incident.severity, incident.kind, String(incident.count), String(incident.blast_radius.payments), incident.title]);
  const header = ['#', 'severity', 'kind', 'lines', 'payments', 'incident'];
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => (row[column] ?? '').length)));
  for (const row of [header, ...rows]) out.push(row.map((cell, column) => (column === 3 || column === 4 ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0))).join('  ').trimEnd());
  report.incidents.forEach((incident, index) => {
    const reach = incident.blast_radius;
    out.push(
      '',
      `${index + 1}. ${incident.title}  [${incident.severity}, ${incident.first_seen} .. ${incident.last_seen}]`,
      `  probable cause: ${incident.probable_cause}`,
      `  blast radius:   ${reach.payments} payment${reach.payments === 1 ? '' : 's'} (${amounts(reach.amount)}), ${reach.merchants.length} merchant${reach.merchants.length === 1 ? '' : 's'}${reach.events === undefined ? '' : `, ${reach.events} event${reach.events === 1 ? '' : 's'} not delivered`}`,
      `  next action:    ${incident.next_action}`,
      `  evidence (${incident.evidence.length} of ${incident.count} lines; jq -c 'select(.seq == N)' FILE):`,
      ...incident.evidence.map((_, at) => citation(incident, at)),
    );
  });
  return `${out.join('\n')}\n`;
}
