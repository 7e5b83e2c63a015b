import type { FencedInstance } from '../ports/recovery-store.js';

/**
 * True while a fence keeps its former primary from being writable or primary again (pending, fenced, diverged);
 * a fence whose server rejoined as a replica holds nothing, so that server may become primary and writable again.
 */
export function fenceHolds(fence: FencedInstance): boolean {
  return fence.state !== 'rejoined';
}
