import { describeAction } from './action-request.js';
import type { Modal } from './modal.js';
import type { StyledLine } from './styled-line.js';

/** The rows of an open modal (pure): a picker's choices, a confirmation of what will happen, progress, or the outcome. */
export function modalLines(modal: Modal, actor: string): StyledLine[] {
  switch (modal.kind) {
    case 'pick':
      return [
        [{ text: modal.title, tone: 'accent', bold: true }],
        ...modal.options.map((o, i): StyledLine => [{ text: `${i === modal.cursor ? '› ' : '  '}${o.label}`, tone: i === modal.cursor ? 'accent' : 'normal', bold: i === modal.cursor, inverse: i === modal.cursor }]),
        [{ text: '↑/↓ choose · ⏎ next · Esc cancel', tone: 'dim' }],
      ];
    case 'confirm':
      return [
        [{ text: 'Confirm', tone: 'warning', bold: true }],
        ...describeAction(modal.request).map((t): StyledLine => [{ text: t }]),
        [{ text: `audited as ${actor}`, tone: 'dim' }],
        [{ text: 'y run · n/Esc cancel', tone: 'warning', bold: true }],
      ];
    case 'running':
      return [[{ text: `running: ${describeAction(modal.request)[0]}`, tone: 'accent' }], [{ text: 'waiting for the command…', tone: 'dim' }]];
    case 'result':
      return [
        [{ text: modal.ok ? `✓ ${modal.text}` : `✗ ${modal.text}`, tone: modal.ok ? 'ok' : 'danger', bold: true }],
        [{ text: 'press any key', tone: 'dim' }],
      ];
  }
}
