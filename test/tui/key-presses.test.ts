import { describe, expect, it } from 'vitest';
import { keyPresses } from '../../tui/lib/key-presses.js';

describe('keyPresses', () => {
  it('splits a chunk of typed keys into presses: Enter, Backspace and Tab by their bytes', () => {
    expect(keyPresses('/ab\r', {})).toEqual([
      { input: '/', key: {} },
      { input: 'a', key: {} },
      { input: 'b', key: {} },
      { input: '', key: { return: true } },
    ]);
    expect(keyPresses('x\u007F\t', {})).toEqual([
      { input: 'x', key: {} },
      { input: '', key: { backspace: true } },
      { input: '', key: { tab: true } },
    ]);
  });

  it('leaves single keys, modified keys and escape sequences whole', () => {
    expect(keyPresses('q', {})).toEqual([{ input: 'q', key: {} }]);
    expect(keyPresses('', { upArrow: true })).toEqual([{ input: '', key: { upArrow: true } }]);
    expect(keyPresses('ab', { meta: true })).toEqual([{ input: 'ab', key: { meta: true } }]);
    expect(keyPresses('\u001B[A', {})).toEqual([{ input: '\u001B[A', key: {} }]);
  });
});
