import { InputError } from '../errors.js';
import type { RecoveryRecord, RecoveryStepRecord } from '../ports/recovery-store.js';
import type { CommandContext } from './command-context.js';

/** One recovery with every step. */
export interface RecoveryDetail {
  readonly record: RecoveryRecord;
  readonly steps: readonly RecoveryStepRecord[];
}

/** `orc recovery ID`: the recovery record and every step with its status, timing and message. */
export async function recoveryDetail(ctx: Pick<CommandContext, 'store'>, id: string): Promise<RecoveryDetail> {
  const wanted = id.trim();
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(wanted)) throw new InputError(`malformed recovery id "${id}"`, { input: id });
  const found = await ctx.store.getRecovery(wanted);
  if (!found) throw new InputError(`unknown recovery "${wanted}" (orc recoveries lists them)`, { input: id });
  return found;
}
