import mysql from 'mysql2/promise';
import { expect } from 'vitest';
import type { FleetRollout } from '../../../core/rollouts/fleet/fleet-rollout.js';
import type { Rollout } from '../../../core/rollouts/rollout.js';
import type { LabWithOrcProcess } from '../../support/lab-with-orc-process.js';
import { orc } from '../../support/run-orc.js';
import { until } from '../../support/service-harness.js';

/** What the fleet rollout lab tests ask of their lab: a global variable, a started rollout, its fleet record, its end. */
export interface FleetLabQueries {
  globalOf(server: string, name: string): Promise<string>;
  start(...flags: string[]): Promise<string>;
  fleetOf(id: string): Promise<FleetRollout>;
  ended(id: string, timeoutMs: number): Promise<Rollout>;
}

/** The queries over a lab with orc running, whose rollouts start on the cluster of primary (HOST:PORT). */
export function fleetLabQueries(setup: LabWithOrcProcess, primary: string): FleetLabQueries {
  const fleetOf = async (id: string): Promise<FleetRollout> => (await setup.store.getFleetRollout(id))!;
  return {
    async globalOf(server, name) {
      const conn = await mysql.createConnection({ host: '127.0.0.1', port: Number(server.split(':')[1]), user: setup.lab.user, password: setup.lab.password });
      try {
        const [rows] = await conn.query(`SELECT @@GLOBAL.${name} AS v`);
        return String((rows as { v: unknown }[])[0]!.v);
      } finally {
        await conn.end();
      }
    },
    async start(...flags) {
      const r = await orc('rollout', 'start', primary, ...flags, '--config', setup.lab.config);
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      return r.out.trim();
    },
    fleetOf,
    async ended(id, timeoutMs) {
      await until(`rollout ${id} to end`, async () => (await fleetOf(id)).done, timeoutMs, 100);
      return setup.store.getRollout({ namespace: 'orc', entity: id }) as Promise<Rollout>;
    },
  };
}
