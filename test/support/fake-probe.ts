import { UnreachableError } from '../../core/errors.js';
import type { InstanceFacts } from '../../core/model/instance.js';
import { formatInstanceKey, type InstanceKey } from '../../core/model/instance-key.js';
import type { Probe } from '../../core/ports/probe.js';

/** A Probe whose servers are a programmable map: facts answer, missing or down keys are unreachable. */
export class FakeProbe implements Probe {
  private readonly servers = new Map<string, InstanceFacts>();
  private readonly down = new Set<string>();
  readonly calls: string[] = [];

  /** Sets what a server answers. */
  set(facts: InstanceFacts): this {
    this.servers.set(formatInstanceKey(facts.key), facts);
    return this;
  }

  /** What a server answers now (undefined when unknown). */
  get(key: string): InstanceFacts | undefined {
    return this.servers.get(key);
  }

  /** Changes what a known server answers. */
  update(key: string, change: (facts: InstanceFacts) => InstanceFacts): this {
    const facts = this.servers.get(key);
    if (facts) this.servers.set(key, change(facts));
    return this;
  }

  /** True when the server is set down. */
  isDown(key: string): boolean {
    return this.down.has(key);
  }

  /** Makes a server unreachable (or reachable again). */
  setDown(key: string, down = true): this {
    if (down) this.down.add(key);
    else this.down.delete(key);
    return this;
  }

  async probe(key: InstanceKey, signal?: AbortSignal): Promise<InstanceFacts> {
    const name = formatInstanceKey(key);
    this.calls.push(name);
    await Promise.resolve();
    signal?.throwIfAborted();
    const facts = this.servers.get(name);
    if (!facts || this.down.has(name)) throw new UnreachableError(`${name}: connect ECONNREFUSED`, { instance: name });
    return facts;
  }

  async close(): Promise<void> {}
}
