export { triage, type BlastRadius, type Incident, type IncidentKind, type TriageReport } from './triage';
export { forEachJournalLine, type Citation, type Line } from './jsonLines';
export { parseSince, triageText } from './triageText';
