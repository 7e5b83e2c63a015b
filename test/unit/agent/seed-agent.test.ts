import { copyFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InputError, OperationError, RefusedError } from '../../../core/errors.js';
import type { StageRequest } from '../../../core/ports/agent-client.js';
import { silentLogger } from '../../../core/ports/logger.js';
import type { SeedMethod, SeedSide } from '../../../core/seeds/seed-method.js';
import type { SeedStage } from '../../../core/seeds/seed-stage.js';
import type { TrackedChild } from '../../../src/agent/child-tracker.js';
import { cmdlineOf } from '../../../src/agent/proc-files.js';
import { SeedAgent } from '../../../src/agent/seed-agent.js';
import { SeedStateFile } from '../../../src/agent/seed-state-file.js';
import type { ReceiverOffer, SeedWork, StageJob } from '../../../src/agent/seed-work.js';

interface Run {
  readonly stage: SeedStage;
  readonly job: StageJob;
  resolve(): void;
  reject(err: Error): void;
}

/** Seed work the test finishes by hand; each stage may start a `sleep` child to show what gets killed. */
class FakeWork implements SeedWork {
  readonly runs: Run[] = [];
  readonly children: TrackedChild[] = [];
  rollBacks = 0;

  constructor(private readonly withChild = false) {}

  runStage(stage: SeedStage, job: StageJob): Promise<void> {
    if (this.withChild) this.children.push(job.spawn(['sleep', '60'], { stdin: 'ignore', stdout: 'ignore' }));
    return new Promise<void>((resolve, reject) => {
      this.runs.push({ stage, job, resolve, reject });
      job.signal.addEventListener('abort', () => reject(job.signal.reason as Error), { once: true });
    });
  }

  async rollBack(job: StageJob): Promise<void> {
    this.rollBacks++;
    job.update({ copy: 'none', aside: null });
  }

  async receiveStream(job: StageJob, body: Readable): Promise<number> {
    let n = 0;
    for await (const chunk of body) n += (chunk as Buffer).length;
    job.update({ copy: 'received' });
    return n;
  }

  async openReceiver(job: StageJob): Promise<ReceiverOffer> {
    this.receivers++;
    const done = new Promise<number>((resolve, reject) => {
      job.signal.addEventListener('abort', () => reject(job.signal.reason as Error), { once: true });
      this.finishReceiver = (n) => {
        job.update({ copy: 'received' });
        resolve(n);
      };
    });
    return { port: 40000 + this.receivers, ticket: 'f'.repeat(64), done };
  }

  receivers = 0;
  finishReceiver: (bytes: number) => void = () => undefined;

  last(): Run {
    return this.runs[this.runs.length - 1]!;
  }
}

function req(seedId: string, stage: SeedStage, side: SeedSide = 'target', method: SeedMethod = 'mariabackup'): StageRequest {
  return {
    seedId,
    stage,
    method,
    side,
    source: { host: 'db1', port: 3306, agentUrl: 'http://db1:7001' },
    target: { host: 'db2', port: 3306, agentUrl: 'http://db2:7001' },
  };
}

const agents: SeedAgent[] = [];

async function open(stateFile: string, work: SeedWork, postSeedCommand: string[] | null = null): Promise<SeedAgent> {
  const agent = await SeedAgent.open({
    stateFile: new SeedStateFile(stateFile),
    work: (record) => {
      if (record.method === 'clone') throw new RefusedError('orc_refused', 'this agent cannot run clone seeds');
      return work;
    },
    childEnv: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    postSeedCommand,
    logger: silentLogger,
  });
  agents.push(agent);
  return agent;
}

function stateFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'orc-seed-agent-')), 'seed-state.json');
}

async function stateOf(agent: SeedAgent, seedId: string, stage: SeedStage, want: string): Promise<void> {
  await vi.waitFor(() => expect(agent.stageStatus(seedId, stage).state).toBe(want), { timeout: 5000, interval: 5 });
}

afterEach(async () => {
  for (const a of agents.splice(0)) await a.close();
});

describe('the seed agent', () => {
  it('takes one seed at a time: another seed is refused until the first is cleaned up', async () => {
    const work = new FakeWork();
    const agent = await open(stateFile(), work);
    await agent.startStage(req('s1', 'Prepare'));
    expect(agent.activeSeed()).toBe('s1');
    await expect(agent.startStage(req('s2', 'Prepare'))).rejects.toThrow(RefusedError);
    await expect(agent.startStage(req('s2', 'Prepare'))).rejects.toThrow('this agent is busy with seed s1');
    await expect(agent.startStage(req('s2', 'Backup', 'source'))).rejects.toThrow('this agent is busy with seed s1');
    // A late Cleanup of a seed that holds nothing here touches nothing, even while another seed runs.
    await agent.startStage(req('s0', 'Cleanup'));
    expect(agent.stageStatus('s0', 'Cleanup').state).toBe('completed');
    expect(agent.activeSeed()).toBe('s1');
    work.last().resolve();
    await stateOf(agent, 's1', 'Prepare', 'completed');
    await agent.startStage(req('s1', 'Cleanup'));
    work.last().resolve();
    await stateOf(agent, 's1', 'Cleanup', 'completed');
    expect(agent.activeSeed()).toBeNull();
    await agent.startStage(req('s2', 'Prepare'));
    expect(agent.activeSeed()).toBe('s2');
  });

  it('reports a failed stage with its message, and refuses stages that do not run on this side', async () => {
    const work = new FakeWork();
    const agent = await open(stateFile(), work);
    await agent.startStage(req('s1', 'Prepare'));
    work.last().reject(new OperationError('the datadir /x does not exist'));
    await stateOf(agent, 's1', 'Prepare', 'error');
    expect(agent.stageStatus('s1', 'Prepare').error).toBe('the datadir /x does not exist');
    await expect(agent.startStage(req('s1', 'Backup', 'target'))).rejects.toThrow(InputError);
    await expect(agent.startStage(req('s1', 'Prepare', 'source'))).rejects.toThrow(/runs here as the target/);
    await expect(agent.startStage(req('s9', 'ConnectReplica'))).rejects.toThrow(InputError);
  });

  it('refuses a stage of a seed it has no record of (Prepare first), completes its Cleanup at once, refuses a method it cannot run', async () => {
    const work = new FakeWork();
    const agent = await open(stateFile(), work);
    await expect(agent.startStage(req('s1', 'Restore'))).rejects.toThrow('no record of seed s1 on this agent: Restore needs Prepare first');
    await agent.startStage(req('s1', 'Cleanup'));
    expect(agent.stageStatus('s1', 'Cleanup').state).toBe('completed');
    await expect(agent.startStage(req('s3', 'Prepare', 'target', 'clone'))).rejects.toThrow('cannot run clone seeds');
    expect(agent.activeSeed()).toBeNull();
    expect(work.runs).toEqual([]);
    expect(agent.stageStatus('s7', 'Backup')).toMatchObject({ state: 'error', error: 'no record of seed s7 stage Backup on this agent (agent restarted?)' });
  });

  it('restarts a stage called again: the running one is stopped and its programs killed first', async () => {
    const work = new FakeWork(true);
    const agent = await open(stateFile(), work);
    await agent.startStage(req('s1', 'Prepare'));
    const first = work.last();
    const child = work.children[0]!;
    expect(cmdlineOf(child.pid)?.[0]).toBe('sleep');
    await agent.startStage(req('s1', 'Prepare'));
    expect(first.job.signal.aborted).toBe(true);
    expect(cmdlineOf(child.pid)).toBeNull();
    expect(work.runs).toHaveLength(2);
    expect(agent.stageStatus('s1', 'Prepare').state).toBe('running');
    work.last().resolve();
    await stateOf(agent, 's1', 'Prepare', 'completed');
  });

  it('aborts: stops the work, kills its programs, rolls back, forgets the seed; again is a no-op, another seed untouched', async () => {
    const work = new FakeWork(true);
    const agent = await open(stateFile(), work);
    await agent.startStage(req('s1', 'Prepare'));
    const child = work.children[0]!;
    await agent.abort('other');
    expect(agent.activeSeed()).toBe('s1');
    expect(work.rollBacks).toBe(0);
    await agent.abort('s1');
    expect(cmdlineOf(child.pid)).toBeNull();
    expect(work.rollBacks).toBe(1);
    expect(agent.activeSeed()).toBeNull();
    expect(agent.stageStatus('s1', 'Prepare').state).toBe('error');
    await agent.abort('s1');
    expect(work.rollBacks).toBe(1);
  });

  it('carries on after a restart: knows its seed, its finished stages, stops leftover programs, refuses another seed, aborts', async () => {
    const file = stateFile();
    const work = new FakeWork(true);
    const before = await open(file, work);
    await before.startStage(req('s1', 'Prepare'));
    work.last().resolve();
    await stateOf(before, 's1', 'Prepare', 'completed');
    await before.startStage(req('s1', 'Restore'));
    const leftover = work.children[1]!;
    // kill -9 of the agent: only its state file survives (copied, so the abandoned instance cannot write over it).
    const after = join(mkdtempSync(join(tmpdir(), 'orc-seed-agent-')), 'seed-state.json');
    copyFileSync(file, after);
    const work2 = new FakeWork();
    const restarted = await open(after, work2);
    expect(cmdlineOf(leftover.pid)).toBeNull();
    expect(restarted.activeSeed()).toBe('s1');
    expect(restarted.stageStatus('s1', 'Prepare').state).toBe('completed');
    expect(restarted.stageStatus('s1', 'Restore')).toMatchObject({ state: 'error', error: 'the agent restarted while Restore ran' });
    expect(restarted.stageStatus('s1', 'Backup').error).toMatch(/no record .* \(agent restarted\?\)/);
    await expect(restarted.startStage(req('s2', 'Prepare'))).rejects.toThrow('busy with seed s1');
    await restarted.abort('s1');
    expect(work2.rollBacks).toBe(1);
    expect(restarted.activeSeed()).toBeNull();
    expect(JSON.parse(readFileSync(after, 'utf8'))).toEqual({ version: 1, record: null });
  });

  it('receives a stream only for its active seed, as its target, into a prepared copy', async () => {
    const work = new FakeWork();
    const agent = await open(stateFile(), work);
    const body = async function* () {
      yield Buffer.from('abc');
    };
    const { Readable } = await import('node:stream');
    await expect(agent.receiveStream('s1', Readable.from(body()))).rejects.toThrow('no active seed s1');
    await agent.startStage(req('s1', 'Prepare'));
    await expect(agent.receiveStream('s1', Readable.from(body()))).rejects.toThrow('not ready to receive (copy none)');
    work.last().job.update({ copy: 'empty' });
    work.last().resolve();
    expect(await agent.receiveStream('s1', Readable.from(body()))).toBe(3);
  });

  it('runs the post-seed command after a Cleanup, with the seed in its environment', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'orc-seed-agent-'));
    const out = join(dir, 'post-seed.txt');
    const script = `require('fs').writeFileSync(${JSON.stringify(out)}, [process.env.ORC_SEED_ID, process.env.ORC_SEED_SIDE, process.env.ORC_SEED_METHOD, process.env.ORC_SEED_OUTCOME].join(' '))`;
    const work = new FakeWork();
    const agent = await open(join(dir, 'seed-state.json'), work, [process.execPath, '-e', script]);
    await agent.startStage(req('s1', 'Prepare'));
    work.last().job.update({ copy: 'restored' });
    work.last().resolve();
    await stateOf(agent, 's1', 'Prepare', 'completed');
    await agent.startStage(req('s1', 'Cleanup'));
    work.last().resolve();
    await stateOf(agent, 's1', 'Cleanup', 'completed');
    expect(existsSync(out)).toBe(true);
    expect(readFileSync(out, 'utf8')).toBe('s1 target mariabackup completed');
  });

  it('opens a receiver only for its active seed, as its target, into a prepared copy; a new one replaces one still waiting; abort stops it', async () => {
    const work = new FakeWork();
    const file = stateFile();
    const agent = await open(file, work);
    await expect(agent.openReceiver('s1')).rejects.toThrow('no active seed s1');
    await agent.startStage(req('s1', 'Prepare'));
    await expect(agent.openReceiver('s1')).rejects.toThrow('not ready to receive (copy none)');
    work.last().job.update({ copy: 'empty' });
    work.last().resolve();
    await stateOf(agent, 's1', 'Prepare', 'completed');
    expect(await agent.openReceiver('s1')).toEqual({ port: 40001, ticket: 'f'.repeat(64) });
    expect(await agent.openReceiver('s1')).toEqual({ port: 40002, ticket: 'f'.repeat(64) });
    work.finishReceiver(10);
    await vi.waitFor(() => expect(JSON.parse(readFileSync(file, 'utf8')).record.copy).toBe('received'));
    await expect(agent.openReceiver('s1')).rejects.toThrow('not ready to receive (copy received)');
    await agent.abort('s1');
    expect(agent.activeSeed()).toBeNull();
  });
});
