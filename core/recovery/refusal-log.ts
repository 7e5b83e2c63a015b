import type { Finding } from '../analysis/finding.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';

/** An actionable finding the gates refused to recover, with the reason (orchestrator's blocked recoveries). */
export interface Refusal {
  readonly cluster: string;
  readonly finding: Finding;
  readonly reason: string;
}

/**
 * The gates' refusals while their findings last: a refused finding is re-examined once per review interval (not on
 * every analysis pass), and its log line repeats only when the reason itself changes.
 */
export class RefusalLog {
  private readonly refusals = new Map<string, Refusal>();
  private readonly reviewedAt = new Map<string, number>();

  constructor(
    private readonly clock: Pick<Clock, 'monotonic'>,
    private readonly logger: Logger,
    private readonly reviewEveryMs: number,
  ) {}

  /** True when the finding is not refused, or its last review is older than the interval; marks it reviewed. */
  review(key: string): boolean {
    const now = this.clock.monotonic();
    if (this.refusals.has(key) && now - (this.reviewedAt.get(key) ?? -Infinity) < this.reviewEveryMs) return false;
    this.reviewedAt.set(key, now);
    return true;
  }

  /** Records a refusal. */
  refuse(key: string, refusal: Refusal): void {
    // Reasons carry durations ("12m03s left"): compare them without their numbers.
    const kind = (reason: string) => reason.replace(/\d+/g, '#');
    const previous = this.refusals.get(key);
    this.refusals.set(key, refusal);
    if (previous === undefined || kind(previous.reason) !== kind(refusal.reason)) {
      this.logger.warn({ cluster: refusal.cluster, code: refusal.finding.code, reason: refusal.reason }, 'not recovering');
    }
  }

  /** Forgets a finding's refusal (it is being recovered). */
  clear(key: string): void {
    this.refusals.delete(key);
  }

  /** Drops refusals whose finding is gone: a refusal is only news while its finding lasts. */
  keepOnly(current: ReadonlySet<string>): void {
    for (const key of this.refusals.keys()) {
      if (!current.has(key)) {
        this.refusals.delete(key);
        this.reviewedAt.delete(key);
      }
    }
  }

  /** The current refusals. */
  list(): Refusal[] {
    return [...this.refusals.values()];
  }
}
