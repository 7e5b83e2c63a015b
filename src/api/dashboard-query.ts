import { InputError } from '../../core/errors.js';
import type { DashboardQuery } from '../../core/commands/load-dashboard.js';
import { DASHBOARD_SCREENS, isDashboardScreen } from '../../core/commands/dashboard-screen.js';

/** One dashboard refresh asked over the API: the wanted cluster, where it was in the list, and the screen on show. */
export interface DashboardRequest {
  readonly wanted: string | null;
  readonly previousIndex: number;
  readonly query: DashboardQuery;
}

const MAX_INDEX = 1_000_000;

/**
 * Parses `?cluster=&index=&screen=&recovery=` of GET /api/dashboard (each optional: no cluster is the first one,
 * screen defaults to clusters); a malformed one is orc_bad_input naming the parameter.
 */
export function dashboardRequest(query: unknown): DashboardRequest {
  const q = (query ?? {}) as Record<string, unknown>;
  const cluster = once(q, 'cluster');
  if (cluster !== undefined && (cluster.trim() === '' || cluster.length > 300)) throw bad('cluster', cluster, 'expected a cluster name, alias or HOST:PORT');
  const indexText = once(q, 'index');
  if (indexText !== undefined && (!/^\d{1,7}$/.test(indexText) || Number(indexText) > MAX_INDEX)) throw bad('index', indexText, `expected a whole number from 0 to ${MAX_INDEX}`);
  const screen = once(q, 'screen') ?? 'clusters';
  if (!isDashboardScreen(screen)) throw bad('screen', screen, `expected one of ${DASHBOARD_SCREENS.join(', ')}`);
  const recovery = once(q, 'recovery');
  if (recovery !== undefined && !/^[A-Za-z0-9_-]{1,64}$/.test(recovery)) throw bad('recovery', recovery, 'expected a recovery id');
  return { wanted: cluster?.trim() ?? null, previousIndex: indexText === undefined ? 0 : Number(indexText), query: { screen, recoveryId: recovery ?? null } };
}

function once(query: Record<string, unknown>, name: string): string | undefined {
  const value = query[name];
  if (value === undefined || typeof value === 'string') return value;
  throw new InputError(`${name}: give it once`, { field: name });
}

function bad(name: string, input: string, expected: string): InputError {
  return new InputError(`${name} "${input}": ${expected}`, { field: name, input });
}
