import { errorLine } from '../errors.js';
import type { RecoveryLauncher } from './recovery-launcher.js';
import type { RecoveryDeps } from './recovery-deps.js';
import { RECOVERY_RENEW_MS, runnerName } from './recovery-run.js';

/**
 * Takes over running recoveries whose runner stopped (orc killed mid-step, its host lost): a recovery whose
 * heartbeat has not moved for `recovery.resumeAfterMs` by this orc's own monotonic clock (so no two hosts' wall
 * clocks are compared) is claimed in one conditional store write and resumed from its persisted progress. A
 * live runner renews every second, so it is never taken over; nothing is marked abandoned without a resume.
 */
export class RecoveryResumer {
  /** Per running recovery: the heartbeat last seen and when (monotonic) it was first seen with that value. */
  private readonly seen = new Map<string, { renewedAt: number | null; since: number }>();
  private lastReviewAt = -Infinity;

  constructor(
    private readonly deps: RecoveryDeps,
    private readonly launcher: Pick<RecoveryLauncher, 'isActive' | 'resume'>,
  ) {}

  /** Looks for stale recoveries, at most once per renewal interval. */
  async review(): Promise<void> {
    const now = this.deps.clock.monotonic();
    if (now - this.lastReviewAt < RECOVERY_RENEW_MS) return;
    this.lastReviewAt = now;
    const running = (await this.deps.store.listRecoveries({ limit: 200 })).filter((r) => r.status === 'running');
    for (const id of this.seen.keys()) if (!running.some((r) => r.id === id)) this.seen.delete(id);
    for (const record of running) {
      if (this.launcher.isActive(`recovery:${record.id}`)) continue;
      const previous = this.seen.get(record.id);
      if (previous === undefined || previous.renewedAt !== record.renewedAt) {
        this.seen.set(record.id, { renewedAt: record.renewedAt, since: now });
        continue;
      }
      if (now - previous.since < this.deps.config.recovery.resumeAfterMs) continue;
      if (this.deps.leadership && !this.deps.leadership.mayAct()) return;
      const runner = runnerName(this.deps.orcHost);
      // Claimed only if the heartbeat is still the one seen: a runner that renewed meanwhile keeps its recovery.
      const claimed = await this.deps.store
        .claimRecovery(record.id, runner, this.deps.clock.now(), (record.renewedAt ?? 0) + 1)
        .catch((err: unknown) => {
          this.deps.logger.warn({ recovery: record.id, err: errorLine(err) }, 'claiming a stale recovery failed');
          return false;
        });
      this.seen.delete(record.id);
      if (!claimed) continue;
      this.deps.logger.warn(
        { recovery: record.id, cluster: record.cluster, previousRunner: record.runner, phase: record.progress?.phase ?? 'preparing' },
        'taking over a recovery whose runner stopped',
      );
      this.launcher.resume(record, runner);
    }
  }
}
