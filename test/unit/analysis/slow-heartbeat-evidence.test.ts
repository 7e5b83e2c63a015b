import { describe, expect, it } from 'vitest';
import { analyze } from '../../../core/analysis/analyze.js';
import { formatInstanceKey } from '../../../core/model/instance-key.js';
import { loadTopologyCase } from './topology-fixtures.js';

function findingsOf(name: string) {
  const c = loadTopologyCase(name);
  return analyze(c.snapshot, c.policy, c.now, c.history).map((f) => ({ ...f, at: formatInstanceKey(f.instance) }));
}

describe('evidence behind slow-heartbeat findings', () => {
  it('says why an unreachable primary is not confirmed dead, naming the replicas and the fix', () => {
    const [primary] = findingsOf('unreachable-primary-slow-heartbeat');
    expect(primary).toMatchObject({ code: 'UnreachablePrimary', at: '127.0.0.1:3306', actionable: false });
    expect(primary!.details).toMatchObject({ confirmedBy: [], stillReplicating: [] });
    expect(primary!.details.cannotConfirm).toEqual([
      '127.0.0.1:3307 IO yes, stream still for 3000ms but its heartbeat period (30000ms) is too long to tell a hung source from an idle one',
      '127.0.0.1:3308 IO yes, stream still for 3000ms but its heartbeat period (30000ms) is too long to tell a hung source from an idle one',
    ]);
    expect(primary!.details.reason).toBe(
      'not confirmed: 127.0.0.1:3307, 127.0.0.1:3308 have a heartbeat period too long to tell a hung source from an idle one ' +
        "(see ReplicaSlowHeartbeat); orc repoint 127.0.0.1:3307, orc repoint 127.0.0.1:3308 apply orc's heartbeat",
    );
  });

  it('gives each slow replica its period, the bound and the command that fixes it', () => {
    const slow = findingsOf('replica-slow-heartbeat');
    expect(slow.map((f) => [f.code, f.at, f.details])).toEqual([
      ['ReplicaSlowHeartbeat', '127.0.0.1:3307', { source: '127.0.0.1:3306', heartbeatPeriodMs: 30_000, maxHeartbeatPeriodMs: 5_000, fix: "orc repoint 127.0.0.1:3307 applies orc's heartbeat" }],
      ['ReplicaSlowHeartbeat', '127.0.0.1:3308', { source: '127.0.0.1:3306', heartbeatPeriodMs: 0, maxHeartbeatPeriodMs: 5_000, fix: "orc repoint 127.0.0.1:3308 applies orc's heartbeat" }],
    ]);
  });

  it('still counts connect errors as confirmation on a slow heartbeat', () => {
    const primary = findingsOf('dead-primary-slow-heartbeat').find((f) => f.code === 'DeadPrimary');
    expect(primary).toMatchObject({ code: 'DeadPrimary', actionable: true });
    expect(primary!.details).toMatchObject({ cannotConfirm: [] });
    expect(primary!.details.reason).toBeUndefined();
  });
});
