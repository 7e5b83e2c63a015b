import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One option of an option file: its group, its key (dashes as underscores) and its value ('' for a bare flag). */
export interface CnfOption {
  readonly group: string;
  readonly key: string;
  readonly value: string;
}

/** One line that matters in an option file: an option, or an include of a file or of a directory's *.cnf files. */
export type CnfLine = ({ readonly kind: 'option' } & CnfOption) | { readonly kind: 'include' | 'includedir'; readonly path: string };

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', b: '\b', s: ' ' };

function unquote(raw: string): string {
  const v = raw.trim();
  const q = v[0];
  if (q === '"' || q === "'") {
    // A quoted value ends at its closing quote (escapes taken); what follows (a comment) is not part of it.
    let out = '';
    for (let i = 1; i < v.length; i++) {
      const c = v[i]!;
      if (c === q) return out;
      if (c === '\\' && i + 1 < v.length) {
        const next = v[++i]!;
        out += ESCAPES[next] ?? next;
      } else out += c;
    }
  }
  // An unquoted value (or one never closed) ends at a comment.
  return v.replace(/\s+#.*$/, '');
}

/** The lines of one option file's text that matter, in order (comments and blank lines left out). */
export function parseCnfText(text: string): CnfLine[] {
  const out: CnfLine[] = [];
  let group = '';
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const include = /^!(include|includedir)\s+(.+)$/.exec(line);
    if (include) {
      out.push({ kind: include[1] as 'include' | 'includedir', path: include[2]!.trim() });
      continue;
    }
    const header = /^\[([^\]]+)\]/.exec(line);
    if (header) {
      group = header[1]!.trim().toLowerCase();
      continue;
    }
    const eq = line.indexOf('=');
    const key = (eq < 0 ? line : line.slice(0, eq)).trim().replace(/-/g, '_').toLowerCase();
    out.push({ kind: 'option', group, key, value: eq < 0 ? '' : unquote(line.slice(eq + 1)) });
  }
  return out;
}

/** The value the server reads for key from these options (its groups, the last one set wins), or null. */
export function serverOption(options: readonly CnfOption[], key: string): string | null {
  const groups = new Set(['mysqld', 'server', 'mariadbd', 'mariadb']);
  const wanted = key.replace(/-/g, '_').toLowerCase();
  let found: string | null = null;
  for (const o of options) if (groups.has(o.group) && o.key === wanted) found = o.value;
  return found;
}

function readIncluded(file: string, depth: number): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    // The server skips an !include of a file that does not exist (orc's rollout option file before its first write).
    if (depth > 0 && (err as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw err;
  }
}

/** Every option of an option file and the files it includes (a missing included file adds nothing), in the order the server reads them. */
export function loadCnfOptions(file: string, depth = 0): CnfOption[] {
  if (depth > 10) return [];
  const out: CnfOption[] = [];
  for (const line of parseCnfText(readIncluded(file, depth))) {
    if (line.kind === 'option') out.push(line);
    else if (line.kind === 'include') out.push(...loadCnfOptions(line.path, depth + 1));
    else {
      let names: string[] = [];
      try {
        names = readdirSync(line.path).filter((n) => n.endsWith('.cnf')).sort();
      } catch {
        // a missing include directory adds nothing, as for the server
      }
      for (const n of names) out.push(...loadCnfOptions(join(line.path, n), depth + 1));
    }
  }
  return out;
}
