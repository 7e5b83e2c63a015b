import { describe, expect, it } from 'vitest';
import { commandClass, needsConfirmation } from '../../../bot/bot-command.js';
import { parseBotCommand } from '../../../bot/parse-bot-command.js';
import { slackRefusal } from '../../../bot/authorize-slack-user.js';
import { parseConfig } from '../../../core/config.js';
import { OrcError } from '../../../core/errors.js';

function refusal(text: string): string {
  try {
    parseBotCommand(text);
  } catch (err) {
    expect((err as OrcError).code).toBe('orc_bad_input');
    return (err as OrcError).message;
  }
  throw new Error(`"${text}" was accepted`);
}

describe('parseBotCommand', () => {
  it('parses every command, with or without a leading mention, case-insensitively', () => {
    expect(parseBotCommand('')).toEqual({ kind: 'help' });
    expect(parseBotCommand('<@U0BOT> CLUSTERS')).toEqual({ kind: 'clusters' });
    expect(parseBotCommand('  topology   sales ')).toEqual({ kind: 'topology', cluster: 'sales' });
    expect(parseBotCommand('problems')).toEqual({ kind: 'problems' });
    expect(parseBotCommand('recoveries db-a:3306')).toEqual({ kind: 'recoveries', cluster: 'db-a:3306' });
    expect(parseBotCommand('takeover sales DB-B:3306')).toEqual({ kind: 'takeover', cluster: 'sales', to: { host: 'db-b', port: 3306 } });
    expect(parseBotCommand('failover sales')).toEqual({ kind: 'failover', cluster: 'sales' });
    expect(parseBotCommand('ack r-123')).toEqual({ kind: 'ack', target: 'r-123' });
    expect(parseBotCommand('downtime db-c:3306 2h kernel upgrade')).toEqual({ kind: 'downtime', instance: { host: 'db-c', port: 3306 }, durationMs: 7_200_000, duration: '2h', reason: 'kernel upgrade' });
    expect(parseBotCommand('seed start mariabackup db-a:3306 db-d:3306')).toEqual({ kind: 'seed-start', method: 'mariabackup', source: { host: 'db-a', port: 3306 }, target: { host: 'db-d', port: 3306 } });
    expect(parseBotCommand('seed status')).toEqual({ kind: 'seed-status' });
    expect(parseBotCommand('seed abort S1')).toEqual({ kind: 'seed-abort', id: 'S1' });
    expect(parseBotCommand('rollout pause mysql/db-a:3306')).toEqual({ kind: 'rollout', action: 'pause', key: { namespace: 'mysql', entity: 'db-a:3306' } });
  });

  it('refuses absurd input with orc_bad_input naming what is wrong', () => {
    expect(refusal('drop table')).toContain('unknown command "drop"');
    expect(refusal('topology')).toBe('usage: /orc topology CLUSTER');
    expect(refusal('topology a b')).toBe('usage: /orc topology CLUSTER');
    expect(refusal('takeover sales db-b')).toContain('expected HOST:PORT');
    expect(refusal('takeover sales db-b:99999')).toContain('port "99999"');
    expect(refusal('downtime db-c:3306 forever because')).toContain('forever');
    expect(refusal('downtime db-c:3306 2h')).toBe('usage: /orc downtime HOST:PORT DURATION REASON');
    expect(refusal('seed start dump a:1')).toBe('usage: /orc seed start METHOD SOURCE TARGET');
    expect(refusal('seed explode')).toContain('usage: /orc seed');
    expect(refusal('rollout resume ns/e')).toContain('usage: /orc rollout');
    expect(refusal('rollout abort /entity')).toContain('rollout namespace');
    expect(refusal('rollout abort ns/$(rm')).toContain('rollout entity');
    expect(refusal(`clusters ${'x'.repeat(2000)}`)).toContain('too long');
    expect(refusal('\u0000\u202e')).toContain('unknown command');
  });

  it('takes a fleet rollout id as orc prints it, and NAMESPACE/ENTITY for any other rollout', () => {
    expect(parseBotCommand('rollout abort r-0123456789')).toEqual({ kind: 'rollout', action: 'abort', key: { namespace: 'orc', entity: 'r-0123456789' } });
    expect(parseBotCommand('rollout status web/frontend')).toEqual({ kind: 'rollout', action: 'status', key: { namespace: 'web', entity: 'frontend' } });
  });

  it('classes commands: reads, operations, destructive ones (which need a confirmation, but a pause does not)', () => {
    const cls = (t: string) => [commandClass(parseBotCommand(t)), needsConfirmation(parseBotCommand(t))];
    expect(cls('topology x')).toEqual(['read', false]);
    expect(cls('rollout status a/b')).toEqual(['read', false]);
    expect(cls('ack x')).toEqual(['operate', false]);
    expect(cls('downtime a:1 1h r')).toEqual(['operate', false]);
    expect(cls('failover x')).toEqual(['destructive', true]);
    expect(cls('seed abort S')).toEqual(['destructive', true]);
    expect(cls('rollout pause a/b')).toEqual(['destructive', false]);
    expect(cls('rollout abort a/b')).toEqual(['destructive', true]);
  });
});

describe('slackRefusal', () => {
  const slack = parseConfig({
    topology: { user: 'orc' },
    slack: {
      signingSecret: 's',
      botToken: 'xoxb-1',
      allowedChannels: ['C-OPS'],
      authorization: { operate: { users: ['U-OP'] }, destructive: { users: ['U-DBA'], userGroups: ['S-ONCALL'] } },
    },
  }).slack!;
  const who = (userId: string, channel = 'C-OPS', userGroups: string[] = []) => ({ userId, channel, userGroups });

  it('lets anyone read, the configured users operate, and destructive grants imply the rest', () => {
    expect(slackRefusal(slack, who('U-ANY'), 'read')).toBeNull();
    expect(slackRefusal(slack, who('U-ANY'), 'operate')).toContain('not authorized for operate');
    expect(slackRefusal(slack, who('U-OP'), 'operate')).toBeNull();
    expect(slackRefusal(slack, who('U-OP'), 'destructive')).toContain('slack.authorization.destructive');
    expect(slackRefusal(slack, who('U-DBA'), 'operate')).toBeNull();
    expect(slackRefusal(slack, who('U-X', 'C-OPS', ['S-ONCALL']), 'destructive')).toBeNull();
  });

  it('refuses every command outside the allowed channels', () => {
    expect(slackRefusal(slack, who('U-DBA', 'C-RANDOM'), 'read')).toBe('orc does not take commands in channel C-RANDOM');
  });
});
