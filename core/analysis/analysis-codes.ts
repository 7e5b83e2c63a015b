/** Stable analysis codes orc shows verbatim in the TUI, API, audit and hooks (orchestrator's names, Master -> Primary). */
export type AnalysisCode =
  | 'HeadlessCluster'
  | 'DeadPrimary'
  | 'DeadPrimaryAndSomeReplicas'
  | 'DeadPrimaryAndReplicas'
  | 'DeadPrimaryWithoutReplicas'
  | 'UnreachablePrimary'
  | 'UnreachablePrimaryWithLaggingReplicas'
  | 'AllPrimaryReplicasNotReplicating'
  | 'AllPrimaryReplicasNotReplicatingOrDead'
  | 'PrimarySingleReplicaNotReplicating'
  | 'PrimarySingleReplicaDead'
  | 'LockedSemiSyncPrimary'
  | 'DeadCoPrimary'
  | 'DeadCoPrimaryAndSomeReplicas'
  | 'DeadIntermediatePrimary'
  | 'DeadIntermediatePrimaryAndSomeReplicas'
  | 'DeadIntermediatePrimaryAndReplicas'
  | 'DeadIntermediatePrimaryWithSingleReplicaFailingToConnect'
  | 'AllIntermediatePrimaryReplicasFailingToConnectOrDead'
  | 'UnreachableIntermediatePrimary'
  | 'UnreachableIntermediatePrimaryWithLaggingReplicas'
  | 'FirstTierReplicaFailingToConnectToPrimary'
  | 'FencedFormerPrimary'
  | 'DivergedFormerPrimary'
  | 'LostReplica'
  | 'NoLoggingReplicas'
  | 'NoFailoverSupport'
  | 'ErrantGTID'
  | 'NoWriteablePrimary'
  | 'DifferentGTIDModes'
  | 'MixedBinlogFormats'
  | 'MultipleMajorVersionsLoggingReplicas'
  | 'ReplicaSlowHeartbeat';

/**
 * critical: the cluster cannot take writes now (shown first, alerted on; recovery acts on the failure finding beside
 * it, never on this one); actionable: recovery may act; informational: shown, never acted on; structure: a standing
 * configuration warning.
 */
export type AnalysisKind = 'critical' | 'actionable' | 'informational' | 'structure';

/** Which recovery opt-in governs an actionable code. */
export type AnalysisScope = 'primary' | 'intermediate' | 'replica' | 'cluster';

/** What orc knows about one code: its kind, scope, description and the names orchestrator users paste (none for orc's own). */
export interface AnalysisCodeInfo {
  readonly kind: AnalysisKind;
  readonly scope: AnalysisScope;
  readonly description: string;
  readonly orchestratorNames: readonly string[];
}

const code = (kind: AnalysisKind, scope: AnalysisScope, description: string, ...orchestratorNames: string[]): AnalysisCodeInfo =>
  Object.freeze({ kind, scope, description, orchestratorNames: Object.freeze(orchestratorNames) });

/** Every analysis code with its metadata, in the order findings are listed for one instance. */
export const ANALYSIS_CODES: Readonly<Record<AnalysisCode, AnalysisCodeInfo>> = Object.freeze({
  HeadlessCluster: code('critical', 'cluster', 'Cluster has no writable primary: its primary is dead or read-only and no other server took its place; writes fail until it is recovered'),
  DeadPrimary: code('actionable', 'primary', 'Primary is unreachable and all of its replicas confirm they cannot replicate from it', 'DeadMaster'),
  DeadPrimaryAndSomeReplicas: code('actionable', 'primary', 'Primary is unreachable; its reachable replicas confirm it, some replicas are unreachable too', 'DeadMasterAndSomeReplicas', 'DeadMasterAndSomeSlaves'),
  DeadPrimaryAndReplicas: code('informational', 'primary', 'Primary and all of its replicas are unreachable: nobody can confirm the failure', 'DeadMasterAndReplicas', 'DeadMasterAndSlaves'),
  DeadPrimaryWithoutReplicas: code('informational', 'primary', 'Primary is unreachable and has no replicas to promote', 'DeadMasterWithoutReplicas', 'DeadMasterWithoutSlaves'),
  UnreachablePrimary: code('informational', 'primary', 'Primary is unreachable from orc but its replicas do not confirm it dead: they still replicate from it, or their heartbeat is too slow to tell (network between orc and the primary?)', 'UnreachableMaster'),
  UnreachablePrimaryWithLaggingReplicas: code('informational', 'primary', 'Primary is unreachable and all replicas lag behind it (hung or overloaded primary?)', 'UnreachableMasterWithLaggingReplicas', 'UnreachableMasterWithStaleSlaves'),
  AllPrimaryReplicasNotReplicating: code('informational', 'primary', 'Primary is reachable but none of its replicas is replicating', 'AllMasterReplicasNotReplicating', 'AllMasterSlavesNotReplicating'),
  AllPrimaryReplicasNotReplicatingOrDead: code('informational', 'primary', 'Primary is reachable but none of its replicas is replicating, some are unreachable', 'AllMasterReplicasNotReplicatingOrDead', 'AllMasterSlavesNotReplicatingOrDead'),
  PrimarySingleReplicaNotReplicating: code('informational', 'primary', 'Primary is reachable but its single replica is not replicating', 'MasterSingleReplicaNotReplicating', 'MasterSingleSlaveNotReplicating'),
  PrimarySingleReplicaDead: code('informational', 'primary', 'Primary is reachable but its single replica is unreachable', 'MasterSingleReplicaDead', 'MasterSingleSlaveDead'),
  LockedSemiSyncPrimary: code('actionable', 'primary', 'Semi-sync primary is blocked: fewer acknowledging replicas than its wait count and its binlog is not moving', 'LockedSemiSyncMaster'),
  DeadCoPrimary: code('actionable', 'primary', 'Co-primary is unreachable and all of its replicas confirm they cannot replicate from it', 'DeadCoMaster'),
  DeadCoPrimaryAndSomeReplicas: code('actionable', 'primary', 'Co-primary is unreachable; its reachable replicas confirm it, some replicas are unreachable too', 'DeadCoMasterAndSomeReplicas', 'DeadCoMasterAndSomeSlaves'),
  DeadIntermediatePrimary: code('actionable', 'intermediate', 'Intermediate primary is unreachable and all of its replicas confirm they cannot replicate from it', 'DeadIntermediateMaster', 'DeadIntermediateMasterWithSingleReplica', 'DeadIntermediateMasterWithSingleSlave'),
  DeadIntermediatePrimaryAndSomeReplicas: code('actionable', 'intermediate', 'Intermediate primary is unreachable; its reachable replicas confirm it, some replicas are unreachable too', 'DeadIntermediateMasterAndSomeReplicas', 'DeadIntermediateMasterAndSomeSlaves'),
  DeadIntermediatePrimaryAndReplicas: code('informational', 'intermediate', 'Intermediate primary and all of its replicas are unreachable: nobody can confirm the failure', 'DeadIntermediateMasterAndReplicas', 'DeadIntermediateMasterAndSlaves'),
  DeadIntermediatePrimaryWithSingleReplicaFailingToConnect: code('actionable', 'intermediate', 'Intermediate primary is unreachable and its single replica fails to connect to it', 'DeadIntermediateMasterWithSingleReplicaFailingToConnect', 'DeadIntermediateMasterWithSingleSlaveFailingToConnect'),
  AllIntermediatePrimaryReplicasFailingToConnectOrDead: code('actionable', 'intermediate', 'Intermediate primary is reachable but all of its reachable replicas fail to connect to it', 'AllIntermediateMasterReplicasFailingToConnectOrDead', 'AllIntermediateMasterSlavesFailingToConnectOrDead'),
  UnreachableIntermediatePrimary: code('informational', 'intermediate', 'Intermediate primary is unreachable from orc but its replicas do not confirm it dead: they still replicate from it, or their heartbeat is too slow to tell', 'UnreachableIntermediateMaster'),
  UnreachableIntermediatePrimaryWithLaggingReplicas: code('informational', 'intermediate', 'Intermediate primary is unreachable and all of its replicas lag behind it', 'UnreachableIntermediateMasterWithLaggingReplicas'),
  FirstTierReplicaFailingToConnectToPrimary: code('informational', 'replica', 'Replica of a reachable primary fails to connect to it (network or credentials between them?)', 'FirstTierReplicaFailingToConnectToMaster', 'FirstTierSlaveFailingToConnectToMaster'),
  FencedFormerPrimary: code('informational', 'replica', 'Former primary a failover fenced: kept read-only and never primary again; it rejoins under the new primary once seen with nothing diverged'),
  DivergedFormerPrimary: code('informational', 'replica', 'Former primary holds transactions the new primary lacks: re-seed it from the new primary, then lift its fence with orc unfence'),
  LostReplica: code('informational', 'replica', 'Replica a failover detached because it could not follow the new primary: re-seed or repoint it'),
  NoLoggingReplicas: code('structure', 'cluster', 'No replica of the primary has log_bin and log_slave_updates: none can be promoted', 'NoLoggingReplicasStructureWarning'),
  NoFailoverSupport: code('structure', 'cluster', 'Some replicas do not replicate with GTID: they cannot be repointed by failover', 'NoFailoverSupportStructureWarning'),
  ErrantGTID: code('structure', 'replica', 'Replica executed transactions of its own that its source does not have', 'ErrantGTIDStructureWarning'),
  NoWriteablePrimary: code('structure', 'cluster', 'Primary with replicas is read_only: nothing accepts writes', 'NoWriteableMasterStructureWarning'),
  DifferentGTIDModes: code('structure', 'cluster', 'A source and its replicas run different GTID modes', 'DifferentGTIDModesStructureWarning'),
  MixedBinlogFormats: code('structure', 'cluster', 'Logging replicas of the primary use different binlog formats', 'StatementAndMixedLoggingReplicasStructureWarning', 'StatementAndRowLoggingReplicasStructureWarning', 'MixedAndRowLoggingReplicasStructureWarning', 'StatementAndMixedLoggingSlavesStructureWarning', 'StatementAndRowLoggingSlavesStructureWarning', 'MixedAndRowLoggingSlavesStructureWarning'),
  MultipleMajorVersionsLoggingReplicas: code('structure', 'cluster', 'Logging replicas of the primary run different major versions', 'MultipleMajorVersionsLoggingReplicasStructureWarning', 'MultipleMajorVersionsLoggingSlaves'),
  ReplicaSlowHeartbeat: code('structure', 'replica', "Replica's heartbeat period is too long (or off) for it to confirm a hung source: an idle source sends it nothing for that long; `orc repoint HOST:PORT` applies orc's heartbeat"),
});

/** All codes in display order. */
export const ALL_ANALYSIS_CODES: readonly AnalysisCode[] = Object.freeze(Object.keys(ANALYSIS_CODES) as AnalysisCode[]);

const BY_NAME: Readonly<Record<string, AnalysisCode>> = Object.freeze(
  Object.fromEntries(
    ALL_ANALYSIS_CODES.flatMap((c) => [c, ...ANALYSIS_CODES[c].orchestratorNames].map((name) => [name.toLowerCase(), c])),
  ),
);

/** Resolves an orc code or one of orchestrator's names for it (case-insensitive); null when unknown. */
export function parseAnalysisCode(name: string): AnalysisCode | null {
  return BY_NAME[name.trim().toLowerCase()] ?? null;
}

/** Position of a code in display order, for stable sorting of findings. */
export function analysisCodeOrder(c: AnalysisCode): number {
  return ALL_ANALYSIS_CODES.indexOf(c);
}
