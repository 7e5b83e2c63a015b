import { isOutcomeUnknown, OperationError, OrcError, OutcomeUnknownError, RefusedError } from '../errors.js';
import { formatInstanceKey, sameInstance } from '../model/instance-key.js';
import type { StepAction } from './plan-step.js';
import type { RecoveryDeps } from './recovery-deps.js';
import { fenceHolds } from './fence-holds.js';

/** The set-read-only action of a plan. */
export type SetReadOnlyAction = Extract<StepAction, { kind: 'set-read-only' }>;

/** How many times a confirmed change is made when a re-read shows a late change undid it. */
const CONFIRM_ATTEMPTS = 3;

/**
 * Runs a set-read-only step and returns its message: a change whose outcome is unknown (timed out or aborted,
 * killed on the server) is decided by re-reading the server, never assumed either way; with `confirm` a success
 * is re-read too (a failed re-read fails the step) and made again when an earlier change that timed out landed
 * after it. Making a server writable is refused while the store holds it fenced (pending, fenced or diverged).
 */
export async function runSetReadOnly(action: SetReadOnlyAction, deps: RecoveryDeps, signal: AbortSignal): Promise<string> {
  const name = formatInstanceKey(action.target);
  const want = onOff(action.readOnly);
  if (!action.readOnly) await refuseWhileFenced(action, deps);
  for (let attempt = 1; ; attempt++) {
    const bounded = action.timeoutMs ? AbortSignal.any([signal, AbortSignal.timeout(action.timeoutMs)]) : signal;
    let unknown: OrcError | null = null;
    try {
      await deps.control.setReadOnly(action.target, action.readOnly, bounded);
      if (!action.confirm) return `read_only=${want}`;
    } catch (err) {
      if (!isOutcomeUnknown(err)) throw err;
      unknown = err as OrcError;
    }
    const facts = await deps.probe.probe(action.target, signal).catch(() => null);
    if (facts === null) {
      if (unknown) throw rethrown(unknown, `${name} cannot be re-read: read_only may be ON or OFF`);
      throw new OperationError(`${name}: read_only set ${want} but it cannot be re-read to confirm it (a late change may have undone it)`, { instance: name });
    }
    if (facts.readOnly === action.readOnly) {
      return unknown ? `read_only=${want} (re-read after ${unknown.code}: the change landed)` : `read_only=${want} (re-read)`;
    }
    if (unknown) throw rethrown(unknown, `re-read: read_only=${onOff(facts.readOnly)}`);
    if (attempt >= CONFIRM_ATTEMPTS) {
      throw new OperationError(`${name} still shows read_only=${onOff(facts.readOnly)} after setting it ${want} ${attempt} times: a late change keeps landing`, { instance: name });
    }
    // It succeeded, yet the server shows the other value: an earlier change given up on landed after it.
  }
}

async function refuseWhileFenced(action: SetReadOnlyAction, deps: RecoveryDeps): Promise<void> {
  const fence = (await deps.store.listFenced()).find((f) => sameInstance(f.instance, action.target) && fenceHolds(f));
  if (fence) {
    const name = formatInstanceKey(action.target);
    throw new RefusedError('orc_refused', `${name} is fenced (${fence.state} by recovery ${fence.recoveryId}): orc does not make it writable`, { instance: name, fence: fence.state });
  }
}

/** The error of a change of unknown outcome, with what the re-read found. */
function rethrown(err: OrcError, found: string): OrcError {
  const code = err.code === 'orc_aborted' ? 'orc_aborted' : 'orc_timeout';
  return new OutcomeUnknownError(code, `${err.message}; ${found}`, { ...err.details }, { cause: err });
}

function onOff(on: boolean): 'ON' | 'OFF' {
  return on ? 'ON' : 'OFF';
}
