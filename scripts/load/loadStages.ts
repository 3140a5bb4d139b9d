/**
 * Stages as k6 has them: each stage lasts a share of the run and moves the number of open connections
 * linearly from the previous stage's target to its own (the first starts from one connection). The
 * profile is cut into steps of at least STEP_MS_MIN, and each connection gets the windows during which
 * the profile needs it, so a connection opens once when the load climbs past it and closes once when
 * the load falls below it (the highest ones close first), instead of every connection restarting at
 * every step.
 */

/** One stage as the command line gives it: `name:duration_percent:connections_percent`. */
export interface StageSpec {
  name: string;
  /** Share of the whole run, in percent. */
  duration_pct: number;
  /** Connections at the end of the stage, in percent of --connections. */
  connections_pct: number;
}

/** A stage laid out on the run's clock. */
export interface Stage {
  name: string;
  start_ms: number;
  end_ms: number;
  connections_from: number;
  connections_to: number;
}

/** When connection number `connection` (0-based) is open: [start_ms, end_ms) on the run's clock. */
export interface ConnectionWindow {
  connection: number;
  start_ms: number;
  end_ms: number;
}

export interface LoadSchedule {
  stages: Stage[];
  windows: ConnectionWindow[];
  /** The connections open at each step, for the report. */
  steps: Array<{ start_ms: number; end_ms: number; connections: number }>;
}

/** Warm up at a quarter of the connections, ramp to all of them, hold, ramp down. */
export const DEFAULT_STAGES = 'warm-up:15:25,ramp:25:100,steady:50:100,ramp-down:10:25';
/** The shortest step of a ramp: shorter ones would open and close connections faster than they can do anything. */
export const STEP_MS_MIN = 250;
export const STAGES_MAX = 20;

/** `warm-up:15:25,ramp:25:100,...` → stages; throws an Error naming what is wrong and the fix. */
export function parseStages(text: string): StageSpec[] {
  const parts = text.split(',').map((part) => part.trim()).filter((part) => part !== '');
  if (parts.length === 0 || parts.length > STAGES_MAX) throw new Error(`--stages needs 1 to ${STAGES_MAX} stages written name:duration_percent:connections_percent, got ${JSON.stringify(text)}`);
  const stages = parts.map((part) => {
    const [name = '', duration, connections, ...rest] = part.split(':');
    const duration_pct = Number(duration);
    const connections_pct = Number(connections);
    if (rest.length > 0 || !/^[a-z][a-z0-9-]*$/.test(name) || duration === undefined || connections === undefined || !(duration_pct > 0) || !(connections_pct > 0) || connections_pct > 100) {
      throw new Error(`--stages: ${JSON.stringify(part)} is not name:duration_percent:connections_percent (a lower-case name, a share of the run above 0, a share of --connections from above 0 to 100), e.g. steady:50:100`);
    }
    return { name, duration_pct, connections_pct };
  });
  const total = stages.reduce((sum, stage) => sum + stage.duration_pct, 0);
  if (Math.abs(total - 100) > 0.01) throw new Error(`--stages: the durations must add up to 100 (percent of --duration), they add up to ${total}`);
  return stages;
}

/** Lays the stages out over `duration_ms` with at most `connections`, and gives each connection its windows. */
export function loadSchedule(specs: readonly StageSpec[], duration_ms: number, connections: number): LoadSchedule {
  const stages: Stage[] = [];
  const steps: LoadSchedule['steps'] = [];
  let at = 0;
  let previous = 1;
  for (const [i, spec] of specs.entries()) {
    const start = at;
    const end = i === specs.length - 1 ? duration_ms : Math.round(start + (duration_ms * spec.duration_pct) / 100);
    const target = Math.max(1, Math.round((connections * spec.connections_pct) / 100));
    stages.push({ name: spec.name, start_ms: start, end_ms: end, connections_from: previous, connections_to: target });
    const count = Math.max(1, Math.min(Math.abs(target - previous), Math.floor((end - start) / STEP_MS_MIN)));
    for (let k = 0; k < count; k++) {
      const stepStart = Math.round(start + ((end - start) * k) / count);
      const stepEnd = Math.round(start + ((end - start) * (k + 1)) / count);
      // A ramp reaches its target in its last step, as k6's does at the end of the stage.
      const open = Math.round(previous + ((target - previous) * (k + 1)) / count);
      if (stepEnd > stepStart) steps.push({ start_ms: stepStart, end_ms: stepEnd, connections: open });
    }
    previous = target;
    at = end;
  }
  const windows: ConnectionWindow[] = [];
  for (let connection = 0; connection < connections; connection++) {
    let open: ConnectionWindow | null = null;
    for (const step of steps) {
      if (step.connections > connection) {
        if (open === null) open = { connection, start_ms: step.start_ms, end_ms: step.end_ms };
        else open.end_ms = step.end_ms;
      } else if (open !== null) {
        windows.push(open);
        open = null;
      }
    }
    if (open !== null) windows.push(open);
  }
  windows.sort((a, b) => a.start_ms - b.start_ms || a.connection - b.connection);
  return { stages, windows, steps };
}
