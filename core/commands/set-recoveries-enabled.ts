import { nanoid } from 'nanoid';
import { RECOVERY_ENABLED_SETTING } from '../recovery/gate-state.js';
import type { CommandContext } from './command-context.js';

/** The runtime switch's state, and whether the config allows recoveries at all. */
export interface RecoveriesSwitch {
  readonly enabled: boolean;
  readonly configEnabled: boolean;
}

/**
 * `orc recoveries enable|disable`: the runtime global switch for automated recoveries (a store setting the
 * recovery gate reads; manual commands are not affected). Audited.
 */
export async function setRecoveriesEnabled(ctx: Pick<CommandContext, 'store' | 'clock' | 'actor' | 'config'>, enabled: boolean): Promise<RecoveriesSwitch> {
  const at = ctx.clock.now();
  await ctx.store.setSetting(RECOVERY_ENABLED_SETTING, enabled ? 'true' : 'false', at);
  await ctx.store.appendAudit({
    id: nanoid(),
    at,
    actor: ctx.actor,
    action: enabled ? 'enable-global-recoveries' : 'disable-global-recoveries',
    target: 'global',
    cluster: null,
    detail: `${RECOVERY_ENABLED_SETTING}=${enabled}`,
    outcome: 'ok',
  });
  return { enabled, configEnabled: ctx.config.recovery.enabled };
}
