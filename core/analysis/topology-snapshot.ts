import type { InstanceRecord } from '../model/instance.js';
import type { AftermathEntry } from './recovery-aftermath.js';

/** Everything orc knows about one cluster at one moment: the input of analysis. */
export interface TopologySnapshot {
  /** The cluster's name (its root primary's host:port). */
  readonly clusterName: string;
  readonly alias: string | null;
  readonly instances: readonly InstanceRecord[];
  /** Epoch ms at which the snapshot was assembled. */
  readonly observedAt: number;
  /** Servers the cluster's recoveries fenced or detached (from the store); absent where the caller does not read them. */
  readonly aftermath?: readonly AftermathEntry[];
}
