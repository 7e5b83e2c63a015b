/** The role an orc service had at its latest election round. */
export type OrcNodeRole = 'leader' | 'follower';

/** One orc service's health row: who and where it is, since when it runs and when it last took part in the election. */
export interface OrcNode {
  /** Its lease holder identity, unique per process start (`${name or host}:${pid}:${random}`). */
  readonly holder: string;
  readonly host: string;
  readonly pid: number;
  /** orc's version on that node. */
  readonly version: string;
  /** Epoch ms at which the service started, by its own clock. */
  readonly startedAt: number;
  /** Epoch ms of its latest election round, by its own clock. */
  readonly lastSeenAt: number;
  readonly role: OrcNodeRole;
}
