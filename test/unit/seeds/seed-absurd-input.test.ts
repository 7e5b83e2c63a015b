import { describe, expect, it } from 'vitest';
import { InputError } from '../../../core/errors.js';
import type { AgentStageReport } from '../../../core/seeds/agent-stage-report.js';
import { nextSeedState } from '../../../core/seeds/next-seed-state.js';
import { seedStepFailed } from '../../../core/seeds/seed-step-failed.js';
import type { Seed } from '../../../core/seeds/seed.js';
import { CONFIG, report, seedOf, T0 } from './seed-scenario.js';

const running = (fields: Partial<Seed> = {}) => seedOf({ stage: 'Restore', status: 'Running', startedAt: T0, progressAt: T0, ...fields });

function refusal(seed: Seed, reports: readonly AgentStageReport[] = [], config = CONFIG, now = T0 + 1): unknown {
  try {
    nextSeedState({ seed, reports, config, now });
  } catch (err) {
    return err;
  }
  return undefined;
}

const CASES: readonly { name: string; run: () => unknown; says: RegExp }[] = [
  { name: 'unknown stage', run: () => refusal(running({ stage: 'Teleport' as Seed['stage'] })), says: /unknown stage "Teleport"/ },
  { name: 'unknown status', run: () => refusal(running({ status: 'Paused' as Seed['status'] })), says: /unknown status "Paused"/ },
  { name: 'unknown method', run: () => refusal(running({ method: 'rsync' as Seed['method'] })), says: /unknown method "rsync"/ },
  { name: 'negative retries', run: () => refusal(running({ retries: { ...running().retries, Restore: -1 } })), says: /retries.Restore/ },
  { name: 'fractional bytes on the seed', run: () => refusal(running({ bytesCopied: 1.5 })), says: /bytesCopied/ },
  { name: 'negative bytes in a report', run: () => refusal(running(), [report('target running -5', 'Restore')]), says: /report bytes of the target agent/ },
  { name: 'report of an unknown stage', run: () => refusal(running(), [report('target running', 'Warp' as AgentStageReport['stage'])]), says: /unknown stage "Warp"/ },
  { name: 'report with an unknown state', run: () => refusal(running(), [report('target paused', 'Restore')]), says: /unknown state "paused"/ },
  { name: 'report from an agent not taking part', run: () => refusal(running(), [report('source running', 'Restore')]), says: /"source" does not take part in Restore/ },
  { name: 'report from no known agent', run: () => refusal(running(), [report('mallory running', 'Prepare')]), says: /"mallory" does not take part/ },
  { name: 'two reports from one agent', run: () => refusal(running(), [report('target running', 'Restore'), report('target completed', 'Restore')]), says: /two reports/ },
  { name: 'a Running ConnectReplica', run: () => refusal(running({ stage: 'ConnectReplica' })), says: /never Running/ },
  { name: 'negative max retries', run: () => refusal(running(), [], { ...CONFIG, maxRetriesPerStage: -1 }), says: /maxRetriesPerStage/ },
  { name: 'now that is no time', run: () => refusal(running(), [], CONFIG, Number.NaN), says: /now must be/ },
  {
    name: 'a failed step of a Running tick (it has no deciding action)',
    run: () => {
      try {
        seedStepFailed(running(), { agent: 'target', error: 'x' }, T0);
      } catch (err) {
        return err;
      }
      return undefined;
    },
    says: /only a Scheduled or Aborting tick/,
  },
];

describe('seed transition: absurd input is refused with orc_bad_input', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const err = c.run();
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).code).toBe('orc_bad_input');
      expect((err as InputError).message).toMatch(c.says);
    });
  }
});
