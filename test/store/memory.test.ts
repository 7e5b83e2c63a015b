import { MemoryStore } from '../support/memory-store.js';
import { leaseSuite } from './lease-suite.js';
import { recoveryStoreSuite } from './recovery-store-suite.js';

// The fake must keep the SQL stores' semantics, so it passes their suite; its handles share one instance.
recoveryStoreSuite('the in-memory fake', async () => {
  let shared = new MemoryStore();
  return {
    open: async () => shared,
    reset: async () => {
      shared = new MemoryStore();
    },
    dispose: async () => undefined,
  };
});

leaseSuite('the in-memory fake', async () => {
  let shared = new MemoryStore();
  return {
    open: async () => shared,
    reset: async () => {
      shared = new MemoryStore();
    },
    dispose: async () => undefined,
  };
});
