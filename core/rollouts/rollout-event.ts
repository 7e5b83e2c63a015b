/** What every rollout event names: the rollout, when, and the version concerned (the rolling one). */
interface RolloutEventBase {
  readonly namespace: string;
  readonly entity: string;
  readonly at: number;
  readonly version: string;
}

/**
 * Something that happened to a rollout, as data for audit and notifications: a batch told a version (to: the
 * version told, the good one in a rollback), every told target decided, paused, resumed, the version marked bad
 * (failed) or good, every target on the good version (completed) or back on it (rolled-back), a selection that
 * failed, targets dropped after 15 minutes without a report.
 */
export type RolloutEvent = RolloutEventBase &
  (
    | { readonly kind: 'step-started'; readonly step: number; readonly to: string; readonly rollback: boolean; readonly targets: readonly string[] }
    | { readonly kind: 'step-done'; readonly step: number; readonly rollback: boolean }
    | { readonly kind: 'paused'; readonly reason: string }
    | { readonly kind: 'resumed' }
    | { readonly kind: 'failed'; readonly reason: string; readonly failedTargets: readonly string[] }
    | { readonly kind: 'marked-good'; readonly reason: string }
    | { readonly kind: 'completed' }
    | { readonly kind: 'rolled-back'; readonly to: string }
    | { readonly kind: 'selection-failed'; readonly error: string }
    | { readonly kind: 'dropped'; readonly targets: readonly string[] }
  );

/** The kinds of rollout events. */
export type RolloutEventKind = RolloutEvent['kind'];
