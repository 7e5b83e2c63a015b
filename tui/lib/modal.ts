import type { ActionRequest } from './action-request.js';

/** One choice of a picker: what it reads, and the request it completes or the next picker it opens. */
export interface PickOption {
  readonly label: string;
  readonly next: ActionRequest | PickModal;
}

/** A list to pick from (a takeover target, a new source, a duration, a seed method). */
export interface PickModal {
  readonly kind: 'pick';
  readonly title: string;
  readonly options: readonly PickOption[];
  readonly cursor: number;
}

/** What covers the screen while an action is chosen, confirmed, run, and its outcome read. */
export type Modal =
  | PickModal
  | { readonly kind: 'confirm'; readonly request: ActionRequest }
  | { readonly kind: 'running'; readonly request: ActionRequest }
  | { readonly kind: 'result'; readonly ok: boolean; readonly text: string };

/** True when a picker option completes the request (rather than opening another picker). */
export function isRequest(next: ActionRequest | PickModal): next is ActionRequest {
  return next.kind !== 'pick';
}
