import { labInstance, readLabState } from './lab-state.js';
import type { LabRef } from './lab-types.js';
import {
  applyNft,
  dropRule,
  listRules,
  nftIfAvailable,
  parseRuleComment,
  partitionTableName,
  requireNft,
  ruleComment,
  tableScript,
  type NftFault,
} from './nft-table.js';
import { outgoingConnections } from './outgoing-connections.js';
import { runCommand, runChecked } from './run-command.js';
import { serverGid, serverState } from './server-process.js';

export { partitionTableName } from './nft-table.js';

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
  const comment = ruleComment('partition', port);
  if (existing?.some((r) => r.comment === comment)) return;
  const rule = (chain: 'input' | 'output', match: string): string => dropRule(table, chain, match, comment);
  const script = [
    ...tableScript(table),
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
  await applyNft(nft, script, opts.signal);
}

/**
 * Removes one server's partition and isolation rules (nothing to do when it has none); drops the table when
 * empty.
 */
export async function healServer(name: string, port: number, opts: LabRef = {}): Promise<void> {
  const { state } = readLabState(name, opts.root);
  labInstance(state, port);
  const nft = await requireNft(opts.signal);
  const table = partitionTableName(name);
  const rules = await listRules(nft, table, opts.signal);
  if (rules === null) return;
  const mine = rules.filter((r) => parseRuleComment(r.comment)?.port === port);
  const script = mine.map((r) => `delete rule inet ${table} ${r.chain} handle ${r.handle}`);
  if (mine.length === rules.length) script.push(`delete table inet ${table}`);
  if (script.length > 0) await applyNft(nft, script, opts.signal);
}

/** Ports of a lab that are partitioned or isolated now (empty sets when nft is unavailable or there is no table). */
export async function faultedPorts(name: string, signal?: AbortSignal): Promise<Record<NftFault, Set<number>>> {
  const found: Record<NftFault, Set<number>> = { partition: new Set(), isolate: new Set() };
  const nft = nftIfAvailable();
  if (nft === null) return found;
  for (const rule of (await listRules(nft, partitionTableName(name), signal)) ?? []) {
    const parsed = parseRuleComment(rule.comment);
    if (parsed) found[parsed.fault].add(parsed.port);
  }
  return found;
}

/** Deletes a lab's nft table if it exists (a no-op without root or nft). */
export async function removePartitionTable(name: string, signal?: AbortSignal): Promise<void> {
  const nft = nftIfAvailable();
  if (nft === null) return;
  const table = partitionTableName(name);
  if ((await runCommand(nft, ['list', 'table', 'inet', table], { signal })).code !== 0) return;
  await runChecked(nft, ['delete', 'table', 'inet', table], { signal });
}
