export * from './config';
export * from './logger';
export * from './http';
export * from './server';
export type { RequestContext } from './types';
export * from './metrics';
export * from './input';
export * from './inputGate';
export * from './routeTable';
