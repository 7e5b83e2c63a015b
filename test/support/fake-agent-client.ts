import { OperationError, UnreachableError } from '../../core/errors.js';
import type { AgentClient, AgentEndpoint, AgentInfo, SeedMetadata, StageRequest, StageStatus } from '../../core/ports/agent-client.js';
import type { SeedStage } from '../../core/seeds/seed-stage.js';

/** One call the fake recorded, in order. */
export interface FakeAgentCall {
  readonly url: string;
  readonly op: 'info' | 'startStage' | 'stageStatus' | 'abort' | 'metadata';
  readonly seedId?: string;
  readonly stage?: SeedStage;
  readonly request?: StageRequest;
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
