import { OperationError, RefusedError, UnreachableError } from '../../core/errors.js';
import type { AgentClient, AgentEndpoint, AgentInfo, CommandRequest, CommandRun, CommandRunState, PersistedChange, PersistedVariables, SeedMetadata, StageRequest, StageStatus } from '../../core/ports/agent-client.js';
import type { SeedStage } from '../../core/seeds/seed-stage.js';

/** A command a fake agent declares: how each run ends, and how many polls see it running first. */
interface DeclaredCommand {
  readonly outcome: (request: CommandRequest) => Partial<CommandRun>;
  readonly polls: number;
}

/** One call the fake recorded, in order. */
export interface FakeAgentCall {
  readonly url: string;
  readonly op: 'info' | 'startStage' | 'stageStatus' | 'abort' | 'metadata' | 'persistedVariables' | 'persistVariables' | 'commands' | 'startCommand' | 'commandRun';
  readonly runId?: string;
  readonly seedId?: string;
  readonly stage?: SeedStage;
  readonly request?: StageRequest;
  readonly changes?: readonly PersistedChange[];
  readonly command?: CommandRequest;
}

/** A default AgentInfo for a fake agent of the server at host:port. */
export function fakeAgentInfo(host: string, mysqlPort: number, over: Partial<AgentInfo> = {}): AgentInfo {
  return {
    host,
    mysqlPort,
    agentVersion: 'test',
    methods: ['mariabackup', 'dump'],
    datadir: `/var/lib/mysql-${mysqlPort}`,
    diskFreeBytes: 100 * 2 ** 30,
    diskUsedBytes: 10 * 2 ** 30,
    datadirBytes: 2 ** 30,
    databases: [{ name: 'app', engines: ['innodb'], bytes: 2 ** 30 }],
    activeSeed: null,
    serverRunning: true,
    serverVersion: '10.11.19-MariaDB-log',
    ...over,
  };
}

/**
 * The AgentClient port in memory for unit tests: per agent URL, an info and stage statuses the test sets; a URL
 * marked down rejects every call with UnreachableError; every call is recorded.
 */
export class FakeAgentClient implements AgentClient {
  readonly calls: FakeAgentCall[] = [];
  private readonly infos = new Map<string, AgentInfo>();
  private readonly statuses = new Map<string, StageStatus>();
  private readonly metadatas = new Map<string, SeedMetadata>();
  private readonly down = new Set<string>();
  private readonly refusals = new Map<string, string>();
  private readonly optionFiles = new Map<string, { file: string; values: Record<string, string> }>();
  private readonly persistFailures = new Map<string, string>();
  private readonly declared = new Map<string, Map<string, DeclaredCommand>>();
  /** Runs by agent URL and run id: the request, and polls left before it ends (0: ended). */
  private readonly lostAnswers = new Set<string>();
  private readonly runs = new Map<string, { request: CommandRequest; pollsLeft: number; run: CommandRun | null }>();

  setInfo(url: string, info: AgentInfo): void {
    this.infos.set(url, info);
  }

  /** Sets what the agent at url reports for a seed's stage. */
  setStatus(url: string, status: StageStatus): void {
    this.statuses.set(`${url} ${status.seedId} ${status.stage}`, status);
  }

  setMetadata(url: string, seedId: string, metadata: SeedMetadata): void {
    this.metadatas.set(`${url} ${seedId}`, metadata);
  }

  /** Makes every call to url fail as unreachable (true) or work again (false). */
  setDown(url: string, isDown: boolean): void {
    if (isDown) this.down.add(url);
    else this.down.delete(url);
  }

  /** Makes startStage on url fail with this error text until cleared with null. */
  refuseStages(url: string, error: string | null): void {
    if (error === null) this.refusals.delete(url);
    else this.refusals.set(url, error);
  }

  /** Gives the agent at url an option file for rollouts (none by default: it persists nothing). */
  setOptionFile(url: string, file: string, values: Record<string, string> = {}): void {
    this.optionFiles.set(url, { file, values: { ...values } });
  }

  /** What the agent at url has persisted now (undefined without an option file). */
  persisted(url: string): Record<string, string> | undefined {
    const f = this.optionFiles.get(url);
    return f && { ...f.values };
  }

  /** Makes persistVariables on url fail with this error text until cleared with null. */
  failPersist(url: string, error: string | null): void {
    if (error === null) this.persistFailures.delete(url);
    else this.persistFailures.set(url, error);
  }

  /**
   * Declares a command on the agent at url; outcome says how each run ends (default: exit 0, output "ok"), after
   * polls answers of "running" (default 1: a start answers running, the first poll sees it ended).
   */
  declareCommand(url: string, name: string, outcome: (request: CommandRequest) => Partial<CommandRun> = () => ({}), polls = 1): void {
    if (!this.declared.has(url)) this.declared.set(url, new Map());
    this.declared.get(url)!.set(name, { outcome, polls });
  }

  /** The next start on the agent at url starts the run but its answer is lost (the call fails as unreachable). */
  loseNextStartAnswer(url: string): void {
    this.lostAnswers.add(url);
  }

  /** The agent at url restarted: it knows none of the runs it was asked for. */
  forgetRuns(url: string): void {
    for (const key of [...this.runs.keys()]) if (key.startsWith(`${url} `)) this.runs.delete(key);
  }

  /** Ends every run still going on the agent at url at once (the next poll sees it ended). */
  finishRuns(url: string): void {
    for (const [key, r] of this.runs) if (key.startsWith(`${url} `)) r.pollsLeft = 0;
  }

  async commands(agent: AgentEndpoint): Promise<readonly string[]> {
    this.record({ url: agent.url, op: 'commands' });
    return [...(this.declared.get(agent.url)?.keys() ?? [])];
  }

  async startCommand(agent: AgentEndpoint, request: CommandRequest): Promise<CommandRunState> {
    this.record({ url: agent.url, op: 'startCommand', command: request, runId: request.runId });
    const key = `${agent.url} ${request.runId}`;
    if (!this.runs.has(key)) {
      const declared = this.declared.get(agent.url)?.get(request.name);
      if (!declared) throw new RefusedError('orc_refused', `agent ${agent.url}: no command ${request.name}`);
      const run = { name: request.name, phase: request.phase, exitCode: 0, signal: null, timedOut: false, durationMs: 1, output: 'ok', error: null, ...declared.outcome(request) };
      this.runs.set(key, { request, pollsLeft: declared.polls, run });
    }
    if (this.lostAnswers.delete(agent.url)) throw new UnreachableError(`agent ${agent.url}: the connection dropped before the answer`);
    return this.stateOf(key);
  }

  async commandRun(agent: AgentEndpoint, runId: string): Promise<CommandRunState | null> {
    this.record({ url: agent.url, op: 'commandRun', runId });
    const key = `${agent.url} ${runId}`;
    const r = this.runs.get(key);
    if (!r) return null;
    if (r.pollsLeft > 0) r.pollsLeft -= 1;
    return this.stateOf(key);
  }

  private stateOf(key: string): CommandRunState {
    const r = this.runs.get(key)!;
    return r.pollsLeft > 0 || r.run === null ? { id: r.request.runId, state: 'running' } : { id: r.request.runId, state: 'ended', run: r.run };
  }

  async persistedVariables(agent: AgentEndpoint): Promise<PersistedVariables> {
    this.record({ url: agent.url, op: 'persistedVariables' });
    const f = this.optionFiles.get(agent.url);
    return f ? { file: f.file, values: { ...f.values } } : { file: null, values: {} };
  }

  async persistVariables(agent: AgentEndpoint, changes: readonly PersistedChange[]): Promise<PersistedVariables> {
    this.record({ url: agent.url, op: 'persistVariables', changes });
    const failure = this.persistFailures.get(agent.url);
    if (failure) throw new OperationError(failure);
    const f = this.optionFiles.get(agent.url);
    if (!f) throw new RefusedError('orc_refused', `agent ${agent.url}: no option file for rollouts`);
    for (const c of changes) {
      if (c.value === null) delete f.values[c.name];
      else f.values[c.name] = c.value;
    }
    return { file: f.file, values: { ...f.values } };
  }

  async info(agent: AgentEndpoint): Promise<AgentInfo> {
    this.record({ url: agent.url, op: 'info' });
    const info = this.infos.get(agent.url);
    if (!info) throw new UnreachableError(`agent ${agent.url}: no such agent`);
    return info;
  }

  async startStage(agent: AgentEndpoint, request: StageRequest): Promise<void> {
    this.record({ url: agent.url, op: 'startStage', seedId: request.seedId, stage: request.stage, request });
    const refusal = this.refusals.get(agent.url);
    if (refusal) throw new OperationError(refusal);
    this.setStatus(agent.url, { seedId: request.seedId, stage: request.stage, state: 'running', bytes: 0, updatedAt: 0 });
  }

  async stageStatus(agent: AgentEndpoint, seedId: string, stage: SeedStage): Promise<StageStatus> {
    this.record({ url: agent.url, op: 'stageStatus', seedId, stage });
    const status = this.statuses.get(`${agent.url} ${seedId} ${stage}`);
    return status ?? { seedId, stage, state: 'error', bytes: 0, updatedAt: 0, error: `agent has no record of seed ${seedId} ${stage}` };
  }

  async abort(agent: AgentEndpoint, seedId: string): Promise<void> {
    this.record({ url: agent.url, op: 'abort', seedId });
  }

  async metadata(agent: AgentEndpoint, seedId: string): Promise<SeedMetadata> {
    this.record({ url: agent.url, op: 'metadata', seedId });
    const metadata = this.metadatas.get(`${agent.url} ${seedId}`);
    if (!metadata) throw new OperationError(`agent ${agent.url}: no metadata for seed ${seedId}`);
    return metadata;
  }

  private record(call: FakeAgentCall): void {
    this.calls.push(call);
    if (this.down.has(call.url)) throw new UnreachableError(`agent ${call.url} is not reachable`);
  }
}
