import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labOwningPort } from '../../../ci-env/lab-owning-port.js';

const labCli = join(resolve(import.meta.dirname, '../../..'), 'ci-env/lab');

/** A lab directory with only the state a port lookup reads (no server runs). */
function fakeLab(root: string, name: string, ports: number[]): void {
  mkdirSync(join(root, name), { recursive: true });
  const state = { version: 1, name, dir: join(root, name), instances: ports.map((port, i) => ({ port, role: i === 0 ? 'primary' : 'replica', serverId: i + 1, source: i === 0 ? null : ports[0] })) };
  writeFileSync(join(root, name, 'lab.json'), JSON.stringify(state));
}

describe('the lab that owns a port (fault verbs without --name)', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'orc-lab-owner-'));
    fakeLab(root, 'alpha', [31000, 31001, 31002]);
    fakeLab(root, 'beta', [32000, 32001]);
    fakeLab(root, 'stale', [32001]);
    mkdirSync(join(root, 'not-a-lab'));
    mkdirSync(join(root, 'broken'));
    writeFileSync(join(root, 'broken', 'lab.json'), '{');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('finds the one lab with a server on the port, skipping directories that are not labs', () => {
    expect(labOwningPort(31002, root)).toBe('alpha');
    expect(labOwningPort(32000, root)).toBe('beta');
  });

  it('refuses a port no lab has, and one that two labs claim, telling to give --name', () => {
    expect(() => labOwningPort(31003, root)).toThrow(expect.objectContaining({ code: 'orc_lab_failed', message: `no lab under ${root} has a server on port 31003; give --name` }));
    expect(() => labOwningPort(32001, root)).toThrow(expect.objectContaining({ message: `port 32001 belongs to several labs under ${root} (beta, stale); give --name` }));
    expect(() => labOwningPort(31000, join(root, 'missing'))).toThrow(expect.objectContaining({ message: expect.stringContaining('has a server on port 31000') }));
  });

  it('ci-env/lab prints the same one line and exits 1 for a fault verb it cannot place', async () => {
    const failed = await promisify(execFile)(labCli, ['freeze', '32001', '--root', root]).catch((e: { code: number; stderr: string }) => e);
    expect(failed).toMatchObject({ code: 1, stderr: `lab: port 32001 belongs to several labs under ${root} (beta, stale); give --name\n` });
  });
});
