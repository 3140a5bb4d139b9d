/**
 * `@payrail/tracing/start`: the OpenTelemetry SDK of a PayRail service. Importing this module installs
 * the HTTP (node:http client) and fetch (undici) instrumentations, so it must be
 * the first import of a service's index.ts, before anything loads express; `startTracing()` then
 * starts the tracer provider once the configuration is read (and with it the server spans of
 * `tracedRequests`, which service-kit's `listen` puts in front of every app). Until then, and without
 * it, every span is a no-op.
 */
import { DiagLogLevel, diag, type DiagLogger } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations, type Instrumentation } from '@opentelemetry/instrumentation';
import { ExpressInstrumentation, ExpressLayerType } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  ConsoleSpanExporter,
  NodeTracerProvider,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  type Sampler,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-node';
import { FileSpanExporter } from './fileSpanExporter';
import { setServerSpans } from './serverSpans';
import { TracingConfigError, tracingConfig, type TracingConfig } from './tracingConfig';

export { FileSpanExporter, serializeSpanLine, toSpanLine, SPAN_LINE_BYTES_MAX, PENDING_BATCHES_MAX } from './fileSpanExporter';

/** Span limits: no attribute, event list or link list grows without bound (a batch links at most 128 commands). */
const SPAN_LIMITS = { attributeCountLimit: 64, attributeValueLengthLimit: 1_024, eventCountLimit: 64, linkCountLimit: 128 };

/** How often one kind of OpenTelemetry complaint (a collector that is down) reaches the service's log. */
const DIAG_REPEAT_MS = 30_000;

/** The instrumentations a service can have, by the names OTEL_NODE_ENABLED_INSTRUMENTATIONS takes. */
export const INSTRUMENTATIONS = ['http', 'undici', 'express'] as const;
type InstrumentationName = (typeof INSTRUMENTATIONS)[number];
/**
 * On unless listed otherwise: HTTP (server spans by tracedRequests, node:http client spans, W3C propagation) and fetch. The
 * express instrumentation wraps every layer of every request (a dozen per request here) and cost more
 * than the HTTP one while adding nothing a payment's trace needs (routes name the HTTP spans without
 * it); OTEL_NODE_ENABLED_INSTRUMENTATIONS=http,undici,express turns it on.
 */
const DEFAULT_INSTRUMENTATIONS: readonly InstrumentationName[] = ['http', 'undici'];

/**
 * The instrumentations to install, from the process environment (they are installed when this module
 * loads, before .env is read): none with OTEL_SDK_DISABLED=true; else OTEL_NODE_ENABLED_INSTRUMENTATIONS
 * (comma-separated, of INSTRUMENTATIONS) or the defaults, less OTEL_NODE_DISABLED_INSTRUMENTATIONS.
 */
export function instrumentationNames(env: NodeJS.ProcessEnv): InstrumentationName[] {
  if (env['OTEL_SDK_DISABLED']?.trim().toLowerCase() === 'true') return [];
  const list = (name: string): string[] | null => {
    const text = env[name]?.trim();
    return text === undefined || text === '' ? null : text.split(',').map((item) => item.trim().toLowerCase()).filter((item) => item !== '');
  };
  const enabled = list('OTEL_NODE_ENABLED_INSTRUMENTATIONS') ?? [...DEFAULT_INSTRUMENTATIONS];
  const disabled = new Set(list('OTEL_NODE_DISABLED_INSTRUMENTATIONS') ?? []);
  return INSTRUMENTATIONS.filter((name) => enabled.includes(name) && !disabled.has(name));
}

const enabledAtLoad = new Set(instrumentationNames(process.env));
// Only what a trace of a payment needs: no fs, dns or net instrumentation (each syscall a span).
const instrumentations: Instrumentation[] = [
  // Client side only (node:http calls, with W3C propagation): server spans are tracedRequests' (serverSpans.ts).
  ...(enabledAtLoad.has('http') ? [new HttpInstrumentation({ disableIncomingRequestInstrumentation: true, requireParentforOutgoingSpans: true })] : []),
  ...(enabledAtLoad.has('undici') ? [new UndiciInstrumentation({ requireParentforSpans: true })] : []),
  ...(enabledAtLoad.has('express') ? [new ExpressInstrumentation({ ignoreLayersType: [ExpressLayerType.MIDDLEWARE, ExpressLayerType.ROUTER] })] : []),
];
if (instrumentations.length > 0) registerInstrumentations({ instrumentations });

export interface TracingLogger {
  warn(object: object, message: string): void;
}

/** A service's tracing, as started. */
export interface Tracing {
  config: TracingConfig;
  /** The embedded exporter, when spans go to the span file. */
  file: FileSpanExporter | null;
  /** Writes what is still queued and stops (call it at shutdown, before the process exits). */
  shutdown(): Promise<void>;
}

function samplerOf({ sampler, sampler_ratio }: TracingConfig): Sampler {
  switch (sampler) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(sampler_ratio);
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(sampler_ratio) });
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
  }
}

/** OpenTelemetry's own warnings and errors, in the service's log, each kind at most every DIAG_REPEAT_MS. */
function diagLogger(logger: TracingLogger | undefined): DiagLogger {
  const last = new Map<string, number>();
  const say = (message: string, ...args: unknown[]): void => {
    const kind = message.slice(0, 80);
    const now = Date.now();
    if (logger === undefined || now - (last.get(kind) ?? -Infinity) < DIAG_REPEAT_MS) return;
    last.set(kind, now);
    logger.warn({ detail: args.map((arg) => (arg instanceof Error ? arg.message : String(arg))).join(' ').slice(0, 500) }, `tracing: ${message}`);
  };
  const quiet = (): void => {};
  return { error: say, warn: say, info: quiet, debug: quiet, verbose: quiet };
}

/**
 * Starts tracing for `service` from the OTEL_* variables of `env` (see tracingConfig): a tracer
 * provider with the configured sampler, W3C trace context propagation, and a BatchSpanProcessor per
 * exporter (the span file under `dataDir` by default, OTLP/HTTP when a collector is named). With
 * OTEL_SDK_DISABLED=true it starts nothing and turns the instrumentations off. Throws
 * TracingConfigError for a variable that does not parse.
 */
export function startTracing({ service, env, dataDir, logger }: { service: string; env: NodeJS.ProcessEnv; dataDir: string; logger?: TracingLogger }): Tracing {
  const config = tracingConfig(service, env, dataDir);
  if (config.disabled) {
    for (const instrumentation of instrumentations) instrumentation.disable();
    return { config, file: null, shutdown: async () => {} };
  }
  diag.setLogger(diagLogger(logger), DiagLogLevel.WARN);
  let file: FileSpanExporter | null = null;
  const exporters: SpanExporter[] = config.exporters.map((name) => {
    switch (name) {
      case 'file':
        file = new FileSpanExporter({ file: config.file, file_bytes_max: config.file_bytes_max, onError: (error) => logger?.warn({ err: error.message, file: config.file }, 'tracing: a batch of spans could not be written') });
        return file;
      case 'otlp':
        return new OTLPTraceExporter({ url: config.otlp_url, timeoutMillis: config.export_timeout_ms });
      case 'console':
        return new ConsoleSpanExporter();
      case 'none':
        throw new Error('unreachable: tracingConfig drops none');
    }
  });
  const provider = new NodeTracerProvider({
    resource: defaultResource().merge(resourceFromAttributes({ 'service.name': config.service_name, 'service.namespace': 'payrail', 'service.instance.id': `${service}-${process.pid}` })),
    sampler: samplerOf(config),
    spanLimits: SPAN_LIMITS,
    spanProcessors: exporters.map((exporter) => new BatchSpanProcessor(exporter, {
      scheduledDelayMillis: config.schedule_delay_ms,
      maxQueueSize: config.queue_spans_max,
      maxExportBatchSize: Math.min(config.batch_spans_max, config.queue_spans_max),
      exportTimeoutMillis: config.export_timeout_ms,
    })),
  });
  provider.register();
  setServerSpans(enabledAtLoad.has('http'));
  let stopped: Promise<void> | null = null;
  return {
    config,
    file,
    shutdown: () => (stopped ??= provider.shutdown().catch((error: Error) => logger?.warn({ err: error.message }, 'tracing: spans lost at shutdown'))),
  };
}

/** startTracing for a service's main(): a variable that does not parse is printed (it names the fix) and the process exits 1. */
export function startTracingOrExit(options: Parameters<typeof startTracing>[0]): Tracing {
  try {
    return startTracing(options);
  } catch (error) {
    if (!(error instanceof TracingConfigError)) throw error;
    process.stderr.write(`${options.service}: ${error.message}\n`);
    process.exit(1);
  }
}
