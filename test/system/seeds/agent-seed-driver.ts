import { setTimeout as delay } from 'node:timers/promises';
import type { LabInfo } from '../../../ci-env/lab.js';
import type { AgentClient, AgentEndpoint, StageRequest, StageStatus } from '../../../core/ports/agent-client.js';
import type { SeedMethod, SeedSide } from '../../../core/seeds/seed-method.js';
import type { SeedStage } from '../../../core/seeds/seed-stage.js';

/** One seed driven by a test directly through the agents (what orc's seed loop will do), stage by stage. */
export class SeedDriver {
  readonly source: AgentEndpoint;
  readonly target: AgentEndpoint;

  constructor(
    private readonly client: AgentClient,
    info: LabInfo,
    readonly seedId: string,
    readonly method: SeedMethod,
    readonly sourcePort: number,
    readonly targetPort: number,
  ) {
    this.source = { url: agentUrl(info, sourcePort) };
    this.target = { url: agentUrl(info, targetPort) };
  }

  agent(side: SeedSide): AgentEndpoint {
    return side === 'source' ? this.source : this.target;
  }

  request(stage: SeedStage, side: SeedSide): StageRequest {
    const peer = (port: number, url: string) => ({ host: '127.0.0.1', port, agentUrl: url });
    return {
      seedId: this.seedId,
      stage,
      method: this.method,
      side,
      source: peer(this.sourcePort, this.source.url),
      target: peer(this.targetPort, this.target.url),
    };
  }

  /** Calls a stage on the given agents. */
  async start(stage: SeedStage, sides: readonly SeedSide[]): Promise<void> {
    for (const side of sides) await this.client.startStage(this.agent(side), this.request(stage, side));
  }

  /** Polls the agents (they report only when asked) until the stage completed on each; an error report fails at once. */
  async awaitStage(stage: SeedStage, sides: readonly SeedSide[], timeout = 30_000): Promise<StageStatus[]> {
    const out: StageStatus[] = [];
    for (const side of sides) {
      const deadline = Date.now() + timeout;
      for (;;) {
        const s = await this.client.stageStatus(this.agent(side), this.seedId, stage);
        if (s.state === 'completed') {
          out.push(s);
          break;
        }
        if (s.state === 'error') throw new Error(`${stage} on the ${side}: ${s.error ?? ''}`);
        if (Date.now() > deadline) throw new Error(`${stage} on the ${side} still ${s.state} after ${timeout} ms (${s.bytes} bytes)`);
        await delay(50);
      }
    }
    return out;
  }

  /** Calls a stage and waits until it completed; returns the reports and how long it took. */
  async run(stage: SeedStage, sides: readonly SeedSide[]): Promise<{ reports: StageStatus[]; ms: number }> {
    const started = performance.now();
    await this.start(stage, sides);
    const reports = await this.awaitStage(stage, sides);
    return { reports, ms: performance.now() - started };
  }
}

/** The URL of the agent of a lab server. */
export function agentUrl(info: LabInfo, serverPort: number): string {
  const agent = info.agents.find((a) => a.serverPort === serverPort);
  if (!agent) throw new Error(`no agent for ${serverPort}`);
  return agent.url;
}
