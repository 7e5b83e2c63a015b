import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';

/** A backend a store contract suite runs on: set up once, emptied before each test, opened as often as a test needs. */
export interface SessionHarness<S> {
  dispose(): Promise<void>;
  reset(): Promise<void>;
  open(): Promise<S>;
}

/** The kind of store a harness opens. */
export type Opened<H> = H extends SessionHarness<infer S> ? S : never;

/** What a test of a store contract suite works with: the harness, the store opened for it, and more of them. */
export interface StoreSession<H, S> {
  readonly harness: H;
  readonly store: S;
  /** Opens another store on the same backend (a second orc process), closed after the test. */
  another(): Promise<S>;
}

/**
 * Registers the lifecycle every store contract suite shares (inside its describe): the harness built once and
 * disposed at the end, an empty backend and a freshly opened store before each test, every store closed after it;
 * `opened` runs after each open, for suites that keep the store in a variable of their own.
 */
export function useStoreSession<H extends SessionHarness<{ close(): Promise<void> }>>(
  harness: () => Promise<H>,
  opened: (session: StoreSession<H, Opened<H>>) => void = () => {},
): StoreSession<H, Opened<H>> {
  type S = Opened<H>;
  let built: H | undefined;
  let store: S | undefined;
  let others: S[] = [];
  const session: StoreSession<H, S> = {
    get harness() {
      if (!built) throw new Error('the store harness is not built yet');
      return built;
    },
    get store() {
      if (!store) throw new Error('no store is open outside a test');
      return store;
    },
    async another() {
      const other = (await session.harness.open()) as S;
      others.push(other);
      return other;
    },
  };
  beforeAll(async () => {
    built = await harness();
  });
  afterAll(async () => {
    await built?.dispose();
  });
  beforeEach(async () => {
    await session.harness.reset();
    store = (await session.harness.open()) as S;
    opened(session);
  });
  afterEach(async () => {
    for (const other of others) await other.close();
    others = [];
    await store?.close();
    store = undefined;
  });
  return session;
}
