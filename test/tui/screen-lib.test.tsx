import chalk from 'chalk';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { ColorContext } from '../../tui/components/color-context.js';
import { LineView } from '../../tui/components/line-view.js';
import { footerLine } from '../../tui/lib/footer-line.js';
import { keyEvent } from '../../tui/lib/key-event.js';
import { ACTION_KEYS, DASHBOARD_KEYS } from '../../tui/lib/key-map.js';
import { etaText, progressBar } from '../../tui/lib/progress-bar.js';
import { appendRateSamples, ratePerMs } from '../../tui/lib/rate-samples.js';
import { seedRolloutItems } from '../../tui/lib/seed-rollout-items.js';
import { sparkline } from '../../tui/lib/sparkline.js';
import { newRollout } from '../../core/rollouts/rollout.js';
import { describeAction } from '../../tui/lib/action-request.js';
import { lineText } from '../../tui/lib/styled-line.js';
import { INITIAL_UI, pickNext, reduceUi } from '../../tui/lib/ui-state.js';

describe('dashboard helpers', () => {
  it('draws a trend scaled to its largest value, gaps for missing samples', () => {
    expect(sparkline([0, 7, 14])).toBe('▁▅█');
    expect(sparkline([0, null, 0])).toBe('▁ ▁');
  });

  it('draws progress bars and ETAs, unknown when the rate is', () => {
    expect(progressBar(0.5, 8)).toBe('████░░░░');
    expect(progressBar(2, 4)).toBe('████');
    expect(progressBar(Number.NaN, 4)).toBe('░░░░');
    expect(etaText(60, 1 / 1000)).toBe('ETA 1m00s');
    expect(etaText(60, null)).toBe('ETA —');
    expect(etaText(60, 0)).toBe('ETA —');
  });

  it('measures rates over the kept samples and restarts when a counter goes down', () => {
    let samples = appendRateSamples(new Map(), 0, new Map([['a', 0]]));
    expect(ratePerMs(samples.get('a'))).toBeNull();
    samples = appendRateSamples(samples, 1000, new Map([['a', 500]]));
    expect(ratePerMs(samples.get('a'))).toBe(0.5);
    samples = appendRateSamples(samples, 2000, new Map([['a', 10]]));
    expect(samples.get('a')).toEqual([{ at: 2000, value: 10 }]);
    expect(appendRateSamples(samples, 3000, new Map()).size).toBe(0);
  });

  it('peels Esc one layer at a time: filter, drill-down, then the screen Enter came from', () => {
    let ui = reduceUi(INITIAL_UI, { type: 'go', screen: 'recoveries' }, 5);
    ui = reduceUi(ui, { type: 'drill-recovery', id: 'r1' }, 5);
    ui = reduceUi(reduceUi(ui, { type: 'filter' }, 5), { type: 'filter-type', text: 'x' }, 5);
    expect(ui).toMatchObject({ screen: 'recoveries', recoveryId: 'r1', filter: 'x', filtering: true });
    ui = reduceUi(ui, { type: 'back' }, 5);
    expect(ui).toMatchObject({ recoveryId: 'r1', filter: '' });
    ui = reduceUi(ui, { type: 'back' }, 5);
    expect(ui).toMatchObject({ screen: 'recoveries', recoveryId: null });
    ui = reduceUi(ui, { type: 'back' }, 5);
    expect(ui).toMatchObject({ screen: 'clusters', history: [] });
    expect(reduceUi(ui, { type: 'back' }, 5)).toBe(ui);
  });

  it('keeps the cursor inside the list and steps through pickers to a confirmation', () => {
    expect(reduceUi(INITIAL_UI, { type: 'move', delta: 10 }, 3).cursor).toBe(2);
    expect(reduceUi({ ...INITIAL_UI, cursor: 2 }, { type: 'move', delta: -10 }, 3).cursor).toBe(0);
    const request = { kind: 'ack', cluster: 'c' } as const;
    expect(pickNext({ kind: 'pick', title: 't', cursor: 0, options: [{ label: 'a', next: request }] })).toEqual({ kind: 'confirm', request });
  });

  it('keeps help and quit in the footer at any width, dropping screen names and action keys first', () => {
    expect(lineText(footerLine('topology', false))).toBe(' 1 clusters 2 topology 3 problems 4 recoveries 5 seeds+rollouts 6 audit  ? help · q quit · / filter · T takeover · M relocate · D/U downtime · S seed');
    expect(lineText(footerLine('topology', false, 100))).toBe(' 1 2 topology 3 4 5 6  ? help · q quit · / filter · T takeover · M relocate · D/U downtime · S seed');
    expect(lineText(footerLine('topology', false, 60))).toBe(' 1 2 topology 3 4 5 6  ? help · q quit');
    expect(lineText(footerLine('audit', true, 100))).toBe(' 1 clusters 2 topology 3 problems 4 recoveries 5 seeds+rollouts 6 audit  read-only · ? help · q quit');
  });
});

describe('rollout ids', () => {
  it('names an orc fleet rollout by the id orc rollout start printed, and an external one by NAMESPACE/ENTITY', () => {
    const fleet = newRollout({ namespace: 'orc', entity: 'r-0123456789' }, 0);
    const external = newRollout({ namespace: 'prod', entity: 'api' }, 0);
    const rows = seedRolloutItems([], [fleet, external], new Map(), 0).map((item) => lineText(item.line));
    expect(rows[0]).toMatch(/^rollout r-0123456789 /);
    expect(rows[1]).toMatch(/^rollout prod\/api /);
    expect(describeAction({ kind: 'abort-rollout', key: fleet })[0]).toBe('Abort rollout r-0123456789.');
  });
});

describe('NO_COLOR', () => {
  const level = chalk.level;
  afterEach(() => {
    chalk.level = level;
  });

  it('draws tones in colour, and without colour (bold kept) when colours are off', () => {
    chalk.level = 1;
    const line = [{ text: 'down', tone: 'danger' as const, bold: true }];
    const coloured = render(<LineView line={line} width={20} />);
    expect(coloured.lastFrame()).toContain('\u001B[31m');
    coloured.unmount();
    const plain = render(
      <ColorContext.Provider value={false}>
        <LineView line={line} width={20} />
      </ColorContext.Provider>,
    );
    expect(plain.lastFrame()).not.toContain('\u001B[31m');
    expect(plain.lastFrame()).toContain('\u001B[1m');
    expect(plain.lastFrame()).toContain('down');
    plain.unmount();
  });
});

describe('keys by mode', () => {
  const bindings = [...DASHBOARD_KEYS, ...ACTION_KEYS];
  const request = { kind: 'ack', cluster: 'c' } as const;

  it('types into the filter while filtering, so q and digits are text there', () => {
    const ui = { ...INITIAL_UI, filtering: true };
    expect(keyEvent(ui, 'q', {}, bindings)).toEqual({ type: 'ui', event: { type: 'filter-type', text: 'q' } });
    expect(keyEvent(ui, '', { backspace: true }, bindings)).toEqual({ type: 'ui', event: { type: 'filter-erase' } });
    expect(keyEvent(ui, '', { escape: true }, bindings)).toEqual({ type: 'ui', event: { type: 'filter-cancel' } });
  });

  it('runs a confirmed action only on y; n, Esc and q cancel; a running action ignores keys but Ctrl-C', () => {
    const confirm = { ...INITIAL_UI, modal: { kind: 'confirm', request } as const };
    expect(keyEvent(confirm, 'y', {}, bindings)).toEqual({ type: 'confirm' });
    expect(keyEvent(confirm, 'Y', {}, bindings)).toBeNull();
    expect(keyEvent(confirm, '', { return: true }, bindings)).toBeNull();
    for (const [input, key] of [['n', {}], ['', { escape: true }], ['q', {}]] as const) {
      expect(keyEvent(confirm, input, key, bindings)).toEqual({ type: 'ui', event: { type: 'modal', modal: null } });
    }
    const running = { ...INITIAL_UI, modal: { kind: 'running', request } as const };
    expect(keyEvent(running, 'q', {}, bindings)).toBeNull();
    expect(keyEvent(running, 'c', { ctrl: true }, bindings)).toEqual({ type: 'app', action: { type: 'quit' } });
  });

  it('offers action keys only when they are bound (read-only mode leaves them out)', () => {
    expect(keyEvent(INITIAL_UI, 'T', {}, bindings)).toEqual({ type: 'app', action: { type: 'act', kind: 'takeover' } });
    expect(keyEvent(INITIAL_UI, 'T', {}, DASHBOARD_KEYS)).toBeNull();
  });
});
