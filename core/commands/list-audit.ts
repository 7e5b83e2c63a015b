import type { AuditEntry } from '../model/instance.js';
import type { CommandContext } from './command-context.js';
import { resolveCluster } from './resolve-cluster.js';

/** The audit log newest first: every manual and automated action with its actor and outcome, of all clusters or one. */
export async function listAudit(ctx: Pick<CommandContext, 'store'>, options: { clusterHint?: string; limit?: number } = {}): Promise<AuditEntry[]> {
  const cluster = options.clusterHint !== undefined ? (await resolveCluster(ctx.store, options.clusterHint)).name : undefined;
  return ctx.store.listAudit({ limit: options.limit ?? 100, ...(cluster !== undefined ? { cluster } : {}) });
}
