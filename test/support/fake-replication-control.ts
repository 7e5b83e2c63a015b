import { OperationError, OutcomeUnknownError } from '../../core/errors.js';
import { formatInstanceKey, type InstanceKey } from '../../core/model/instance-key.js';
import type { InstanceFacts, ReplicationStatus } from '../../core/model/instance.js';
import type { ChangeSourceInput, ReplicationControl } from '../../core/ports/replication-control.js';
import { makeChannel } from './facts-builder.js';
import type { FakeProbe } from './fake-probe.js';

type Method = Exclude<keyof ReplicationControl, 'close'>;

/**
 * A ReplicationControl that records every call as one readable line ("setReadOnly 127.0.0.1:3306 ON") and fails
 * on demand; executed GTIDs come from a settable map and waits succeed unless told otherwise. With `simulate`, a
 * successful call also changes what the fake probe answers, as the server would (read_only, replication source,
 * threads), so verification probes see the effect.
 */
export class FakeReplicationControl implements ReplicationControl {
  readonly calls: string[] = [];
  private servers: FakeProbe | null = null;
  private readonly failures = new Map<string, string>();
  private readonly positions = new Map<string, string>();
  private readonly waitsFail = new Set<string>();
  private readonly onCall: ((line: string) => void)[] = [];
  private readonly givenUp = new Map<string, { code: 'orc_timeout' | 'orc_aborted'; landed: boolean; landsAfter: string | null }>();
  private readonly late: { after: string; effect: () => void }[] = [];

  /** Makes `method` fail (on one server, or on every server when key is omitted). */
  failOn(method: Method, key?: string, message = 'injected failure'): this {
    this.failures.set(key ? `${method} ${key}` : method, message);
    return this;
  }

  /**
   * Makes the next `line` call (e.g. "setReadOnly 127.0.0.1:3306 ON") reject as the adapter does when orc gives a
   * statement up (OutcomeUnknownError, outcome unknown). Its effect is dropped (killed in time), took place anyway
   * with `landed` (killed too late), or with `landsAfter` lands right after the first later call whose line is
   * landsAfter has taken effect (a late SET the kill did not stop).
   */
  giveUpOn(line: string, options: { code?: 'orc_timeout' | 'orc_aborted'; landed?: boolean; landsAfter?: string } = {}): this {
    this.givenUp.set(line, { code: options.code ?? 'orc_timeout', landed: options.landed ?? false, landsAfter: options.landsAfter ?? null });
    return this;
  }

  /** Sets what executedGtid answers for a server. */
  setExecuted(key: string, gtid: string): this {
    this.positions.set(key, gtid);
    return this;
  }

  /** Makes waitForGtid on a server time out (false). */
  failWaitOn(key: string): this {
    this.waitsFail.add(key);
    return this;
  }

  /** Runs a callback on every call, after it is recorded (to change the fake's state mid-plan). */
  listen(callback: (line: string) => void): this {
    this.onCall.push(callback);
    return this;
  }

  /** Makes every successful call change what probe answers for the server. */
  simulate(probe: FakeProbe): this {
    this.servers = probe;
    return this;
  }

  /** Calls whose line starts with prefix. */
  callsOf(prefix: string): string[] {
    return this.calls.filter((c) => c.startsWith(prefix));
  }

  private async record(method: Method, key: InstanceKey, detail = ''): Promise<void> {
    await Promise.resolve();
    const name = formatInstanceKey(key);
    const line = `${method} ${name}${detail ? ` ${detail}` : ''}`;
    this.calls.push(line);
    for (const cb of this.onCall) cb(line);
    const failure = this.failures.get(`${method} ${name}`) ?? this.failures.get(method);
    if (failure !== undefined) throw new OperationError(`${name}: ${method} failed: ${failure}`, { instance: name });
  }

  private apply(key: InstanceKey, change: (facts: InstanceFacts) => InstanceFacts): void {
    this.servers?.update(formatInstanceKey(key), change);
  }

  /** Records a change, then applies its effect now, later (a given-up call that lands late) or never. */
  private async change(method: Method, key: InstanceKey, detail: string, effect: () => void): Promise<void> {
    await this.record(method, key, detail);
    const line = `${method} ${formatInstanceKey(key)}${detail ? ` ${detail}` : ''}`;
    const givenUp = this.givenUp.get(line);
    if (givenUp) {
      this.givenUp.delete(line);
      if (givenUp.landed) effect();
      else if (givenUp.landsAfter !== null) this.late.push({ after: givenUp.landsAfter, effect });
      const name = formatInstanceKey(key);
      throw new OutcomeUnknownError(givenUp.code, `${name}: ${method} timed out, outcome unknown (statement gone)`, { instance: name, step: method, kill: 'gone' });
    }
    effect();
    const due = this.late.findIndex((l) => l.after === line);
    if (due >= 0) this.late.splice(due, 1)[0]!.effect();
  }

  private channel(key: InstanceKey, change: (channel: ReplicationStatus) => ReplicationStatus): void {
    this.apply(key, (f) => ({ ...f, replication: f.replication.map(change) }));
  }

  async stopReplica(key: InstanceKey): Promise<void> {
    await this.change('stopReplica', key, '', () => this.channel(key, (c) => ({ ...c, ioState: 'no', sqlRunning: false, lagSeconds: null })));
  }

  async stopReplicaIo(key: InstanceKey): Promise<void> {
    await this.change('stopReplicaIo', key, '', () => this.channel(key, (c) => ({ ...c, ioState: 'no', lagSeconds: null })));
  }

  async startReplica(key: InstanceKey): Promise<void> {
    await this.change('startReplica', key, '', () => this.channel(key, (c) => {
      const sourceDown = this.servers?.isDown(formatInstanceKey(c.source)) ?? false;
      return sourceDown
        ? { ...c, ioState: 'connecting', sqlRunning: true, lagSeconds: null, lastIoErrno: 2003, lastIoError: "Can't connect to server" }
        : { ...c, ioState: 'yes', sqlRunning: true, lagSeconds: 0, lastIoErrno: 0, lastIoError: '', lastSqlErrno: 0, lastSqlError: '' };
    }));
  }

  async resetReplicaAll(key: InstanceKey): Promise<void> {
    await this.change('resetReplicaAll', key, '', () => this.apply(key, (f) => ({ ...f, replication: [] })));
  }

  async changeSource(key: InstanceKey, input: ChangeSourceInput): Promise<void> {
    const channel = makeChannel(formatInstanceKey(input.source), { ioState: 'no', sqlRunning: false, lagSeconds: null });
    await this.change('changeSource', key, `${formatInstanceKey(input.source)} ${input.gtidStart}`, () => this.apply(key, (f) => ({ ...f, replication: [channel] })));
  }

  async setReadOnly(key: InstanceKey, readOnly: boolean): Promise<void> {
    await this.change('setReadOnly', key, readOnly ? 'ON' : 'OFF', () => this.apply(key, (f) => ({ ...f, readOnly })));
  }

  async waitForGtid(key: InstanceKey, gtid: string): Promise<boolean> {
    await this.record('waitForGtid', key, gtid);
    return !this.waitsFail.has(formatInstanceKey(key));
  }

  async executedGtid(key: InstanceKey): Promise<string> {
    await this.record('executedGtid', key);
    return this.positions.get(formatInstanceKey(key)) ?? '0-1-100';
  }

  async alignReplicaPosition(key: InstanceKey): Promise<void> {
    await this.record('alignReplicaPosition', key);
  }

  async setReplicaGtidPosition(key: InstanceKey, gtid: string): Promise<void> {
    await this.change('setReplicaGtidPosition', key, gtid, () => this.channel(key, (c) => ({ ...c, ioState: 'no', sqlRunning: false, lagSeconds: null })));
  }

  async injectEmptyTransactions(key: InstanceKey, gtids: readonly string[]): Promise<void> {
    await this.record('injectEmptyTransactions', key, gtids.join(','));
  }

  async close(): Promise<void> {}
}
