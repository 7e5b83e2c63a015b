import { describe, expect, it } from 'vitest';
import { splitCommandLine } from '../../../core/hooks/split-command-line.js';

describe('splitCommandLine', () => {
  it.each([
    ['/usr/local/bin/notify {failureType} {failedHost}', ['/usr/local/bin/notify', '{failureType}', '{failedHost}']],
    ['  a \t b  ', ['a', 'b']],
    [`say 'hello world' "and more"`, ['say', 'hello world', 'and more']],
    [`say 'it''s' "a"'b'c`, ['say', 'its', 'abc']],
    [`say '' ""`, ['say', '', '']],
    [`say 'a "double" $HOME \`x\` \\n'`, ['say', 'a "double" $HOME `x` \\n']],
    [`say "a \\"q\\" \\\\ \\$ \\\` \\n"`, ['say', 'a "q" \\ $ ` \\n']],
    ['say a\\ b \\"c\\" \\$x \\;', ['say', 'a b', '"c"', '$x', ';']],
    ['say one \\\n two', ['say', 'one', 'two']],
    ['notify {failedHost} # page the on-call', ['notify', '{failedHost}']],
    ['notify a#b', ['notify', 'a#b']],
    ['notify "x;y|z>w"', ['notify', 'x;y|z>w']],
    ['notify {"json": [1]} a=b http://h/?q=1', ['notify', '{json:', '[1]}', 'a=b', 'http://h/?q=1']],
    ['notify x\n', ['notify', 'x']],
  ])('splits %j', (text, argv) => {
    expect(splitCommandLine(text)).toEqual(argv);
  });

  it.each([
    [`say 'open`, 'unbalanced single quote at column 5'],
    [`say "open`, 'unbalanced double quote at column 5'],
    [`say 'a' "b`, 'unbalanced double quote at column 9'],
    ['say x\\', 'trailing backslash at column 6'],
    ['', 'empty command'],
    ['   # only a comment', 'empty command'],
  ])('refuses %j', (text, message) => {
    expect(() => splitCommandLine(text)).toThrow(message);
  });

  it.each([
    ["echo 'done' >> /tmp/recovery.log", '">"'],
    ['notify a; rm x', '";"'],
    ['notify a && b', '"&"'],
    ['notify a | b', '"|"'],
    ['notify $HOME', '"$"'],
    ['notify $(id)', '"$"'],
    ['notify `id`', '"`"'],
    ['notify "$HOME"', '"$" inside double quotes'],
    ['notify "`id`"', '"`" inside double quotes'],
    ['notify < in', '"<"'],
    ['(notify)', '"("'],
    ['~/bin/notify', '"~"'],
    ['FOO=bar notify', 'environment assignment "FOO=bar"'],
    ['notify a\nnotify b', 'newline between commands'],
  ])('refuses the shell syntax in %j instead of passing it on literally', (text, what) => {
    expect(() => splitCommandLine(text)).toThrow(what);
    expect(() => splitCommandLine(text)).toThrow('not run by a shell');
  });

  it('throws a coded error with the column', () => {
    try {
      splitCommandLine('a "b');
      expect.unreachable();
    } catch (err) {
      expect(err).toMatchObject({ code: 'orc_bad_input', details: { column: 3 } });
    }
  });
});
