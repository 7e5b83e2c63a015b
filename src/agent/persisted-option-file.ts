import type { PersistedChange } from '../../core/ports/agent-client.js';

/** What a new option file starts with: who owns it and why its lines are loose. */
export const PERSISTED_FILE_HEADER = [
  '# Server variables persisted by orc rollouts (written by the orc agent; one line per variable).',
  '# loose-: a variable the server does not know at start is a warning, never a refusal to start.',
];

const GROUP = 'mysqld';
const HEADER = /^\s*\[([^\]]+)\]/;

/** The variable an option line sets (dashes as underscores, lower case, any loose- prefix dropped), or null. */
function optionName(line: string): string | null {
  const t = line.trim();
  if (t === '' || t.startsWith('#') || t.startsWith(';') || t.startsWith('!') || t.startsWith('[')) return null;
  const eq = t.indexOf('=');
  const key = (eq < 0 ? t : t.slice(0, eq)).trim().replace(/-/g, '_').toLowerCase();
  return key.startsWith('loose_') ? key.slice('loose_'.length) : key;
}

function optionValue(line: string): string {
  const eq = line.indexOf('=');
  return eq < 0 ? '' : line.slice(eq + 1).trim();
}

/** The line orc writes for a variable (values are checked plain words: no quoting needed). */
export function persistedLine(name: string, value: string): string {
  return `loose-${name}=${value}`;
}

/** The variables set in the [mysqld] group of orc's option file text (the last line of a name wins). */
export function persistedVariables(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  let group = '';
  for (const line of text.split(/\r?\n/)) {
    const header = HEADER.exec(line);
    if (header) {
      group = header[1]!.trim().toLowerCase();
      continue;
    }
    const name = group === GROUP ? optionName(line) : null;
    if (name !== null) out[name] = optionValue(line);
  }
  return out;
}

/**
 * orc's option file text after the changes (pure): in the [mysqld] group, a changed variable's line is replaced in
 * place (its duplicates dropped) or removed (value null); a new one is appended at the end of the group (the group
 * and the file's header created when missing); every other line is kept as it was.
 */
export function editPersistedFile(text: string, changes: readonly PersistedChange[]): string {
  const wanted = new Map(changes.map((c) => [c.name.toLowerCase(), c.value]));
  const lines = text === '' ? [] : text.replace(/\r?\n$/, '').split(/\r?\n/);
  const out: string[] = [];
  const written = new Set<string>();
  let group = '';
  let groupEnd = -1;
  for (const line of lines) {
    const header = HEADER.exec(line);
    if (header) group = header[1]!.trim().toLowerCase();
    const name = !header && group === GROUP ? optionName(line) : null;
    if (name !== null && wanted.has(name)) {
      const value = wanted.get(name)!;
      if (value !== null && !written.has(name)) out.push(persistedLine(name, value));
      written.add(name);
    } else out.push(line);
    if (group === GROUP && (header || line.trim() !== '')) groupEnd = out.length;
  }
  const added = [...wanted].filter(([name, value]) => value !== null && !written.has(name)).map(([name, value]) => persistedLine(name, value!));
  if (added.length > 0) {
    if (groupEnd < 0) {
      if (out.length === 0) out.push(...PERSISTED_FILE_HEADER);
      else if (out[out.length - 1]!.trim() !== '') out.push('');
      out.push(`[${GROUP}]`);
      groupEnd = out.length;
    }
    out.splice(groupEnd, 0, ...added);
  }
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}
