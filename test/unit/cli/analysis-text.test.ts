import { describe, expect, it } from 'vitest';
import { analyze } from '../../../core/analysis/analyze.js';
import type { ClusterAnalysis } from '../../../core/commands/cluster-analysis.js';
import { analysisText } from '../../../src/cli/format/analysis-text.js';
import { parseInstanceKey } from '../../../core/model/instance-key.js';
import { loadTopologyCase } from '../analysis/topology-fixtures.js';

describe('orc analysis text', () => {
  it('shows why an unreachable primary is not confirmed and the fix of each slow-heartbeat replica', () => {
    const c = loadTopologyCase('unreachable-primary-slow-heartbeat');
    const findings = analyze(c.snapshot, c.policy, c.now, c.history).map((finding) => ({ finding, gate: null }));
    const result: ClusterAnalysis = {
      cluster: { name: c.snapshot.clusterName, alias: 'lab', primary: parseInstanceKey('127.0.0.1:3306') } as ClusterAnalysis['cluster'],
      findings,
      recovery: {
        readiness: { allowed: true, reason: 'recovery is enabled for this cluster' },
        configEnabled: true,
        globalEnabled: true,
        autoRecoverPrimary: 'all',
        blockPeriodMs: 3_600_000,
        lastRecovery: null,
        primaryDowntimedUntil: null,
      },
      error: null,
      at: c.now,
    };
    const text = analysisText([result]).join('\n');
    expect(text).toContain('127.0.0.1:3306  UnreachablePrimary (informational)');
    expect(text).toContain('    not confirmed: 127.0.0.1:3307, 127.0.0.1:3308 have a heartbeat period too long');
    expect(text).toContain('127.0.0.1:3309  ReplicaSlowHeartbeat (structure)');
    expect(text).toContain("    fix: orc repoint 127.0.0.1:3309 applies orc's heartbeat");
  });
});
