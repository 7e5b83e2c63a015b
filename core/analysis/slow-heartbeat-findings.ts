import { formatInstanceKey } from '../model/instance-key.js';
import { primaryChannel } from '../model/instance.js';
import { makeFinding, type AnalysisContext } from './analysis-context.js';
import type { Finding } from './finding.js';
import { hasSlowHeartbeat } from './heartbeat-confirmation.js';

/**
 * ReplicaSlowHeartbeat for every reachable replica whose heartbeat period is too long (or off, or unknown) for its
 * stalled stream to confirm a hung source, with the command that applies orc's heartbeat to it.
 */
export function slowHeartbeatFindings(ctx: AnalysisContext): Finding[] {
  const findings: Finding[] = [];
  for (const record of ctx.index.records) {
    const channel = record.reachable && record.facts ? primaryChannel(record.facts) : null;
    if (!channel || !hasSlowHeartbeat(channel, ctx.policy)) continue;
    const name = formatInstanceKey(record.key);
    findings.push(
      makeFinding(ctx, 'ReplicaSlowHeartbeat', record.key, {
        source: formatInstanceKey(channel.source),
        heartbeatPeriodMs: channel.heartbeatPeriodMs ?? null,
        maxHeartbeatPeriodMs: ctx.policy.maxHeartbeatPeriodMs,
        fix: `orc repoint ${name} applies orc's heartbeat`,
      }),
    );
  }
  return findings;
}
