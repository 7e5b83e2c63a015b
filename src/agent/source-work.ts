import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { OperationError, RefusedError } from '../../core/errors.js';
import type { SeedStage } from '../../core/seeds/seed-stage.js';
import { serverFlavor } from './available-methods.js';
import { mariabackupBackupArgv } from './mariadb-argv.js';
import { expectSuccess, killChild } from './run-child.js';
import { mariadbRun, seedTempDir, type SeedHost } from './seed-host.js';
import type { ReceiverOffer, SeedWork, StageJob } from './seed-work.js';
import { probeServer } from './server-control.js';
import { uploadStream } from './stream-upload.js';
import { uploadDirect } from './direct-upload.js';
import { requestReceiver } from './receiver-request.js';

/**
 * The source's side of a seed (either method): Prepare checks the server answers; Backup (physical) streams
 * mariabackup's xbstream to the target agent (its stdout a direct TCP connection to a plain-http target, else an
 * https PUT); Cleanup and rollback remove the seed's temporary directory. The
 * source's server and data are never changed.
 */
export class SourceWork implements SeedWork {
  constructor(private readonly host: SeedHost) {}

  async runStage(stage: SeedStage, job: StageJob): Promise<void> {
    switch (stage) {
      case 'Prepare':
        return this.check();
      case 'Backup':
        return this.backup(job);
      case 'Cleanup':
        return this.removeTemp(job);
      default:
        throw new OperationError(`the source agent runs no ${stage} stage`);
    }
  }

  rollBack(job: StageJob): Promise<void> {
    return this.removeTemp(job);
  }

  receiveStream(_job: StageJob, _body: Readable): Promise<number> {
    throw new RefusedError('orc_refused', 'the source of a seed receives no stream');
  }

  openReceiver(_job: StageJob): Promise<ReceiverOffer> {
    throw new RefusedError('orc_refused', 'the source of a seed receives no stream');
  }

  private async check(): Promise<void> {
    const probe = await probeServer(this.host.config, this.host.files());
    if (!probe.running) throw new OperationError('the source server does not answer on its socket');
    if (serverFlavor(probe.version) !== 'mariadb') throw new OperationError(`the source server is not MariaDB (${probe.version ?? ''})`);
  }

  private async backup(job: StageJob): Promise<void> {
    const record = job.record();
    const run = mariadbRun(this.host, this.host.config.programs.mariabackup, 'mariabackup');
    const tmp = join(seedTempDir(this.host, record.seedId), 'backup');
    await rm(tmp, { recursive: true, force: true });
    await mkdir(tmp, { recursive: true, mode: 0o700 });
    const argv = mariabackupBackupArgv(run, this.host.files().socket, tmp);
    // A target reached over plain http takes the copy on a direct TCP connection; https needs the stream in user space.
    if (new URL(record.target.agentUrl).protocol === 'http:') return this.backupDirect(job, argv);
    const child = job.spawn(argv, { stdin: 'ignore', stdout: 'pipe' });
    const produced = expectSuccess(child, 'mariabackup --backup');
    const target = { url: `${record.target.agentUrl}/api/seeds/${encodeURIComponent(record.seedId)}/stream`, token: this.host.config.token, ca: this.host.peerCa };
    try {
      await uploadStream(target, child.process.stdout!, produced, job.signal, (bytes) => job.progress(bytes));
    } catch (err) {
      // A failed mariabackup rejects the upload with its own error; any other failure leaves it to be stopped.
      await killChild(child);
      throw err;
    }
  }

  private async backupDirect(job: StageJob, argv: readonly string[]): Promise<void> {
    const record = job.record();
    const { token, requestTimeoutMs } = this.host.config;
    const receiver = await requestReceiver(record.target.agentUrl, record.seedId, token, requestTimeoutMs, job.signal);
    const start = (socket: Socket) => job.spawn(argv, { stdin: 'ignore', stdout: socket });
    await uploadDirect(receiver, start, 'mariabackup --backup', requestTimeoutMs, job.signal, (bytes) => job.progress(bytes), (sample) => job.sampleOnStatus(sample));
  }

  private async removeTemp(job: StageJob): Promise<void> {
    await rm(seedTempDir(this.host, job.record().seedId), { recursive: true, force: true });
  }
}
