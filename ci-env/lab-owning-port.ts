import { readdirSync } from 'node:fs';
import { labError } from './lab-error.js';
import { defaultLabRoot, labPaths } from './lab-paths.js';
import { readLabStateIfAny } from './lab-state.js';

/**
 * The name of the one lab under `root` that has a server on `port`, for fault verbs given no --name; a port that
 * no lab has, or that several have (a stale lab left behind), is a coded error telling to pass --name.
 */
export function labOwningPort(port: number, root?: string): string {
  const base = root ?? defaultLabRoot();
  let entries: string[];
  try {
    entries = readdirSync(base);
  } catch {
    entries = [];
  }
  const owners: string[] = [];
  for (const name of entries.sort()) {
    let ports: number[];
    try {
      ports = readLabStateIfAny(labPaths(name, root))?.instances.map((i) => i.port) ?? [];
    } catch {
      // A directory that is not a lab (bad name, no or unreadable lab.json) owns no port.
      continue;
    }
    if (ports.includes(port)) owners.push(name);
  }
  if (owners.length === 1) return owners[0]!;
  if (owners.length === 0) throw labError(`no lab under ${base} has a server on port ${port}; give --name`, { port });
  throw labError(`port ${port} belongs to several labs under ${base} (${owners.join(', ')}); give --name`, { port, labs: owners });
}
