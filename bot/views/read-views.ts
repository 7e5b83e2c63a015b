import type { ClusterAnalysis } from '../../core/commands/cluster-analysis.js';
import type { ClusterTopology } from '../../core/commands/cluster-topology.js';
import type { ClusterSummary } from '../../core/commands/list-clusters.js';
import { formatInstanceKey } from '../../core/model/instance-key.js';
import { flattenTopology } from '../../core/model/topology-tree.js';
import type { RecoveryRecord } from '../../core/ports/recovery-store.js';
import type { Rollout } from '../../core/rollouts/rollout.js';
import { formatRolloutKey } from '../../core/rollouts/rollout-key.js';
import type { Seed } from '../../core/seeds/seed.js';
import { USAGE } from '../parse-bot-command.js';
import { capped, context, escapeMrkdwn, header, preformatted, section, type Block, type BotReply } from './blocks.js';

const SEVERITY_ICON: Readonly<Record<string, string>> = { critical: ':red_circle:', actionable: ':large_orange_circle:', informational: ':large_blue_circle:', structure: ':white_circle:' };

/** `/orc help`. */
export function helpReply(): BotReply {
  return { text: 'orc commands', blocks: [header('orc commands'), preformatted(USAGE.map((u) => `/orc ${u}`))] };
}

/** `/orc clusters`: one line per cluster with its primary, members and problems. */
export function clustersReply(clusters: readonly ClusterSummary[]): BotReply {
  if (clusters.length === 0) return { text: 'no clusters known', blocks: [section('No clusters known yet.')] };
  const lines = clusters.map((c) => {
    const name = c.cluster.alias ?? c.cluster.name;
    const icon = c.headless ? ':red_circle:' : c.withProblems > 0 ? ':large_orange_circle:' : ':large_green_circle:';
    const writer = c.headless ? `no writer: ${escapeMrkdwn(c.headless)}` : `primary \`${formatInstanceKey(c.cluster.primary)}\``;
    return `${icon} *${escapeMrkdwn(name)}*  ${writer}, ${c.reachable}/${c.instances} reachable, ${c.withProblems} with problems`;
  });
  return { text: `${clusters.length} clusters`, blocks: capped([header('Clusters'), ...lines.map(section)]) };
}

/** `/orc topology CLUSTER`: a compact tree, problems beside each server, fenced or detached servers below. */
export function topologyReply(t: ClusterTopology): BotReply {
  const name = t.cluster.alias ?? t.cluster.name;
  const lines = flattenTopology(t.trees).map((n) => {
    const lag = n.record.facts?.replication[0]?.lagSeconds;
    const problems = n.problems.map((p) => p.code).join(',');
    return `${'  '.repeat(n.depth)}${n.depth > 0 ? '└ ' : ''}${formatInstanceKey(n.record.key)} ${n.role}${lag != null ? ` lag=${lag}s` : ''}${problems ? ` [${problems}]` : ''}`;
  });
  const aftermath = t.aftermath.map((a) => `${formatInstanceKey(a.instance)}: ${a.state}`);
  const blocks: Block[] = [header(`Topology of ${name}`), preformatted(lines.length > 0 ? lines : ['(no servers)'])];
  if (aftermath.length > 0) blocks.push(context(`Fenced or detached: ${escapeMrkdwn(aftermath.join('; '))}`));
  return { text: `topology of ${name}`, blocks };
}

/** `/orc problems [CLUSTER]`: findings with severity, and whether orc would recover the primary now. */
export function problemsReply(analyses: readonly ClusterAnalysis[]): BotReply {
  const blocks: Block[] = [header('Problems')];
  let count = 0;
  for (const a of analyses) {
    const name = a.cluster.alias ?? a.cluster.name;
    if (a.error) blocks.push(section(`:warning: *${escapeMrkdwn(name)}*: analysis failed: \`${escapeMrkdwn(a.error)}\``));
    for (const f of a.findings) {
      count += 1;
      const gate = f.gate ? ` _(recovery: ${f.gate.allowed ? 'would run' : escapeMrkdwn(f.gate.reason)})_` : '';
      blocks.push(section(`${SEVERITY_ICON[f.finding.kind] ?? ''} *${f.finding.code}* ${escapeMrkdwn(name)} \`${formatInstanceKey(f.finding.instance)}\`: ${escapeMrkdwn(f.finding.description)}${gate}`));
    }
  }
  if (count === 0 && blocks.length === 1) blocks.push(section(':large_green_circle: No problems found.'));
  return { text: `${count} problems`, blocks: capped(blocks) };
}

/** `/orc recoveries [CLUSTER]`: newest first. */
export function recoveriesReply(records: readonly RecoveryRecord[]): BotReply {
  if (records.length === 0) return { text: 'no recoveries', blocks: [section('No recoveries.')] };
  const lines = records.map((r) => {
    const successor = r.successor ? ` → \`${formatInstanceKey(r.successor)}\`` : '';
    const ack = r.acknowledgedAt !== null ? ' (acknowledged)' : '';
    return `*${r.id}* ${r.kind} of ${escapeMrkdwn(r.clusterAlias ?? r.cluster)}: \`${formatInstanceKey(r.failed)}\`${successor} *${r.status}*${ack} <!date^${Math.floor(r.startedAt / 1000)}^{date_short_pretty} {time_secs}|${new Date(r.startedAt).toISOString()}>`;
  });
  return { text: `${records.length} recoveries`, blocks: capped([header('Recoveries'), ...lines.map(section)]) };
}

/** `/orc seed status [ID]`: one line per seed. */
export function seedsReply(seeds: readonly Seed[]): BotReply {
  if (seeds.length === 0) return { text: 'no seeds', blocks: [section('No seeds.')] };
  const lines = seeds.map(
    (s) => `*${s.id}* ${s.method} \`${formatInstanceKey(s.source)}\` → \`${formatInstanceKey(s.target)}\`: *${s.status}* at ${s.stage}, ${s.bytesCopied} bytes${s.error ? `, error: ${escapeMrkdwn(s.error)}` : ''}`,
  );
  return { text: `${seeds.length} seeds`, blocks: capped([header('Seeds'), ...lines.map(section)]) };
}

/** `/orc rollout status NS/ENTITY`. */
export function rolloutReply(r: Rollout): BotReply {
  const key = formatRolloutKey(r);
  const pause = r.pause ? `, paused: ${escapeMrkdwn(r.pause.reason)}` : '';
  return {
    text: `rollout ${key}: ${r.phase}`,
    blocks: [section(`*Rollout ${escapeMrkdwn(key)}*: *${r.phase}*, rolling \`${escapeMrkdwn(r.rollingVersion || '-')}\` (target \`${escapeMrkdwn(r.targetVersion || '-')}\`, last good \`${escapeMrkdwn(r.lastKnownGoodVersion || '-')}\`), step ${r.stepsDone}/${r.step} done${pause}`)],
  };
}
