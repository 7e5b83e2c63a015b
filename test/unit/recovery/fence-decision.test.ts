import { describe, expect, it } from 'vitest';
import { decideFence } from '../../../core/recovery/fence-decision.js';
import { makeFacts } from '../../support/facts-builder.js';

const gtid = (executed: string, binlogPos = executed) => ({ enabled: true, executed, binlogPos, replicaPos: '', domainId: 0, strict: true, mode: 'ON' });

describe('decideFence', () => {
  it('sets a writable old primary read-only before anything else', () => {
    expect(decideFence(makeFacts('db:1', { readOnly: false }), null)).toEqual({ action: 'set-read-only' });
  });

  it('rejoins an old primary whose binlog is all on the successor', () => {
    const old = makeFacts('db:1', { readOnly: true, gtid: gtid('0-1-100') });
    const successor = makeFacts('db:2', { gtid: gtid('0-1-100,1-2-5', '0-1-100,1-2-5') });
    expect(decideFence(old, successor)).toEqual({ action: 'rejoin' });
  });

  it('reports an old primary ahead of the successor as diverged', () => {
    const old = makeFacts('db:1', { readOnly: true, gtid: gtid('0-1-105') });
    const successor = makeFacts('db:2', { gtid: gtid('0-1-100') });
    expect(decideFence(old, successor)).toMatchObject({ action: 'diverged' });
  });

  it('decides on what the old primary executed (gtid_current_pos), contained per domain in the successor', () => {
    const old = makeFacts('db:1', { readOnly: true, gtid: { ...gtid('0-1-100,1-1-7', '0-1-100'), binlogState: '0-1-100' } });
    expect(decideFence(old, makeFacts('db:2', { gtid: gtid('0-1-100') }))).toMatchObject({ action: 'diverged', reason: expect.stringContaining('1-1-7') });
    expect(decideFence(old, makeFacts('db:2', { gtid: { ...gtid('0-2-110,1-1-7'), binlogState: '0-1-100,0-2-110,1-1-7' } }))).toEqual({ action: 'rejoin' });
  });

  it('reports an own write the successor has overtaken as diverged (not in its binlog state)', () => {
    const old = makeFacts('db:1', { readOnly: true, gtid: { ...gtid('0-1-101'), binlogState: '0-1-101' } });
    const successor = makeFacts('db:2', { gtid: { ...gtid('0-2-110'), binlogState: '0-1-100,0-2-110' } });
    expect(decideFence(old, successor)).toMatchObject({ action: 'diverged', reason: expect.stringContaining('0-1-101') });
  });

  it('waits while the successor is not visible', () => {
    expect(decideFence(makeFacts('db:1', { readOnly: true }), null)).toMatchObject({ action: 'wait' });
  });
});
