import { describe, expect, it } from 'vitest';
import { actionForKey, DASHBOARD_KEYS, helpText, keyName, type KeyBinding } from '../../tui/lib/key-map.js';

describe('key map', () => {
  it('names keys the way bindings spell them', () => {
    expect(keyName('', { upArrow: true })).toBe('up');
    expect(keyName('', { downArrow: true })).toBe('down');
    expect(keyName('c', { ctrl: true })).toBe('ctrl+c');
    expect(keyName('', { return: true })).toBe('enter');
    expect(keyName('', { escape: true })).toBe('escape');
    expect(keyName('j', {})).toBe('j');
  });

  it('maps arrows and j/k to moves, r to refresh, q and Ctrl-C to quit', () => {
    expect(actionForKey('', { upArrow: true })).toEqual({ type: 'move', delta: -1 });
    expect(actionForKey('k', {})).toEqual({ type: 'move', delta: -1 });
    expect(actionForKey('', { downArrow: true })).toEqual({ type: 'move', delta: 1 });
    expect(actionForKey('j', {})).toEqual({ type: 'move', delta: 1 });
    expect(actionForKey('r', {})).toEqual({ type: 'refresh' });
    expect(actionForKey('q', {})).toEqual({ type: 'quit' });
    expect(actionForKey('c', { ctrl: true })).toEqual({ type: 'quit' });
  });

  it('ignores unbound keys, including a plain c and capitals', () => {
    expect(actionForKey('c', {})).toBeNull();
    expect(actionForKey('T', {})).toBeNull();
    expect(actionForKey('Q', { shift: true } as never)).toBeNull();
    expect(actionForKey('x', {})).toBeNull();
    expect(actionForKey('jj', {})).toBeNull();
  });

  it('builds the help line from the bindings, so new keys document themselves', () => {
    expect(helpText()).toMatch(/^↑\/↓ or j\/k move · .* · r refresh · q quit$/);
    const extended: KeyBinding[] = [...DASHBOARD_KEYS, { keys: ['x'], action: { type: 'refresh' }, help: 'x extra' }];
    expect(helpText(extended)).toMatch(/ · q quit · x extra$/);
    expect(actionForKey('x', {}, extended)).toEqual({ type: 'refresh' });
  });
});
