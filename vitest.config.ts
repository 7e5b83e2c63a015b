import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Lab-backed tests fail loudly instead of retrying: a flaky failover test must be fixed, not hidden.
    retry: 0,
    // Ink draws no live frames when CI is set (is-in-ci, read at import): the dashboard tests need the real thing.
    env: { CI: 'false' },
  },
});
