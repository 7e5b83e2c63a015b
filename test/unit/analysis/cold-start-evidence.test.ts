import { describe, expect, it } from 'vitest';
import { analyze } from '../../../core/analysis/analyze.js';
import { formatInstanceKey } from '../../../core/model/instance-key.js';
import { loadTopologyCase } from './topology-fixtures.js';

describe('evidence behind a cluster coming back from a restart', () => {
  it('does not count replicas that have not reached the primary since they started as confirmation, and says so', () => {
    const c = loadTopologyCase('dead-primary-cold-start');
    const [primary, ...rest] = analyze(c.snapshot, c.policy, c.now, c.history);
    expect(rest).toEqual([]);
    expect(primary).toMatchObject({ code: 'UnreachablePrimary', actionable: false });
    expect(formatInstanceKey(primary!.instance)).toBe('127.0.0.1:3306');
    expect(primary!.details).toMatchObject({
      confirmedBy: [],
      cannotConfirm: [
        '127.0.0.1:3307 IO connecting (error 2003), not connected to its source since it started',
        '127.0.0.1:3308 IO connecting (error 2003), not connected to its source since it started',
      ],
      reason:
        'not confirmed: 127.0.0.1:3307, 127.0.0.1:3308 have not reached the source since they started (a cluster coming ' +
        'back from a restart?): orc waits for the source; `orc failover CLUSTER` fails it over',
    });
  });

  it('still confirms a dead primary through replicas that reached it before losing it', () => {
    const c = loadTopologyCase('dead-primary');
    expect(analyze(c.snapshot, c.policy, c.now, c.history).map((f) => f.code)).toContain('DeadPrimary');
  });
});
