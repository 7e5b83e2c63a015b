import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { OperationError, RefusedError } from '../../core/errors.js';
import type { SeedMetadata } from '../../core/ports/agent-client.js';
import type { SeedStage } from '../../core/seeds/seed-stage.js';
import { BINLOG_INFO_FILES, parseBinlogInfo } from './binlog-info.js';
import { asidePath, ownLikeOriginal, putOriginalBack, setAsideAndEmpty } from './datadir-aside.js';
import { dirBytes } from './dir-bytes.js';
import { extractFromSocket } from './direct-extract.js';
import { openDirectReceiver } from './direct-receiver.js';
import { mariabackupPrepareArgv, mbstreamExtractArgv } from './mariadb-argv.js';
import { expectSuccess, killChild, runToEnd } from './run-child.js';
import { mariadbRun, seedTempDir, type SeedHost } from './seed-host.js';
import type { ReceiverOffer, SeedWork, StageJob } from './seed-work.js';
import { probeServer, serverProcessLives, shutdownServer, startServer, stopServerOnCopy } from './server-control.js';

// The last files mariabackup streams: a copy without one was cut short.
const LAST_STREAMED = ['xtrabackup_info', 'mariadb_backup_info'];

/**
 * The target's side of a physical (mariabackup) seed. Prepare stops the server and sets the datadir aside,
 * leaving an empty one; the source streams into it through mbstream (receiveStream over https, or openReceiver's
 * direct TCP connection); Restore prepares the copy,
 * reads its GTID position and starts the server on it; Cleanup drops the original once the copy runs, or rolls back.
 * Rollback: stop the server if it runs on the copy, remove the copy, move the original back, start the server if it
 * ran before. The server is never started on a copy that was not completely received and prepared.
 */
export class PhysicalTargetWork implements SeedWork {
  /** The pid of the server this agent last started on a copy (it may not have written its pid file yet). */
  private startedPid: number | null = null;

  constructor(private readonly host: SeedHost) {}

  async runStage(stage: SeedStage, job: StageJob): Promise<void> {
    switch (stage) {
      case 'Prepare':
        return this.prepare(job);
      case 'Restore':
        return this.restore(job);
      case 'Cleanup':
        return job.record().copy === 'restored' ? this.dropOriginal(job) : this.rollBack(job);
      default:
        throw new OperationError(`the target of a mariabackup seed runs no ${stage} stage`);
    }
  }

  async receiveStream(job: StageJob, body: Readable): Promise<number> {
    const { datadir } = this.host.config.server;
    job.update({ copy: 'partial' });
    const child = job.spawn(mbstreamExtractArgv(this.program('mbstream'), datadir), { stdin: 'pipe', stdout: 'ignore' });
    let bytes = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        done(null, chunk);
      },
    });
    try {
      await pipeline(body, counter, child.process.stdin!, { signal: job.signal });
    } catch (err) {
      await killChild(child);
      throw new OperationError(`receiving the copy failed after ${bytes} bytes: ${(err as Error).message}`, {}, { cause: err });
    }
    await expectSuccess(child, 'mbstream -x');
    this.markReceived(job);
    return bytes;
  }

  async openReceiver(job: StageJob): Promise<ReceiverOffer> {
    if (this.host.config.tls) throw new RefusedError('orc_refused', 'this agent serves https: the copy must stream over it (PUT /api/seeds/:id/stream)');
    const argv = mbstreamExtractArgv(this.program('mbstream'), this.host.config.server.datadir);
    const receiver = await openDirectReceiver({ host: this.host.config.listen.host, signal: job.signal, timeoutMs: this.host.receiverTimeoutMs });
    const done = receiver.accepted.then((socket) => {
      try {
        job.update({ copy: 'partial' });
      } catch (err) {
        socket.destroy();
        throw err;
      }
      return extractFromSocket(job, socket, argv, 'mbstream -x', async () => {
        this.markReceived(job);
        return dirBytes(this.host.config.server.datadir);
      });
    });
    return { port: receiver.port, ticket: receiver.ticket, done };
  }

  /** Records the copy received once its last file arrived (a copy without it was cut short). */
  private markReceived(job: StageJob): void {
    const { datadir } = this.host.config.server;
    if (!LAST_STREAMED.some((f) => existsSync(join(datadir, f)))) throw new OperationError(`the copy is incomplete: none of ${LAST_STREAMED.join(', ')} arrived`);
    job.update({ copy: 'received' });
  }

  async rollBack(job: StageJob): Promise<void> {
    const record = job.record();
    const { datadir } = this.host.config.server;
    const files = this.host.files();
    const aside = record.aside ?? asidePath(datadir, record.seedId);
    if (existsSync(aside)) {
      // Whatever runs on the datadir path now runs on the seed's copy.
      await stopServerOnCopy(this.host.config, files, this.startedPid, job.signal);
      job.update({ copy: 'partial' });
      await putOriginalBack(datadir, aside);
    }
    job.update({ aside: null, copy: 'none' });
    if (record.serverWasRunning === true && !(await probeServer(this.host.config, files)).running) {
      await startServer(this.host.config, files, this.host.serverLog, job.signal);
    }
    await rm(seedTempDir(this.host, record.seedId), { recursive: true, force: true });
  }

  private async prepare(job: StageJob): Promise<void> {
    const record = job.record();
    const { datadir } = this.host.config.server;
    const files = this.host.files();
    const probe = await probeServer(this.host.config, files);
    if (record.serverWasRunning === null) job.update({ serverWasRunning: probe.running });
    if (probe.running || serverProcessLives(this.host.files())) await shutdownServer(this.host.config, files, job.signal);
    const aside = asidePath(datadir, record.seedId);
    job.update({ copy: 'partial', aside });
    await setAsideAndEmpty(datadir, aside);
    job.update({ copy: 'empty' });
  }

  private async restore(job: StageJob): Promise<void> {
    const record = job.record();
    const { datadir } = this.host.config.server;
    const files = this.host.files();
    if ((await probeServer(this.host.config, files)).running) {
      // A start that answered only after the previous Restore gave up: the copy was prepared, it runs.
      if (record.copy === 'restored' || (record.copy === 'received' && record.metadata !== null)) return job.update({ copy: 'restored' });
      throw new OperationError(`a server answers on the datadir of seed ${record.seedId} before its copy was prepared`);
    }
    if (serverProcessLives(this.host.files())) throw new OperationError('a server process lives on the datadir but does not answer: refusing to touch it');
    if (record.copy !== 'received' && record.copy !== 'restored') {
      throw new OperationError(`the copy is not complete (${record.copy}): Prepare and Backup must run again`);
    }
    job.progress(await dirBytes(datadir));
    await runToEnd(job, mariabackupPrepareArgv(mariadbRun(this.host, this.host.config.programs.mariabackup, 'mariabackup'), datadir), 'mariabackup --prepare');
    // The position must be read before the server starts: from then on the files are the server's.
    job.update({ metadata: await this.readPosition(datadir) });
    if (record.aside) await ownLikeOriginal(datadir, record.aside);
    await startServer(this.host.config, files, this.host.serverLog, job.signal, (pid) => (this.startedPid = pid));
    job.update({ copy: 'restored' });
    job.progress(await dirBytes(datadir));
  }

  private async dropOriginal(job: StageJob): Promise<void> {
    const record = job.record();
    if (record.aside) await rm(record.aside, { recursive: true, force: true });
    job.update({ aside: null });
    await rm(seedTempDir(this.host, record.seedId), { recursive: true, force: true });
  }

  private async readPosition(datadir: string): Promise<SeedMetadata> {
    for (const name of BINLOG_INFO_FILES) {
      const path = join(datadir, name);
      if (!existsSync(path)) continue;
      const parsed = parseBinlogInfo(await readFile(path, 'utf8'));
      if (parsed === null) throw new OperationError(`${name} of the copy is unreadable`);
      return parsed;
    }
    throw new OperationError(`the copy holds no binlog position (${BINLOG_INFO_FILES.join(' or ')}): is binary logging on at the source?`);
  }

  private program(name: 'mbstream'): string {
    const program = this.host.config.programs[name];
    if (program === null) throw new OperationError(`${name} is not installed on this host (set programs.${name} in the agent config)`);
    return program;
  }
}
