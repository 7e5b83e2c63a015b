import { collectDefaultMetrics, Registry } from 'prom-client';
import type { MetricsSource } from './api-deps.js';

/** A metrics source with only the process's own metrics (CPU, memory, event loop, GC), for a service that injects none. */
export function processMetrics(): MetricsSource {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'orc_' });
  return async () => ({ contentType: registry.contentType, body: await registry.metrics() });
}
