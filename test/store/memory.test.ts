import { MemoryStore } from '../support/memory-store.js';
import { leaseSuite } from './lease-suite.js';
import { recoveryStoreSuite } from './recovery-store-suite.js';
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

// The fake must keep the SQL stores' semantics, so it passes their suites.
storeSuite('the in-memory fake', memoryHarness);

recoveryStoreSuite('the in-memory fake', memoryHarness);

leaseSuite('the in-memory fake', memoryHarness);
