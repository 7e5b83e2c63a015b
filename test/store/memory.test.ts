import { MemoryStore } from '../support/memory-store.js';
import { agentRegistrySuite } from './agent-registry-suite.js';
import { leaseSuite } from './lease-suite.js';
import { notificationOutboxSuite } from './notification-outbox-suite.js';
import { recoveryRunnerSuite } from './recovery-runner-suite.js';
import { recoveryStoreSuite } from './recovery-store-suite.js';
import { rolloutStoreSuite } from './rollout-store-suite.js';
import { seedStoreSuite } from './seed-store-suite.js';
import { storeSuite } from './store-suite.js';

/** One shared fake per test: its handles are the same instance, and reset starts a new one. */
async function memoryHarness() {
  let shared = new MemoryStore();
  return {
    open: async () => shared,
    reset: async () => {
      shared = new MemoryStore();
    },
    dispose: async () => undefined,
  };
}

/** The fake's backend clock is three days off this host's, so a lease taken on the host's time would fail the suite. */
const BACKEND_OFFSET = 3 * 24 * 3_600_000;

// The fake must keep the SQL stores' semantics, so it passes their suites.
storeSuite('the in-memory fake', memoryHarness);

recoveryStoreSuite('the in-memory fake', memoryHarness);

recoveryRunnerSuite('the in-memory fake', memoryHarness);

seedStoreSuite('the in-memory fake', memoryHarness);

agentRegistrySuite('the in-memory fake', memoryHarness);

rolloutStoreSuite('the in-memory fake', memoryHarness);

notificationOutboxSuite('the in-memory fake', memoryHarness);

leaseSuite('the in-memory fake', async () => {
  const backendClock = { now: () => Date.now() + BACKEND_OFFSET };
  let shared = new MemoryStore({ backendClock });
  return {
    open: async () => shared,
    backendNow: () => backendClock.now(),
    reset: async () => {
      shared = new MemoryStore({ backendClock });
    },
    dispose: async () => undefined,
  };
});
