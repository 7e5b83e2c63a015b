import type { ApiClient } from '../api-client.js';
import { ApiReplyError } from '../api-reply-error.js';
import type { RecoveryJson } from '../format/recovery-text.js';

/**
 * POSTs a recovery (takeover, failover, recover) and returns it with its steps. The API answers one that did not
 * succeed with orc_operation_failed naming it; that one is fetched by id so its steps show as in the direct mode.
 */
export async function recoveryOverApi(api: ApiClient, path: string, body: Record<string, unknown> = {}): Promise<RecoveryJson & Record<string, unknown>> {
  try {
    return (await api.post(path, body)) as RecoveryJson & Record<string, unknown>;
  } catch (err) {
    const id = err instanceof ApiReplyError && err.code === 'orc_operation_failed' ? err.details.recovery : undefined;
    if (typeof id !== 'string') throw err;
    return (await api.get(`/api/audit-recovery-steps/${encodeURIComponent(id)}`)) as RecoveryJson & Record<string, unknown>;
  }
}
