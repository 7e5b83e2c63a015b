import type { InstanceKey } from '../core/model/instance-key.js';
import type { RolloutKey } from '../core/rollouts/rollout-key.js';
import type { CommandClass } from '../core/slack-config.js';

/** One `/orc` command (or app mention), parsed. */
export type BotCommand =
  | { readonly kind: 'help' }
  | { readonly kind: 'clusters' }
  | { readonly kind: 'topology'; readonly cluster: string }
  | { readonly kind: 'problems'; readonly cluster?: string }
  | { readonly kind: 'recoveries'; readonly cluster?: string }
  | { readonly kind: 'takeover'; readonly cluster: string; readonly to?: InstanceKey }
  | { readonly kind: 'failover'; readonly cluster: string }
  | { readonly kind: 'ack'; readonly target: string }
  | { readonly kind: 'downtime'; readonly instance: InstanceKey; readonly durationMs: number; readonly duration: string; readonly reason: string }
  | { readonly kind: 'seed-start'; readonly method: string; readonly source: InstanceKey; readonly target: InstanceKey }
  | { readonly kind: 'seed-status'; readonly id?: string }
  | { readonly kind: 'seed-abort'; readonly id: string }
  | { readonly kind: 'rollout'; readonly action: 'status' | 'pause' | 'abort'; readonly key: RolloutKey };

/** The authorization class of a command: reads, operations (ack, downtime), destructive changes. */
export function commandClass(command: BotCommand): CommandClass {
  switch (command.kind) {
    case 'ack':
    case 'downtime':
      return 'operate';
    case 'takeover':
    case 'failover':
    case 'seed-start':
    case 'seed-abort':
      return 'destructive';
    case 'rollout':
      return command.action === 'status' ? 'read' : 'destructive';
    default:
      return 'read';
  }
}

/** True when the command changes servers in a way that must be confirmed with a button first. */
export function needsConfirmation(command: BotCommand): boolean {
  return commandClass(command) === 'destructive' && !(command.kind === 'rollout' && command.action === 'pause');
}
