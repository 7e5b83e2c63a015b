import { labError } from './lab-error.js';
import { labInstance, readLabState } from './lab-state.js';
import type { LabRef } from './lab-types.js';
import { applyNft, dropRule, listRules, partitionTableName, requireNft, ruleComment, tableScript } from './nft-table.js';
import { serverGid } from './server-process.js';

/**
 * Cuts only orc's path to one lab server: drops every loopback packet sent to its port by a process that is not
 * one of this lab's servers (they run with group ids of their own), established connections included. Replication
 * between the lab's servers keeps flowing; the unix socket (the harness's admin path) still reaches it.
 */
export async function isolateServer(name: string, port: number, opts: LabRef = {}): Promise<void> {
  const { state } = readLabState(name, opts.root);
  labInstance(state, port);
  if (!state.asRoot) {
    throw labError(`lab "${name}" was built without root, so its servers have no group ids of their own: isolate cannot tell them from orc`, { name });
  }
  const nft = await requireNft(opts.signal);
  const table = partitionTableName(name);
  const comment = ruleComment('isolate', port);
  if ((await listRules(nft, table, opts.signal))?.some((r) => r.comment === comment)) return;
  const labGids = state.instances.map((i) => serverGid(i.port)).join(', ');
  // Matched where the sender's socket is known (output): a client that cannot send cannot query, and a packet
  // the kernel sends without a socket (a reset, a time-wait ack) is never matched.
  await applyNft(nft, [...tableScript(table), dropRule(table, 'output', `tcp dport ${port} meta skgid != { ${labGids} }`, comment)], opts.signal);
}
