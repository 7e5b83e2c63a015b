import type { ClusterTopology } from '../../core/commands/cluster-topology.js';
import { formatInstanceKey, sameInstance } from '../../core/model/instance-key.js';
import { flattenTopology, type TopologyNode } from '../../core/model/topology-tree.js';
import type { RolloutKey } from '../../core/rollouts/rollout-key.js';
import { SEED_METHODS } from '../../core/seeds/seed-method.js';
import type { ActionKind, ActionRequest } from './action-request.js';
import type { Modal, PickModal } from './modal.js';
import type { ItemRef } from './screen-item.js';

/** What an action key acts on: the selected cluster's tree, and the row under the cursor. */
export interface ActionTarget {
  /** The selected cluster's name, or null when none. */
  readonly cluster: string | null;
  /** Its tree, when read. */
  readonly topology: ClusterTopology | null;
  /** The row under the cursor, or null. */
  readonly item: ItemRef | null;
}

/** Downtime lengths offered. */
export const DOWNTIME_CHOICES: readonly { readonly label: string; readonly ms: number }[] = Object.freeze([
  { label: '30 minutes', ms: 30 * 60_000 },
  { label: '1 hour', ms: 3_600_000 },
  { label: '4 hours', ms: 4 * 3_600_000 },
  { label: '1 day', ms: 86_400_000 },
]);

/**
 * What an action key opens (pure): a picker (target, new source, duration, seed source and method), the
 * confirmation of a complete request, or a result naming what the action needs when the cursor is not on it.
 */
export function startAction(kind: ActionKind, target: ActionTarget): Modal {
  const request = (r: ActionRequest): Modal => ({ kind: 'confirm', request: r });
  const server = target.item?.kind === 'server' ? target.item.node : null;
  const nodes = target.topology && target.topology.cluster.name === target.cluster ? flattenTopology(target.topology.trees) : [];
  switch (kind) {
    case 'takeover': {
      if (!target.cluster || !target.topology) return needs('T takeover needs a selected cluster with its tree read');
      const cluster = target.topology.cluster;
      const candidates = nodes.filter((n) => n.record.reachable && !sameInstance(n.record.key, cluster.primary));
      if (candidates.length === 0) return needs(`T takeover: cluster ${cluster.alias ?? cluster.name} has no reachable replica to promote`);
      return pick(`Takeover of ${cluster.alias ?? cluster.name}: promote which server?`, candidates.map((n) => ({ label: nodeLabel(n), next: { kind: 'takeover', cluster: cluster.name, to: n.record.key } })));
    }
    case 'relocate': {
      if (!server || server.role === 'primary') return needs('M relocate: put the cursor on a replica in the topology screen (2)');
      const below = nodes.filter((n) => n.record.reachable && !sameInstance(n.record.key, server.record.key) && !isBelow(n, server));
      if (below.length === 0) return needs(`M relocate: no other reachable server to replicate ${formatInstanceKey(server.record.key)} from`);
      return pick(`Relocate ${formatInstanceKey(server.record.key)} below which server?`, below.map((n) => ({ label: nodeLabel(n), next: { kind: 'relocate', instance: server.record.key, below: n.record.key } })));
    }
    case 'begin-downtime':
      if (!server) return needs('D downtime: put the cursor on a server in the topology screen (2)');
      return pick(`Downtime ${formatInstanceKey(server.record.key)} for how long?`, DOWNTIME_CHOICES.map((c) => ({ label: c.label, next: { kind: 'begin-downtime', instance: server.record.key, forMs: c.ms } })));
    case 'end-downtime':
      if (!server) return needs('U end downtime: put the cursor on a server in the topology screen (2)');
      return request({ kind: 'end-downtime', instance: server.record.key });
    case 'ack': {
      const cluster = target.item?.kind === 'recovery' ? target.item.record.cluster : target.cluster;
      if (!cluster) return needs('A acknowledge: select a cluster or a recovery');
      return request({ kind: 'ack', cluster });
    }
    case 'start-seed': {
      if (!server) return needs('S seed: put the cursor on the server to seed (the target) in the topology screen (2)');
      const sources = nodes.filter((n) => n.record.reachable && !sameInstance(n.record.key, server.record.key));
      if (sources.length === 0) return needs(`S seed: no other reachable server to seed ${formatInstanceKey(server.record.key)} from`);
      return pick(
        `Seed ${formatInstanceKey(server.record.key)} from which server?`,
        sources.map((n) => ({
          label: nodeLabel(n),
          next: pickModal(`Seed ${formatInstanceKey(server.record.key)} from ${formatInstanceKey(n.record.key)} with which method?`, SEED_METHODS.map((method) => ({ label: method, next: { kind: 'start-seed', method, source: n.record.key, target: server.record.key } }))),
        })),
      );
    }
    case 'abort':
      if (target.item?.kind === 'seed') return request({ kind: 'abort-seed', id: target.item.seed.id });
      if (target.item?.kind === 'rollout') return request({ kind: 'abort-rollout', key: rolloutKeyOf(target.item.rollout) });
      return needs('X abort: put the cursor on a seed or a rollout in the seeds screen (5)');
    case 'pause-rollout':
      if (target.item?.kind !== 'rollout') return needs('P pause: put the cursor on a rollout in the seeds screen (5)');
      return request({ kind: 'pause-rollout', key: rolloutKeyOf(target.item.rollout) });
  }
}

function rolloutKeyOf(rollout: RolloutKey): RolloutKey {
  return { namespace: rollout.namespace, entity: rollout.entity };
}

function needs(text: string): Modal {
  return { kind: 'result', ok: false, text };
}

function pick(title: string, options: PickModal['options']): Modal {
  return pickModal(title, options);
}

function pickModal(title: string, options: PickModal['options']): PickModal {
  return { kind: 'pick', title, options, cursor: 0 };
}

function nodeLabel(n: TopologyNode): string {
  return `${formatInstanceKey(n.record.key)}  ${n.role}${n.record.facts ? `  ${n.record.facts.version}` : ''}`;
}

// A replica cannot replicate from its own descendant: that would make a loop.
function isBelow(candidate: TopologyNode, ancestor: TopologyNode): boolean {
  return flattenTopology(ancestor.children).some((n) => sameInstance(n.record.key, candidate.record.key));
}
