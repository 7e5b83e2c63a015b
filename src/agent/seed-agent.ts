import type { Readable } from 'node:stream';
import { InputError, OperationError, RefusedError, toOrcError } from '../../core/errors.js';
import type { SeedMetadata, StageRequest, StageStatus } from '../../core/ports/agent-client.js';
import type { Logger } from '../../core/ports/logger.js';
import type { SeedStage } from '../../core/seeds/seed-stage.js';
import { stageAgents } from '../../core/seeds/stage-agents.js';
import { ChildTracker, describeExit, killLeftoverChildren } from './child-tracker.js';
import { newSeedRecord, recordAfterRestart, unknownStageStatus, type SeedRecord } from './seed-record.js';
import type { SeedStateFile } from './seed-state-file.js';
import type { ReceiverOffer, SeedRecordPatch, SeedWorkFactory, StageJob } from './seed-work.js';

/** What the seed agent runs on. */
export interface SeedAgentDeps {
  readonly stateFile: SeedStateFile;
  readonly work: SeedWorkFactory;
  /** The environment of child programs. */
  readonly childEnv: Readonly<Record<string, string>>;
  /** Run after a Cleanup that did its work (argv, no shell), with ORC_SEED_* variables; null for none. */
  readonly postSeedCommand: readonly string[] | null;
  readonly logger: Logger;
  readonly now?: () => number;
}

interface Task {
  readonly controller: AbortController;
  readonly done: Promise<void>;
}

interface Ended {
  readonly stages: Partial<Record<SeedStage, StageStatus>>;
  readonly metadata: SeedMetadata | null;
}

const ENDED_KEPT = 20;

/**
 * One agent's seeds: at most one active seed, persisted at every change, its stages run in the background and
 * reported when polled. Control calls (a stage, an abort, a stream) run one at a time; calling a stage again stops
 * whatever runs for the seed first, so retries start clean; abort stops everything and rolls the host back.
 */
export class SeedAgent {
  private record: SeedRecord | null;
  private readonly tasks = new Set<Task>();
  private readonly ended = new Map<string, Ended>();
  /** Samplers of the running stages' live byte counts, called when their status is read. */
  private readonly samplers = new Map<SeedStage, () => void>();
  private readonly children: ChildTracker;
  private readonly now: () => number;
  private control: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly deps: SeedAgentDeps,
    record: SeedRecord | null,
  ) {
    this.record = record;
    this.now = deps.now ?? Date.now;
    this.children = new ChildTracker(deps.childEnv, (children) => {
      if (this.record) this.save({ ...this.record, children });
    });
  }

  /** Opens the agent's seed state: a record left by a previous run is taken over (its leftover programs stopped). */
  static async open(deps: SeedAgentDeps): Promise<SeedAgent> {
    const found = deps.stateFile.read();
    const now = (deps.now ?? Date.now)();
    if (found) {
      await killLeftoverChildren(found.children);
      deps.logger.warn({ seed: found.seedId, side: found.side, copy: found.copy }, 'taking over the seed a previous run of the agent left');
    }
    const agent = new SeedAgent(deps, found ? recordAfterRestart(found, now) : null);
    if (agent.record) agent.save(agent.record);
    return agent;
  }

  /** The seed this agent takes part in, or null. */
  activeSeed(): string | null {
    return this.record?.seedId ?? null;
  }

  /** Accepts a stage call and starts it in the background; refuses another seed while one is active. */
  startStage(request: StageRequest): Promise<void> {
    return this.serial(async () => {
      if (!stageAgents(request.stage, request.method).includes(request.side)) {
        throw new InputError(`${request.method} ${request.stage} does not run on the ${request.side} agent`, { stage: request.stage, side: request.side });
      }
      const current = this.record?.seedId === request.seedId ? this.record : null;
      if (!current && request.stage === 'Cleanup') {
        // Nothing was ever set up here for this seed (or an abort already undid it): nothing to clean, whatever else runs.
        this.remember(request.seedId, { Cleanup: this.status(request.seedId, 'Cleanup', 'completed', 0) }, null);
        return;
      }
      if (this.record && !current) {
        throw new RefusedError('orc_refused', `this agent is busy with seed ${this.record.seedId}`, { activeSeed: this.record.seedId });
      }
      if (current && (current.side !== request.side || current.method !== request.method)) {
        throw new RefusedError('orc_refused', `seed ${current.seedId} runs here as the ${current.side} of a ${current.method} seed, not the ${request.side} of a ${request.method} one`);
      }
      if (!current) {
        if (request.stage !== 'Prepare') {
          throw new RefusedError('orc_refused', `no record of seed ${request.seedId} on this agent: ${request.stage} needs Prepare first`, { seed: request.seedId });
        }
        const record = newSeedRecord(request, this.now());
        // A method this host cannot run is refused before anything is recorded.
        this.deps.work(record);
        this.save(record);
      }
      await this.stopWork();
      this.setStage(request.stage, this.status(request.seedId, request.stage, 'running', 0));
      this.launch(request.stage);
    });
  }

  /** The latest state of a seed's stage; one this agent has no record of is an error, so orc retries it at once. */
  stageStatus(seedId: string, stage: SeedStage): StageStatus {
    if (this.record?.seedId === seedId) this.samplers.get(stage)?.();
    const stages = this.record?.seedId === seedId ? this.record.stages : this.ended.get(seedId)?.stages;
    return stages?.[stage] ?? unknownStageStatus(seedId, stage, this.now());
  }

  /** Where the copy stands in the source's history (known to the target after Restore, or after a dump's Backup). */
  metadata(seedId: string): SeedMetadata {
    const found = this.record?.seedId === seedId ? this.record.metadata : (this.ended.get(seedId)?.metadata ?? null);
    if (found === null) throw new RefusedError('orc_refused', `no metadata for seed ${seedId} on this agent (not the target, or Restore has not completed)`, { seed: seedId });
    return found;
  }

  /** Stops the seed's work and puts the host back as it was before it; nothing to do for a seed not active here. */
  abort(seedId: string): Promise<void> {
    return this.serial(async () => {
      const current = this.record;
      if (!current || current.seedId !== seedId) return;
      this.deps.logger.info({ seed: seedId, side: current.side }, 'aborting the seed');
      await this.stopWork();
      const controller = new AbortController();
      await this.deps.work(current).rollBack(this.job(controller.signal, null));
      const stages = { ...this.record!.stages };
      for (const [stage, status] of Object.entries(stages) as [SeedStage, StageStatus][]) {
        if (status.state === 'running') stages[stage] = { ...status, state: 'error', updatedAt: this.now(), error: 'aborted' };
      }
      this.remember(seedId, stages, this.record!.metadata);
      this.save(null);
    });
  }

  /** Takes in the copy a source agent streams to this target; resolves with the bytes once it is complete on disk. */
  async receiveStream(seedId: string, body: Readable): Promise<number> {
    const started = await this.serial(async () => {
      const current = this.readyToReceive(seedId);
      let received = 0;
      const done = this.track((signal) =>
        this.deps.work(current).receiveStream(this.job(signal, null), body).then((n) => {
          received = n;
        }),
      );
      return { done, bytes: () => received };
    });
    await started.done;
    return started.bytes();
  }

  /**
   * Opens a one-shot TCP receiver for the seed's direct copy (this target, no TLS) and answers where it listens and
   * its ticket; the copy's outcome is told to the source on that connection. A receiver still waiting is replaced.
   */
  openReceiver(seedId: string): Promise<{ port: number; ticket: string }> {
    return this.serial(async () => {
      const current = this.readyToReceive(seedId);
      await this.stopWork();
      let offered!: (offer: ReceiverOffer) => void;
      const offer = new Promise<ReceiverOffer>((resolve) => (offered = resolve));
      const done = this.track(async (signal) => {
        const opened = await this.deps.work(current).openReceiver(this.job(signal, null));
        offered(opened);
        const bytes = await opened.done;
        this.deps.logger.info({ seed: seedId, bytes }, 'the direct copy was received');
      });
      done.catch((err: unknown) => this.deps.logger.warn({ seed: seedId, error: toOrcError(err).message }, 'the direct copy failed'));
      const { port, ticket } = await Promise.race([offer, done.then(() => Promise.reject(new OperationError('the receiver ended before it listened')))]);
      return { port, ticket };
    });
  }

  private readyToReceive(seedId: string): SeedRecord {
    const current = this.record;
    if (!current || current.seedId !== seedId) throw new RefusedError('orc_refused', `no active seed ${seedId} on this agent: it cannot receive its copy`);
    if (current.side !== 'target') throw new RefusedError('orc_refused', `this agent is the source of seed ${seedId}: it receives nothing`);
    if (current.copy !== 'empty') throw new RefusedError('orc_refused', `seed ${seedId}: the target is not ready to receive (copy ${current.copy}): Prepare it again`);
    return current;
  }

  /** Stops the seed's work (the record stays, so a restarted agent carries on); for shutdown. */
  async close(): Promise<void> {
    this.closed = true;
    await this.serial(() => this.stopWork(), true);
  }

  private serial<T>(fn: () => Promise<T>, evenWhenClosed = false): Promise<T> {
    const run = this.control.then(() => {
      if (this.closed && !evenWhenClosed) throw new OperationError('the agent is shutting down');
      return fn();
    });
    this.control = run.catch(() => undefined);
    return run;
  }

  /** Runs fn as seed work: stoppable by stopWork, its rejection kept to its own promise. */
  private track(fn: (signal: AbortSignal) => Promise<void>): Promise<void> {
    const controller = new AbortController();
    const done = fn(controller.signal);
    const task: Task = { controller, done: done.then(() => undefined, () => undefined) };
    this.tasks.add(task);
    void task.done.then(() => this.tasks.delete(task));
    return done;
  }

  private async stopWork(): Promise<void> {
    const tasks = [...this.tasks];
    for (const t of tasks) t.controller.abort(new OperationError('stopped: the seed was aborted or the stage called again'));
    await this.children.killAll();
    await Promise.all(tasks.map((t) => t.done));
  }

  private launch(stage: SeedStage): void {
    const record = this.record!;
    void this.track(async (signal) => {
      const job = this.job(signal, stage);
      try {
        const outcome = stage === 'Cleanup' && record.side === 'target' ? (this.record!.copy === 'restored' ? 'completed' : 'rolled-back') : null;
        await this.deps.work(record).runStage(stage, job);
        if (stage === 'Cleanup') await this.postSeed(job, outcome);
        this.finishStage(stage, 'completed');
      } catch (err) {
        const message = signal.aborted ? toOrcError(signal.reason).message : toOrcError(err).message;
        this.deps.logger.warn({ seed: record.seedId, stage, error: message }, 'seed stage failed');
        this.finishStage(stage, 'error', message);
      }
    });
  }

  private finishStage(stage: SeedStage, state: 'completed' | 'error', error?: string): void {
    this.samplers.delete(stage);
    const current = this.record;
    if (!current) return;
    const before = current.stages[stage];
    const status: StageStatus = { ...this.status(current.seedId, stage, state, before?.bytes ?? 0), ...(error ? { error } : {}) };
    this.setStage(stage, status);
    if (stage === 'Cleanup' && state === 'completed') {
      this.remember(current.seedId, this.record!.stages, this.record!.metadata);
      this.save(null);
    }
  }

  private async postSeed(job: StageJob, outcome: string | null): Promise<void> {
    const argv = this.deps.postSeedCommand;
    if (!argv) return;
    const r = job.record();
    const env = { ORC_SEED_ID: r.seedId, ORC_SEED_SIDE: r.side, ORC_SEED_METHOD: r.method, ...(outcome ? { ORC_SEED_OUTCOME: outcome } : {}) };
    const child = job.spawn(argv, { stdin: 'ignore', stdout: 'ignore' }, env);
    const exit = await child.exited;
    if (exit.code !== 0) throw new OperationError(`the post-seed command ${argv[0]} failed (${describeExit(exit)}): ${child.stderrTail()}`);
  }

  private job(signal: AbortSignal, stage: SeedStage | null): StageJob {
    const seedId = this.record!.seedId;
    return {
      record: () => {
        if (!this.record || this.record.seedId !== seedId) throw new OperationError(`seed ${seedId} is no longer active here`);
        return this.record;
      },
      signal,
      update: (patch: SeedRecordPatch) => {
        signal.throwIfAborted();
        if (this.record?.seedId === seedId) this.save({ ...this.record, ...patch });
      },
      progress: (bytes: number) => {
        const status = stage !== null && this.record?.seedId === seedId ? this.record.stages[stage] : undefined;
        if (stage !== null && status?.state === 'running') {
          // Progress is kept in memory only: persisting every chunk would cost more than the copy.
          this.record = { ...this.record!, stages: { ...this.record!.stages, [stage]: { ...status, bytes, updatedAt: this.now() } } };
        }
      },
      sampleOnStatus: (sample) => {
        if (stage === null) return;
        if (sample) this.samplers.set(stage, sample);
        else this.samplers.delete(stage);
      },
      spawn: (argv, stdio, env) => {
        signal.throwIfAborted();
        return this.children.spawn(argv, stdio, env);
      },
    };
  }

  private status(seedId: string, stage: SeedStage, state: StageStatus['state'], bytes: number): StageStatus {
    return { seedId, stage, state, bytes, updatedAt: this.now() };
  }

  private setStage(stage: SeedStage, status: StageStatus): void {
    if (this.record) this.save({ ...this.record, stages: { ...this.record.stages, [stage]: status } });
  }

  private remember(seedId: string, stages: Partial<Record<SeedStage, StageStatus>>, metadata: SeedMetadata | null): void {
    this.ended.set(seedId, { stages, metadata });
    while (this.ended.size > ENDED_KEPT) this.ended.delete(this.ended.keys().next().value!);
  }

  private save(record: SeedRecord | null): void {
    this.record = record;
    this.deps.stateFile.write(record ? { ...record, children: this.children.records() } : null);
  }
}
