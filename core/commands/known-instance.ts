import { NotFoundError } from '../errors.js';
import type { InstanceRecord } from '../model/instance.js';
import { formatInstanceKey, parseInstanceKey } from '../model/instance-key.js';
import type { Store } from '../ports/store.js';

/** Parses HOST:PORT and returns what orc knows of it; an instance orc never discovered is orc_unknown_instance. */
export async function knownInstance(store: Store, text: string): Promise<InstanceRecord> {
  const key = parseInstanceKey(text);
  const record = await store.getInstance(key);
  if (!record) {
    throw new NotFoundError('orc_unknown_instance', `unknown instance ${formatInstanceKey(key)}: run orc discover first`, { instance: formatInstanceKey(key) });
  }
  return record;
}
