import { describe, expect, it } from 'vitest';
import { confirmsReplicaOf, replicaCandidates } from '../../../core/discovery/replica-candidates.js';
import { formatInstanceKey, parseInstanceKey } from '../../../core/model/instance-key.js';
import { makeFacts } from '../../support/facts-builder.js';

const member = (key: string, source: string | null = null) => ({ key: parseInstanceKey(key), source: source === null ? null : parseInstanceKey(source) });
const names = (keys: readonly { host: string; port: number }[]) => keys.map(formatInstanceKey);
const primary = (dumpHosts: string[], options: Parameters<typeof makeFacts>[1] = {}) =>
  makeFacts('10.0.0.1:3306', { ...options, replicaHints: { dumpHosts, unnamedPorts: options.replicaHints?.unnamedPorts ?? [] } });

describe('replicaCandidates', () => {
  it('a server that names its replicas (report_host set) yields no candidate', () => {
    const facts = primary(['10.0.0.2', '10.0.0.3'], { replicas: ['10.0.0.2:3306', '10.0.0.3:3306'] });
    const known = [member('10.0.0.1:3306'), member('10.0.0.2:3306', '10.0.0.1:3306'), member('10.0.0.3:3306', '10.0.0.1:3306')];
    expect(replicaCandidates(facts, known, [])).toEqual([]);
  });

  it('an unnamed replica: its dump host with the reporting server own port (the reference tool assumes that one)', () => {
    const facts = primary(['10.0.0.2']);
    expect(names(replicaCandidates(facts, [member('10.0.0.1:3306')], []))).toEqual(['10.0.0.2:3306']);
  });

  it('tries the ports of known servers on that host, SHOW SLAVE HOSTS ports (named or not) and the configured ports', () => {
    const facts = primary(['10.0.0.2', '10.0.0.2'], { replicas: ['db-b.internal:3310'], replicaHints: { dumpHosts: [], unnamedPorts: [3311] } });
    const known = [member('10.0.0.1:3306'), member('10.0.0.2:3307', '10.0.0.1:3306'), member('10.0.0.2:3308', '10.0.0.9:3306')];
    // Two threads from 10.0.0.2 but one known replica there: look for the other; known addresses are left out.
    expect(names(replicaCandidates(facts, known, [3312, 3306]))).toEqual(['10.0.0.2:3306', '10.0.0.2:3310', '10.0.0.2:3311', '10.0.0.2:3312']);
  });

  it('no candidates on a host whose dump threads are all accounted for by known replicas of this server', () => {
    const facts = primary(['10.0.0.2', '10.0.0.3']);
    const known = [member('10.0.0.1:3306'), member('10.0.0.2:3307', '10.0.0.1:3306'), member('10.0.0.3:3307', '10.0.0.5:3306')];
    expect(names(replicaCandidates(facts, known, [3307]))).toEqual(['10.0.0.3:3306']);
  });

  it('a loopback client is a replica on the reporting server own machine, so under its host', () => {
    const facts = makeFacts('127.0.0.1:24520', { replicaHints: { dumpHosts: ['127.0.0.1', 'localhost', '::1'], unnamedPorts: [24521, 24522, 24523] } });
    expect(names(replicaCandidates(facts, [member('127.0.0.1:24520')], []))).toEqual(['127.0.0.1:24521', '127.0.0.1:24522', '127.0.0.1:24523']);
    const remote = makeFacts('db-a:3306', { replicaHints: { dumpHosts: ['localhost'], unnamedPorts: [3307] } });
    expect(names(replicaCandidates(remote, [], []))).toEqual(['db-a:3307']);
  });

  it('never proposes the reporting server itself, and nothing without dump threads', () => {
    const facts = makeFacts('127.0.0.1:3306', { replicaHints: { dumpHosts: ['127.0.0.1'], unnamedPorts: [] } });
    expect(replicaCandidates(facts, [], [])).toEqual([]);
    expect(replicaCandidates(primary([], { replicaHints: { dumpHosts: [], unnamedPorts: [3307] } }), [], [3308])).toEqual([]);
  });
});

describe('confirmsReplicaOf', () => {
  const source = makeFacts('10.0.0.1:3306', { serverId: 100 });

  it('by the source address the candidate replicates from', () => {
    expect(confirmsReplicaOf(makeFacts('10.0.0.2:3306', { serverId: 2, source: '10.0.0.1:3306', channel: { sourceServerId: null } }), source)).toBe(true);
  });

  it('by the source server id when the candidate knows the source under another name', () => {
    expect(confirmsReplicaOf(makeFacts('10.0.0.2:3306', { serverId: 2, source: 'db-a.internal:3306', channel: { sourceServerId: 100 } }), source)).toBe(true);
  });

  it('not a replica of another source, not a non-replica, not the source itself under another name', () => {
    expect(confirmsReplicaOf(makeFacts('10.0.0.2:3306', { serverId: 2, source: '10.0.0.9:3306', channel: { sourceServerId: 9 } }), source)).toBe(false);
    expect(confirmsReplicaOf(makeFacts('10.0.0.2:3306', { serverId: 2 }), source)).toBe(false);
    expect(confirmsReplicaOf(makeFacts('10.0.0.1:3306', { serverId: 100, source: '10.0.0.7:3306', channel: { sourceServerId: 100 } }), source)).toBe(false);
  });
});
