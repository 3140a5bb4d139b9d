// What any module may import: trace context helpers on @opentelemetry/api (no-ops until a service starts
// tracing), the span file's line format and its reader. The SDK itself is `@payrail/tracing/start`.
export * from './traceContext';
export * from './serverSpans';
export * from './spanLine';
export * from './traceFile';
export * from './tracingConfig';
