/** A lifecycle point of a recovery or takeover at which configured hooks run. */
export type HookPoint =
  | 'onFailureDetection'
  | 'preGracefulTakeover'
  | 'preFailover'
  | 'postPrimaryFailover'
  | 'postIntermediatePrimaryFailover'
  | 'postFailover'
  | 'postUnsuccessfulFailover'
  | 'postGracefulTakeover';

/** What orc knows about one hook point: its orchestrator config key and whether a failing hook aborts. */
export interface HookPointInfo {
  readonly point: HookPoint;
  readonly orchestratorName: string;
  /** A failing hook at this point stops the remaining hooks and the operation it precedes. */
  readonly abortsOnFailure: boolean;
}

/** Every hook point in lifecycle order, with orchestrator's key names (accepted as config aliases). */
export const HOOK_POINTS: readonly HookPointInfo[] = Object.freeze(
  [
    { point: 'onFailureDetection', orchestratorName: 'OnFailureDetectionProcesses', abortsOnFailure: true },
    { point: 'preGracefulTakeover', orchestratorName: 'PreGracefulTakeoverProcesses', abortsOnFailure: true },
    { point: 'preFailover', orchestratorName: 'PreFailoverProcesses', abortsOnFailure: true },
    { point: 'postPrimaryFailover', orchestratorName: 'PostMasterFailoverProcesses', abortsOnFailure: false },
    { point: 'postIntermediatePrimaryFailover', orchestratorName: 'PostIntermediateMasterFailoverProcesses', abortsOnFailure: false },
    { point: 'postFailover', orchestratorName: 'PostFailoverProcesses', abortsOnFailure: false },
    { point: 'postUnsuccessfulFailover', orchestratorName: 'PostUnsuccessfulFailoverProcesses', abortsOnFailure: false },
    { point: 'postGracefulTakeover', orchestratorName: 'PostGracefulTakeoverProcesses', abortsOnFailure: false },
  ].map((info) => Object.freeze(info as HookPointInfo)),
);

/** True when a failing hook at this point aborts the operation (detection, pre-takeover, pre-failover). */
export function hookPointAborts(point: HookPoint): boolean {
  return HOOK_POINTS.some((info) => info.point === point && info.abortsOnFailure);
}

/** The hook point named by an orc name ("preFailover") or orchestrator key ("PreFailoverProcesses"), if any. */
export function hookPointByName(name: string): HookPoint | undefined {
  return HOOK_POINTS.find((info) => info.point === name || info.orchestratorName === name)?.point;
}
