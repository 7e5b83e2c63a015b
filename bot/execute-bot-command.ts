import { acknowledgePending } from '../core/commands/acknowledge-pending.js';
import { acknowledgeRecoveries } from '../core/commands/acknowledge-recoveries.js';
import { beginDowntime } from '../core/commands/begin-downtime.js';
import { clusterAnalysis } from '../core/commands/cluster-analysis.js';
import { clusterTopology } from '../core/commands/cluster-topology.js';
import { controlRollout } from '../core/commands/control-rollout.js';
import { forcedFailover } from '../core/commands/forced-failover.js';
import { listClusters } from '../core/commands/list-clusters.js';
import { listRecoveries } from '../core/commands/list-recoveries.js';
import { listSeeds } from '../core/commands/list-seeds.js';
import { rolloutViews } from '../core/commands/rollout-views.js';
import { seedDetail } from '../core/commands/seed-detail.js';
import { startSeed } from '../core/commands/start-seed.js';
import { abortSeed } from '../core/commands/abort-seed.js';
import { takeover } from '../core/commands/takeover.js';
import { formatInstanceKey } from '../core/model/instance-key.js';
import type { BotCommand } from './bot-command.js';
import type { BotCommandContext } from './bot-context.js';
import {
  ackReply,
  downtimeReply,
  recoveryResultReply,
  rolloutControlReply,
  seedActionReply,
} from './views/action-views.js';
import type { BotReply } from './views/blocks.js';
import { clustersReply, helpReply, problemsReply, recoveriesReply, rolloutReply, seedsReply, topologyReply } from './views/read-views.js';

/**
 * Runs a parsed, authorized (and, when destructive, confirmed) command through the same core commands the CLI and
 * the HTTP API call, and formats the result; core errors propagate (the caller shows them verbatim). by is the
 * Slack user id that asked or confirmed, shown in the reply.
 */
export async function executeBotCommand(ctx: BotCommandContext, command: BotCommand, by: string, signal: AbortSignal): Promise<BotReply> {
  switch (command.kind) {
    case 'help':
      return helpReply();
    case 'clusters':
      return clustersReply(await listClusters(ctx));
    case 'topology':
      return topologyReply(await clusterTopology(ctx, command.cluster));
    case 'problems':
      return problemsReply(await clusterAnalysis(ctx, command.cluster));
    case 'recoveries':
      return recoveriesReply(await listRecoveries(ctx, command.cluster, 10));
    case 'takeover':
      return recoveryResultReply('takeover', await takeover(ctx, command.cluster, command.to ? { to: formatInstanceKey(command.to) } : {}, signal), by);
    case 'failover':
      return recoveryResultReply('failover', await forcedFailover(ctx, command.cluster, signal), by);
    case 'ack':
      return ackReply(await acknowledge(ctx, command.target));
    case 'downtime':
      return downtimeReply(await beginDowntime(ctx, formatInstanceKey(command.instance), { forMs: command.durationMs }, command.reason));
    case 'seed-start':
      return seedActionReply(await startSeed(ctx, { method: command.method, source: formatInstanceKey(command.source), target: formatInstanceKey(command.target) }, signal), 'started');
    case 'seed-status':
      return seedsReply(command.id === undefined ? await listSeeds(ctx, { limit: 10 }) : [(await seedDetail(ctx, command.id)).seed]);
    case 'seed-abort':
      return seedActionReply(await abortSeed(ctx, command.id), 'abort requested');
    case 'rollout':
      if (command.action === 'status') return rolloutReply(await rolloutViews(ctx).rollout(command.key));
      return rolloutControlReply(await controlRollout(ctx, command.key, { kind: command.action, reason: `from Slack by ${ctx.actor}` }), command.action === 'pause' ? 'paused' : 'aborted');
  }
}

/** `ack X`: a recovery when X is a recovery id orc knows, else a cluster (name, alias or member). */
async function acknowledge(ctx: BotCommandContext, target: string) {
  const found = await ctx.store.getRecovery(target);
  if (!found) return acknowledgeRecoveries(ctx, target);
  const pending = found.record.acknowledgedAt === null ? [found.record] : [];
  return acknowledgePending(ctx, pending, { action: 'ack-recovery', target, cluster: found.record.cluster }, '');
}
