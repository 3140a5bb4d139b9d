import * as path from 'node:path';
import { TRACING_DEFAULTS, TracingConfigError, tracingConfig } from './tracingConfig';
import { contextOf, spanContextOf, traceIdOf, traceparentOf } from './traceContext';
import { trace } from '@opentelemetry/api';

describe('tracingConfig: the OTEL_* variables', () => {
  it('defaults: on, parent-based always-on sampling, spans to data/traces/spans.jsonl, named after the service', () => {
    const config = tracingConfig('api-gateway', {}, '/data');
    expect(config).toMatchObject({
      disabled: false,
      service_name: 'api-gateway',
      sampler: 'parentbased_always_on',
      sampler_ratio: 1,
      exporters: ['file'],
      file: path.join('/data', 'traces', 'spans.jsonl'),
      file_bytes_max: TRACING_DEFAULTS.file_bytes_max,
      schedule_delay_ms: TRACING_DEFAULTS.schedule_delay_ms,
    });
  });

  it('OTEL_EXPORTER_OTLP_ENDPOINT sends to the collector instead of the file (/v1/traces appended), the traces endpoint as given', () => {
    expect(tracingConfig('vault-service', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318/' }, '/data')).toMatchObject({ exporters: ['otlp'], otlp_url: 'http://jaeger:4318/v1/traces' });
    expect(tracingConfig('vault-service', { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:9999/custom' }, '/data')).toMatchObject({ exporters: ['otlp'], otlp_url: 'http://127.0.0.1:9999/custom' });
    expect(tracingConfig('vault-service', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318', OTEL_TRACES_EXPORTER: 'file,otlp' }, '/data').exporters).toEqual(['file', 'otlp']);
    expect(tracingConfig('vault-service', { OTEL_TRACES_EXPORTER: 'none' }, '/data').exporters).toEqual([]);
  });

  it('honours OTEL_SERVICE_NAME, OTEL_SDK_DISABLED, the sampler and its ratio, and the batch settings', () => {
    expect(tracingConfig('merchant-sim', { OTEL_SERVICE_NAME: 'shop', OTEL_SDK_DISABLED: 'TRUE', OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.25', OTEL_BSP_SCHEDULE_DELAY: '200', OTEL_BSP_MAX_QUEUE_SIZE: '100' }, '/data'))
      .toMatchObject({ service_name: 'shop', disabled: true, sampler: 'parentbased_traceidratio', sampler_ratio: 0.25, schedule_delay_ms: 200, queue_spans_max: 100 });
    expect(tracingConfig('merchant-sim', { OTEL_SDK_DISABLED: '', OTEL_SERVICE_NAME: ' ' }, '/data')).toMatchObject({ disabled: false, service_name: 'merchant-sim' });
  });

  it.each([
    [{ OTEL_TRACES_SAMPLER: 'sometimes' }, /OTEL_TRACES_SAMPLER must be one of always_on, /],
    [{ OTEL_TRACES_SAMPLER_ARG: '2' }, /OTEL_TRACES_SAMPLER_ARG must be a ratio from 0 to 1/],
    [{ OTEL_SDK_DISABLED: 'yes' }, /OTEL_SDK_DISABLED must be true or false/],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'jaeger:4318' }, /OTEL_EXPORTER_OTLP_ENDPOINT must be an http\(s\) URL/],
    [{ OTEL_TRACES_EXPORTER: 'zipkin' }, /OTEL_TRACES_EXPORTER must list some of file, otlp, console, none/],
    [{ OTEL_BSP_SCHEDULE_DELAY: '1.5' }, /OTEL_BSP_SCHEDULE_DELAY must be an integer of at least 1/],
    [{ TRACES_FILE_BYTES_MAX: '10' }, /TRACES_FILE_BYTES_MAX must be an integer of at least 65536/],
  ])('refuses %j with a message naming the variable', (env, message) => {
    expect(() => tracingConfig('api-gateway', env, '/data')).toThrow(TracingConfigError);
    expect(() => tracingConfig('api-gateway', env, '/data')).toThrow(message);
  });
});

describe('W3C traceparent helpers', () => {
  const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

  it('reads a traceparent into a remote parent context and writes one back', () => {
    expect(spanContextOf(traceparent)).toEqual({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: 1, isRemote: true });
    expect(traceIdOf(traceparent)).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    const parent = trace.getSpan(contextOf(traceparent));
    expect(traceparentOf(parent)).toBe(traceparent);
  });

  it('ignores what is not a valid traceparent (absent, malformed, all-zero ids), and an unsampled span writes none', () => {
    for (const bad of [undefined, '', 'garbage', '01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`, `00-4bf92f3577b34da6a3ce929d0e0e4736-${'0'.repeat(16)}-01`]) {
      expect(spanContextOf(bad)).toBeNull();
      expect(trace.getSpan(contextOf(bad))).toBeUndefined();
    }
    expect(traceparentOf(trace.getSpan(contextOf(traceparent.replace(/01$/, '00'))))).toBeUndefined();
    expect(traceparentOf(undefined)).toBeUndefined();
  });
});
