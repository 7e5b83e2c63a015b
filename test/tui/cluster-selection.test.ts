import { describe, expect, it } from 'vitest';
import { reconcileSelection } from '../../core/model/reconcile-selection.js';
import { moveSelection } from '../../tui/lib/cluster-selection.js';

const names = ['a', 'b', 'c'];

describe('cluster selection', () => {
  it('keeps the wanted cluster by name wherever it moved in the list', () => {
    expect(reconcileSelection(names, 'b', 0)).toBe('b');
    expect(reconcileSelection(['x', 'c', 'b'], 'b', 1)).toBe('b');
  });

  it('falls back to the cluster now at the old place when the wanted one is gone', () => {
    expect(reconcileSelection(['a', 'c'], 'b', 1)).toBe('c');
    expect(reconcileSelection(['a'], 'c', 2)).toBe('a');
    expect(reconcileSelection(names, null, 0)).toBe('a');
    expect(reconcileSelection([], 'a', 0)).toBeNull();
  });

  it('moves by one and stops at both ends', () => {
    expect(moveSelection(names, 'a', 1)).toBe('b');
    expect(moveSelection(names, 'c', 1)).toBe('c');
    expect(moveSelection(names, 'a', -1)).toBe('a');
    expect(moveSelection(names, 'b', -1)).toBe('a');
    expect(moveSelection(names, 'gone', 1)).toBe('a');
    expect(moveSelection([], null, 1)).toBeNull();
  });
});
