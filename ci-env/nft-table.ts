import { aptInstall } from './apt-install.js';
import { findProgram, isRoot } from './find-program.js';
import { labError } from './lab-error.js';
import { runCommand, runChecked } from './run-command.js';

/** One rule of a lab's nft table, as `nft -j -a list table` shows it. */
export interface NftRule {
  chain: string;
  handle: number;
  comment?: string;
}

/** The lab fault a rule belongs to, from its comment. */
export type NftFault = 'partition' | 'isolate';

/** The nft table (family inet) that holds a lab's partition and isolation rules. */
export function partitionTableName(name: string): string {
  return `orc_lab_${name}`;
}

/** The comment that marks a rule as one fault of one server (partition keeps the original spelling). */
export function ruleComment(fault: NftFault, port: number): string {
  return fault === 'partition' ? `orc-lab port ${port}` : `orc-lab isolate ${port}`;
}

const COMMENT_RE = /^orc-lab (port|isolate) (\d+)$/;

/** The fault and port a rule comment names, or null for a comment the lab did not write. */
export function parseRuleComment(comment: string | undefined): { fault: NftFault; port: number } | null {
  const m = COMMENT_RE.exec(comment ?? '');
  return m ? { fault: m[1] === 'port' ? 'partition' : 'isolate', port: Number(m[2]) } : null;
}

/** The nft binary, installing nftables when missing; faults that change rules need root. */
export async function requireNft(signal?: AbortSignal): Promise<string> {
  if (!isRoot()) throw labError('partition, isolate and heal change nft rules and need root: run the lab as root');
  let nft = findProgram('nft');
  if (nft === null) {
    await aptInstall(['nftables'], 'nft is not installed (partition and isolate need it)', signal);
    nft = findProgram('nft');
  }
  if (nft === null) throw labError('nft is still missing after installing nftables');
  return nft;
}

/** The nft binary when the lab may read rules (root, nft installed), else null. */
export function nftIfAvailable(): string | null {
  return isRoot() ? findProgram('nft') : null;
}

/** Every rule of a lab's table, or null when the table does not exist. */
export async function listRules(nft: string, table: string, signal?: AbortSignal): Promise<NftRule[] | null> {
  const result = await runCommand(nft, ['-j', '-a', 'list', 'table', 'inet', table], { signal });
  if (result.code !== 0) return null;
  const items = (JSON.parse(result.stdout) as { nftables: { rule?: NftRule }[] }).nftables;
  return items.flatMap((i) => (i.rule ? [i.rule] : []));
}

/** Statements creating the lab's table and its loopback filter chains (a no-op when they exist). */
export function tableScript(table: string): string[] {
  return [
    `add table inet ${table}`,
    `add chain inet ${table} input { type filter hook input priority filter; policy accept; }`,
    `add chain inet ${table} output { type filter hook output priority filter; policy accept; }`,
  ];
}

/** A drop rule on loopback in one chain, marked with a comment. */
export function dropRule(table: string, chain: 'input' | 'output', match: string, comment: string): string {
  return `add rule inet ${table} ${chain} ${chain === 'input' ? 'iif' : 'oif'} lo ${match} drop comment "${comment}"`;
}

/** Applies an nft script atomically. */
export async function applyNft(nft: string, script: readonly string[], signal?: AbortSignal): Promise<void> {
  await runChecked(nft, ['-f', '-'], { input: `${script.join('\n')}\n`, signal });
}
