import { InputError, NotFoundError } from '../errors.js';
import { sameInstance } from '../model/instance-key.js';
import type { FencedInstance, RecoveryRecord, RecoveryStepRecord } from '../ports/recovery-store.js';
import type { CommandContext } from './command-context.js';

/** One recovery with every step, and the fence verdict on the server it demoted. */
export interface RecoveryDetail {
  readonly record: RecoveryRecord;
  readonly steps: readonly RecoveryStepRecord[];
  /** The fence this recovery put on its failed server (pending, fenced, rejoined or diverged), when it has one. */
  readonly fence: FencedInstance | null;
}

/** `orc recovery ID`: the recovery record, every step with its status, timing and message, and the fence verdict. */
export async function recoveryDetail(ctx: Pick<CommandContext, 'store'>, id: string): Promise<RecoveryDetail> {
  const wanted = id.trim();
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(wanted)) throw new InputError(`malformed recovery id "${id}"`, { input: id });
  const found = await ctx.store.getRecovery(wanted);
  if (!found) throw new NotFoundError('orc_unknown_recovery', `unknown recovery "${wanted}" (orc recoveries lists them)`, { input: id });
  const fence = (await ctx.store.listFenced()).find((f) => f.recoveryId === found.record.id && sameInstance(f.instance, found.record.failed)) ?? null;
  return { ...found, fence };
}
