import { analyze } from '../analysis/analyze.js';
import { RefusedError } from '../errors.js';
import { formatInstanceKey, sameInstance } from '../model/instance-key.js';
import { directReplicasOf } from '../model/topology-tree.js';
import { recoverDeadIntermediate } from '../recovery/recover-dead-intermediate.js';
import { recoverDeadPrimary } from '../recovery/recover-dead-primary.js';
import { recoveryActionFor } from '../recovery/recovery-action.js';
import { knownInstance } from './known-instance.js';
import { probeCluster } from './live-cluster.js';
import { recrawl } from './recrawl.js';
import type { RecoveryCommandContext } from './recovery-command-context.js';
import { assertNothingHeld } from './recovery-precheck.js';
import { loadRecoveryResult, type RecoveryResult } from './recovery-result.js';
import { resolveCluster } from './resolve-cluster.js';
import { runTopologyChange } from './topology-change.js';

/**
 * `orc recover HOST:PORT`: probes the instance's cluster now, analyses it and runs the recovery its actionable
 * finding on that instance calls for (dead primary: failover; dead intermediate: move its replicas up). The
 * automatic gates (opt-in, anti-flap, downtime, switches) do not apply to an operator's explicit request; a missing
 * actionable finding is refused with what analysis did see.
 */
export async function recoverInstance(ctx: RecoveryCommandContext, target: string, signal: AbortSignal = new AbortController().signal): Promise<RecoveryResult> {
  const record = await knownInstance(ctx.store, target);
  const cluster = await resolveCluster(ctx.store, record.clusterName);
  const name = formatInstanceKey(record.key);
  return runTopologyChange(
    ctx,
    { action: 'recover', target: record.key, cluster: cluster.name, lockKeys: [], detail: `recover ${name}` },
    async () => {
      const snapshot = await probeCluster(ctx, cluster, signal);
      const findings = analyze(snapshot, ctx.config.recovery, ctx.clock.now()).filter((f) => sameInstance(f.instance, record.key));
      const finding = findings.find((f) => recoveryActionFor(f) !== null);
      if (!finding) {
        const seen = findings.map((f) => f.code).join(', ') || 'no finding';
        throw new RefusedError('orc_refused', `nothing to recover on ${name}: analysis shows ${seen}`, { instance: name, codes: findings.map((f) => f.code) });
      }
      const replicas = directReplicasOf(snapshot.instances, record.key);
      await assertNothingHeld(ctx.store, cluster.name, [record.key, ...replicas.map((r) => r.key)], ctx.clock.now());
      const input = { snapshot, failed: record.key, trigger: finding.code, actor: ctx.actor, description: `${finding.code}: ${finding.description}` };
      const recovery =
        recoveryActionFor(finding) === 'failover'
          ? await recoverDeadPrimary(ctx, { ...input, kind: 'dead-primary' }, signal)
          : await recoverDeadIntermediate(ctx, input, signal);
      await recrawl(ctx, [...(recovery.successor ? [recovery.successor] : []), ...replicas.map((r) => r.key)], signal);
      return { result: await loadRecoveryResult(ctx.store, recovery), detail: null };
    },
  );
}
