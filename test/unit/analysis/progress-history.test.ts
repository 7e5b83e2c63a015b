import { describe, expect, it } from 'vitest';
import { trackProgress, unchangedForMs } from '../../../core/analysis/progress-history.js';
import { applyChanges, loadBase, shiftTimes } from './topology-fixtures.js';

const R1 = '127.0.0.1:3307';
const base = loadBase();
const heartbeats = (n: number) => ({ instance: R1, set: { facts: { replication: { 0: { heartbeatsReceived: n } } } } });

describe('trackProgress', () => {
  it('keeps the first sighting of an unchanged marker and restarts it on change', () => {
    const t0 = shiftTimes(base, -4000);
    const t1 = shiftTimes(base, -2000);
    let history = trackProgress(null, t0);
    const since = history.streams[R1]!.since;
    history = trackProgress(history, t1);
    expect(history.streams[R1]!.since).toBe(since);
    expect(history.binlogs['127.0.0.1:3306']!.since).toBe(since);
    history = trackProgress(history, applyChanges(base, [heartbeats(121)]));
    expect(history.streams[R1]!.since).toBe(base.instances[1]!.facts!.observedAt);
  });

  it('measures how long a marker has been unchanged in probe time, 0 for a value it has not seen', () => {
    const history = trackProgress(null, shiftTimes(base, -3000));
    const facts = base.instances[1]!.facts!;
    const mark = history.streams[R1];
    expect(unchangedForMs(mark, mark!.value, facts.observedAt)).toBe(3000);
    expect(unchangedForMs(mark, 'other', facts.observedAt)).toBe(0);
    expect(unchangedForMs(undefined, mark!.value, facts.observedAt)).toBe(0);
  });

  it('drops instances that left the snapshot and tracks no stream without a heartbeat counter', () => {
    const history = trackProgress(trackProgress(null, base), applyChanges(base, [{ instance: R1, remove: true }]));
    expect(Object.keys(history.streams).sort()).toEqual(['127.0.0.1:3308', '127.0.0.1:3309']);
    expect(trackProgress(null, loadBase('mysql-3')).streams).toEqual({});
  });
});
