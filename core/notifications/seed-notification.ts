import { formatInstanceKey } from '../model/instance-key.js';
import type { Seed } from '../seeds/seed.js';
import type { Notification } from './notification.js';

/** The notification of a seed that ended (Completed or Failed), or null while it runs. */
export function seedEndNotification(seed: Seed): Notification | null {
  if (seed.endedAt === null || (seed.status !== 'Completed' && seed.status !== 'Failed')) return null;
  const completed = seed.status === 'Completed';
  const target = formatInstanceKey(seed.target);
  return {
    kind: 'seed',
    severity: completed ? 'info' : 'critical',
    title: `Seed ${seed.id} of ${target} ${completed ? 'completed' : 'failed'}`,
    cluster: null,
    fields: [
      { label: 'Method', value: seed.method },
      { label: 'Source', value: formatInstanceKey(seed.source) },
      { label: 'Target', value: target },
      { label: 'Stage', value: seed.stage },
      ...(seed.startedAt !== null ? [{ label: 'Duration', value: `${Math.round((seed.endedAt - seed.startedAt) / 1000)} s` }] : []),
      ...(completed || seed.error === null ? [] : [{ label: 'Error', value: seed.error }]),
    ],
    at: seed.endedAt,
  };
}
