import type { RolloutDetailJson, RolloutListJson } from './fleet-rollout-json.js';

function columns(header: readonly string[], rows: readonly string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [header, ...rows].map((cells) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  '));
}

function counts(r: RolloutListJson['counts']): string {
  return `${r.succeeded}/${r.total} ok, ${r.pending} pending, ${r.failed} failed`;
}

/** `orc rollout list` as aligned columns: the id show and the controls take, phase, versions, counts. */
export function rolloutsText(rollouts: readonly RolloutListJson[]): string[] {
  if (rollouts.length === 0) return ['no rollout yet'];
  return columns(
    ['ID', 'PHASE', 'ROLLING', 'GOOD', 'BAD', 'TARGETS', 'UPDATED'],
    rollouts.map((r) => [r.id, r.paused ? `${r.phase} (${r.pauseReason ?? ''})` : r.phase, r.rollingVersion || '-', r.lastKnownGoodVersion || '-', r.lastKnownBadVersion || '-', counts(r.counts), r.updatedAt]),
  );
}

type FleetServerJson = NonNullable<RolloutDetailJson['fleet']>['servers'][number];

/** Whether a server's change is in its option file, as `orc rollout show` says it. */
function persistedText(s: FleetServerJson): string {
  switch (s.persistence) {
    case 'persisted':
      return `yes (${s.optionFile ?? ''})`;
    case 'restored':
      return `restored (${s.optionFile ?? ''})`;
    case 'failed':
      return 'no (failed)';
    case 'set-global-only':
      return 'no (no agent option file)';
    default:
      return '-';
  }
}

function commandExit(run: NonNullable<FleetServerJson['command']>): string {
  if (run.error !== null) return 'not started';
  if (run.timedOut) return 'timed out';
  return run.exitCode !== null ? String(run.exitCode) : (run.signal ?? 'killed');
}

/** The last 3 lines of a command's output on one line (' | ' between them). */
function lastLines(output: string): string {
  const lines = output.trimEnd().split('\n').slice(-3).join(' | ');
  return lines === '' ? '-' : lines;
}

/** `orc rollout show ID`: the rollout, its servers (for a fleet rollout: applied version, previous values, gates) and its steps. */
export function rolloutDetailText(d: RolloutDetailJson): string[] {
  const r = d.rollout;
  const f = d.fleet;
  const lines = [
    f ? `rollout ${d.id}: ${f.command !== null ? `command ${f.command}` : f.changes.map((c) => `${c.name}=${c.value}`).join(', ')} on ${f.cluster}${f.includePrimary ? ' (primary last)' : ''}, by ${f.actor}` : `rollout ${d.id}`,
    `  ${r.phase}${r.paused ? ` (paused: ${r.pauseReason ?? ''})` : ''}: rolling ${r.rollingVersion || '-'}, good ${r.lastKnownGoodVersion || '-'}, bad ${r.lastKnownBadVersion || '-'}; step ${r.step}; ${counts(r.counts)}`,
    `  options: ${r.options.steps ? `steps ${r.options.steps.join(',')}` : `batches of ${r.options.batchPercent} %`}, soak ${r.options.successTimeoutSecs} s, fail after ${r.options.durationTimeoutSecs} s${r.options.pauseBetweenSteps ? ', pause between steps' : ''}`,
  ];
  if (f) lines.push(`  gates: replication running, lag <= ${f.gates.maxLagSecs} s, no new error${f.gates.query ? `, query: ${f.gates.query}` : ''}${f.done ? '; done' : ''}`);
  const wanted = new Map(d.targets.map((t) => [t.name, t]));
  const rows = f
    ? f.servers.map((s) => [
        s.name,
        s.role,
        wanted.get(s.name)?.version ?? '-',
        s.applied,
        s.previous ? Object.entries(s.previous).map(([k, v]) => `${k}=${v ?? 'NULL'}`).join(',') : '-',
        persistedText(s),
        s.failure || s.gate || (s.applied === 'after' ? 'passing' : '-'),
      ])
    : d.targets.map((t) => [t.name, t.group || '-', t.version, t.reportedVersion, '-', t.isError ? t.message || 'error' : '-']);
  lines.push('servers:');
  const header = f ? ['NAME', 'ROLE', 'WANTED', 'APPLIED', 'PREVIOUS', 'PERSISTED', 'GATES'] : ['NAME', 'GROUP', 'WANTED', 'REPORTED', 'PREVIOUS', 'GATES'];
  for (const line of columns(header, rows)) lines.push(`  ${line}`);
  if (f && f.command !== null) {
    lines.push('commands:');
    // A run still going shows as running since orc asked for it; otherwise the latest run's end.
    const runs = f.servers.flatMap((s) =>
      s.pendingRun ? [[s.name, s.pendingRun.phase, 'running', `since ${s.pendingRun.askedAt} (run ${s.pendingRun.id})`]] : s.command ? [[s.name, s.command.phase, commandExit(s.command), lastLines(s.command.output)]] : [],
    );
    if (runs.length === 0) lines.push('  (none run yet)');
    for (const line of runs.length > 0 ? columns(['SERVER', 'PHASE', 'EXIT', 'OUTPUT (tail)'], runs) : []) lines.push(`  ${line}`);
  }
  if (f) {
    lines.push('steps:');
    if (f.steps.length === 0) lines.push('  (none yet)');
    for (const line of f.steps.length > 0 ? columns(['AT', 'SERVER', 'ACTION', 'OUTCOME', 'DETAIL'], f.steps.map((s) => [s.at, s.server, s.action, s.outcome, s.detail])) : []) lines.push(`  ${line}`);
  }
  return lines;
}
