import type { Config } from '../config.js';
import type { Clock } from '../ports/clock.js';
import type { Probe } from '../ports/probe.js';
import type { RecoveryStore } from '../ports/recovery-store.js';
import type { Store } from '../ports/store.js';

/** What every core command runs against: the frozen config and the ports; front ends build it once. */
export interface CommandContext {
  readonly config: Config;
  readonly store: Store & RecoveryStore;
  readonly probe: Probe;
  readonly clock: Clock;
  /** Who asked (cli:user, tui, slack:U123, http:token-name); recorded in audit. */
  readonly actor: string;
}
