import type { Kysely } from 'kysely';
import { StoreError } from '../errors.js';
import type { AuditEntry, ClusterRecord, InstanceRecord } from '../model/instance.js';
import type { InstanceKey } from '../model/instance-key.js';
import type { OrcNode } from '../model/orc-node.js';
import type { AgentRegistry, RegisteredAgent } from '../ports/agent-registry.js';
import type { LeaderLease, LeaseStore, LeaseToken } from '../ports/leader-lease.js';
import type { Downtime, FencedInstance, MaintenanceLock, RecoveryGuard, RecoveryPatch, RecoveryRecord, RecoveryStepRecord, RecoveryStore } from '../ports/recovery-store.js';
import type { FleetRolloutStore } from '../ports/fleet-rollout-store.js';
import type { LoadedRollout, RolloutStore, RolloutWrite } from '../ports/rollout-store.js';
import type { FleetRollout } from '../rollouts/fleet/fleet-rollout.js';
import type { SeedExpectation, SeedStore } from '../ports/seed-store.js';
import type { NotificationInput, NotificationOutbox, QueuedNotification, SequencedAuditEntry } from '../ports/notification-outbox.js';
import type { PendingConfirmation, PendingConfirmations } from '../ports/pending-confirmations.js';
import type { ObservationInput, ProbeFailureInput, Store } from '../ports/store.js';
import type { SeedStateRow } from '../seeds/seed-transition.js';
import type { Rollout } from '../rollouts/rollout.js';
import type { RolloutKey } from '../rollouts/rollout-key.js';
import type { RolloutTarget } from '../rollouts/rollout-target.js';
import type { Seed } from '../seeds/seed.js';
import * as agents from './agent-queries.js';
import * as confirmations from './confirmation-queries.js';
import { appendAudit, listAudit } from './audit-queries.js';
import { listClusters, pruneClusters, upsertCluster } from './cluster-queries.js';
import * as downtime from './downtime-queries.js';
import * as fences from './fence-queries.js';
import * as fleets from './fleet-rollout-queries.js';
import * as instances from './instance-queries.js';
import * as leases from './lease-queries.js';
import * as locks from './lock-queries.js';
import * as nodes from './node-queries.js';
import * as notifications from './notification-queries.js';
import * as recoveries from './recovery-queries.js';
import * as rollouts from './rollout-queries.js';
import * as seeds from './seed-queries.js';
import type { AckTarget, RecoveryEnd } from './recovery-store-inputs.js';
import type { StoreDatabase } from './schema.js';
import type { StoreDialect } from './store-dialect.js';
import { storeFailure } from './store-failure.js';
import * as settings from './setting-queries.js';

/** The Store, RecoveryStore, LeaseStore, SeedStore, AgentRegistry, RolloutStore, FleetRolloutStore, NotificationOutbox and PendingConfirmations ports over a migrated kysely database, SQLite or MySQL/MariaDB alike. */
export class KyselyStore implements Store, RecoveryStore, LeaseStore, SeedStore, AgentRegistry, RolloutStore, FleetRolloutStore, NotificationOutbox, PendingConfirmations {
  readonly #db: Kysely<StoreDatabase>;
  readonly #dialect: StoreDialect;
  readonly #secret: string;
  #closing: Promise<void> | undefined;

  /** Takes ownership of db (close() destroys it); secret is redacted from every error message. */
  constructor(db: Kysely<StoreDatabase>, dialect: StoreDialect, secret = '') {
    this.#db = db;
    this.#dialect = dialect;
    this.#secret = secret;
  }

  recordObservation(input: ObservationInput): Promise<void> {
    return this.#run('recordObservation', () => instances.recordObservation(this.#db, this.#dialect, input));
  }

  recordProbeFailure(input: ProbeFailureInput, clusterName: string): Promise<void> {
    return this.#run('recordProbeFailure', () => instances.recordProbeFailure(this.#db, this.#dialect, input, clusterName));
  }

  assignClusters(assignments: readonly { key: InstanceKey; clusterName: string }[]): Promise<void> {
    return this.#run('assignClusters', () => instances.assignClusters(this.#db, assignments));
  }

  getInstance(key: InstanceKey): Promise<InstanceRecord | undefined> {
    return this.#run('getInstance', () => instances.getInstance(this.#db, key));
  }

  listInstances(filter?: { clusterName?: string }): Promise<InstanceRecord[]> {
    return this.#run('listInstances', () => instances.listInstances(this.#db, filter));
  }

  forgetInstance(key: InstanceKey): Promise<boolean> {
    return this.#run('forgetInstance', () => instances.forgetInstance(this.#db, key));
  }

  upsertCluster(cluster: ClusterRecord): Promise<void> {
    return this.#run('upsertCluster', () => upsertCluster(this.#db, this.#dialect, cluster));
  }

  pruneClusters(keep: readonly string[]): Promise<void> {
    return this.#run('pruneClusters', () => pruneClusters(this.#db, keep));
  }

  listClusters(): Promise<ClusterRecord[]> {
    return this.#run('listClusters', () => listClusters(this.#db));
  }

  appendAudit(entry: AuditEntry): Promise<void> {
    return this.#run('appendAudit', () => appendAudit(this.#db, entry));
  }

  listAudit(options?: { limit?: number; cluster?: string }): Promise<AuditEntry[]> {
    return this.#run('listAudit', () => listAudit(this.#db, options));
  }

  recordNodeHeartbeat(node: OrcNode): Promise<void> {
    return this.#run('recordNodeHeartbeat', () => nodes.recordNodeHeartbeat(this.#db, this.#dialect, node));
  }

  listNodes(): Promise<OrcNode[]> {
    return this.#run('listNodes', () => nodes.listNodes(this.#db));
  }

  forgetNodes(seenBefore: number): Promise<number> {
    return this.#run('forgetNodes', () => nodes.forgetNodes(this.#db, seenBefore));
  }

  registerRecovery(record: RecoveryRecord): Promise<void> {
    return this.#run('registerRecovery', () => recoveries.registerRecovery(this.#db, this.#dialect, record));
  }

  recordStep(step: RecoveryStepRecord, guard?: RecoveryGuard): Promise<void> {
    return this.#run('recordStep', () => recoveries.recordStep(this.#db, this.#dialect, step, guard));
  }

  updateRecovery(id: string, patch: RecoveryPatch, guard: RecoveryGuard): Promise<void> {
    return this.#run('updateRecovery', () => recoveries.updateRecovery(this.#db, id, patch, guard));
  }

  finishRecovery(id: string, end: RecoveryEnd, guard?: RecoveryGuard): Promise<void> {
    return this.#run('finishRecovery', () => recoveries.finishRecovery(this.#db, id, end, guard));
  }

  renewRecovery(id: string, runner: string, now: number): Promise<boolean> {
    return this.#run('renewRecovery', () => recoveries.renewRecovery(this.#db, id, runner, now));
  }

  claimRecovery(id: string, runner: string, now: number, staleBefore: number): Promise<boolean> {
    return this.#run('claimRecovery', () => recoveries.claimRecovery(this.#db, id, runner, now, staleBefore));
  }

  getRecovery(id: string): Promise<{ record: RecoveryRecord; steps: RecoveryStepRecord[] } | undefined> {
    return this.#run('getRecovery', () => recoveries.getRecovery(this.#db, id));
  }

  listRecoveries(options?: { cluster?: string; limit?: number }): Promise<RecoveryRecord[]> {
    return this.#run('listRecoveries', () => recoveries.listRecoveries(this.#db, options));
  }

  acknowledgeRecoveries(target: AckTarget, by: string, comment: string, at: number): Promise<number> {
    return this.#run('acknowledgeRecoveries', () => recoveries.acknowledgeRecoveries(this.#db, target, by, comment, at));
  }

  acquireLock(lock: MaintenanceLock, now: number): Promise<void> {
    return this.#run('acquireLock', () => locks.acquireLock(this.#db, this.#dialect, lock, now));
  }

  renewLocks(owner: string, expiresAt: number, now: number): Promise<number> {
    return this.#run('renewLocks', () => locks.renewLocks(this.#db, owner, expiresAt, now));
  }

  releaseLock(instance: InstanceKey, owner: string): Promise<boolean> {
    return this.#run('releaseLock', () => locks.releaseLock(this.#db, instance, owner));
  }

  listLocks(now: number): Promise<MaintenanceLock[]> {
    return this.#run('listLocks', () => locks.listLocks(this.#db, now));
  }

  beginDowntime(window: Downtime): Promise<void> {
    return this.#run('beginDowntime', () => downtime.beginDowntime(this.#db, this.#dialect, window));
  }

  endDowntime(instance: InstanceKey): Promise<boolean> {
    return this.#run('endDowntime', () => downtime.endDowntime(this.#db, instance));
  }

  listDowntime(now: number): Promise<Downtime[]> {
    return this.#run('listDowntime', () => downtime.listDowntime(this.#db, now));
  }

  recordFence(fence: FencedInstance): Promise<void> {
    return this.#run('recordFence', () => fences.recordFence(this.#db, this.#dialect, fence));
  }

  listFenced(): Promise<FencedInstance[]> {
    return this.#run('listFenced', () => fences.listFenced(this.#db));
  }

  getFence(instance: InstanceKey): Promise<FencedInstance | undefined> {
    return this.#run('getFence', () => fences.getFence(this.#db, instance));
  }

  clearFence(instance: InstanceKey): Promise<boolean> {
    return this.#run('clearFence', () => fences.clearFence(this.#db, instance));
  }

  getSetting(name: string): Promise<string | null> {
    return this.#run('getSetting', () => settings.getSetting(this.#db, name));
  }

  setSetting(name: string, value: string, at: number): Promise<void> {
    return this.#run('setSetting', () => settings.setSetting(this.#db, this.#dialect, name, value, at));
  }

  tryAcquireLease(name: string, holder: string, ttlMs: number): Promise<LeaderLease> {
    return this.#run('tryAcquireLease', () => leases.tryAcquireLease(this.#db, name, holder, ttlMs));
  }

  releaseLease(name: string, holder: string): Promise<boolean> {
    return this.#run('releaseLease', () => leases.releaseLease(this.#db, name, holder));
  }

  getLease(name: string): Promise<LeaderLease | null> {
    return this.#run('getLease', () => leases.getLease(this.#db, name));
  }

  leaseTokenValid(token: LeaseToken): Promise<boolean> {
    return this.#run('leaseTokenValid', () => leases.leaseTokenHolds(this.#db, token));
  }

  createSeed(seed: Seed): Promise<void> {
    return this.#run('createSeed', () => seeds.createSeed(this.#db, seed));
  }

  getSeed(id: string): Promise<Seed | undefined> {
    return this.#run('getSeed', () => seeds.getSeed(this.#db, id));
  }

  listSeeds(options?: { active?: boolean; limit?: number }): Promise<Seed[]> {
    return this.#run('listSeeds', () => seeds.listSeeds(this.#db, options));
  }

  updateSeed(seed: Seed, expected: SeedExpectation, lease?: LeaseToken): Promise<boolean> {
    return this.#run('updateSeed', () => seeds.updateSeed(this.#db, seed, expected, lease));
  }

  requestSeedAbort(id: string, at: number): Promise<boolean> {
    return this.#run('requestSeedAbort', () => seeds.requestSeedAbort(this.#db, id, at));
  }

  appendSeedState(row: SeedStateRow, lease?: LeaseToken): Promise<void> {
    return this.#run('appendSeedState', () => seeds.appendSeedState(this.#db, row, lease));
  }

  listSeedStates(seedId: string): Promise<SeedStateRow[]> {
    return this.#run('listSeedStates', () => seeds.listSeedStates(this.#db, seedId));
  }

  registerAgent(agent: RegisteredAgent): Promise<void> {
    return this.#run('registerAgent', () => agents.registerAgent(this.#db, this.#dialect, agent));
  }

  listAgents(): Promise<RegisteredAgent[]> {
    return this.#run('listAgents', () => agents.listAgents(this.#db));
  }

  getAgent(instance: InstanceKey): Promise<RegisteredAgent | undefined> {
    return this.#run('getAgent', () => agents.getAgent(this.#db, instance));
  }

  forgetAgent(instance: InstanceKey): Promise<boolean> {
    return this.#run('forgetAgent', () => agents.forgetAgent(this.#db, instance));
  }

  loadRollout(key: RolloutKey): Promise<LoadedRollout> {
    return this.#run('loadRollout', () => rollouts.loadRollout(this.#db, key));
  }

  getRollout(key: RolloutKey): Promise<Rollout | undefined> {
    return this.#run('getRollout', () => rollouts.getRollout(this.#db, key));
  }

  listRollouts(options?: { namespace?: string }): Promise<Rollout[]> {
    return this.#run('listRollouts', () => rollouts.listRollouts(this.#db, options));
  }

  listRolloutTargets(key: RolloutKey, options?: { group?: string }): Promise<RolloutTarget[]> {
    return this.#run('listRolloutTargets', () => rollouts.listRolloutTargets(this.#db, key, options));
  }

  saveRollout(write: RolloutWrite, lease?: LeaseToken): Promise<boolean> {
    return this.#run('saveRollout', () => rollouts.saveRollout(this.#db, this.#dialect, write, lease));
  }

  createFleetRollout(fleet: FleetRollout): Promise<void> {
    return this.#run('createFleetRollout', () => fleets.createFleetRollout(this.#db, fleet));
  }

  getFleetRollout(id: string): Promise<FleetRollout | undefined> {
    return this.#run('getFleetRollout', () => fleets.getFleetRollout(this.#db, id));
  }

  listFleetRollouts(options?: { active?: boolean }): Promise<FleetRollout[]> {
    return this.#run('listFleetRollouts', () => fleets.listFleetRollouts(this.#db, options));
  }

  updateFleetRollout(fleet: FleetRollout, expectedRevision: number, lease?: LeaseToken): Promise<boolean> {
    return this.#run('updateFleetRollout', () => fleets.updateFleetRollout(this.#db, fleet, expectedRevision, lease));
  }

  enqueueNotifications(items: readonly NotificationInput[]): Promise<number> {
    return this.#run('enqueueNotifications', () => notifications.enqueueNotifications(this.#db, this.#dialect, items));
  }

  dueNotifications(now: number, limit: number): Promise<QueuedNotification[]> {
    return this.#run('dueNotifications', () => notifications.dueNotifications(this.#db, now, limit));
  }

  markNotificationDelivered(eventKey: string, at: number): Promise<void> {
    return this.#run('markNotificationDelivered', () => notifications.markNotificationDelivered(this.#db, eventKey, at));
  }

  markNotificationFailed(eventKey: string, attempts: number, nextAttemptAt: number, error: string): Promise<void> {
    return this.#run('markNotificationFailed', () => notifications.markNotificationFailed(this.#db, eventKey, attempts, nextAttemptAt, error));
  }

  listNotifications(options?: { limit?: number }): Promise<QueuedNotification[]> {
    return this.#run('listNotifications', () => notifications.listNotifications(this.#db, options));
  }

  listAuditAfter(seq: number, limit: number): Promise<SequencedAuditEntry[]> {
    return this.#run('listAuditAfter', () => notifications.listAuditAfter(this.#db, seq, limit));
  }

  savePendingConfirmation(confirmation: PendingConfirmation): Promise<void> {
    return this.#run('savePendingConfirmation', () => confirmations.savePendingConfirmation(this.#db, confirmation));
  }

  getPendingConfirmation(id: string): Promise<PendingConfirmation | undefined> {
    return this.#run('getPendingConfirmation', () => confirmations.getPendingConfirmation(this.#db, id));
  }

  takePendingConfirmation(id: string): Promise<PendingConfirmation | undefined> {
    return this.#run('takePendingConfirmation', () => confirmations.takePendingConfirmation(this.#db, id));
  }

  /** Closes the database (SQLite file handle or MySQL pool); later calls are no-ops. */
  close(): Promise<void> {
    this.#closing ??= this.#db.destroy().catch((err: unknown) => {
      throw storeFailure('close', err, this.#secret);
    });
    return this.#closing;
  }

  async #run<T>(operation: string, body: () => Promise<T>): Promise<T> {
    if (this.#closing) throw new StoreError(`store: ${operation} called after close()`, { operation });
    try {
      return await body();
    } catch (err) {
      throw storeFailure(operation, err, this.#secret);
    }
  }
}
