import { rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Connection } from 'mysql2/promise';
import { OperationError, RefusedError } from '../../core/errors.js';
import type { SeedStage } from '../../core/seeds/seed-stage.js';
import { DumpPositionScanner } from './dump-position-scanner.js';
import { localRows, withLocalSql } from './local-server.js';
import { DUMP_LOAD_PROLOGUE, mariadbDumpArgv, mariadbLoadArgv } from './mariadb-argv.js';
import { expectSuccess, killChild } from './run-child.js';
import { mariadbRun, seedTempDir, type SeedHost } from './seed-host.js';
import type { ReceiverOffer, SeedWork, StageJob } from './seed-work.js';
import { probeServer } from './server-control.js';
import { listUserDatabases } from './user-databases.js';

const quoteName = (name: string): string => `\`${name.replace(/`/g, '``')}\``;

/**
 * Empties the target for a logical copy, without binary logging: its user databases dropped, its binary log and
 * GTID state reset (a dump's `SET GLOBAL gtid_slave_pos` conflicts with local GTIDs in strict mode: error 1947).
 */
async function emptyForLoad(conn: Connection): Promise<void> {
  await localRows(conn, 'SET SESSION sql_log_bin = 0');
  for (const db of await listUserDatabases(conn)) await localRows(conn, `DROP DATABASE ${quoteName(db.name)}`);
  await localRows(conn, 'RESET MASTER');
  await localRows(conn, "SET GLOBAL gtid_slave_pos = ''");
}

/**
 * The target's side of a logical (mariadb-dump) seed; the target pulls the copy itself. Decision: the target's
 * server stays up, and Prepare is destructive: it drops the user databases, resets the binary log (RESET MASTER) and
 * clears gtid_slave_pos, so the copy replaces the data set instead of merging into it and the dump's GTID position
 * is accepted. Backup pipes `mariadb-dump` of the source into `mariadb` (binary logging off) and reads the GTID
 * position from the dump as it streams by; Restore flushes privileges and checks the position took. Rollback
 * drops what was loaded: a logical target cannot get its old data back once Prepare ran (pick a physical seed to
 * keep it until the end), and a load stopped inside the mysql schema may leave its accounts incomplete. A copy
 * that was restored is kept by Cleanup and by an abort.
 */
export class DumpTargetWork implements SeedWork {
  constructor(private readonly host: SeedHost) {}

  async runStage(stage: SeedStage, job: StageJob): Promise<void> {
    switch (stage) {
      case 'Prepare':
        return this.prepare(job);
      case 'Backup':
        return this.load(job);
      case 'Restore':
        return this.verify(job);
      case 'Cleanup':
        return job.record().copy === 'restored' ? this.removeTemp(job) : this.rollBack(job);
      default:
        throw new OperationError(`the target of a dump seed runs no ${stage} stage`);
    }
  }

  receiveStream(_job: StageJob, _body: Readable): Promise<number> {
    throw new RefusedError('orc_refused', 'the target of a dump seed pulls its copy: it receives no stream');
  }

  openReceiver(_job: StageJob): Promise<ReceiverOffer> {
    throw new RefusedError('orc_refused', 'the target of a dump seed pulls its copy: it receives no stream');
  }

  async rollBack(job: StageJob): Promise<void> {
    const record = job.record();
    if (record.copy !== 'none' && record.copy !== 'restored') {
      await this.sql((c) => emptyForLoad(c));
      job.update({ copy: 'none' });
    }
    await this.removeTemp(job);
  }

  private async prepare(job: StageJob): Promise<void> {
    const probe = await probeServer(this.host.config, this.host.files());
    if (!probe.running) throw new OperationError('the target server does not answer on its socket: a dump loads into a running server');
    job.update({ serverWasRunning: true });
    const replica = await this.sql((c) => localRows(c, 'SHOW SLAVE STATUS'));
    if (replica.length > 0) throw new OperationError('the target is configured as a replica (SHOW SLAVE STATUS): reset it first');
    job.update({ copy: 'partial' });
    await this.sql((c) => emptyForLoad(c));
    job.update({ copy: 'empty', metadata: null });
  }

  private async load(job: StageJob): Promise<void> {
    const record = job.record();
    if (record.copy !== 'empty') throw new OperationError(`the target is not ready for the load (${record.copy}): Prepare must run again`);
    const { programs } = this.host.config;
    job.update({ copy: 'partial' });
    const dump = job.spawn(mariadbDumpArgv(mariadbRun(this.host, programs.mariadbDump, 'mariadb-dump'), record.source.host, record.source.port), {
      stdin: 'ignore',
      stdout: 'pipe',
    });
    const load = job.spawn(mariadbLoadArgv(mariadbRun(this.host, programs.mariadb, 'mariadb'), this.host.files().socket), { stdin: 'pipe', stdout: 'ignore' });
    const scanner = new DumpPositionScanner();
    let bytes = 0;
    const watch = new Transform({
      transform(chunk: Buffer, _enc, done) {
        scanner.feed(chunk);
        bytes += chunk.length;
        job.progress(bytes);
        done(null, chunk);
      },
    });
    watch.push(DUMP_LOAD_PROLOGUE);
    const pumpError = await pipeline(dump.process.stdout!, watch, load.process.stdin!, { signal: job.signal }).then(
      () => null,
      (err: unknown) => err,
    );
    if (pumpError !== null) {
      // The pipe broke: the loader died (its exit says why) or the seed was stopped; the dump cannot go on either way.
      await killChild(dump);
      if (job.signal.aborted) {
        await killChild(load);
        throw job.signal.reason;
      }
    }
    // Both processes end by themselves now (the loader reads to the end of its input); their exits name the culprit.
    const [dumped, loaded] = await Promise.allSettled([expectSuccess(dump, 'mariadb-dump'), expectSuccess(load, 'mariadb (loading the dump)')]);
    if (pumpError !== null) throw loaded.status === 'rejected' ? loaded.reason : pumpError;
    if (dumped.status === 'rejected') throw dumped.reason;
    if (loaded.status === 'rejected') throw loaded.reason;
    scanner.end();
    const position = scanner.position();
    if (position === null) throw new OperationError('the dump carried no GTID position (SET GLOBAL gtid_slave_pos): is binary logging on at the source?');
    job.update({ metadata: position, copy: 'received' });
  }

  private async verify(job: StageJob): Promise<void> {
    const record = job.record();
    if (record.copy === 'restored') return;
    if (record.copy !== 'received' || record.metadata === null) throw new OperationError(`the load is not complete (${record.copy}): Prepare and Backup must run again`);
    const expected = record.metadata.gtid;
    const rows = await this.sql(async (c) => {
      // A logged FLUSH would give the target a GTID of its own, which breaks replicating from the source (strict mode).
      await localRows(c, 'SET SESSION sql_log_bin = 0');
      await localRows(c, 'FLUSH PRIVILEGES');
      return localRows(c, 'SELECT @@gtid_slave_pos AS pos, @@gtid_binlog_pos AS own');
    });
    const actual = String(rows[0]?.pos ?? '');
    if (actual !== expected) throw new OperationError(`the load set gtid_slave_pos to "${actual}", the dump said "${expected}"`);
    const own = String(rows[0]?.own ?? '');
    if (own !== '') throw new OperationError(`the target logged transactions of its own during the seed (gtid_binlog_pos ${own}): they would diverge from the source`);
    job.update({ copy: 'restored' });
  }

  private async removeTemp(job: StageJob): Promise<void> {
    await rm(seedTempDir(this.host, job.record().seedId), { recursive: true, force: true });
  }

  private sql<T>(fn: (c: Connection) => Promise<T>): Promise<T> {
    return withLocalSql(this.host.config, this.host.files().socket, fn);
  }
}
