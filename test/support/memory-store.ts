import { InputError, StoreError } from '../../core/errors.js';
import type { AuditEntry, ClusterRecord, InstanceRecord } from '../../core/model/instance.js';
import { compareInstanceKeys, type InstanceKey } from '../../core/model/instance-key.js';
import type { OrcNode } from '../../core/model/orc-node.js';
import type { AgentRegistry, RegisteredAgent } from '../../core/ports/agent-registry.js';
import type { Clock } from '../../core/ports/clock.js';
import type { LeaderLease, LeaseStore, LeaseToken } from '../../core/ports/leader-lease.js';
import type { RecoveryStore } from '../../core/ports/recovery-store.js';
import type { LoadedRollout, RolloutStore, RolloutWrite } from '../../core/ports/rollout-store.js';
import type { SeedExpectation, SeedStore } from '../../core/ports/seed-store.js';
import type { NotificationInput, NotificationOutbox, QueuedNotification, SequencedAuditEntry } from '../../core/ports/notification-outbox.js';
import type { PendingConfirmation, PendingConfirmations } from '../../core/ports/pending-confirmations.js';
import type { ObservationInput, ProbeFailureInput, Store } from '../../core/ports/store.js';
import type { SeedStateRow } from '../../core/seeds/seed-transition.js';
import type { Rollout } from '../../core/rollouts/rollout.js';
import type { RolloutKey } from '../../core/rollouts/rollout-key.js';
import type { RolloutTarget } from '../../core/rollouts/rollout-target.js';
import type { Seed } from '../../core/seeds/seed.js';
import { DEFAULT_AUDIT_LIMIT } from '../../core/store/audit-queries.js';
import { checkNode } from '../../core/store/node-queries.js';
import { epochMs, MAX_ERROR_LENGTH } from '../../core/store/store-values.js';
import { MemoryAgentRegistry } from './memory-agent-registry.js';
import { MemoryLeases } from './memory-leases.js';
import { MemoryNotificationOutbox } from './memory-notification-outbox.js';
import { MemoryRecoveryStore, rowId, storedKey } from './memory-recovery-store.js';
import { MemoryRolloutStore } from './memory-rollout-store.js';
import { MemoryFleetRolloutStore } from './memory-fleet-rollout-store.js';
import type { FleetRolloutStore } from '../../core/ports/fleet-rollout-store.js';
import type { FleetRollout } from '../../core/rollouts/fleet/fleet-rollout.js';
import { MemorySeedStore } from './memory-seed-store.js';

/**
 * The Store port in memory, for tests, with the SQL stores' semantics: copies in and out, hosts lower-cased,
 * ordering by host/port and name, whole-ms times checked, long errors cut, cluster assignment all-or-nothing,
 * unknown keys skipped, duplicate audit ids rejected, audit limited to 100 by default, unusable after close;
 * it is a RecoveryStore (see MemoryRecoveryStore), a LeaseStore (see MemoryLeases), a SeedStore (see MemorySeedStore),
 * an AgentRegistry (see MemoryAgentRegistry), a RolloutStore (see MemoryRolloutStore), a FleetRolloutStore (see MemoryFleetRolloutStore) and a NotificationOutbox with PendingConfirmations (see MemoryNotificationOutbox) too, so it stands in for an OrcStore.
 */
export class MemoryStore extends MemoryRecoveryStore implements Store, RecoveryStore, LeaseStore, SeedStore, AgentRegistry, RolloutStore, FleetRolloutStore, NotificationOutbox, PendingConfirmations {
  private readonly instances = new Map<string, InstanceRecord>();
  private readonly clusters = new Map<string, ClusterRecord>();
  private readonly audit: AuditEntry[] = [];
  private readonly nodes = new Map<string, OrcNode>();
  private readonly leases: MemoryLeases;
  private readonly seeds = new MemorySeedStore(
    () => this.assertOpen(),
    (token) => this.leases.holds(token),
  );
  private readonly agents = new MemoryAgentRegistry(() => this.assertOpen());
  private readonly outbox = new MemoryNotificationOutbox(
    () => this.assertOpen(),
    () => this.audit,
  );
  private readonly rollouts = new MemoryRolloutStore(
    () => this.assertOpen(),
    (token) => this.leases.holds(token),
  );
  private readonly fleets = new MemoryFleetRolloutStore(
    () => this.assertOpen(),
    (token) => this.leases.holds(token),
  );

  /** backendClock is the clock of the "database server" the leases compare against (the system clock by default). */
  constructor(options: { backendClock?: Pick<Clock, 'now'> } = {}) {
    super();
    this.leases = new MemoryLeases(options.backendClock);
  }

  async recordObservation(input: ObservationInput): Promise<void> {
    this.assertOpen();
    const facts = structuredClone(input.facts);
    epochMs(facts.observedAt, 'facts.observedAt');
    const existing = this.instances.get(rowId(facts.key));
    this.put({
      key: storedKey(facts.key),
      clusterName: input.clusterName,
      facts,
      reachable: true,
      lastCheckedAt: facts.observedAt,
      lastSeenAt: facts.observedAt,
      lastError: null,
      firstSeenAt: existing?.firstSeenAt ?? facts.observedAt,
    });
  }

  async recordProbeFailure(input: ProbeFailureInput, clusterName: string): Promise<void> {
    this.assertOpen();
    const at = epochMs(input.at, 'at');
    const error = input.error.slice(0, MAX_ERROR_LENGTH);
    const existing = this.instances.get(rowId(input.key));
    this.put(
      existing
        ? { ...existing, reachable: false, lastCheckedAt: at, lastError: error }
        : {
            key: storedKey(input.key),
            clusterName,
            facts: null,
            reachable: false,
            lastCheckedAt: at,
            lastSeenAt: null,
            lastError: error,
            firstSeenAt: at,
          },
    );
  }

  async assignClusters(assignments: readonly { key: InstanceKey; clusterName: string }[]): Promise<void> {
    this.assertOpen();
    // Compute every change before applying any, as one transaction would.
    const changes = assignments.flatMap(({ key, clusterName }) => {
      const existing = this.instances.get(rowId(key));
      return existing ? [{ ...existing, clusterName }] : [];
    });
    for (const record of changes) this.put(record);
  }

  async getInstance(key: InstanceKey): Promise<InstanceRecord | undefined> {
    this.assertOpen();
    const record = this.instances.get(rowId(key));
    return record && structuredClone(record);
  }

  async listInstances(filter?: { clusterName?: string }): Promise<InstanceRecord[]> {
    this.assertOpen();
    return [...this.instances.values()]
      .filter((r) => filter?.clusterName === undefined || r.clusterName === filter.clusterName)
      .sort((a, b) => compareInstanceKeys(a.key, b.key))
      .map((r) => structuredClone(r));
  }

  async forgetInstance(key: InstanceKey): Promise<boolean> {
    this.assertOpen();
    return this.instances.delete(rowId(key));
  }

  async upsertCluster(cluster: ClusterRecord): Promise<void> {
    this.assertOpen();
    epochMs(cluster.updatedAt, 'updatedAt');
    this.clusters.set(cluster.name, { ...structuredClone(cluster), primary: storedKey(cluster.primary) });
  }

  async pruneClusters(keep: readonly string[]): Promise<void> {
    this.assertOpen();
    const kept = new Set(keep);
    for (const name of [...this.clusters.keys()]) if (!kept.has(name)) this.clusters.delete(name);
  }

  async listClusters(): Promise<ClusterRecord[]> {
    this.assertOpen();
    return [...this.clusters.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map((c) => structuredClone(c));
  }

  async appendAudit(entry: AuditEntry): Promise<void> {
    this.assertOpen();
    epochMs(entry.at, 'at');
    if (this.audit.some((e) => e.id === entry.id)) {
      throw new StoreError(`store: appendAudit failed: duplicate audit entry id ${entry.id}`, { operation: 'appendAudit' });
    }
    this.audit.push(structuredClone(entry));
  }

  /** Newest first (by time, then by insertion), optionally for one cluster; at most limit (default 100). */
  async listAudit(options?: { limit?: number; cluster?: string }): Promise<AuditEntry[]> {
    this.assertOpen();
    const limit = options?.limit ?? DEFAULT_AUDIT_LIMIT;
    if (!Number.isSafeInteger(limit) || limit < 1) throw new InputError(`audit limit must be a positive integer, got ${limit}`, { limit });
    return this.audit
      .map((entry, order) => ({ entry, order }))
      .filter(({ entry }) => options?.cluster === undefined || entry.cluster === options.cluster)
      .sort((a, b) => b.entry.at - a.entry.at || b.order - a.order)
      .slice(0, limit)
      .map(({ entry }) => structuredClone(entry));
  }

  async recordNodeHeartbeat(node: OrcNode): Promise<void> {
    this.assertOpen();
    checkNode(node);
    this.nodes.set(node.holder, { ...node });
  }

  /** Most recently seen first, then by holder (bytewise, like the SQL stores' binary collation). */
  async listNodes(): Promise<OrcNode[]> {
    this.assertOpen();
    return [...this.nodes.values()]
      .sort((a, b) => b.lastSeenAt - a.lastSeenAt || (a.holder < b.holder ? -1 : a.holder > b.holder ? 1 : 0))
      .map((n) => ({ ...n }));
  }

  async forgetNodes(seenBefore: number): Promise<number> {
    this.assertOpen();
    epochMs(seenBefore, 'seenBefore');
    const gone = [...this.nodes.values()].filter((n) => n.lastSeenAt < seenBefore);
    for (const n of gone) this.nodes.delete(n.holder);
    return gone.length;
  }

  async tryAcquireLease(name: string, holder: string, ttlMs: number): Promise<LeaderLease> {
    this.assertOpen();
    return this.leases.tryAcquireLease(name, holder, ttlMs);
  }

  async releaseLease(name: string, holder: string): Promise<boolean> {
    this.assertOpen();
    return this.leases.releaseLease(name, holder);
  }

  async getLease(name: string): Promise<LeaderLease | null> {
    this.assertOpen();
    return this.leases.getLease(name);
  }

  protected override leaseHolds(token: LeaseToken): boolean {
    return this.leases.holds(token);
  }

  async leaseTokenValid(token: LeaseToken): Promise<boolean> {
    this.assertOpen();
    return this.leases.leaseTokenValid(token);
  }

  createSeed(seed: Seed): Promise<void> {
    return this.seeds.createSeed(seed);
  }

  getSeed(id: string): Promise<Seed | undefined> {
    return this.seeds.getSeed(id);
  }

  listSeeds(options?: { active?: boolean; limit?: number }): Promise<Seed[]> {
    return this.seeds.listSeeds(options);
  }

  updateSeed(seed: Seed, expected: SeedExpectation, lease?: LeaseToken): Promise<boolean> {
    return this.seeds.updateSeed(seed, expected, lease);
  }

  requestSeedAbort(id: string, at: number): Promise<boolean> {
    return this.seeds.requestSeedAbort(id, at);
  }

  appendSeedState(row: SeedStateRow, lease?: LeaseToken): Promise<void> {
    return this.seeds.appendSeedState(row, lease);
  }

  listSeedStates(seedId: string): Promise<SeedStateRow[]> {
    return this.seeds.listSeedStates(seedId);
  }

  enqueueNotifications(items: readonly NotificationInput[]): Promise<number> {
    return this.outbox.enqueueNotifications(items);
  }

  dueNotifications(now: number, limit: number): Promise<QueuedNotification[]> {
    return this.outbox.dueNotifications(now, limit);
  }

  markNotificationDelivered(eventKey: string, at: number): Promise<void> {
    return this.outbox.markNotificationDelivered(eventKey, at);
  }

  markNotificationFailed(eventKey: string, attempts: number, nextAttemptAt: number, error: string): Promise<void> {
    return this.outbox.markNotificationFailed(eventKey, attempts, nextAttemptAt, error);
  }

  listNotifications(options?: { limit?: number }): Promise<QueuedNotification[]> {
    return this.outbox.listNotifications(options);
  }

  listAuditAfter(seq: number, limit: number): Promise<SequencedAuditEntry[]> {
    return this.outbox.listAuditAfter(seq, limit);
  }

  savePendingConfirmation(confirmation: PendingConfirmation): Promise<void> {
    return this.outbox.savePendingConfirmation(confirmation);
  }

  getPendingConfirmation(id: string): Promise<PendingConfirmation | undefined> {
    return this.outbox.getPendingConfirmation(id);
  }

  takePendingConfirmation(id: string): Promise<PendingConfirmation | undefined> {
    return this.outbox.takePendingConfirmation(id);
  }

  registerAgent(agent: RegisteredAgent): Promise<void> {
    return this.agents.registerAgent(agent);
  }

  listAgents(): Promise<RegisteredAgent[]> {
    return this.agents.listAgents();
  }

  getAgent(instance: InstanceKey): Promise<RegisteredAgent | undefined> {
    return this.agents.getAgent(instance);
  }

  forgetAgent(instance: InstanceKey): Promise<boolean> {
    return this.agents.forgetAgent(instance);
  }

  createFleetRollout(fleet: FleetRollout): Promise<void> {
    return this.fleets.createFleetRollout(fleet);
  }

  getFleetRollout(id: string): Promise<FleetRollout | undefined> {
    return this.fleets.getFleetRollout(id);
  }

  listFleetRollouts(options?: { active?: boolean }): Promise<FleetRollout[]> {
    return this.fleets.listFleetRollouts(options);
  }

  updateFleetRollout(fleet: FleetRollout, expectedRevision: number, lease?: LeaseToken): Promise<boolean> {
    return this.fleets.updateFleetRollout(fleet, expectedRevision, lease);
  }

  loadRollout(key: RolloutKey): Promise<LoadedRollout> {
    return this.rollouts.loadRollout(key);
  }

  getRollout(key: RolloutKey): Promise<Rollout | undefined> {
    return this.rollouts.getRollout(key);
  }

  listRollouts(options?: { namespace?: string }): Promise<Rollout[]> {
    return this.rollouts.listRollouts(options);
  }

  listRolloutTargets(key: RolloutKey, options?: { group?: string }): Promise<RolloutTarget[]> {
    return this.rollouts.listRolloutTargets(key, options);
  }

  saveRollout(write: RolloutWrite, lease?: LeaseToken): Promise<boolean> {
    return this.rollouts.saveRollout(write, lease);
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private put(record: InstanceRecord): void {
    this.instances.set(rowId(record.key), Object.freeze(record));
  }
}
