import { nanoid } from 'nanoid';
import { errorLine, RefusedError } from '../errors.js';
import type { ProbeOutcome } from '../discovery/discovery-loop.js';
import { gtidContains } from '../model/gtid/gtid-comparison.js';
import { formatInstanceKey, type InstanceKey } from '../model/instance-key.js';
import { sleepOn } from '../ports/clock.js';
import type { FencedInstance } from '../ports/recovery-store.js';
import { decideFence } from './fence-decision.js';
import { fenceHolds } from './fence-holds.js';
import { fenceStanding } from './fence-standing.js';
import { withMaintenanceLocks } from './maintenance-locks.js';
import type { RecoveryDeps } from './recovery-deps.js';
import type { TopologyView } from './topology-view.js';

/**
 * Keeps demoted primaries fenced: the moment one answers a probe it is set read-only if it is writable, then it
 * rejoins under the successor when nothing diverged, or is reported as diverged (to re-seed). Every action is
 * decided on the fence row read again just before it (the list is a poll interval old); rejoining and reporting
 * are decided under the server's maintenance lock on a fresh probe. One check per instance at a time.
 */
export class FenceWatcher {
  private fences = new Map<string, FencedInstance>();
  private readonly busy = new Set<string>();
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly deps: RecoveryDeps,
    private readonly view: TopologyView,
  ) {}

  /** Re-reads the fence list from the store. */
  async refresh(): Promise<void> {
    this.fences = new Map((await this.deps.store.listFenced()).map((f) => [formatInstanceKey(f.instance), f]));
  }

  /** True when the instance is a fenced (not yet rejoined) old primary. */
  isFenced(name: string): boolean {
    const fence = this.fences.get(name);
    return fence !== undefined && fenceHolds(fence);
  }

  /** Reacts to one probe outcome (call for every outcome). */
  onOutcome(outcome: ProbeOutcome, signal: AbortSignal): void {
    if (!outcome.ok) return;
    const name = formatInstanceKey(outcome.key);
    const fence = this.fences.get(name);
    if (!fence || !fenceHolds(fence) || this.busy.has(name)) return;
    if (fence.state === 'diverged' && outcome.facts.readOnly) return;
    this.busy.add(name);
    const task = this.handle(fence.instance, signal).finally(() => {
      this.busy.delete(name);
      this.running.delete(task);
    });
    this.running.add(task);
  }

  /** Waits for checks in flight. */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }

  private async handle(key: InstanceKey, signal: AbortSignal): Promise<void> {
    const { deps } = this;
    const name = formatInstanceKey(key);
    try {
      // The cached list may predate a failed promotion that removed its pending fence and gave the server its writes back.
      const fence = await this.reread(key);
      if (!fence || fence.state === 'rejoined') return;
      // A pending fence holds only once its recovery ended having promoted, and the recovery holds this server's
      // lock while it runs: decided under the lock, so never between its rollback's fence removal and read_only=OFF.
      if (fence.state === 'pending') return await this.underLock(key, signal);
      let facts = await deps.probe.probe(key, signal);
      if (!facts.readOnly) {
        await this.setReadOnly(fence, signal);
        facts = await deps.probe.probe(key, signal);
      }
      const successorKey = (await deps.store.getRecovery(fence.recoveryId))?.record.successor ?? null;
      const successor = successorKey ? (this.view.get(formatInstanceKey(successorKey))?.facts ?? null) : null;
      const first = decideFence(facts, successor);
      if (first.action === 'rejoin' || (first.action === 'diverged' && fence.state !== 'diverged')) await this.underLock(key, signal);
    } catch (err) {
      if (err instanceof RefusedError && err.code === 'orc_lock_held') deps.logger.debug({ instance: name, err: errorLine(err) }, 'fencing check waits for a maintenance lock');
      else deps.logger.warn({ instance: name, err: errorLine(err) }, 'fencing check failed');
    }
  }

  /** Takes the server's maintenance lock (refused while a recovery or an operator holds it) and checks it under it. */
  private async underLock(key: InstanceKey, signal: AbortSignal): Promise<void> {
    const { deps } = this;
    const owner = `fence:${deps.orcHost}:${nanoid(8)}`;
    await withMaintenanceLocks(deps.store, [key], owner, `fencing check of ${formatInstanceKey(key)}`, deps.clock.now, () => this.check(key, signal), (instance, err) =>
      deps.logger.warn({ instance: formatInstanceKey(instance), err: errorLine(err) }, 'releasing a maintenance lock failed'),
    );
  }

  /** Under the lock: re-reads the fence and its recovery, re-probes the server and its successor, and acts on that state. */
  private async check(key: InstanceKey, signal: AbortSignal): Promise<void> {
    const { deps } = this;
    const fence = await this.reread(key);
    if (!fence) return;
    const recovery = (await deps.store.getRecovery(fence.recoveryId))?.record;
    const standing = fenceStanding(fence, recovery);
    if (!standing.holds) {
      deps.logger.debug({ instance: formatInstanceKey(key), reason: standing.reason }, 'fence does not hold: nothing to do');
      return;
    }
    let facts = await deps.probe.probe(key, signal);
    if (!facts.readOnly) {
      await this.setReadOnly(fence, signal);
      facts = await deps.probe.probe(key, signal);
    }
    const successorKey = recovery?.successor ?? null;
    // A successor that does not answer now is no reason to call the server diverged: wait for the next look.
    const successor = successorKey ? await deps.probe.probe(successorKey, signal).catch(() => null) : null;
    const decision = decideFence(facts, successor);
    if (decision.action === 'rejoin' && successorKey) {
      await this.rejoin(fence, successorKey, signal);
    } else if (decision.action === 'diverged' && fence.state !== 'diverged') {
      await this.update(fence, 'diverged', decision.reason);
      await this.audit(fence, 'diverged', decision.reason);
    }
  }

  /** The server's fence as the store holds it now (single-row read), remembered in place of the cached one. */
  private async reread(key: InstanceKey): Promise<FencedInstance | undefined> {
    const fence = await this.deps.store.getFence(key);
    if (fence) this.fences.set(formatInstanceKey(key), fence);
    else this.fences.delete(formatInstanceKey(key));
    return fence;
  }

  private async setReadOnly(fence: FencedInstance, signal: AbortSignal): Promise<void> {
    await this.deps.control.setReadOnly(fence.instance, true, signal);
    await this.audit(fence, 'fence', 'was writable: set read_only=ON');
  }

  /** Repoints the old primary under its successor and takes the source's verdict; diverged ones are detached again. */
  private async rejoin(fence: FencedInstance, successorKey: InstanceKey, signal: AbortSignal): Promise<void> {
    const { deps } = this;
    await deps.control.stopReplica(fence.instance, signal);
    await deps.control.changeSource(fence.instance, { source: successorKey, gtidStart: 'current_pos' }, signal);
    await deps.control.startReplica(fence.instance, signal);
    const verdict = await verifyRejoin(deps, fence, successorKey, signal);
    if (verdict === null) {
      await this.update(fence, 'rejoined', `replicates from ${formatInstanceKey(successorKey)}`);
      await this.audit(fence, 'rejoin', `rejoined as a replica of ${formatInstanceKey(successorKey)}`);
    } else {
      await deps.control.resetReplicaAll(fence.instance, signal);
      await this.update(fence, 'diverged', verdict);
      await this.audit(fence, 'diverged', verdict);
    }
  }

  private async update(fence: FencedInstance, state: FencedInstance['state'], detail: string): Promise<void> {
    const next = { ...fence, state, detail, updatedAt: this.deps.clock.now() };
    await this.deps.store.recordFence(next);
    this.fences.set(formatInstanceKey(fence.instance), next);
  }

  private async audit(fence: FencedInstance, action: string, detail: string): Promise<void> {
    await this.deps.store.appendAudit({
      id: nanoid(),
      at: this.deps.clock.now(),
      actor: `orc:${this.deps.orcHost}`,
      action,
      target: formatInstanceKey(fence.instance),
      cluster: fence.cluster,
      detail,
      outcome: 'ok',
    });
  }
}

/** How long a rejoined old primary has to catch up with the new primary before orc calls it rejoined. */
const REJOIN_VERIFY_MS = 5_000;
/** Gap between observations (a source refuses a diverged replica right after it connects). */
const REJOIN_CONFIRM_GAP_MS = 600;

/**
 * Watches a just-rejoined server by probing it: the source's own refusal (IO error 1236 "diverged", SQL error 1950)
 * is the final word; otherwise it must be seen replicating cleanly twice, a gap apart, with an executed position
 * (gtid_current_pos, never a MASTER_GTID_WAIT on gtid_slave_pos, which an old primary with nothing to fetch never
 * moves) holding what the new primary had executed when it rejoined. Null when it did, else why not.
 */
async function verifyRejoin(deps: RecoveryDeps, fence: FencedInstance, successor: InstanceKey, signal: AbortSignal): Promise<string | null> {
  const target = await deps.control.executedGtid(successor, signal);
  const deadline = deps.clock.monotonic() + REJOIN_VERIFY_MS;
  let clean = 0;
  for (;;) {
    const facts = await deps.probe.probe(fence.instance, signal);
    const channel = facts.replication[0];
    if (channel && (channel.lastIoErrno !== 0 || channel.lastSqlErrno !== 0)) {
      const errno = channel.lastIoErrno || channel.lastSqlErrno;
      return `diverged: its new source refused it (error ${errno}: ${channel.lastIoError || channel.lastSqlError}): re-seed it`;
    }
    const replicating = channel !== undefined && channel.ioState === 'yes' && channel.sqlRunning;
    const caughtUp = replicating && gtidContains(facts.flavor, facts.gtid.executed, target);
    clean = caughtUp ? clean + 1 : 0;
    if (clean >= 2) return null;
    if (deps.clock.monotonic() >= deadline) {
      if (!replicating) return 'not replicating after rejoining: check it, or re-seed it';
      return `did not reach the new primary's position ${target} within ${REJOIN_VERIFY_MS} ms (at ${facts.gtid.executed}): check it, or re-seed it`;
    }
    await sleepOn(deps.clock, REJOIN_CONFIRM_GAP_MS, signal);
  }
}
