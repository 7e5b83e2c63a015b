import { errorLine } from '../errors.js';
import { checkTargetReport, type RolloutTarget, type TargetReport } from './rollout-target.js';

/** What a selection decides from: the version to tell, how many targets this step may tell, and who is not told it yet (in order). */
export interface SelectionRequest {
  readonly version: string;
  readonly rollback: boolean;
  readonly count: number;
  readonly candidates: readonly RolloutTarget[];
  readonly targets: readonly RolloutTarget[];
}

/**
 * A selection filter's choice: candidates to tell the version, new targets to create already told it (blue/green),
 * and targets to remove from the entity (the old colour); at most `count` told in all.
 */
export interface SelectionChoice {
  readonly select?: readonly string[];
  readonly create?: readonly TargetReport[];
  readonly remove?: readonly string[];
}

/** A pure, synchronous filter choosing the next batch; what it throws is reported, never thrown on. */
export type SelectionFilter = (request: SelectionRequest) => SelectionChoice;

/**
 * How the next batch is chosen, passed in as data: an approval result (only these names may be told, in this order
 * of priority), a selection step that failed (nothing is told; the error is reported), or a pure filter.
 * Without one, the first candidates in stored order are told.
 */
export type Selection =
  | { readonly kind: 'approved'; readonly names: readonly string[] }
  | { readonly kind: 'failed'; readonly error: string }
  | { readonly kind: 'filter'; readonly choose: SelectionFilter };

/** The batch chosen: names to tell, targets to create, names to remove, or the error that chose nothing. */
export interface SelectedBatch {
  readonly select: readonly string[];
  readonly create: readonly TargetReport[];
  readonly remove: readonly string[];
  readonly error: string | null;
}

const NOTHING: SelectedBatch = Object.freeze({ select: [], create: [], remove: [], error: null });

function refused(error: string): SelectedBatch {
  return { ...NOTHING, error };
}

function approved(names: readonly string[], request: SelectionRequest): SelectedBatch {
  if (!Array.isArray(names)) return refused('selection: approved names must be a list');
  const open = new Set<string>();
  for (const c of request.candidates) open.add(c.name);
  const select: string[] = [];
  for (const name of names) {
    if (select.length >= request.count) break;
    if (open.delete(name)) select.push(name);
  }
  return { ...NOTHING, select };
}

function names(value: unknown, what: string): string[] | string {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((n) => typeof n !== 'string')) return `selection: ${what} must be a list of names`;
  if (new Set(value).size !== value.length) return `selection: ${what} names a target twice`;
  return value as string[];
}

/** Checks a filter's choice against the request; the first problem is the error (and nothing is chosen). */
function checkedChoice(choice: SelectionChoice, request: SelectionRequest): SelectedBatch {
  if (typeof choice !== 'object' || choice === null) return refused('selection: the filter returned no choice');
  const select = names(choice.select, 'select');
  if (typeof select === 'string') return refused(select);
  const remove = names(choice.remove, 'remove');
  if (typeof remove === 'string') return refused(remove);
  const create = choice.create ?? [];
  if (!Array.isArray(create)) return refused('selection: create must be a list of targets');
  try {
    create.forEach((r, i) => checkTargetReport(r, i));
  } catch (err) {
    return refused(`selection: create ${errorLine(err)}`);
  }
  if (select.length + create.length > request.count) {
    return refused(`selection: chose ${select.length + create.length} targets, more than the ${request.count} this step may tell`);
  }
  const candidates = new Set(request.candidates.map((c) => c.name));
  const existing = new Set(request.targets.map((t) => t.name));
  const unknown = select.find((n) => !candidates.has(n));
  if (unknown !== undefined) return refused(`selection: ${unknown} is no candidate (unknown, or told ${request.version} already)`);
  const gone = remove.find((n) => !existing.has(n));
  if (gone !== undefined) return refused(`selection: cannot remove unknown target ${gone}`);
  const both = remove.find((n) => select.includes(n));
  if (both !== undefined) return refused(`selection: ${both} is both selected and removed`);
  const created = new Set<string>();
  for (const r of create) {
    if (existing.has(r.name) || created.has(r.name)) return refused(`selection: cannot create ${r.name}: a target of that name exists`);
    created.add(r.name);
  }
  return { select, create, remove, error: null };
}

/** Chooses the next batch of up to request.count targets (rollouts.md step 5); errors are returned, never thrown. */
export function selectBatch(selection: Selection | undefined, request: SelectionRequest): SelectedBatch {
  if (request.count <= 0) return NOTHING;
  if (selection === undefined) return { ...NOTHING, select: request.candidates.slice(0, request.count).map((c) => c.name) };
  switch (selection.kind) {
    case 'approved':
      return approved(selection.names, request);
    case 'failed':
      return refused(`selection failed: ${String(selection.error)}`);
    case 'filter': {
      let choice: SelectionChoice;
      try {
        choice = selection.choose(request);
      } catch (err) {
        return refused(`selection filter failed: ${errorLine(err)}`);
      }
      return checkedChoice(choice, request);
    }
    default:
      return refused(`selection: unknown kind "${String((selection as { kind?: unknown }).kind)}"`);
  }
}
