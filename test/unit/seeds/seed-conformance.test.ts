import { describe, expect, it } from 'vitest';
import { isActiveSeedStatus } from '../../../core/seeds/seed-status.js';
import { NO_RETRIES, type Seed } from '../../../core/seeds/seed.js';
import { actionText, CONFIG, runScenario, seedOf, type ScenarioTick } from './seed-scenario.js';

interface Scenario {
  readonly name: string;
  readonly start: Seed;
  readonly ticks: readonly ScenarioTick[];
  readonly config?: typeof CONFIG;
}

const CLOSE = ['cleanup target', 'cleanup source', 'end-downtime'];

// The conformance list of seeds.md, one row per scenario: the state after each tick, and the planned actions where they matter.
const SCENARIOS: readonly Scenario[] = [
  {
    name: 'happy path (mariabackup: Backup on the source)',
    start: seedOf(),
    ticks: [
      { expect: 'Running/Prepare', actions: ['begin-downtime', 'call-stage target Prepare', 'call-stage source Prepare'] },
      { reports: ['target completed', 'source running'], expect: 'Running/Prepare', actions: [] },
      { reports: ['target completed', 'source completed'], expect: 'Scheduled/Backup', actions: [] },
      { expect: 'Running/Backup', actions: ['call-stage source Backup'] },
      { reports: ['source completed 5000'], expect: 'Scheduled/Restore' },
      { expect: 'Running/Restore', actions: ['call-stage target Restore'] },
      { reports: ['target completed 5000'], expect: 'Scheduled/ConnectReplica' },
      { expect: 'Scheduled/Cleanup', actions: ['connect-replica'] },
      { expect: 'Running/Cleanup', actions: ['call-stage target Cleanup', 'call-stage source Cleanup'] },
      { reports: ['target completed', 'source completed'], expect: 'Completed/Cleanup', actions: ['end-downtime'] },
    ],
  },
  {
    name: 'happy path (mariadb-dump: Backup on the target)',
    start: seedOf({ stage: 'Backup' }, 'dump'),
    ticks: [
      { expect: 'Running/Backup', actions: ['begin-downtime', 'call-stage target Backup'] },
      { reports: ['target completed 70'], expect: 'Scheduled/Restore' },
    ],
  },
  {
    name: 'error in Prepare: the other agent aborted, then Scheduled/Prepare retries 1',
    start: seedOf({ status: 'Running', startedAt: 1, progressAt: 1 }),
    ticks: [
      { reports: ['target error', 'source running'], expect: 'Error/Prepare', actions: ['abort source Prepare'] },
      { expect: 'Scheduled/Prepare', retries: { Prepare: 1 }, actions: [] },
    ],
  },
  {
    name: 'error in Backup restarts from Prepare',
    start: seedOf({ stage: 'Backup', status: 'Running', startedAt: 1, progressAt: 1 }),
    ticks: [
      { reports: ['source error'], expect: 'Error/Backup', actions: [] },
      { expect: 'Scheduled/Prepare', retries: { Backup: 1 } },
      { expect: 'Running/Prepare', actions: ['call-stage target Prepare', 'call-stage source Prepare'] },
    ],
  },
  {
    name: 'error in Restore -> Scheduled/Restore retries 1',
    start: seedOf({ stage: 'Restore', status: 'Running', startedAt: 1, progressAt: 1 }),
    ticks: [
      { reports: ['target error'], expect: 'Error/Restore' },
      { expect: 'Scheduled/Restore', retries: { Restore: 1 } },
    ],
  },
  {
    name: 'error in Cleanup -> Scheduled/Cleanup retries 1 (the other agent had completed: nothing to abort)',
    start: seedOf({ stage: 'Cleanup', status: 'Running', startedAt: 1, progressAt: 1 }),
    ticks: [
      { reports: ['target completed', 'source error'], expect: 'Error/Cleanup', actions: [] },
      { expect: 'Scheduled/Cleanup', retries: { Cleanup: 1 } },
    ],
  },
  {
    name: 'bad metadata in ConnectReplica -> Error -> Scheduled/ConnectReplica retries 1',
    start: seedOf({ stage: 'ConnectReplica', startedAt: 1 }),
    ticks: [
      { fail: { agent: null, error: 'no binlog position in the backup' }, expect: 'Error/ConnectReplica', actions: [] },
      { expect: 'Scheduled/ConnectReplica', retries: { ConnectReplica: 1 } },
    ],
  },
  {
    name: 'a stage call that fails -> Error, the other agent of a two-agent stage aborted',
    start: seedOf(),
    ticks: [
      { fail: { agent: 'target', error: 'connection refused' }, expect: 'Error/Prepare', actions: ['abort source Prepare'] },
      { expect: 'Scheduled/Prepare', retries: { Prepare: 1 } },
      // Downtime began with the first tick even though it failed: it is not begun twice.
      { expect: 'Running/Prepare', actions: ['call-stage target Prepare', 'call-stage source Prepare'] },
    ],
  },
  {
    name: 'max retries 0 and an error -> Failed, cleanup and downtime ended',
    config: { ...CONFIG, maxRetriesPerStage: 0 },
    start: seedOf({ stage: 'Restore', status: 'Running', startedAt: 1, progressAt: 1 }),
    ticks: [
      { reports: ['target error'], expect: 'Error/Restore' },
      { expect: 'Failed/Restore', actions: CLOSE },
      { expect: 'Failed/Restore', actions: [] },
    ],
  },
  {
    name: 'retries used up (3 of 3) -> Failed',
    start: seedOf({ stage: 'Backup', status: 'Error', startedAt: 1, retries: { ...NO_RETRIES, Backup: 3 } }),
    ticks: [{ expect: 'Failed/Backup', actions: CLOSE }],
  },
  {
    name: 'abort while Scheduled -> Failed',
    start: seedOf(),
    ticks: [{ abort: true, expect: 'Failed/Prepare', actions: ['abort target Prepare', 'abort source Prepare', ...CLOSE] }],
  },
  {
    name: 'abort while Running Restore -> Failed',
    start: seedOf({ stage: 'Restore', status: 'Running', startedAt: 1, progressAt: 1 }),
    ticks: [{ abort: true, reports: ['target running 10'], expect: 'Failed/Restore', actions: ['abort target Restore', ...CLOSE] }],
  },
  {
    name: 'abort while Running Cleanup -> Failed',
    start: seedOf({ stage: 'Cleanup', status: 'Running', startedAt: 1, progressAt: 1 }),
    ticks: [{ abort: true, expect: 'Failed/Cleanup', actions: ['abort target Cleanup', 'abort source Cleanup', ...CLOSE] }],
  },
  {
    name: 'a seed left in Aborting is finished by the next tick',
    start: seedOf({ stage: 'Backup', status: 'Aborting', startedAt: 1 }),
    ticks: [{ expect: 'Failed/Backup', actions: ['abort source Backup', ...CLOSE] }],
  },
  {
    name: 'an abort the agent cannot receive stays Aborting; a later tick finishes it',
    start: seedOf({ stage: 'Restore', status: 'Running', startedAt: 1, progressAt: 1 }),
    ticks: [
      { abort: true, fail: { agent: 'target', error: 'unreachable' }, expect: 'Aborting/Restore', actions: [] },
      { expect: 'Failed/Restore', actions: ['abort target Restore', ...CLOSE] },
    ],
  },
  {
    name: 'stale Backup -> Error (aborted) -> Scheduled/Prepare retries 1',
    start: seedOf({ stage: 'Backup', status: 'Running', startedAt: 1, progressAt: 1_800_000_000_000, bytesCopied: 100 }),
    ticks: [
      { reports: ['source running 100'], after: 5, expect: 'Running/Backup', actions: [] },
      { reports: ['source running 100'], after: 5, expect: 'Error/Backup', actions: ['abort source Backup'] },
      { expect: 'Scheduled/Prepare', retries: { Backup: 1 } },
    ],
  },
  {
    name: 'stale Restore -> Scheduled/Restore retries 1',
    start: seedOf({ stage: 'Restore', status: 'Running', startedAt: 1, progressAt: 1_800_000_000_000 }),
    ticks: [
      { after: 10, expect: 'Error/Restore', actions: ['abort target Restore'] },
      { expect: 'Scheduled/Restore', retries: { Restore: 1 } },
    ],
  },
  {
    name: 'growing bytes keep a long Backup alive',
    start: seedOf({ stage: 'Backup', status: 'Running', startedAt: 1, progressAt: 1_800_000_000_000 }),
    ticks: [
      { reports: ['source running 10'], after: 9, expect: 'Running/Backup' },
      { reports: ['source running 20'], after: 9, expect: 'Running/Backup' },
      { reports: ['source running 30'], after: 9, expect: 'Running/Backup' },
    ],
  },
  {
    name: 'a stalled Prepare is not watched for progress',
    start: seedOf({ status: 'Running', startedAt: 1, progressAt: 1_800_000_000_000 }),
    ticks: [{ reports: ['target running', 'source running'], after: 600, expect: 'Running/Prepare', actions: [] }],
  },
];

describe('seed transition: the conformance scenarios of seeds.md', () => {
  for (const s of SCENARIOS) {
    it(s.name, () => {
      const { transitions } = runScenario(s.start, s.ticks, s.config);
      transitions.forEach((t, i) => {
        const tick = s.ticks[i]!;
        expect(`${t.seed.status}/${t.seed.stage}`, `tick ${i + 1}`).toBe(tick.expect);
        if (tick.retries) expect(t.seed.retries, `tick ${i + 1}`).toEqual({ ...NO_RETRIES, ...tick.retries });
        if (tick.actions) expect(t.actions.map(actionText), `tick ${i + 1}`).toEqual(tick.actions);
      });
    });
  }

  it('ends with no active seed after a failure, an abort or completion', () => {
    for (const s of SCENARIOS.filter((x) => /Failed|Completed/.test(x.ticks.at(-1)!.expect))) {
      expect(isActiveSeedStatus(runScenario(s.start, s.ticks, s.config).seed.status), s.name).toBe(false);
    }
  });
});
