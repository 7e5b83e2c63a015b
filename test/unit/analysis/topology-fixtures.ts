import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReplicaCounts } from '../../../core/analysis/finding.js';
import { trackProgress, type ProgressHistory } from '../../../core/analysis/progress-history.js';
import type { AftermathEntry } from '../../../core/analysis/recovery-aftermath.js';
import type { TopologySnapshot } from '../../../core/analysis/topology-snapshot.js';
import { parseInstanceKey, sameInstance } from '../../../core/model/instance-key.js';
import type { InstanceRecord } from '../../../core/model/instance.js';
import { parseRecoveryPolicy, type RecoveryPolicy } from '../../../core/recovery/recovery-policy.js';

/** Root of the golden topology scenarios. */
export const TOPOLOGY_FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/topologies');

/** One entry of change.json: patch, clone or remove one instance of the base. */
export interface Change {
  readonly instance: string;
  readonly set?: unknown;
  readonly copyOf?: string;
  readonly remove?: boolean;
}

/** Optional case.json: which base, policy overrides, an earlier observation, the clock. */
interface CaseInputs {
  readonly base?: string;
  readonly policy?: unknown;
  readonly earlier?: { readonly ageMs: number; readonly changes: readonly Change[] };
  readonly nowOffsetMs?: number;
  /** Servers the cluster's recoveries fenced or detached (instance as "host:port"). */
  readonly aftermath?: readonly (Omit<AftermathEntry, 'instance'> & { readonly instance: string })[];
}

/** expected.json. */
export interface Expected {
  readonly scenario: string;
  readonly findings: readonly { code: string; instance: string; replicas?: Partial<ReplicaCounts> }[];
  readonly emergentProbe?: readonly string[];
  readonly candidate?: {
    readonly failed: string;
    readonly chosen: string | null;
    readonly catchUpFrom?: string | null;
    readonly lost?: readonly { instance: string; kind: string }[];
    readonly unreachable?: readonly string[];
    readonly dataLoss?: boolean;
    readonly awaitRelayApply?: boolean;
    /** instance -> a substring of its verdict's reason. */
    readonly reasons?: Readonly<Record<string, string>>;
  };
}

/** A loaded scenario, ready to analyze. */
export interface TopologyCase {
  readonly name: string;
  readonly snapshot: TopologySnapshot;
  /** Progress history over the earlier observation and the current one (undefined without case.json earlier). */
  readonly history: ProgressHistory | undefined;
  /** History over the earlier observation only (to check analysis does not care whether the caller folded the current one in). */
  readonly historyBefore: ProgressHistory | undefined;
  readonly policy: RecoveryPolicy;
  readonly now: number;
  readonly expected: Expected;
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/** Loads a base snapshot from _base/ ('healthy-4' or 'mysql-3'). */
export function loadBase(name = 'healthy-4'): TopologySnapshot {
  return readJson<TopologySnapshot>(join(TOPOLOGY_FIXTURES, '_base', `${name}.json`));
}

/** Loads every case directory (all but _base), sorted by name. */
export function loadTopologyCases(): TopologyCase[] {
  return readdirSync(TOPOLOGY_FIXTURES, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('_'))
    .map((d) => d.name)
    .sort()
    .map(loadTopologyCase);
}

/** Loads one case directory. */
export function loadTopologyCase(name: string): TopologyCase {
  const dir = join(TOPOLOGY_FIXTURES, name);
  const inputs: CaseInputs = existsSync(join(dir, 'case.json')) ? readJson(join(dir, 'case.json')) : {};
  const base = loadBase(inputs.base);
  const changed = applyChanges(base, readJson<Change[]>(join(dir, 'change.json')));
  const snapshot = inputs.aftermath ? { ...changed, aftermath: inputs.aftermath.map((e) => ({ ...e, instance: parseInstanceKey(e.instance) })) } : changed;
  const earlier = inputs.earlier ? applyChanges(shiftTimes(base, -inputs.earlier.ageMs), inputs.earlier.changes) : null;
  const historyBefore = earlier ? trackProgress(null, earlier) : undefined;
  return {
    name,
    snapshot,
    history: historyBefore ? trackProgress(historyBefore, snapshot) : undefined,
    historyBefore,
    policy: parseRecoveryPolicy(inputs.policy ?? {}),
    now: snapshot.observedAt + (inputs.nowOffsetMs ?? 0),
    expected: readJson(join(dir, 'expected.json')),
  };
}

/** Applies change.json entries to a snapshot, in order. */
export function applyChanges(base: TopologySnapshot, changes: readonly Change[]): TopologySnapshot {
  let instances: InstanceRecord[] = [...base.instances];
  for (const change of changes) {
    const key = parseInstanceKey(change.instance);
    if (change.remove) {
      instances = instances.filter((r) => !sameInstance(r.key, key));
      continue;
    }
    const from = change.copyOf ? parseInstanceKey(change.copyOf) : key;
    const original = instances.find((r) => sameInstance(r.key, from));
    if (!original) throw new Error(`change names unknown instance ${change.copyOf ?? change.instance}`);
    let record = original;
    if (change.copyOf) record = mergePatch(record, { key, facts: record.facts ? { key } : null }) as InstanceRecord;
    record = mergePatch(record, change.set ?? {}) as InstanceRecord;
    instances = change.copyOf ? [...instances, record] : instances.map((r) => (r === original ? record : r));
  }
  return { ...base, instances };
}

/**
 * JSON merge patch (RFC 7386) with two departures that suit records whose fields are never optional: null SETS a
 * field to null (lagSeconds: null = broken) instead of removing it, and an object whose keys are all indexes
 * ({"0": {...}}) patches those array elements in place instead of replacing the array.
 */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (Array.isArray(target) && isIndexPatch(patch)) {
    return target.map((item, i) => (String(i) in patch ? mergePatch(item, patch[String(i)]) : item));
  }
  if (!isObject(patch)) return patch;
  const out: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) out[k] = mergePatch(out[k], v);
  return out;
}

/** Moves every timestamp of a snapshot by deltaMs (an earlier observation of the same topology). */
export function shiftTimes(snapshot: TopologySnapshot, deltaMs: number): TopologySnapshot {
  return {
    ...snapshot,
    observedAt: snapshot.observedAt + deltaMs,
    instances: snapshot.instances.map((r) => ({
      ...r,
      lastCheckedAt: r.lastCheckedAt + deltaMs,
      lastSeenAt: r.lastSeenAt === null ? null : r.lastSeenAt + deltaMs,
      facts: r.facts ? { ...r.facts, observedAt: r.facts.observedAt + deltaMs } : null,
    })),
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isIndexPatch(v: unknown): v is Record<string, unknown> {
  return isObject(v) && Object.keys(v).length > 0 && Object.keys(v).every((k) => /^\d+$/.test(k));
}
