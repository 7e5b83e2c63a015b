import { describe, expect, it } from 'vitest';
import { ALL_ANALYSIS_CODES, ANALYSIS_CODES, parseAnalysisCode } from '../../../core/analysis/analysis-codes.js';

/** Codes orchestrator has no name for: pasting an invented orchestrator name must not resolve. */
const ORC_ONLY_CODES: readonly string[] = ['HeadlessCluster', 'ReplicaSlowHeartbeat', 'FencedFormerPrimary', 'DivergedFormerPrimary', 'LostReplica'];

describe('analysis codes', () => {
  it("accepts orc names and orchestrator's names (Master, Slave, StructureWarning), case-insensitively", () => {
    expect(parseAnalysisCode('DeadPrimary')).toBe('DeadPrimary');
    expect(parseAnalysisCode('DeadMaster')).toBe('DeadPrimary');
    expect(parseAnalysisCode(' deadmasterandsomeslaves ')).toBe('DeadPrimaryAndSomeReplicas');
    expect(parseAnalysisCode('FirstTierSlaveFailingToConnectToMaster')).toBe('FirstTierReplicaFailingToConnectToPrimary');
    expect(parseAnalysisCode('NoWriteableMasterStructureWarning')).toBe('NoWriteablePrimary');
    expect(parseAnalysisCode('StatementAndRowLoggingReplicasStructureWarning')).toBe('MixedBinlogFormats');
    expect(parseAnalysisCode('LockedSemiSyncMaster')).toBe('LockedSemiSyncPrimary');
    expect(parseAnalysisCode('NoProblem')).toBeNull();
  });

  it("gives every code a kind, a scope, a description and, unless it is orc's own, an orchestrator name; no name maps twice", () => {
    const names = ALL_ANALYSIS_CODES.flatMap((c) => [c, ...ANALYSIS_CODES[c].orchestratorNames].map((n) => n.toLowerCase()));
    expect(new Set(names).size).toBe(names.length);
    for (const code of ALL_ANALYSIS_CODES) {
      const info = ANALYSIS_CODES[code];
      expect(info.description.length, code).toBeGreaterThan(20);
      if (ORC_ONLY_CODES.includes(code)) expect(info.orchestratorNames, code).toEqual([]);
      else expect(info.orchestratorNames.length, code).toBeGreaterThan(0);
      expect(parseAnalysisCode(code)).toBe(code);
    }
  });

  it('marks only failures orc can repair as actionable, and structure warnings as structure', () => {
    const actionable = ALL_ANALYSIS_CODES.filter((c) => ANALYSIS_CODES[c].kind === 'actionable');
    expect(actionable).toEqual([
      'DeadPrimary',
      'DeadPrimaryAndSomeReplicas',
      'LockedSemiSyncPrimary',
      'DeadCoPrimary',
      'DeadCoPrimaryAndSomeReplicas',
      'DeadIntermediatePrimary',
      'DeadIntermediatePrimaryAndSomeReplicas',
      'DeadIntermediatePrimaryWithSingleReplicaFailingToConnect',
      'AllIntermediatePrimaryReplicasFailingToConnectOrDead',
    ]);
    expect(ANALYSIS_CODES.ErrantGTID.kind).toBe('structure');
    expect(ANALYSIS_CODES.ReplicaSlowHeartbeat).toMatchObject({ kind: 'structure', scope: 'replica' });
    expect(ANALYSIS_CODES.UnreachablePrimary.kind).toBe('informational');
  });
});
