import { nanoid } from 'nanoid';
import { errorLine, RefusedError } from '../errors.js';
import type { ControlOutcome } from '../rollouts/rollout-engine.js';
import type { RolloutControl } from '../rollouts/rollout-control.js';
import { formatRolloutKey, type RolloutKey } from '../rollouts/rollout-key.js';
import { rolloutEngine, type RolloutCommandContext } from './rollout-command-context.js';

function describeControl(control: RolloutControl): string {
  switch (control.kind) {
    case 'version':
      return `target version ${control.version}`;
    case 'options':
      return `options ${JSON.stringify(control.options)}`;
    case 'pause':
      return `pause${control.reason ? `: ${control.reason}` : ''}`;
    case 'resume':
      return 'resume';
    case 'promote':
      return control.full ? 'promote in full' : 'promote';
    case 'abort':
      return `abort${control.reason ? `: ${control.reason}` : ''}`;
  }
}

/**
 * An operator's change of a rollout (`orc rollout pause|resume|promote|abort`, POST .../version and .../options):
 * applied by compare-and-set and audited as rollout-<kind> with the actor, refusals (a bad version, nothing to
 * promote or abort) too. Version and options create the rollout; the others need it (orc_unknown_rollout).
 */
export async function controlRollout(ctx: Pick<RolloutCommandContext, 'store' | 'clock' | 'actor'>, key: RolloutKey, control: RolloutControl): Promise<ControlOutcome> {
  const audit = (outcome: 'ok' | 'refused', detail: string) =>
    ctx.store.appendAudit({ id: nanoid(), at: ctx.clock.now(), actor: ctx.actor, action: `rollout-${control.kind}`, target: formatRolloutKey(key), cluster: null, detail, outcome });
  try {
    const result = await rolloutEngine(ctx).control(key, control);
    if (result.persisted) await audit('ok', `${describeControl(control)} (revision ${result.rollout.revision}, ${result.rollout.phase})`);
    return result;
  } catch (err) {
    if (err instanceof RefusedError) await audit('refused', `${describeControl(control)}: ${errorLine(err)}`);
    throw err;
  }
}
