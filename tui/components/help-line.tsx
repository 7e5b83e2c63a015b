import { helpText, type KeyBinding } from '../lib/key-map.js';
import { LineView } from './line-view.js';

/** The bottom row: the keys the screen understands. */
export function HelpLine({ bindings, width }: { readonly bindings: readonly KeyBinding[]; readonly width: number }) {
  return <LineView line={[{ text: helpText(bindings), tone: 'dim' }]} width={width} />;
}
