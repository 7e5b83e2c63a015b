import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HOOK_POINTS, hookPointAborts, hookPointByName } from '../../../core/hooks/hook-points.js';
import { DEFAULT_HOOK_TIMEOUT_MS, hooksSchema } from '../../../core/hooks/hooks-config.js';

function issueOf(raw: unknown): { path: string; message: string } {
  const result = z.strictObject({ hooks: hooksSchema }).safeParse({ hooks: raw });
  if (result.success) throw new Error(`expected ${JSON.stringify(raw)} to be refused`);
  const issue = result.error.issues[0]!;
  return { path: issue.path.join('.'), message: issue.message };
}

describe('hook points', () => {
  it('lists the eight points with orchestrator names; detection and pre-hooks abort', () => {
    expect(HOOK_POINTS.map((p) => p.orchestratorName)).toEqual([
      'OnFailureDetectionProcesses',
      'PreGracefulTakeoverProcesses',
      'PreFailoverProcesses',
      'PostMasterFailoverProcesses',
      'PostIntermediateMasterFailoverProcesses',
      'PostFailoverProcesses',
      'PostUnsuccessfulFailoverProcesses',
      'PostGracefulTakeoverProcesses',
    ]);
    expect(HOOK_POINTS.filter((p) => hookPointAborts(p.point)).map((p) => p.point)).toEqual([
      'onFailureDetection',
      'preGracefulTakeover',
      'preFailover',
    ]);
    expect(hookPointByName('PostMasterFailoverProcesses')).toBe('postPrimaryFailover');
    expect(hookPointByName('postFailover')).toBe('postFailover');
    expect(hookPointByName('PostMasterFailover')).toBeUndefined();
  });
});

describe('hooks config', () => {
  it('defaults to no hooks at every point', () => {
    const cfg = z.strictObject({ hooks: hooksSchema }).parse({}).hooks;
    expect(Object.keys(cfg).sort()).toEqual(HOOK_POINTS.map((p) => p.point).sort());
    for (const list of Object.values(cfg)) expect(list).toEqual([]);
  });

  it('tokenizes orchestrator strings at load time and accepts argv and shell objects', () => {
    const cfg = hooksSchema.parse({
      preFailover: [
        "/usr/local/bin/notify {failureType} 'cluster {failureClusterAlias}' {failedHost}",
        { argv: ['/usr/local/bin/check', '--host', '{failedHost}'], timeoutMs: 5000 },
        { argv: ['/bin/true'], shell: false },
      ],
      PostFailoverProcesses: [{ shell: 'echo "$ORC_FAILED_HOST" >> /var/log/orc-failovers', timeoutMs: 1000 }],
    });
    expect(cfg.preFailover).toEqual([
      {
        kind: 'argv',
        argv: ['/usr/local/bin/notify', '{failureType}', 'cluster {failureClusterAlias}', '{failedHost}'],
        timeoutMs: DEFAULT_HOOK_TIMEOUT_MS,
        display: "/usr/local/bin/notify {failureType} 'cluster {failureClusterAlias}' {failedHost}",
      },
      { kind: 'argv', argv: ['/usr/local/bin/check', '--host', '{failedHost}'], timeoutMs: 5000, display: '/usr/local/bin/check --host {failedHost}' },
      { kind: 'argv', argv: ['/bin/true'], timeoutMs: DEFAULT_HOOK_TIMEOUT_MS, display: '/bin/true' },
    ]);
    expect(cfg.postFailover).toEqual([
      { kind: 'shell', script: 'echo "$ORC_FAILED_HOST" >> /var/log/orc-failovers', timeoutMs: 1000, display: 'shell: echo "$ORC_FAILED_HOST" >> /var/log/orc-failovers' },
    ]);
    expect(DEFAULT_HOOK_TIMEOUT_MS).toBe(30_000);
  });

  it('accepts every orchestrator key as an alias of its point', () => {
    const raw = Object.fromEntries(HOOK_POINTS.map((p) => [p.orchestratorName, [`/bin/echo ${p.point}`]]));
    const cfg = hooksSchema.parse(raw);
    for (const p of HOOK_POINTS) expect(cfg[p.point].map((h) => h.kind === 'argv' && h.argv[1])).toEqual([p.point]);
  });

  it('shows argv objects quoted for display', () => {
    const cfg = hooksSchema.parse({ postFailover: [{ argv: ['/bin/notify', 'two words', "it's"] }] });
    expect(cfg.postFailover[0]!.display).toBe(`/bin/notify 'two words' 'it'\\''s'`);
  });

  it.each([
    [{ preFailover: ['/bin/notify {failedHots}'] }, 'preFailover.0', 'hook "/bin/notify {failedHots}": unknown placeholder {failedHots}'],
    [{ postFailover: [{ argv: ['/bin/notify', 'x', '--to={oncall}'] }] }, 'postFailover.0', 'unknown placeholder {oncall}'],
    [{ preFailover: ["/bin/notify 'open"] }, 'preFailover.0', `hook "/bin/notify 'open": unbalanced single quote at column 13`],
    [{ PreFailoverProcesses: ["echo 'x' >> /tmp/recovery.log"] }, 'PreFailoverProcesses.0', 'is shell syntax'],
    [{ postFailover: [{ shell: 'notify {failedHost}' }] }, 'postFailover.0.shell', 'must not contain placeholders ({failedHost})'],
    [{ postFailover: [{ shell: 'notify {failedHost}' }] }, 'postFailover.0.shell', 'write "$ORC_FAILED_HOST" (quoted) instead'],
    [{ postFailover: [{ shell: '   ' }] }, 'postFailover.0.shell', 'shell script is empty'],
    [{ postFailover: [{ argv: [] }] }, 'postFailover.0.argv', 'argv needs at least the program'],
    [{ postFailover: [{ argv: [''] }] }, 'postFailover.0.argv.0', 'argv[0] (the program) is empty'],
    [{ postFailover: [{ argv: ['/bin/x'], shell: true }] }, 'postFailover.0.shell', 'shell must be false'],
    [{ postFailover: [{ argv: ['/bin/x'], timeoutMs: 0 }] }, 'postFailover.0.timeoutMs', ''],
    [{ postFailover: [{ argv: ['/bin/x'], timeout: 5 }] }, 'postFailover.0', 'timeout'],
    [{ postFailover: [42] }, 'postFailover.0', 'a hook is a command string'],
    [{ postFailover: '/bin/x' }, 'postFailover', ''],
    [{ PostMasterFailover: [] }, '', 'PostMasterFailover'],
    [{ preFailover: ['/bin/a'], PreFailoverProcesses: ['/bin/b'] }, 'PreFailoverProcesses', 'give either preFailover or PreFailoverProcesses, not both'],
  ])('refuses %j naming the hook', (raw, path, message) => {
    const issue = issueOf(raw);
    expect(issue.path).toBe(path === '' ? 'hooks' : `hooks.${path}`);
    expect(issue.message).toContain(message);
  });

  it('lets shell hooks use shell variables and braces that are not placeholders', () => {
    const script = 'host="${failedHost:-$ORC_FAILED_HOST}"; awk \'{print}\' </dev/null; echo "{host} ${ORC_FAILED_PORT}"';
    expect(hooksSchema.parse({ postFailover: [{ shell: script }] }).postFailover[0]).toMatchObject({ kind: 'shell', script });
  });
});
