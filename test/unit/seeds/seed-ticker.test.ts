import { describe, expect, it, vi } from 'vitest';
import { OperationError } from '../../../core/errors.js';
import type { AgentEndpoint, StageRequest } from '../../../core/ports/agent-client.js';
import { NO_RETRIES } from '../../../core/seeds/seed.js';
import { ENDS, LEASE, OTHER_ENDS, POLICY, TickerHarness } from './seed-ticker-harness.js';

const SRC = ENDS.sourceUrl;
const TGT = ENDS.targetUrl;

describe('SeedTicker', () => {
  it('drives a seed through every stage to Completed, the target in downtime from the first tick to the last', async () => {
    const h = new TickerHarness();
    await h.lead();
    await h.seed('s1');
    const begin = vi.spyOn(h.store, 'beginDowntime');
    const end = vi.spyOn(h.store, 'endDowntime');

    expect(await h.tick()).toMatchObject({ ran: true, seeds: 1, moved: 1, failed: 0 });
    expect(await h.state('s1')).toBe('Running/Prepare');
    expect(h.calls('startStage')).toEqual([`startStage ${TGT} Prepare`, `startStage ${SRC} Prepare`]);
    const request = h.agents.calls.find((c) => c.op === 'startStage')?.request;
    expect(request).toEqual<StageRequest>({
      seedId: 's1',
      stage: 'Prepare',
      method: 'mariabackup',
      side: 'target',
      source: { host: 'db-src.example', port: 3306, agentUrl: SRC },
      target: { host: 'db-new.example', port: 3306, agentUrl: TGT },
    });
    expect(await h.downtime()).toEqual(['orc seed: seed s1']);

    // Only one agent done: still Running, nothing written.
    h.report(TGT, 's1', 'Prepare', 'completed');
    expect(await h.tick()).toMatchObject({ moved: 0 });
    expect(await h.state('s1')).toBe('Running/Prepare');
    h.report(SRC, 's1', 'Prepare', 'completed');
    await h.tick();
    expect(await h.state('s1')).toBe('Scheduled/Backup');

    h.clearCalls();
    await h.tick();
    expect(await h.state('s1')).toBe('Running/Backup');
    expect(h.calls('startStage')).toEqual([`startStage ${SRC} Backup`]);
    h.report(SRC, 's1', 'Backup', 'running', { bytes: 5000 });
    await h.tick();
    expect(await h.store.getSeed('s1')).toMatchObject({ status: 'Running', bytesCopied: 5000 });
    h.report(SRC, 's1', 'Backup', 'completed', { bytes: 9000 });
    await h.tick();
    expect(await h.state('s1')).toBe('Scheduled/Restore');
    await h.tick();
    h.report(TGT, 's1', 'Restore', 'completed');
    await h.tick();
    expect(await h.state('s1')).toBe('Scheduled/ConnectReplica');

    h.agents.setMetadata(TGT, 's1', { gtid: '0-1-4242', binlogFile: 'mariadb-bin.000007', binlogPos: 1234 });
    await h.tick();
    expect(await h.state('s1')).toBe('Scheduled/Cleanup');
    expect(h.control.calls).toEqual([
      'setReplicaGtidPosition db-new.example:3306 0-1-4242',
      'changeSource db-new.example:3306 db-src.example:3306 slave_pos',
      'startReplica db-new.example:3306',
    ]);
    expect(h.probe.get('db-new.example:3306')?.replication[0]).toMatchObject({ ioState: 'yes', sqlRunning: true });

    await h.tick();
    expect(await h.state('s1')).toBe('Running/Cleanup');
    h.report(TGT, 's1', 'Cleanup', 'completed');
    h.report(SRC, 's1', 'Cleanup', 'completed');
    await h.tick();
    expect(await h.state('s1')).toBe('Completed/Cleanup');
    expect(await h.downtime()).toEqual([]);
    expect(begin).toHaveBeenCalledTimes(1);
    expect(end).toHaveBeenCalledTimes(1);
    expect(await h.history('s1')).toEqual([
      'Running/Prepare orc: Prepare started on target and source',
      expect.stringMatching(/^Running\/Prepare orc: target in downtime until .* \(seed s1\)$/),
      'Scheduled/Backup orc: Prepare completed',
      'Running/Backup orc: Backup started on source',
      'Scheduled/Restore orc: Backup completed',
      'Running/Restore orc: Restore started on target',
      'Scheduled/ConnectReplica orc: Restore completed',
      'Scheduled/Cleanup orc: replication of the target connected to the source',
      'Scheduled/Cleanup orc: target set to GTID 0-1-4242 and replicating from db-src.example:3306',
      'Running/Cleanup orc: Cleanup started on target and source',
      'Completed/Cleanup orc: seed completed',
      'Completed/Cleanup orc: target out of downtime',
    ]);
    // A final seed is no longer ticked.
    h.clearCalls();
    expect(await h.tick()).toMatchObject({ seeds: 0 });
    expect(h.calls()).toEqual([]);
  });

  it('puts a seed whose stage call failed in Error (aborting the agent already called), then retries it', async () => {
    const h = new TickerHarness();
    await h.lead();
    await h.seed('s1');
    h.agents.refuseStages(SRC, 'disk full');
    await h.tick();
    expect(await h.store.getSeed('s1')).toMatchObject({ status: 'Error', stage: 'Prepare', error: expect.stringContaining('disk full') });
    expect(h.calls()).toEqual([`startStage ${TGT} Prepare`, `startStage ${SRC} Prepare`, `abort ${TGT}`]);
    expect((await h.history('s1'))[0]).toBe('Error/Prepare source: Prepare could not be started on the source agent: orc_operation_failed: disk full');
    expect(await h.downtime()).toEqual(['orc seed: seed s1']);

    h.agents.refuseStages(SRC, null);
    await h.tick();
    expect(await h.store.getSeed('s1')).toMatchObject({ status: 'Scheduled', stage: 'Prepare', retries: { ...NO_RETRIES, Prepare: 1 } });
    await h.tick();
    expect(await h.state('s1')).toBe('Running/Prepare');
  });

  it('restarts from Prepare after a Backup error, counting the retry on Backup', async () => {
    const h = new TickerHarness();
    await h.lead();
    await h.seed('s1', { stage: 'Backup', status: 'Running', startedAt: h.clock.now(), progressAt: h.clock.now() });
    h.report(SRC, 's1', 'Backup', 'error', { error: 'mariabackup exited with 1' });
    await h.tick();
    expect(await h.store.getSeed('s1')).toMatchObject({ status: 'Error', stage: 'Backup', error: expect.stringContaining('mariabackup exited with 1') });
    await h.tick();
    expect(await h.store.getSeed('s1')).toMatchObject({ status: 'Scheduled', stage: 'Prepare', retries: { ...NO_RETRIES, Backup: 1 } });
    h.clearCalls();
    await h.tick();
    expect(await h.state('s1')).toBe('Running/Prepare');
    expect(h.calls('startStage')).toEqual([`startStage ${TGT} Prepare`, `startStage ${SRC} Prepare`]);
  });

  it('keeps a Running seed as it is while an agent is unreachable or unregistered, and goes on when it is back', async () => {
    const h = new TickerHarness();
    await h.lead();
    await h.seed('s1', { status: 'Running', startedAt: h.clock.now(), progressAt: h.clock.now() });
    h.report(TGT, 's1', 'Prepare', 'completed');
    h.report(SRC, 's1', 'Prepare', 'completed');
    h.agents.setDown(SRC, true);
    expect(await h.tick()).toMatchObject({ moved: 0, failed: 0 });
    const source = h.registry.get('db-src.example:3306')!;
    h.agents.setDown(SRC, false);
    h.registry.delete('db-src.example:3306');
    expect(await h.tick()).toMatchObject({ moved: 0, failed: 0 });
    expect(await h.state('s1')).toBe('Running/Prepare');
    expect(await h.history('s1')).toEqual([]);

    h.registry.set('db-src.example:3306', source);
    await h.tick();
    expect(await h.state('s1')).toBe('Scheduled/Backup');
  });

  it('aborts a seed mid-Backup on the backup agent, cleans both agents up, fails it and ends the downtime', async () => {
    const h = new TickerHarness();
    await h.lead();
    await h.seed('s1');
    await h.tick();
    h.report(TGT, 's1', 'Prepare', 'completed');
    h.report(SRC, 's1', 'Prepare', 'completed');
    await h.tick();
    await h.tick();
    expect(await h.state('s1')).toBe('Running/Backup');
    expect(await h.store.requestSeedAbort('s1', h.clock.now())).toBe(true);
    h.clearCalls();
    await h.tick();
    expect(await h.state('s1')).toBe('Failed/Backup');
    // The backup agent's abort, then each agent's cleanup (the same call: it puts the host back and forgets the seed).
    expect(h.calls()).toEqual([`abort ${SRC}`, `abort ${TGT}`, `abort ${SRC}`]);
    expect(await h.downtime()).toEqual([]);
    expect((await h.history('s1')).slice(-2)).toEqual(['Failed/Backup orc: aborted by an operator', 'Failed/Backup orc: target out of downtime']);
  });

  it('leaves an aborted seed Aborting while the agent to abort is unreachable, and fails it at a later tick', async () => {
    const h = new TickerHarness();
    await h.lead();
    await h.seed('s1', { stage: 'Backup', status: 'Running', startedAt: h.clock.now(), progressAt: h.clock.now() });
    await h.store.beginDowntime({ instance: ENDS.target, owner: 'orc seed', reason: 'seed s1', beganAt: h.clock.now(), until: h.clock.now() + 3_600_000 });
    await h.store.requestSeedAbort('s1', h.clock.now());
    h.agents.setDown(SRC, true);
    await h.tick();
    expect(await h.store.getSeed('s1')).toMatchObject({ status: 'Aborting', stage: 'Backup', error: expect.stringContaining('abort failed on the source agent') });
    expect(await h.downtime()).toEqual(['orc seed: seed s1']);
    // Cleanup waits for the abort: nothing else was called.
    expect(h.calls()).toEqual([`abort ${SRC}`]);

    // Failing again the same way changes nothing: no new row every tick.
    expect(await h.tick()).toMatchObject({ moved: 0 });
    expect(await h.state('s1')).toBe('Aborting/Backup');
    expect(await h.history('s1')).toHaveLength(1);
    h.agents.setDown(SRC, false);
    await h.tick();
    expect(await h.state('s1')).toBe('Failed/Backup');
    expect(await h.downtime()).toEqual([]);
  });

  it("keeps an operator's longer downtime of the target: never replaced, never ended by the seed", async () => {
    const h = new TickerHarness();
    await h.lead();
    const until = h.clock.now() + 2 * 86_400_000;
    await h.store.beginDowntime({ instance: ENDS.target, owner: 'alice', reason: 'disk swap', beganAt: h.clock.now(), until });
    await h.seed('s1');
    await h.tick();
    await h.store.requestSeedAbort('s1', h.clock.now());
    await h.tick();
    expect(await h.state('s1')).toBe('Failed/Prepare');
    expect(await h.downtime()).toEqual(['alice: disk swap']);
    const notes = (await h.history('s1')).filter((r) => r.includes('downtime'));
    expect(notes).toEqual([
      expect.stringMatching(/^Running\/Prepare orc: target already in downtime by alice until .* \(disk swap\); kept$/),
      expect.stringMatching(/^Failed\/Prepare orc: target downtime kept: it is alice's until .* \(disk swap\)$/),
    ]);
  });

  it('records a best-effort cleanup that failed in the history, the outcome standing', async () => {
    const h = new TickerHarness();
    await h.lead();
    await h.seed('s1', { stage: 'Restore', status: 'Scheduled', startedAt: h.clock.now() });
    await h.store.requestSeedAbort('s1', h.clock.now());
    h.registry.delete('db-src.example:3306');
    await h.tick();
    expect(await h.state('s1')).toBe('Failed/Restore');
    expect(await h.history('s1')).toEqual([
      'Failed/Restore orc: aborted by an operator',
      'Failed/Restore source: cleanup on the source agent failed: orc_unreachable: no agent is registered for the source db-src.example:3306',
      'Failed/Restore orc: target had no downtime left to end',
    ]);
  });

  it('puts ConnectReplica in Error when the target agent has no metadata, and retries it', async () => {
    const h = new TickerHarness();
    await h.lead();
    await h.seed('s1', { stage: 'ConnectReplica', status: 'Scheduled', startedAt: h.clock.now() });
    await h.tick();
    expect(await h.store.getSeed('s1')).toMatchObject({ status: 'Error', stage: 'ConnectReplica', error: expect.stringContaining('no metadata for seed s1') });
    expect(h.control.calls).toEqual([]);
    await h.tick();
    expect(await h.store.getSeed('s1')).toMatchObject({ status: 'Scheduled', stage: 'ConnectReplica', retries: { ...NO_RETRIES, ConnectReplica: 1 } });
    h.agents.setMetadata(TGT, 's1', { gtid: '0-1-77', binlogFile: null, binlogPos: null });
    await h.tick();
    expect(await h.state('s1')).toBe('Scheduled/Cleanup');
    expect(h.control.callsOf('setReplicaGtidPosition')).toEqual(['setReplicaGtidPosition db-new.example:3306 0-1-77']);
  });

  it('retries a ConnectReplica whose replication did not come up without setting the position again', async () => {
    const h = new TickerHarness();
    await h.lead();
    await h.seed('s1', { stage: 'ConnectReplica', status: 'Scheduled', startedAt: h.clock.now() });
    h.agents.setMetadata(TGT, 's1', { gtid: '0-1-77', binlogFile: null, binlogPos: null });
    // The source is unreachable for the target: its IO thread keeps connecting until the verification gives up.
    h.probe.setDown('db-src.example:3306');
    await h.tick();
    expect(await h.store.getSeed('s1')).toMatchObject({ status: 'Error', stage: 'ConnectReplica', error: expect.stringContaining('not replicating from db-src.example:3306') });
    await h.tick();
    h.probe.setDown('db-src.example:3306', false);
    h.control.calls.length = 0;
    await h.tick();
    expect(await h.state('s1')).toBe('Scheduled/Cleanup');
    expect(h.control.calls).toEqual(['startReplica db-new.example:3306']);
    expect((await h.history('s1')).at(-1)).toBe('Scheduled/Cleanup orc: target already pointed at db-src.example:3306: replication started again and running');
  });

  it("writes nothing for a deposed leader: no tick at all once the lease is another's", async () => {
    const h = new TickerHarness();
    await h.lead('orc-1');
    const before = await h.seed('s1');
    await h.store.releaseLease(LEASE, 'orc-1');
    await h.store.tryAcquireLease(LEASE, 'orc-2', 60_000);
    expect(await h.tick()).toMatchObject({ ran: false });
    expect(h.calls()).toEqual([]);
    expect(await h.store.getSeed('s1')).toEqual(before);
    expect(await h.history('s1')).toEqual([]);
  });

  it("refuses a deposed leader's write when the lease changes hands during the tick, writing nothing", async () => {
    const h = new TickerHarness();
    await h.lead('orc-1');
    const before = await h.seed('s1');
    await h.seed('s2', {}, OTHER_ENDS);
    h.addEnds(OTHER_ENDS);
    // The lease changes hands while the first agent call is in flight.
    const start = h.agents.startStage.bind(h.agents);
    let taken = false;
    h.agents.startStage = async (agent: AgentEndpoint, request: StageRequest) => {
      if (!taken) {
        taken = true;
        await h.store.releaseLease(LEASE, 'orc-1');
        await h.store.tryAcquireLease(LEASE, 'orc-2', 60_000);
      }
      return start(agent, request);
    };
    const summary = await h.tick();
    expect(summary).toMatchObject({ ran: true, moved: 0 });
    expect(summary.failed).toBeGreaterThanOrEqual(1);
    expect(await h.store.getSeed('s1')).toEqual(before);
    expect(await h.history('s1')).toEqual([]);
    expect(await h.history('s2')).toEqual([]);
    expect(h.logger.lines.some((l) => l.level === 'warn' && l.msg.includes('no longer leads'))).toBe(true);
  });

  it('moves two seeds independently: one failing never holds the other up', async () => {
    const h = new TickerHarness();
    await h.lead();
    h.addEnds(OTHER_ENDS);
    await h.seed('a');
    await h.seed('b', {}, OTHER_ENDS, 'dump');
    h.agents.refuseStages(OTHER_ENDS.sourceUrl, 'agent busy with another seed');
    expect(await h.tick()).toMatchObject({ seeds: 2, moved: 2 });
    expect(await h.state('a')).toBe('Running/Prepare');
    expect(await h.state('b')).toBe('Error/Prepare');
    expect(await h.downtime(OTHER_ENDS.target)).toEqual(['orc seed: seed b']);

    // A seed whose write fails is logged; the other goes on.
    h.report(TGT, 'a', 'Prepare', 'completed');
    h.report(SRC, 'a', 'Prepare', 'completed');
    const update = h.store.updateSeed.bind(h.store);
    vi.spyOn(h.store, 'updateSeed').mockImplementation(async (seed, expected, lease) => {
      if (seed.id === 'b') throw new OperationError('store hiccup');
      return update(seed, expected, lease);
    });
    const summary = await h.tick();
    expect(summary).toMatchObject({ seeds: 2, moved: 1, failed: 1 });
    expect(await h.state('a')).toBe('Scheduled/Backup');
    expect(await h.state('b')).toBe('Error/Prepare');
    expect(h.logger.lines.some((l) => l.level === 'error' && l.msg === 'seed tick failed' && (l.obj as { seed?: string }).seed === 'b')).toBe(true);
  });

  it('fails a seed whose stage used up its retries, cleaning both agents up and ending the downtime', async () => {
    const h = new TickerHarness({ ...POLICY, maxRetriesPerStage: 1 });
    await h.lead();
    await h.seed('s1');
    h.agents.refuseStages(TGT, 'datadir not empty');
    await h.tick();
    await h.tick();
    expect(await h.store.getSeed('s1')).toMatchObject({ status: 'Scheduled', retries: { ...NO_RETRIES, Prepare: 1 } });
    await h.tick();
    expect(await h.state('s1')).toBe('Error/Prepare');
    h.clearCalls();
    await h.tick();
    expect(await h.store.getSeed('s1')).toMatchObject({ status: 'Failed', stage: 'Prepare', endedAt: expect.any(Number) });
    expect(h.calls()).toEqual([`abort ${TGT}`, `abort ${SRC}`]);
    expect(await h.downtime()).toEqual([]);
    expect(await h.store.listSeeds({ active: true })).toEqual([]);
  });
});
