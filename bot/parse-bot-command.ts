import { parseDuration } from '../core/commands/parse-duration.js';
import { InputError } from '../core/errors.js';
import { parseInstanceKey } from '../core/model/instance-key.js';
import { parseRolloutId } from '../core/rollouts/rollout-id.js';
import type { BotCommand } from './bot-command.js';

/** Longest command text accepted (Slack allows more; no orc command needs it). */
export const MAX_COMMAND_TEXT = 1000;

/** The usage lines `help` shows and a malformed command points to. */
export const USAGE: readonly string[] = [
  'help',
  'clusters',
  'topology CLUSTER',
  'problems [CLUSTER]',
  'recoveries [CLUSTER]',
  'takeover CLUSTER [HOST:PORT]',
  'failover CLUSTER',
  'ack CLUSTER|RECOVERY',
  'downtime HOST:PORT DURATION REASON',
  'seed start METHOD SOURCE TARGET',
  'seed status [ID]',
  'seed abort ID',
  'rollout status|pause|abort ID (an orc rollout id, or NAMESPACE/ENTITY)',
];

/**
 * Parses the text of `/orc ...` or of an app mention (its leading <@BOT> removed) into a command; throws an
 * InputError (orc_bad_input) naming what is wrong and the usage of the command meant.
 */
export function parseBotCommand(text: string): BotCommand {
  if (text.length > MAX_COMMAND_TEXT) throw new InputError(`command too long: ${text.length} characters, at most ${MAX_COMMAND_TEXT}`);
  const words = text.replace(/^\s*<@[A-Z0-9]+(\|[^>]*)?>/i, '').trim().split(/\s+/).filter((w) => w !== '');
  const [verb = 'help', ...args] = words;
  const usage = (form: string) => new InputError(`usage: /orc ${form}`, { command: verb });
  const exactly = (n: number, form: string) => {
    if (args.length !== n) throw usage(form);
  };
  const atMost = (n: number, form: string) => {
    if (args.length > n) throw usage(form);
  };
  switch (verb.toLowerCase()) {
    case 'help':
      return { kind: 'help' };
    case 'clusters':
      atMost(0, 'clusters');
      return { kind: 'clusters' };
    case 'topology':
      exactly(1, 'topology CLUSTER');
      return { kind: 'topology', cluster: args[0]! };
    case 'problems':
      atMost(1, 'problems [CLUSTER]');
      return args[0] === undefined ? { kind: 'problems' } : { kind: 'problems', cluster: args[0] };
    case 'recoveries':
      atMost(1, 'recoveries [CLUSTER]');
      return args[0] === undefined ? { kind: 'recoveries' } : { kind: 'recoveries', cluster: args[0] };
    case 'takeover':
      if (args.length < 1 || args.length > 2) throw usage('takeover CLUSTER [HOST:PORT]');
      return args[1] === undefined ? { kind: 'takeover', cluster: args[0]! } : { kind: 'takeover', cluster: args[0]!, to: parseInstanceKey(args[1]) };
    case 'failover':
      exactly(1, 'failover CLUSTER');
      return { kind: 'failover', cluster: args[0]! };
    case 'ack':
      exactly(1, 'ack CLUSTER|RECOVERY');
      return { kind: 'ack', target: args[0]! };
    case 'downtime': {
      if (args.length < 3) throw usage('downtime HOST:PORT DURATION REASON');
      const instance = parseInstanceKey(args[0]!);
      const durationMs = parseDuration(args[1]!, 'DURATION');
      return { kind: 'downtime', instance, durationMs, duration: args[1]!, reason: args.slice(2).join(' ') };
    }
    case 'seed':
      return parseSeed(args, usage);
    case 'rollout': {
      const action = args[0]?.toLowerCase();
      if (args.length !== 2 || (action !== 'status' && action !== 'pause' && action !== 'abort')) throw usage('rollout status|pause|abort ID (an orc rollout id, or NAMESPACE/ENTITY)');
      return { kind: 'rollout', action, key: parseRolloutId(args[1]!) };
    }
    default:
      throw new InputError(`unknown command "${verb.slice(0, 40)}": try /orc help`, { command: verb.slice(0, 40) });
  }
}

function parseSeed(args: readonly string[], usage: (form: string) => InputError): BotCommand {
  switch (args[0]?.toLowerCase()) {
    case 'start':
      if (args.length !== 4) throw usage('seed start METHOD SOURCE TARGET');
      return { kind: 'seed-start', method: args[1]!, source: parseInstanceKey(args[2]!), target: parseInstanceKey(args[3]!) };
    case 'status':
      if (args.length > 2) throw usage('seed status [ID]');
      return args[1] === undefined ? { kind: 'seed-status' } : { kind: 'seed-status', id: args[1] };
    case 'abort':
      if (args.length !== 2) throw usage('seed abort ID');
      return { kind: 'seed-abort', id: args[1]! };
    default:
      throw usage('seed start|status|abort ...');
  }
}
