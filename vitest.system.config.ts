import { defineConfig } from 'vitest/config';
import { RunSummaryReporter } from './test/support/run-summary-reporter.js';
import { sharedTestOptions } from './vitest.config.js';

/** Every lab scenario (each brings up its own lab on its own ports), then a table of scenarios and the closing line. */
export default defineConfig({
  test: {
    ...sharedTestOptions,
    include: ['test/system/**/*.test.ts', 'test/upgrade/**/*.test.ts'],
    reporters: ['default', new RunSummaryReporter({ table: true })],
  },
});
