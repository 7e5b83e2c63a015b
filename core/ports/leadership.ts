import type { LeaseToken } from './leader-lease.js';

/** Whether this orc may still change servers as the elected leader; recoveries the service runs check it before every step. */
export interface Leadership {
  /** True while this process holds a valid leader lease (measured on its own monotonic clock). */
  mayAct(): boolean;
  /** The current term's fencing token, which guarded store writes carry so the store refuses them once it is stale. */
  token(): LeaseToken | null;
}
