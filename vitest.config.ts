import { defineConfig, type ViteUserConfig } from 'vitest/config';
import { RunSummaryReporter } from './test/support/run-summary-reporter.js';

/** Test options every run shares (`npm test`, and `npm run test:system` through vitest.system.config.ts). */
export const sharedTestOptions: NonNullable<ViteUserConfig['test']> = {
  include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
  pool: 'forks',
  maxWorkers: 2,
  testTimeout: 30_000,
  hookTimeout: 60_000,
  // Lab-backed tests fail loudly instead of retrying: a flaky failover test must be fixed, not hidden.
  retry: 0,
  // Ink draws no live frames when CI is set (is-in-ci, read at import): the dashboard tests need the real thing.
  env: { CI: 'false' },
};

export default defineConfig({
  test: {
    ...sharedTestOptions,
    // The run closes with one plain "N passed, N failed, N skipped" line (CI and people read the same one).
    reporters: ['default', new RunSummaryReporter()],
  },
});
