import { aptInstall } from './apt-install.js';
import { findProgram, isRoot } from './find-program.js';
import { labError } from './lab-error.js';
import { labInstance, readLabState } from './lab-state.js';
import type { LabRef } from './lab-types.js';
import { outgoingConnections } from './outgoing-connections.js';
import { runCommand, runChecked } from './run-command.js';
import { serverGid, serverState } from './server-process.js';

/** The nft table (family inet) that holds a lab's partition rules. */
export function partitionTableName(name: string): string {
  return `orc_lab_${name}`;
}

const ruleComment = (port: number): string => `orc-lab port ${port}`;

async function requireNft(signal?: AbortSignal): Promise<string> {
  if (!isRoot()) throw labError('partition and heal change nft rules and need root: run the lab as root');
  let nft = findProgram('nft');
  if (nft === null) {
    await aptInstall(['nftables'], 'nft is not installed (partition needs it)', signal);
    nft = findProgram('nft');
  }
  if (nft === null) throw labError('nft is still missing after installing nftables');
  return nft;
}

interface NftRule {
  chain: string;
  handle: number;
  comment?: string;
}

async function listRules(nft: string, table: string, signal?: AbortSignal): Promise<NftRule[] | null> {
  const result = await runCommand(nft, ['-j', '-a', 'list', 'table', 'inet', table], { signal });
  if (result.code !== 0) return null;
  const items = (JSON.parse(result.stdout) as { nftables: { rule?: NftRule }[] }).nftables;
  return items.flatMap((i) => (i.rule ? [i.rule] : []));
}

/**
 * Cuts all loopback traffic of one lab server: packets to and from its port (established connections included),
 * everything it sends (matched by its own group id), and the connections it opened (e.g. to its source).
 */
export async function partitionServer(name: string, port: number, opts: LabRef = {}): Promise<void> {
  const { state } = readLabState(name, opts.root);
  const inst = labInstance(state, port);
  const nft = await requireNft(opts.signal);
  const table = partitionTableName(name);
  const existing = await listRules(nft, table, opts.signal);
  const comment = ruleComment(port);
  if (existing?.some((r) => r.comment === comment)) return;
  const rule = (chain: 'input' | 'output', match: string): string =>
    `add rule inet ${table} ${chain} ${chain === 'input' ? 'iif' : 'oif'} lo ${match} drop comment "${comment}"`;
  const script = [
    `add table inet ${table}`,
    `add chain inet ${table} input { type filter hook input priority filter; policy accept; }`,
    `add chain inet ${table} output { type filter hook output priority filter; policy accept; }`,
    rule('input', `tcp dport ${port}`),
    rule('input', `tcp sport ${port}`),
    rule('output', `tcp dport ${port}`),
    rule('output', `tcp sport ${port}`),
  ];
  if (state.asRoot) script.push(rule('output', `meta skgid ${serverGid(port)}`));
  if (serverState(inst.pid, inst.cnf) !== 'dead') {
    for (const c of outgoingConnections(inst.pid, port)) {
      script.push(rule('output', `tcp sport ${c.localPort} tcp dport ${c.remotePort}`));
      script.push(rule('output', `tcp sport ${c.remotePort} tcp dport ${c.localPort}`));
    }
  }
  await runChecked(nft, ['-f', '-'], { input: `${script.join('\n')}\n`, signal: opts.signal });
}

/** Removes one server's partition rules (nothing to do when it is not partitioned); drops the table when empty. */
export async function healServer(name: string, port: number, opts: LabRef = {}): Promise<void> {
  const { state } = readLabState(name, opts.root);
  labInstance(state, port);
  const nft = await requireNft(opts.signal);
  const table = partitionTableName(name);
  const rules = await listRules(nft, table, opts.signal);
  if (rules === null) return;
  const mine = rules.filter((r) => r.comment === ruleComment(port));
  const script = mine.map((r) => `delete rule inet ${table} ${r.chain} handle ${r.handle}`);
  if (mine.length === rules.length) script.push(`delete table inet ${table}`);
  if (script.length > 0) await runChecked(nft, ['-f', '-'], { input: `${script.join('\n')}\n`, signal: opts.signal });
}

/** Ports of a lab that are partitioned now (empty when nft is unavailable or there is no table). */
export async function partitionedPorts(name: string, signal?: AbortSignal): Promise<Set<number>> {
  const nft = isRoot() ? findProgram('nft') : null;
  if (nft === null) return new Set();
  const rules = (await listRules(nft, partitionTableName(name), signal)) ?? [];
  const ports = rules.flatMap((r) => /^orc-lab port (\d+)$/.exec(r.comment ?? '')?.[1] ?? []);
  return new Set(ports.map(Number));
}

/** Deletes a lab's nft table if it exists (a no-op without root or nft). */
export async function removePartitionTable(name: string, signal?: AbortSignal): Promise<void> {
  const nft = isRoot() ? findProgram('nft') : null;
  if (nft === null) return;
  const table = partitionTableName(name);
  if ((await runCommand(nft, ['list', 'table', 'inet', table], { signal })).code !== 0) return;
  await runChecked(nft, ['delete', 'table', 'inet', table], { signal });
}
