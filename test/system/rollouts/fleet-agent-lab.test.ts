import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { killAgent, startAgent, startServer, stopServer } from '../../../ci-env/lab.js';
import { fleetLabQueries } from './fleet-lab-queries.js';
import { useLabWithOrcProcess } from '../../support/lab-with-orc-process.js';
import { LAB_PORTS } from '../../support/ports.js';
import { orc } from '../../support/run-orc.js';
import { until } from '../../support/service-harness.js';

const NAME = 't-fleet-agent';
const BASE = LAB_PORTS.fleetAgent;
const PRIMARY = `127.0.0.1:${BASE}`;
const REPLICAS = [1, 2].map((i) => `127.0.0.1:${BASE + i}`);

describe('fleet rollouts through the agents of a lab (a primary, 2 replicas, an agent each)', () => {
  const setup = useLabWithOrcProcess(NAME, BASE, {}, (raw) => {
    raw.rollouts = { tickMs: 200 };
    raw.discovery = { ...raw.discovery, pollIntervalMs: 500 };
  }, { replicas: 2, chain: 0, agents: true });
  const { globalOf, start, fleetOf, ended } = fleetLabQueries(setup, PRIMARY);

  const optionFile = (server: string): string => join(setup.lab.dir, server.split(':')[1]!, 'orc-rollouts.cnf');
  const persisted = (server: string): string => (existsSync(optionFile(server)) ? readFileSync(optionFile(server), 'utf8') : '');

  it('persists the change in each replica\'s option file through its agent, and a restarted replica keeps it', async () => {
    const t0 = performance.now();
    await setup.startOrc(3);
    await until('the 3 agents to register', async () => (await setup.store.listAgents()).length === 3, 30_000, 100);
    const id = await start('--change', 'slave_net_timeout=7', '--batch-size', '2', '--soak', '1', '--gate-timeout', '20');
    expect((await ended(id, 45_000)).phase).toBe('completed');
    for (const r of REPLICAS) {
      expect(await globalOf(r, 'slave_net_timeout')).toBe('7');
      expect(persisted(r)).toMatch(/^\[mysqld\]\nloose-slave_net_timeout=7\n$/m);
    }
    expect(existsSync(optionFile(PRIMARY))).toBe(false);
    const f = await fleetOf(id);
    expect(f.servers.map((s) => [s.name, s.persisted])).toEqual(REPLICAS.map((r) => [r, true]));
    const shown = await orc('rollout', 'show', id, '--config', setup.lab.config);
    for (const r of REPLICAS) expect(shown.out).toMatch(new RegExp(`${r.replace(/\./g, '\\.')} +replica +after +after +slave_net_timeout=4 +yes \\(${optionFile(r)}\\)`));
    const json = JSON.parse((await orc('rollout', 'show', id, '--json', '--config', setup.lab.config)).out);
    expect(json.fleet.servers.map((s: { persisted: boolean; optionFile: string }) => [s.persisted, s.optionFile])).toEqual(REPLICAS.map((r) => [true, optionFile(r)]));
    // The server reads the file at start: the value survives a restart.
    const port = Number(REPLICAS[1]!.split(':')[1]);
    await stopServer(NAME, port);
    await startServer(NAME, port);
    expect(await globalOf(REPLICAS[1]!, 'slave_net_timeout')).toBe('7');
    console.log(`persisted rollout, restart check: ${Math.round(performance.now() - t0)} ms`);
  }, 120_000);

  it('puts each option file back as it was when aborted: an earlier line restored, a new one removed', async () => {
    const t0 = performance.now();
    await until('every server reachable again', async () => (await setup.store.listInstances()).filter((i) => i.reachable).length === 3, 30_000, 100);
    const before = REPLICAS.map(persisted);
    const id = await start('--change', 'slave_net_timeout=9', '--change', 'max_connections=123', '--batch-size', '1', '--soak', '1', '--gate-timeout', '20', '--pause-between-steps');
    await until(`rollout ${id} to pause after its first step`, async () => (await setup.store.getRollout({ namespace: 'orc', entity: id }))?.phase === 'paused', 30_000, 100);
    expect(persisted(REPLICAS[0]!)).toContain('loose-slave_net_timeout=9\nloose-max_connections=123\n');
    const aborted = await orc('rollout', 'abort', id, '--reason', 'lab test', '--config', setup.lab.config);
    expect(aborted.code).toBe(0);
    expect((await ended(id, 45_000)).phase).toBe('rolled-back');
    expect(REPLICAS.map(persisted)).toEqual(before);
    expect(persisted(REPLICAS[0]!)).not.toContain('max_connections');
    expect(await globalOf(REPLICAS[0]!, 'slave_net_timeout')).toBe('7');
    const f = await fleetOf(id);
    expect(f.steps.map((s) => `${s.server} ${s.action} ${s.outcome}`)).toEqual([`${REPLICAS[0]} apply ok`, `${REPLICAS[0]} restore ok`]);
    expect(f.steps[1]!.detail).toContain(`${optionFile(REPLICAS[0]!)} as before`);
    console.log(`aborted persisted rollout: ${Math.round(performance.now() - t0)} ms`);
  }, 90_000);

  const datadir = (server: string): string => join(setup.lab.dir, server.split(':')[1]!, 'data');

  /** Declares rollout commands in the config of a server's agent and restarts the agent (argv arrays, no shell). */
  async function declareCommands(server: string, commands: Record<string, unknown>): Promise<void> {
    const port = Number(server.split(':')[1]);
    const file = setup.lab.agents.find((a) => a.serverPort === port)!.config;
    const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, any>;
    raw.rollouts = { ...raw.rollouts, commands };
    writeFileSync(file, JSON.stringify(raw, null, 2), { mode: 0o600 });
    await killAgent(NAME, port);
    await startAgent(NAME, port);
  }

  it('refuses a command rollout, storing nothing, naming every server whose agent does not declare the command', async () => {
    const t0 = performance.now();
    for (const r of REPLICAS) {
      const dir = datadir(r);
      await declareCommands(r, {
        mark: { run: ['touch', join(dir, 'orc-marker')], rollback: ['rm', '-f', join(dir, 'orc-marker')], timeoutMs: 10_000 },
        // Runs until the test creates the gate file, then marks its end: a long command the test ends when it wants.
        gated: { run: ['sh', '-c', 'while [ ! -e "$0" ]; do sleep 0.1; done; touch "$1"', join(dir, 'orc-gate'), join(dir, 'orc-gated')], rollback: ['rm', '-f', join(dir, 'orc-gated')], timeoutMs: 60_000 },
        flaky:
          r === REPLICAS[0]
            ? { run: ['touch', join(dir, 'orc-flaky')], rollback: ['rm', '-f', join(dir, 'orc-flaky')] }
            : { run: ['ls', join(dir, 'no-such-file')], rollback: ['rm', '-f', join(dir, 'orc-flaky')] },
      });
    }
    const stored = (await setup.store.listFleetRollouts()).length;
    const nope = await orc('rollout', 'start', PRIMARY, '--command', 'nope', '--config', setup.lab.config);
    expect(nope.code).not.toBe(0);
    expect(nope.err).toContain(`no agent to run nope on ${REPLICAS[0]} (its agent does not declare nope), ${REPLICAS[1]} (its agent does not declare nope)`);
    const primary = await orc('rollout', 'start', PRIMARY, '--command', 'mark', '--include-primary', '--config', setup.lab.config);
    expect(primary.code).not.toBe(0);
    expect(primary.err).toContain(`no agent to run mark on ${PRIMARY} (its agent does not declare mark)`);
    expect((await setup.store.listFleetRollouts()).length).toBe(stored);
    console.log(`command refusals (2 agents restarted): ${Math.round(performance.now() - t0)} ms`);
  }, 60_000);

  it("runs a declared command on each replica through its agent (a file touched in the server's datadir)", async () => {
    const t0 = performance.now();
    const id = await start('--command', 'mark', '--batch-size', '1', '--soak', '1', '--gate-timeout', '20');
    expect((await ended(id, 45_000)).phase).toBe('completed');
    for (const r of REPLICAS) expect(existsSync(join(datadir(r), 'orc-marker'))).toBe(true);
    const f = await fleetOf(id);
    expect(f.servers.map((s) => [s.name, s.command?.phase, s.command?.exitCode])).toEqual(REPLICAS.map((r) => [r, 'run', 0]));
    const shown = await orc('rollout', 'show', id, '--config', setup.lab.config);
    expect(shown.out).toContain(`rollout ${id}: command mark on ${PRIMARY}`);
    expect(shown.out).toMatch(new RegExp(`commands:\n +SERVER +PHASE +EXIT +OUTPUT \\(tail\\)\n +${REPLICAS[0]!.replace(/\./g, '\\.')} +run +0 +-\n`));
    console.log(`command rollout: ${Math.round(performance.now() - t0)} ms`);
  }, 60_000);

  it('fails a command that exits non-zero on the second replica and runs the rollback on both', async () => {
    const t0 = performance.now();
    // A failed step is marked bad once its gate timeout has passed: 3 s.
    const id = await start('--command', 'flaky', '--batch-size', '1', '--soak', '1', '--gate-timeout', '3');
    const r = await ended(id, 45_000);
    expect(r).toMatchObject({ phase: 'rolled-back', lastKnownBadVersion: 'after' });
    const f = await fleetOf(id);
    expect(f.steps.map((s) => `${s.server} ${s.action} ${s.outcome}`)).toEqual([`${REPLICAS[0]} apply ok`, `${REPLICAS[1]} apply failed`, `${REPLICAS[0]} restore ok`, `${REPLICAS[1]} restore ok`]);
    expect(f.steps[1]!.detail).toMatch(/^ran flaky: exit 2 \(.*no-such-file.*No such file or directory\)$/);
    expect(existsSync(join(datadir(REPLICAS[0]!), 'orc-flaky'))).toBe(false);
    const json = JSON.parse((await orc('rollout', 'show', id, '--json', '--config', setup.lab.config)).out);
    expect(json.fleet.command).toBe('flaky');
    expect(json.fleet.servers.map((s: { command: { phase: string; exitCode: number } }) => [s.command.phase, s.command.exitCode])).toEqual([
      ['rollback', 0],
      ['rollback', 0],
    ]);
    const audit = (await setup.store.listAudit({ limit: 200 })).filter((a) => a.target.startsWith(`orc/${id}`));
    expect(audit.find((a) => a.action === 'rollout-server-failed')!.detail).toContain('ran flaky: exit 2');
    console.log(`failed command rollout, rolled back: ${Math.round(performance.now() - t0)} ms`);
  }, 60_000);
  it('a long command shows as running; an abort meanwhile rolls the server back once its run ended, not under it', async () => {
    const t0 = performance.now();
    const first = REPLICAS[0]!;
    const id = await start('--command', 'gated', '--batch-size', '1', '--soak', '1', '--gate-timeout', '20');
    await until(`the run of gated on ${first} to be asked for`, async () => Boolean((await fleetOf(id)).servers[0]!.pendingRun), 30_000, 100);
    const shown = await orc('rollout', 'show', id, '--config', setup.lab.config);
    expect(shown.out).toMatch(new RegExp(`${first.replace(/\./g, '\\.')} +run +running +since `));
    const aborted = await orc('rollout', 'abort', id, '--reason', 'lab test', '--config', setup.lab.config);
    expect(aborted.code).toBe(0);
    // Nothing is rolled back under a running command: the run is still pending, the server still unchanged.
    expect((await fleetOf(id)).servers[0]!.pendingRun?.phase).toBe('run');
    expect((await fleetOf(id)).steps).toEqual([]);
    expect(existsSync(join(datadir(first), 'orc-gated'))).toBe(false);
    writeFileSync(join(datadir(first), 'orc-gate'), '');
    expect((await ended(id, 45_000)).phase).toBe('rolled-back');
    const f = await fleetOf(id);
    expect(f.steps.map((st) => `${st.server} ${st.action} ${st.outcome}`)).toEqual([`${first} apply ok`, `${first} restore ok`]);
    expect(f.servers.map((sv) => sv.pendingRun ?? null)).toEqual([null, null]);
    expect(existsSync(join(datadir(first), 'orc-gated'))).toBe(false);
    expect(existsSync(join(datadir(REPLICAS[1]!), 'orc-gated'))).toBe(false);
    console.log(`gated command, aborted while it ran: ${Math.round(performance.now() - t0)} ms`);
  }, 90_000);
});
