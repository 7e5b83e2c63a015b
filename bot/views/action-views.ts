import type { AckResult } from '../../core/commands/acknowledge-pending.js';
import type { ForcedFailoverResult } from '../../core/commands/forced-failover.js';
import type { TakeoverResult } from '../../core/commands/takeover.js';
import { formatInstanceKey } from '../../core/model/instance-key.js';
import type { Downtime, RecoveryStepRecord } from '../../core/ports/recovery-store.js';
import type { ControlOutcome } from '../../core/rollouts/rollout-engine.js';
import { formatRolloutKey } from '../../core/rollouts/rollout-key.js';
import type { Seed } from '../../core/seeds/seed.js';
import type { BotCommand } from '../bot-command.js';
import { context, escapeMrkdwn, fields, section, type Block, type BotReply } from './blocks.js';

/** The action ids of the confirmation buttons (their value is the confirmation id). */
export const CONFIRM_ACTION = 'orc_confirm';
export const CANCEL_ACTION = 'orc_cancel';

/** The exact effect of a destructive command, said before anyone confirms it. */
export function describeEffect(command: BotCommand): string {
  switch (command.kind) {
    case 'takeover':
      return `Graceful takeover of *${escapeMrkdwn(command.cluster)}*: ${command.to ? `\`${formatInstanceKey(command.to)}\`` : 'the best direct replica'} catches up with the primary, the primary is set read-only, the replica is promoted and the old primary replicates from it. Writes pause for the switch.`;
    case 'failover':
      return `Forced failover of *${escapeMrkdwn(command.cluster)}*: the primary, even if alive, is set read-only and replaced by the best replica; the other replicas are repointed. Transactions not yet replicated may be lost.`;
    case 'seed-start':
      return `Start a *${escapeMrkdwn(command.method)}* seed of \`${formatInstanceKey(command.target)}\` from \`${formatInstanceKey(command.source)}\`: the target's data is replaced by a copy of the source's; the target is in downtime until the seed ends.`;
    case 'seed-abort':
      return `Abort seed *${escapeMrkdwn(command.id)}*: its agents are stopped and the seed fails; the target keeps no usable copy.`;
    case 'rollout':
      return `${command.action === 'abort' ? 'Abort' : command.action === 'pause' ? 'Pause' : 'Show'} rollout *${escapeMrkdwn(formatRolloutKey(command.key))}*${command.action === 'abort' ? ': the rolling version is marked bad and every changed target is rolled back to the last known good version.' : ''}`;
    default:
      return `Run ${command.kind}`;
  }
}

/** The confirmation message of a destructive command: its effect, who asked, when it expires, Confirm and Cancel. */
export function confirmationReply(id: string, command: BotCommand, requester: string, expiresAt: number): BotReply {
  const effect = describeEffect(command);
  return {
    text: `Confirm: ${effect}`,
    blocks: [
      section(`:warning: ${effect}`),
      context(`Asked by <@${requester}>. Only they (or someone authorized for destructive commands) may confirm; expires <!date^${Math.floor(expiresAt / 1000)}^{time_secs}|${new Date(expiresAt).toISOString()}>.`),
      {
        type: 'actions',
        block_id: `orc_confirmation_${id}`,
        elements: [
          { type: 'button', action_id: CONFIRM_ACTION, style: 'danger', value: id, text: { type: 'plain_text', text: 'Confirm' } },
          { type: 'button', action_id: CANCEL_ACTION, value: id, text: { type: 'plain_text', text: 'Cancel' } },
        ],
      },
    ],
  };
}

/** One line replacing a confirmation or reporting a refusal or a failure. */
export function noticeReply(text: string): BotReply {
  return { text, blocks: [section(text)] };
}

/** A coded error, shown verbatim. */
export function errorReply(line: string): BotReply {
  return { text: line, blocks: [section(`:x: \`${escapeMrkdwn(line)}\``)] };
}

/** Progress of a running command, by whom. */
export function progressReply(what: string, by: string): BotReply {
  return { text: `${what}…`, blocks: [section(`:hourglass_flowing_sand: ${what}…`), context(`confirmed by <@${by}>`)] };
}

function stepLines(steps: readonly RecoveryStepRecord[]): Block {
  const icon = (s: RecoveryStepRecord['status']) => (s === 'ok' ? ':white_check_mark:' : s === 'failed' ? ':x:' : s === 'skipped' ? ':fast_forward:' : ':hourglass:');
  return section(steps.map((s) => `${icon(s.status)} ${escapeMrkdwn(s.name)}${s.message ? `: ${escapeMrkdwn(s.message)}` : ''}`).join('\n') || '(no steps)');
}

/** What a takeover or failover did, with its steps. */
export function recoveryResultReply(kind: 'takeover' | 'failover', result: TakeoverResult | ForcedFailoverResult, by: string): BotReply {
  const r = result.recovery;
  const ok = r.status === 'succeeded';
  const title = `${kind === 'takeover' ? 'Takeover' : 'Failover'} of ${r.clusterAlias ?? r.cluster} ${r.status}${r.successor ? `: ${formatInstanceKey(r.successor)} is the new primary` : ''}`;
  return {
    text: title,
    blocks: [
      section(`${ok ? ':white_check_mark:' : ':x:'} *${escapeMrkdwn(title)}*`),
      fields([
        { label: 'Failed server', value: formatInstanceKey(r.failed) },
        { label: 'Successor', value: r.successor ? formatInstanceKey(r.successor) : 'none' },
        { label: 'Recovery', value: r.id },
        { label: 'Summary', value: r.summary || r.status },
      ]),
      stepLines(result.steps),
      context(`confirmed by <@${by}>`),
    ],
  };
}

/** What an ack did. */
export function ackReply(result: AckResult): BotReply {
  const ids = result.acknowledged.map((r) => r.id);
  return noticeReply(ids.length === 0 ? 'Nothing to acknowledge.' : `:white_check_mark: Acknowledged ${ids.length}: ${ids.join(', ')}`);
}

/** What a downtime did. */
export function downtimeReply(d: Downtime): BotReply {
  return noticeReply(`:white_check_mark: \`${formatInstanceKey(d.instance)}\` is in downtime until ${new Date(d.until).toISOString()}: ${escapeMrkdwn(d.reason)}`);
}

/** A seed started or flagged for abort. */
export function seedActionReply(seed: Seed, what: 'started' | 'abort requested'): BotReply {
  return noticeReply(`:white_check_mark: Seed *${seed.id}* (${seed.method} \`${formatInstanceKey(seed.source)}\` → \`${formatInstanceKey(seed.target)}\`) ${what}; status ${seed.status}.`);
}

/** A rollout paused or aborted. */
export function rolloutControlReply(outcome: ControlOutcome, what: string): BotReply {
  const r = outcome.rollout;
  return noticeReply(`:white_check_mark: Rollout *${escapeMrkdwn(formatRolloutKey(r))}* ${what}: now ${r.phase}.`);
}
