import { describe, expect, it } from 'vitest';
import { parseInstanceKey } from '../../../core/model/instance-key.js';
import { primaryRecoveryReadiness, recoveryGate, type GatedFinding, type RecoveryGateState } from '../../../core/recovery/recovery-gate.js';
import { parseRecoveryPolicy } from '../../../core/recovery/recovery-policy.js';

const NOW = Date.parse('2024-05-01T12:00:00Z');
const primary = parseInstanceKey('127.0.0.1:3306');
const dead: GatedFinding = { code: 'DeadPrimary', cluster: '127.0.0.1:3306', clusterAlias: 'lab', instance: primary, actionable: true };
const open: RecoveryGateState = { lastRecoveryAt: null, acknowledged: false, downtimedUntil: null, globalEnabled: true, replicationConfigured: true, fence: null, running: null };
const policy = parseRecoveryPolicy({});

describe('recoveryGate', () => {
  it('allows an actionable finding on an opted-in cluster with nothing in the way', () => {
    expect(recoveryGate(dead, policy, open, NOW)).toEqual({ allowed: true, reason: 'would recover DeadPrimary on 127.0.0.1:3306' });
  });

  it('never acts on informational findings', () => {
    const finding: GatedFinding = { ...dead, code: 'UnreachablePrimary', actionable: false };
    expect(recoveryGate(finding, policy, open, NOW)).toEqual({ allowed: false, reason: 'UnreachablePrimary is informational: nothing to recover' });
  });

  it('never says it would recover an actionable code the loop has no procedure for (a locked semi-sync primary)', () => {
    const finding: GatedFinding = { ...dead, code: 'LockedSemiSyncPrimary', actionable: true };
    expect(recoveryGate(finding, policy, open, NOW)).toEqual({
      allowed: false,
      reason: 'orc has no automated recovery for LockedSemiSyncPrimary: it is left to operators',
    });
  });

  it('refuses when the config disables recoveries', () => {
    expect(recoveryGate(dead, parseRecoveryPolicy({ enabled: false }), open, NOW).reason).toBe(
      'recoveries are disabled in the config (recovery.enabled is false)',
    );
  });

  it('refuses when recoveries are disabled globally at runtime', () => {
    expect(recoveryGate(dead, policy, { ...open, globalEnabled: false }, NOW)).toEqual({
      allowed: false,
      reason: 'recoveries are disabled globally (enable global recoveries to allow)',
    });
  });

  it("refuses a cluster that is not opted in, naming the filter ('none')", () => {
    expect(recoveryGate(dead, parseRecoveryPolicy({ autoRecoverPrimary: 'none' }), open, NOW).reason).toBe(
      "cluster lab is not opted in (recovery.autoRecoverPrimary is 'none')",
    );
  });

  it('refuses a cluster missing from an explicit list, and accepts it by alias or by name', () => {
    const listed = (names: string[]) => parseRecoveryPolicy({ autoRecoverPrimary: names });
    expect(recoveryGate(dead, listed(['shop', 'billing']), open, NOW).reason).toBe(
      'cluster lab is not opted in (recovery.autoRecoverPrimary is [shop, billing])',
    );
    expect(recoveryGate(dead, listed(['LAB']), open, NOW).allowed).toBe(true);
    expect(recoveryGate(dead, listed(['127.0.0.1:3306']), open, NOW).allowed).toBe(true);
  });

  it('uses the intermediate-primary filter for intermediate findings', () => {
    const finding: GatedFinding = { ...dead, code: 'DeadIntermediatePrimary', instance: parseInstanceKey('127.0.0.1:3307') };
    const p = parseRecoveryPolicy({ autoRecoverPrimary: 'none', autoRecoverIntermediatePrimary: 'all' });
    expect(recoveryGate(finding, p, open, NOW).allowed).toBe(true);
    expect(recoveryGate(dead, p, open, NOW).allowed).toBe(false);
    expect(recoveryGate(finding, parseRecoveryPolicy({ autoRecoverIntermediatePrimary: 'none' }), open, NOW).reason).toBe(
      "cluster lab is not opted in (recovery.autoRecoverIntermediatePrimary is 'none')",
    );
  });

  it('refuses a downtimed instance until the downtime ends', () => {
    const until = NOW + 25 * 60_000;
    expect(recoveryGate(dead, policy, { ...open, downtimedUntil: until }, NOW).reason).toBe(
      '127.0.0.1:3306 is downtimed until 2024-05-01T12:25:00.000Z (25m00s left)',
    );
    expect(recoveryGate(dead, policy, { ...open, downtimedUntil: until }, until).allowed).toBe(true);
  });

  it('blocks a cluster recovered within the block period (anti-flap)', () => {
    const state = { ...open, lastRecoveryAt: NOW - 12 * 60_000 };
    expect(recoveryGate(dead, policy, state, NOW)).toEqual({
      allowed: false,
      reason: 'blocked: cluster lab was recovered 12m00s ago; anti-flap block for 48m00s more unless acknowledged',
    });
  });

  it('lifts the block once acknowledged or once the period is over', () => {
    const state = { ...open, lastRecoveryAt: NOW - 12 * 60_000 };
    expect(recoveryGate(dead, policy, { ...state, acknowledged: true }, NOW).allowed).toBe(true);
    expect(recoveryGate(dead, policy, state, NOW - 12 * 60_000 + 3_600_000).allowed).toBe(true);
    expect(recoveryGate(dead, parseRecoveryPolicy({ blockPeriodMs: 600_000 }), state, NOW).allowed).toBe(true);
  });

  it('reports the first refusal in gate order', () => {
    const everything: RecoveryGateState = {
      lastRecoveryAt: NOW - 1000,
      acknowledged: false,
      downtimedUntil: NOW + 1000,
      globalEnabled: false,
      replicationConfigured: true,
      fence: { state: 'fenced', recoveryId: 'r0' },
      running: { id: 'r9', runner: 'orc-2', startedAt: NOW - 5000 },
    };
    expect(recoveryGate(dead, parseRecoveryPolicy({ autoRecoverPrimary: 'none' }), everything, NOW).reason).toMatch(/disabled globally/);
    expect(recoveryGate(dead, parseRecoveryPolicy({ autoRecoverPrimary: 'none' }), { ...everything, globalEnabled: true }, NOW).reason).toMatch(
      /not opted in/,
    );
    expect(recoveryGate(dead, policy, { ...everything, globalEnabled: true }, NOW).reason).toMatch(/fenced by recovery r0/);
    expect(recoveryGate(dead, policy, { ...everything, globalEnabled: true, fence: null }, NOW).reason).toMatch(/recovery r9 .* still running/);
    expect(recoveryGate(dead, policy, { ...everything, globalEnabled: true, fence: null, running: null }, NOW).reason).toMatch(/downtimed/);
    expect(recoveryGate(dead, policy, { ...everything, replicationConfigured: false }, NOW).reason).toMatch(/no "replication" section/);
  });

  it('refuses without replication credentials: not one replica could be repointed', () => {
    expect(recoveryGate(dead, policy, { ...open, replicationConfigured: false }, NOW)).toEqual({
      allowed: false,
      reason: 'the config has no "replication" section: orc could not repoint a single replica',
    });
  });

  it('never recovers a fenced former primary as a primary, and says how to lift the fence', () => {
    expect(recoveryGate(dead, policy, { ...open, fence: { state: 'pending', recoveryId: 'r1' } }, NOW)).toEqual({
      allowed: false,
      reason: '127.0.0.1:3306 is a former primary fenced by recovery r1 (pending); orc unfence 127.0.0.1:3306 lifts it',
    });
  });

  it('refuses while a recovery of the cluster still runs, naming it and its runner', () => {
    expect(recoveryGate(dead, policy, { ...open, running: { id: 'r7', runner: 'orc-a:1:x', startedAt: NOW - 65_000 } }, NOW).reason).toBe(
      'recovery r7 of cluster lab is still running (run by orc-a:1:x, started 1m05s ago)',
    );
    expect(recoveryGate(dead, policy, { ...open, running: { id: 'r7', runner: null, startedAt: NOW } }, NOW).reason).toMatch(/its runner stopped/);
  });
});

describe('primaryRecoveryReadiness', () => {
  const cluster = { name: '127.0.0.1:3306', alias: 'lab', primary };

  it('says yes when a dead primary would be recovered now', () => {
    expect(primaryRecoveryReadiness(cluster, policy, open, NOW)).toEqual({ allowed: true, reason: 'would recover if the primary died now' });
  });

  it('says why not, with the same texts as the gate', () => {
    expect(primaryRecoveryReadiness(cluster, parseRecoveryPolicy({ autoRecoverPrimary: 'none' }), open, NOW).reason).toBe(
      "cluster lab is not opted in (recovery.autoRecoverPrimary is 'none')",
    );
    expect(primaryRecoveryReadiness({ ...cluster, alias: null }, policy, { ...open, lastRecoveryAt: NOW - 60_000 }, NOW).reason).toBe(
      'blocked: cluster 127.0.0.1:3306 was recovered 1m00s ago; anti-flap block for 59m00s more unless acknowledged',
    );
  });
});
