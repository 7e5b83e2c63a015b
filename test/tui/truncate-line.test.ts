import { describe, expect, it } from 'vitest';
import { lineText } from '../../tui/lib/styled-line.js';
import { textWidth } from '../../tui/lib/text-width.js';
import { padText, truncateLine, truncateText } from '../../tui/lib/truncate-line.js';

describe('text width', () => {
  it('counts wide characters as two cells and combining marks as none', () => {
    expect(textWidth('abc')).toBe(3);
    expect(textWidth('─└…›')).toBe(4);
    expect(textWidth('本番')).toBe(4);
    expect(textWidth('e\u0301')).toBe(1);
  });

  it('counts emoji and joined emoji sequences as a terminal draws them', () => {
    expect(textWidth('✅')).toBe(2);
    expect(textWidth('👩‍👩‍👧')).toBe(2);
    expect(textWidth('🇯🇵')).toBe(2);
  });
});

describe('truncateText', () => {
  it('keeps text that fits and cuts the rest with an ellipsis', () => {
    expect(truncateText('hello', 5)).toBe('hello');
    expect(truncateText('hello world', 5)).toBe('hell…');
    expect(truncateText('hello', 1)).toBe('…');
    expect(truncateText('hello', 0)).toBe('');
  });

  it('never splits a wide character across the limit', () => {
    expect(truncateText('本番環境', 4)).toBe('本…');
    expect(textWidth(truncateText('本番環境', 4))).toBe(3);
  });

  it('never splits a joined emoji sequence', () => {
    expect(truncateText('ab👩‍👩‍👧cd', 5)).toBe('ab👩‍👩‍👧…');
    expect(truncateText('ab👩‍👩‍👧cd', 4)).toBe('ab…');
  });

  it('pads without cutting', () => {
    expect(padText('ab', 4)).toBe('ab  ');
    expect(padText('abcdef', 4)).toBe('abcdef');
  });
});

describe('truncateLine', () => {
  const line = [
    { text: '127.0.0.1:3307', tone: 'danger' as const },
    { text: '  replica', tone: 'dim' as const },
    { text: '  UNREACHABLE', tone: 'danger' as const, bold: true },
  ];

  it('returns the line unchanged when it fits', () => {
    expect(truncateLine(line, 100)).toBe(line);
  });

  it('cuts inside a segment, keeping its style, and ends with an ellipsis', () => {
    const cut = truncateLine(line, 20);
    expect(lineText(cut)).toBe('127.0.0.1:3307  rep…');
    expect(cut).toHaveLength(2);
    expect(cut[1]).toEqual({ text: '  rep…', tone: 'dim' });
  });

  it('cuts exactly at a segment boundary', () => {
    const cut = truncateLine(line, 15);
    expect(lineText(cut)).toBe('127.0.0.1:3307…');
    expect(textWidth(lineText(cut))).toBe(15);
  });

  it('never exceeds the width', () => {
    for (let width = 0; width <= 40; width++) {
      expect(textWidth(lineText(truncateLine(line, width)))).toBeLessThanOrEqual(width);
    }
  });
});
