import { OperationError } from '../../core/errors.js';
import { formatInstanceKey, type InstanceKey } from '../../core/model/instance-key.js';
import type { ServerVariables } from '../../core/ports/server-variables.js';

/** ServerVariables over a map of servers' globals: every SET is recorded; onSet lets a test make a change break something. */
export class FakeServerVariables implements ServerVariables {
  private readonly globals = new Map<string, Map<string, string | null>>();
  readonly sets: { server: string; name: string; value: string | null }[] = [];
  /** Which SET GLOBAL the server refuses (none by default). */
  refuse: (server: string, name: string, value: string | null) => boolean = () => false;
  /** The gate query's answer per server (default 1). */
  readonly queryValues = new Map<string, unknown>();
  onSet: (server: string, name: string, value: string | null) => void = () => {};

  /** Sets a global of a server as it reads before any change. */
  set(server: string, name: string, value: string | null): this {
    if (!this.globals.has(server)) this.globals.set(server, new Map());
    this.globals.get(server)!.set(name, value);
    return this;
  }

  /** A server's global now. */
  get(server: string, name: string): string | null | undefined {
    return this.globals.get(server)?.get(name);
  }

  async readGlobals(key: InstanceKey, names: readonly string[]): Promise<Record<string, string | null>> {
    const server = formatInstanceKey(key);
    const out: Record<string, string | null> = {};
    for (const name of names) {
      const value = this.get(server, name);
      if (value === undefined) throw new OperationError(`${server}: read ${name} failed: Unknown system variable '${name}'`, { instance: server });
      out[name] = value;
    }
    return out;
  }

  async setGlobals(key: InstanceKey, values: readonly { name: string; value: string | null }[]): Promise<void> {
    const server = formatInstanceKey(key);
    for (const { name, value } of values) {
      if (this.refuse(server, name, value)) throw new OperationError(`${server}: set ${name} failed: Access denied`, { instance: server });
      this.set(server, name, value);
      this.sets.push({ server, name, value });
      this.onSet(server, name, value);
    }
  }

  async firstValue(key: InstanceKey): Promise<unknown> {
    const server = formatInstanceKey(key);
    return this.queryValues.has(server) ? this.queryValues.get(server) : 1;
  }
}
