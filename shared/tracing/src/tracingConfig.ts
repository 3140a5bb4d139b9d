import * as path from 'node:path';
import { SPANS_FILE } from './spanLine';

/** The samplers OTEL_TRACES_SAMPLER names (the OpenTelemetry specification's list, without jaeger/xray). */
export const SAMPLERS = ['always_on', 'always_off', 'traceidratio', 'parentbased_always_on', 'parentbased_always_off', 'parentbased_traceidratio'] as const;
export type SamplerName = (typeof SAMPLERS)[number];

/** The exporters OTEL_TRACES_EXPORTER may list: the specification's `otlp`, `console`, `none`, and PayRail's `file`. */
export const EXPORTERS = ['file', 'otlp', 'console', 'none'] as const;
export type ExporterName = (typeof EXPORTERS)[number];

/** Every default of tracing, in one place. */
export const TRACING_DEFAULTS = Object.freeze({
  sampler: 'parentbased_always_on' as SamplerName,
  sampler_ratio: 1,
  /** Past this size the span file is renamed to spans.1.jsonl (replacing the one before) and a new one begins. */
  file_bytes_max: 32 * 1024 * 1024,
  /** How long finished spans wait in memory before a batch is written (OTEL_BSP_SCHEDULE_DELAY). */
  schedule_delay_ms: 1_000,
  /** Spans waiting to be exported; more are dropped, never waited for (OTEL_BSP_MAX_QUEUE_SIZE). */
  queue_spans_max: 4_096,
  /** Spans per export (OTEL_BSP_MAX_EXPORT_BATCH_SIZE). */
  batch_spans_max: 512,
  export_timeout_ms: 30_000,
});

export interface TracingConfig {
  /** OTEL_SDK_DISABLED=true: no spans at all, no instrumentation. */
  disabled: boolean;
  service_name: string;
  sampler: SamplerName;
  /** The ratio of the traceidratio samplers (OTEL_TRACES_SAMPLER_ARG), 0 to 1. */
  sampler_ratio: number;
  exporters: ExporterName[];
  /** The span file (the `file` exporter). */
  file: string;
  file_bytes_max: number;
  /** Where the `otlp` exporter POSTs its batches (OTLP/HTTP with JSON bodies): `<endpoint>/v1/traces`. */
  otlp_url: string;
  schedule_delay_ms: number;
  queue_spans_max: number;
  batch_spans_max: number;
  export_timeout_ms: number;
}

/** A tracing variable that does not parse: its message names the variable and what it takes. */
export class TracingConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TracingConfigError';
  }
}

const OTLP_DEFAULT_ENDPOINT = 'http://localhost:4318';

function nonEmpty(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, minimum: number): number {
  const text = nonEmpty(env, name);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < minimum) throw new TracingConfigError(`${name} must be an integer of at least ${minimum}; it is "${text}".`);
  return value;
}

function url(name: string, text: string): string {
  try {
    const parsed = new URL(text);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('not http');
  } catch {
    throw new TracingConfigError(`${name} must be an http(s) URL such as http://127.0.0.1:4318; it is "${text}".`);
  }
  return text;
}

/**
 * Tracing's settings from the standard OpenTelemetry variables (read from `env`: the process
 * environment over .env), with PayRail's defaults: every service samples every trace whose parent did
 * (parentbased_always_on) and writes its spans to `data/traces/spans.jsonl`, unless
 * OTEL_EXPORTER_OTLP_ENDPOINT (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) names a collector, which then
 * gets them instead. A value that does not parse is a TracingConfigError naming the variable.
 */
export function tracingConfig(service: string, env: NodeJS.ProcessEnv, dataDir: string): TracingConfig {
  const disabledText = nonEmpty(env, 'OTEL_SDK_DISABLED')?.toLowerCase();
  if (disabledText !== undefined && disabledText !== 'true' && disabledText !== 'false') throw new TracingConfigError(`OTEL_SDK_DISABLED must be true or false; it is "${disabledText}".`);

  const sampler = (nonEmpty(env, 'OTEL_TRACES_SAMPLER')?.toLowerCase() ?? TRACING_DEFAULTS.sampler) as SamplerName;
  if (!SAMPLERS.includes(sampler)) throw new TracingConfigError(`OTEL_TRACES_SAMPLER must be one of ${SAMPLERS.join(', ')}; it is "${sampler}".`);
  const ratioText = nonEmpty(env, 'OTEL_TRACES_SAMPLER_ARG');
  const sampler_ratio = ratioText === undefined ? TRACING_DEFAULTS.sampler_ratio : Number(ratioText);
  if (!Number.isFinite(sampler_ratio) || sampler_ratio < 0 || sampler_ratio > 1) throw new TracingConfigError(`OTEL_TRACES_SAMPLER_ARG must be a ratio from 0 to 1 (0.1 keeps one trace in ten); it is "${ratioText}".`);

  const tracesEndpoint = nonEmpty(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  const endpoint = nonEmpty(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  const otlp_url = tracesEndpoint !== undefined
    ? url('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', tracesEndpoint)
    : `${url('OTEL_EXPORTER_OTLP_ENDPOINT', endpoint ?? OTLP_DEFAULT_ENDPOINT).replace(/\/+$/, '')}/v1/traces`;
  const listed = nonEmpty(env, 'OTEL_TRACES_EXPORTER')?.toLowerCase();
  const exporters = listed === undefined
    ? [tracesEndpoint !== undefined || endpoint !== undefined ? 'otlp' : 'file'] as ExporterName[]
    : [...new Set(listed.split(',').map((name) => name.trim()).filter((name) => name !== ''))] as ExporterName[];
  const unknown = exporters.find((name) => !EXPORTERS.includes(name));
  if (unknown !== undefined) throw new TracingConfigError(`OTEL_TRACES_EXPORTER must list some of ${EXPORTERS.join(', ')} (comma-separated); "${unknown}" is not one.`);

  return Object.freeze({
    disabled: disabledText === 'true',
    service_name: nonEmpty(env, 'OTEL_SERVICE_NAME') ?? service,
    sampler,
    sampler_ratio,
    exporters: exporters.includes('none') ? [] : exporters,
    file: path.join(dataDir, SPANS_FILE),
    file_bytes_max: integer(env, 'TRACES_FILE_BYTES_MAX', TRACING_DEFAULTS.file_bytes_max, 64 * 1024),
    otlp_url,
    schedule_delay_ms: integer(env, 'OTEL_BSP_SCHEDULE_DELAY', TRACING_DEFAULTS.schedule_delay_ms, 1),
    queue_spans_max: integer(env, 'OTEL_BSP_MAX_QUEUE_SIZE', TRACING_DEFAULTS.queue_spans_max, 1),
    batch_spans_max: integer(env, 'OTEL_BSP_MAX_EXPORT_BATCH_SIZE', TRACING_DEFAULTS.batch_spans_max, 1),
    export_timeout_ms: integer(env, 'OTEL_BSP_EXPORT_TIMEOUT', TRACING_DEFAULTS.export_timeout_ms, 1),
  });
}
