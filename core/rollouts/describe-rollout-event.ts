import type { RolloutEvent } from './rollout-event.js';

/** How many target names an event's text lists before "and N more". */
const NAMES_SHOWN = 10;

function listed(names: readonly string[]): string {
  const shown = names.slice(0, NAMES_SHOWN).join(', ');
  return names.length > NAMES_SHOWN ? `${shown} and ${names.length - NAMES_SHOWN} more` : shown;
}

/** One line about an event, for the audit log and notifications ("step 2: 3 targets told v2 (r1, r2, r3)"). */
export function describeRolloutEvent(e: RolloutEvent): string {
  const where = `${e.namespace}/${e.entity}`;
  switch (e.kind) {
    case 'step-started':
      return `${where}: ${e.rollback ? 'rollback ' : ''}step ${e.step}: ${e.targets.length} target${e.targets.length === 1 ? '' : 's'} told ${e.to} (${listed(e.targets)})`;
    case 'step-done':
      return `${where}: ${e.rollback ? 'rollback ' : ''}step ${e.step} of ${e.version} done`;
    case 'paused':
      return `${where}: rollout of ${e.version} paused: ${e.reason}`;
    case 'resumed':
      return `${where}: rollout of ${e.version} resumed`;
    case 'failed':
      return `${where}: ${e.version} marked bad: ${e.reason}${e.failedTargets.length > 0 ? ` (failed: ${listed(e.failedTargets)})` : ''}`;
    case 'marked-good':
      return `${where}: ${e.version} marked good: ${e.reason}`;
    case 'completed':
      return `${where}: every target runs ${e.version}`;
    case 'rolled-back':
      return `${where}: every target is back on ${e.to} (${e.version} is bad)`;
    case 'selection-failed':
      return `${where}: no batch of ${e.version} started: ${e.error}`;
    case 'dropped':
      return `${where}: ${e.targets.length} target${e.targets.length === 1 ? '' : 's'} dropped after 15 minutes without a report (${listed(e.targets)})`;
  }
}
