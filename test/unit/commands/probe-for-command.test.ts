import { describe, expect, it } from 'vitest';
import { COMMAND_PROBE_ATTEMPTS, probeForCommand, probeTimedOut } from '../../../core/commands/probe-for-command.js';
import type { InstanceFacts } from '../../../core/model/instance.js';
import { parseInstanceKey, type InstanceKey } from '../../../core/model/instance-key.js';
import type { Probe } from '../../../core/ports/probe.js';
import { probeFailure } from '../../../core/probe/probe-failure.js';
import { makeFacts } from '../../support/facts-builder.js';

const KEY = parseInstanceKey('127.0.0.1:3306');
const connectTimeout = () => probeFailure(KEY, 'connect', Object.assign(new Error('connect ETIMEDOUT'), { code: 'ETIMEDOUT', errno: -110 }), 'secret');
const refused = () => probeFailure(KEY, 'connect', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3306'), { code: 'ECONNREFUSED', errno: -111 }), 'secret');
const denied = () => probeFailure(KEY, 'connect', Object.assign(new Error("Access denied for user 'orc'"), { code: 'ER_ACCESS_DENIED_ERROR', errno: 1045 }), 'secret');

/** A probe answering from a script: each call takes the next outcome (an error to throw, or facts). */
function scripted(outcomes: (Error | 'facts')[]): Probe & { calls: number } {
  const facts = makeFacts('127.0.0.1:3306');
  return {
    calls: 0,
    async probe(_key: InstanceKey): Promise<InstanceFacts> {
      const next = outcomes[this.calls++] ?? 'facts';
      if (next === 'facts') return facts;
      throw next;
    },
    async close() {},
  };
}

describe('probeForCommand', () => {
  it('asks again after a slow answer (connect timeout, query timeout, deadline) and returns the facts', async () => {
    const probe = scripted([connectTimeout(), probeFailure(KEY, 'deadline', null, 'secret', 1000), 'facts']);
    expect((await probeForCommand(probe, KEY)).key).toEqual(KEY);
    expect(probe.calls).toBe(3);
    const queryTimeout = scripted([probeFailure(KEY, 'query_timeout', { code: 'PROTOCOL_SEQUENCE_TIMEOUT' }, 'secret', 500), 'facts']);
    await probeForCommand(queryTimeout, KEY);
    expect(queryTimeout.calls).toBe(2);
  });

  it(`gives up after ${COMMAND_PROBE_ATTEMPTS} slow answers with the last one's error`, async () => {
    const probe = scripted(Array.from({ length: 5 }, connectTimeout));
    await expect(probeForCommand(probe, KEY)).rejects.toThrow('127.0.0.1:3306: connect ETIMEDOUT');
    expect(probe.calls).toBe(COMMAND_PROBE_ATTEMPTS);
  });

  it('fails at once on a refused connection, a denied login, bad output or a cancelled command', async () => {
    for (const err of [refused(), denied(), probeFailure(KEY, 'bad_output', new Error('no such column'), 'secret'), probeFailure(KEY, 'aborted', null, 'secret')]) {
      const probe = scripted([err, 'facts']);
      await expect(probeForCommand(probe, KEY)).rejects.toBe(err);
      expect(probe.calls).toBe(1);
    }
    const cancelled = new AbortController();
    cancelled.abort();
    const probe = scripted([connectTimeout(), 'facts']);
    await expect(probeForCommand(probe, KEY, cancelled.signal)).rejects.toThrow('ETIMEDOUT');
    expect(probe.calls).toBe(1);
  });

  it('tells slow answers from other failures', () => {
    expect([connectTimeout(), probeFailure(KEY, 'deadline', null, '', 1), probeFailure(KEY, 'query_timeout', null, '', 1)].map(probeTimedOut)).toEqual([true, true, true]);
    expect([refused(), denied(), new Error('ETIMEDOUT'), probeFailure(KEY, 'closed', null, '')].map(probeTimedOut)).toEqual([false, false, false, false]);
  });
});
