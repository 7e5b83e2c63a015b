import { StoreError } from '../errors.js';
import { formatInstanceKey, type InstanceKey } from '../model/instance-key.js';
import type { RecoveryPhase, RecoveryProgress } from '../ports/recovery-store.js';
import { storedHost } from './store-values.js';

const PHASES: ReadonlySet<string> = new Set<RecoveryPhase>(['preparing', 'window', 'promoting', 'promoted']);

/** The stored text of an instance key ("host:port", host lower-cased like every key column). */
export function storedKeyText(key: InstanceKey): string {
  return formatInstanceKey({ host: storedHost(key.host), port: key.port });
}

/** Parses a stored "host:port" (not parseInstanceKey: it rejects host names orc may have stored anyway); null when malformed. */
export function parseStoredKey(item: unknown): InstanceKey | null {
  const colon = typeof item === 'string' ? item.lastIndexOf(':') : -1;
  const port = colon > 0 ? Number((item as string).slice(colon + 1)) : NaN;
  if (!Number.isSafeInteger(port)) return null;
  const host = (item as string).slice(0, colon);
  return { host: host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host, port };
}

/** The JSON text of a recovery's progress. */
export function progressText(progress: RecoveryProgress): string {
  const keys = (list: readonly InstanceKey[]) => list.map(storedKeyText);
  const key = (k: InstanceKey | null) => (k === null ? null : storedKeyText(k));
  return JSON.stringify({
    phase: progress.phase,
    stopped: keys(progress.stopped),
    madeReadOnly: keys(progress.madeReadOnly),
    candidate: key(progress.candidate),
    candidateSource: key(progress.candidateSource),
    catchUpFrom: key(progress.catchUpFrom),
    followers: keys(progress.followers),
    lost: keys(progress.lost),
    dataLossFrom: keys(progress.dataLossFrom),
    dataLossGtids: { ...progress.dataLossGtids },
    hooksRun: [...progress.hooksRun],
    promoteAttempted: progress.promoteAttempted,
  });
}

/** Reads a stored progress; a malformed one is a StoreError naming the recovery (never a half-read plan). */
export function parseProgress(text: string | null, id: string): RecoveryProgress | null {
  if (text === null) return null;
  const fail = (what: string) => new StoreError(`store: progress of recovery ${id} is malformed (${what})`, { id });
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw fail('not JSON');
  }
  if (raw === null || typeof raw !== 'object') throw fail('not an object');
  const keys = (field: string): InstanceKey[] => {
    const list = raw[field] ?? [];
    if (!Array.isArray(list)) throw fail(`${field} is not a list`);
    return list.map((item) => parseStoredKey(item) ?? (() => { throw fail(`${field} holds "${String(item)}"`); })());
  };
  const key = (field: string): InstanceKey | null => {
    const value = raw[field] ?? null;
    if (value === null) return null;
    return parseStoredKey(value) ?? (() => { throw fail(`${field} is "${String(value)}"`); })();
  };
  const phase = raw['phase'];
  if (typeof phase !== 'string' || !PHASES.has(phase)) throw fail(`phase "${String(phase)}"`);
  const hooksRun = raw['hooksRun'] ?? [];
  if (!Array.isArray(hooksRun) || hooksRun.some((h) => typeof h !== 'string')) throw fail('hooksRun');
  // Absent in progress an older orc stored.
  const dataLossGtids = raw['dataLossGtids'] ?? {};
  if (typeof dataLossGtids !== 'object' || dataLossGtids === null || Array.isArray(dataLossGtids) || Object.values(dataLossGtids).some((g) => typeof g !== 'string')) {
    throw fail('dataLossGtids');
  }
  // Absent in progress an older orc stored: once promoting, the promote step may have run (assume it did).
  const promoteAttempted = raw['promoteAttempted'] ?? phase === 'promoting';
  if (typeof promoteAttempted !== 'boolean') throw fail('promoteAttempted');
  return {
    phase: phase as RecoveryPhase,
    stopped: keys('stopped'),
    madeReadOnly: keys('madeReadOnly'),
    candidate: key('candidate'),
    candidateSource: key('candidateSource'),
    catchUpFrom: key('catchUpFrom'),
    followers: keys('followers'),
    lost: keys('lost'),
    dataLossFrom: keys('dataLossFrom'),
    dataLossGtids: dataLossGtids as Record<string, string>,
    hooksRun: hooksRun as string[],
    promoteAttempted,
  };
}

/**
 * A stored recovery's progress as listings read it: an ended recovery's malformed progress reads as none (its
 * history is in its summary, steps and lost list), so one damaged old row cannot fail every cluster's gate reads;
 * a running recovery's malformed progress is still refused, since its runner must never act on a half-read plan.
 */
export function storedProgress(text: string | null, id: string, status: string): RecoveryProgress | null {
  if (status === 'running') return parseProgress(text, id);
  try {
    return parseProgress(text, id);
  } catch (err) {
    if (err instanceof StoreError) return null;
    throw err;
  }
}
