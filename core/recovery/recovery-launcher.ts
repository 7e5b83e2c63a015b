import type { Finding } from '../analysis/finding.js';
import type { TopologySnapshot } from '../analysis/topology-snapshot.js';
import { errorLine } from '../errors.js';
import type { InstanceKey } from '../model/instance-key.js';
import type { RecoveryRecord } from '../ports/recovery-store.js';
import { recoverDeadIntermediate } from './recover-dead-intermediate.js';
import { recoverDeadPrimary } from './recover-dead-primary.js';
import { recoveryActionFor } from './recovery-action.js';
import type { RecoveryDeps } from './recovery-deps.js';
import { recoveryLockKeys, resumeRecovery } from './resume-recovery.js';

/**
 * Runs the loop's recoveries as tracked tasks, at most one per cluster (and one per resumed recovery id): new ones
 * for confirmed findings and ones taken over from a runner that stopped. After each, `after` sees the servers it
 * touched (to re-read fences and re-probe them at once). stop() callers wait for them with settle().
 */
export class RecoveryLauncher {
  private readonly active = new Map<string, Promise<void>>();

  constructor(
    private readonly deps: RecoveryDeps,
    private readonly after: (touched: readonly InstanceKey[]) => Promise<void>,
  ) {}

  /** True while a recovery this loop runs for the cluster (or recovery id) is in flight. */
  isActive(key: string): boolean {
    return this.active.has(key);
  }

  /** Starts recovering a confirmed finding. */
  launch(snapshot: TopologySnapshot, finding: Finding, signal: AbortSignal): void {
    const actor = `orc:${this.deps.orcHost}`;
    const input = { snapshot, failed: finding.instance, trigger: finding.code, actor, description: finding.description };
    const touched = snapshot.instances.map((r) => r.key);
    this.track(snapshot.clusterName, touched, () =>
      recoveryActionFor(finding) === 'failover'
        ? recoverDeadPrimary(this.deps, { ...input, kind: 'dead-primary' }, signal)
        : recoverDeadIntermediate(this.deps, input, signal),
    );
  }

  /** Continues a recovery this orc claimed as `runner`. */
  resume(record: RecoveryRecord, runner: string): void {
    this.track(`recovery:${record.id}`, recoveryLockKeys(record), () => resumeRecovery(this.deps, record, runner));
  }

  /** Waits for every recovery in flight. */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.active.values()]);
  }

  private track(key: string, touched: readonly InstanceKey[], work: () => Promise<RecoveryRecord>): void {
    const task = (async () => {
      try {
        const record = await work();
        this.deps.logger.info({ recovery: record.id, status: record.status, summary: record.summary }, 'recovery finished');
      } catch (err) {
        this.deps.logger.error({ key, err: errorLine(err) }, 'recovery could not start');
      } finally {
        await this.after(touched).catch((err: unknown) => this.deps.logger.warn({ key, err: errorLine(err) }, 'refreshing after a recovery failed'));
        this.active.delete(key);
      }
    })();
    this.active.set(key, task);
  }
}
