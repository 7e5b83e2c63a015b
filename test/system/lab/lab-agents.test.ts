import { execFile } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../core/config.js';
import { labDown, labInfo, type LabInfo, type LabStatus } from '../../../ci-env/lab.js';
import { createHttpAgentClient } from '../../../src/agent-client/http-agent-client.js';
import { LAB_PORTS } from '../../support/ports.js';
import { SeedDriver } from '../seeds/agent-seed-driver.js';
import { procGone, rows, withAdmin } from './lab-test-support.js';

const run = promisify(execFile);
const repo = resolve(import.meta.dirname, '../../..');
const labCli = join(repo, 'ci-env/lab');
const NAME = 't-lab-agents';
const BASE = LAB_PORTS.agentLabCli;
const SPARE = BASE + 1;

interface Registration {
  authorization: string | undefined;
  body: { url: string; host: string; port: number; info: { mysqlPort: number; methods: string[] } };
}

describe('lab up --spare --agents (through the CLI)', () => {
  let json: LabInfo;
  let orc: Server;
  const registrations: Registration[] = [];
  let registered: Promise<void>;

  beforeAll(async () => {
    await labDown(NAME);
    const { stdout } = await run(labCli, ['up', '--name', NAME, '--base-port', String(BASE), '--replicas', '0', '--chain', '0', '--spare', '1', '--agents', '--json'], { cwd: repo });
    json = JSON.parse(stdout) as LabInfo;
    // A stand-in for orc's API on the port the agents register with (after up: up refuses a taken port); agents retry every second.
    let onBoth!: () => void;
    registered = new Promise((resolveBoth) => (onBoth = resolveBoth));
    orc = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += String(c)));
      req.on('end', () => {
        if (req.method === 'POST' && req.url === '/api/agents') {
          registrations.push({ authorization: req.headers.authorization, body: JSON.parse(body) as Registration['body'] });
          if (new Set(registrations.map((r) => r.body.port)).size === 2) onBoth();
        }
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((ready) => orc.listen(BASE + 40, '127.0.0.1', ready));
  }, 120_000);

  afterAll(async () => {
    await labDown(NAME);
    await new Promise((done) => orc.close(done));
  });

  it('prints the spare and the agents, the agent token and the orc API in its JSON', async () => {
    expect(json.instances.map((i) => [i.port, i.role, i.source])).toEqual([
      [BASE, 'primary', null],
      [SPARE, 'spare', null],
    ]);
    expect(json.agents.map((a) => [a.serverPort, a.port, a.url])).toEqual([
      [BASE, BASE + 20, `http://127.0.0.1:${BASE + 20}`],
      [SPARE, BASE + 21, `http://127.0.0.1:${BASE + 21}`],
    ]);
    for (const a of json.agents) expect(a.pid).toBeGreaterThan(0);
    expect(json.agentToken).toMatch(/^.{16,}$/);
    expect(json.orcApi).toEqual({ host: '127.0.0.1', port: BASE + 40 });
    expect(await labInfo(NAME)).toEqual(json);
  });

  it('keeps the agent configs owner-only and writes an orc config with the API and the agent token', () => {
    for (const a of json.agents) expect(statSync(a.config).mode & 0o777).toBe(0o600);
    const cfg = parseConfig(JSON.parse(readFileSync(json.config, 'utf8')), {}, json.config, dirname(json.config));
    expect(cfg.api.listen).toEqual({ host: '127.0.0.1', port: BASE + 40 });
    expect(cfg.agents.token).toBe(json.agentToken);
  });

  it('builds the spare with the lab accounts, no data and an empty GTID state', async () => {
    const [v] = await withAdmin(json, SPARE, (c) => rows(c, 'SELECT @@gtid_binlog_pos AS b, @@gtid_current_pos AS c'));
    expect(v).toEqual({ b: '', c: '' });
    const dbs = await withAdmin(json, SPARE, (c) => rows(c, "SELECT SCHEMA_NAME AS s FROM information_schema.SCHEMATA WHERE SCHEMA_NAME NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys')"));
    expect(dbs).toEqual([]);
    const users = await withAdmin(json, SPARE, (c) => rows(c, "SELECT User AS u FROM mysql.global_priv WHERE Host = '127.0.0.1' ORDER BY User"));
    expect(users.map((u) => u.u)).toEqual(['app', 'orc_admin', 'orc_repl', 'orc_topology']);
  });

  it('has each agent register with the orc API, with the token, its URL, its server and its info', async () => {
    await registered;
    for (const a of json.agents) {
      const r = registrations.find((x) => x.body.port === a.serverPort)!;
      expect(r.authorization).toBe(`Bearer ${json.agentToken}`);
      expect(r.body).toMatchObject({ url: a.url, host: '127.0.0.1', port: a.serverPort, info: { mysqlPort: a.serverPort, methods: ['mariabackup', 'dump'] } });
    }
  });

  it('kills and starts an agent again with agent-kill and agent-start; status shows it', async () => {
    const status = async () => JSON.parse((await run(labCli, ['status', '--name', NAME, '--json'], { cwd: repo })).stdout) as LabStatus;
    expect((await status()).agents.map((a) => a.alive)).toEqual([true, true]);
    const before = json.agents[1]!.pid;
    await run(labCli, ['agent-kill', '--name', NAME, '--port', String(SPARE)], { cwd: repo });
    expect(procGone(before)).toBe(true);
    expect((await status()).agents.map((a) => a.alive)).toEqual([true, false]);
    await expect(run(labCli, ['agent-kill', '--name', NAME, '--port', String(SPARE)], { cwd: repo })).rejects.toMatchObject({ stderr: expect.stringMatching(/not running/) });
    await run(labCli, ['agent-start', '--name', NAME, '--port', String(SPARE)], { cwd: repo });
    const after = await status();
    expect(after.agents.map((a) => a.alive)).toEqual([true, true]);
    expect(after.agents[1]!.pid).not.toBe(before);
  });

  it('follows a server an agent restarted by its pid file, and down stops it and the agents', async () => {
    const client = createHttpAgentClient({ token: json.agentToken!, requestTimeoutMs: 10_000 });
    const seed = new SeedDriver(client, json, 'lab-cli-1', 'mariabackup', BASE, SPARE);
    for (const [stage, sides] of [['Prepare', ['target', 'source']], ['Backup', ['source']], ['Restore', ['target']], ['Cleanup', ['target', 'source']]] as const) await seed.run(stage, sides);
    const info = await labInfo(NAME);
    const spare = info.instances.find((i) => i.port === SPARE)!;
    expect(spare.pid).not.toBe(json.instances[1]!.pid);
    expect(procGone(json.instances[1]!.pid)).toBe(true);
    expect(procGone(spare.pid)).toBe(false);
    await run(labCli, ['down', '--name', NAME], { cwd: repo });
    for (const pid of [spare.pid, info.instances[0]!.pid, ...info.agents.map((a) => a.pid)]) expect(procGone(pid), `pid ${pid}`).toBe(true);
  });
});
