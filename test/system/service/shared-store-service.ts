import { loadConfig, type Config } from '../../../core/config.js';
import { formatInstanceKey } from '../../../core/model/instance-key.js';
import { systemClock } from '../../../core/ports/clock.js';
import { silentLogger } from '../../../core/ports/logger.js';
import type { Probe } from '../../../core/ports/probe.js';
import { createMysqlProbe } from '../../../core/probe/mysql-probe.js';
import { openStore, type OrcStore, type StoreConfig } from '../../../core/store/open-store.js';
import { OrcService } from '../../../src/service/orc-service.js';
import { createRecoveryPorts } from '../../../src/service/recovery-ports.js';
import type { LabInfo } from '../../../ci-env/lab-types.js';

/** One of several orc services on a shared store, with what its probe did. */
export interface SharedStoreService {
  readonly orc: OrcService;
  readonly store: OrcStore;
  /** Every instance this service probed, in order ("host:port"). */
  readonly probed: string[];
  stop(): Promise<void>;
}

/**
 * Starts an orc service on the lab's topology config, but with the given shared store, lease timing and orc host
 * name (the recovery actor is `orc:${orcHost}`); unlike startService it does not wait for discovery (a follower
 * does not discover).
 */
export async function startSharedStoreService(
  lab: LabInfo,
  store: StoreConfig,
  service: Config['service'],
  orcHost: string,
): Promise<SharedStoreService> {
  const config: Config = { ...loadConfig(lab.config, {}), store, service };
  const opened = await openStore(config.store);
  const mysqlProbe = createMysqlProbe(config.topology, systemClock);
  const probed: string[] = [];
  const probe: Probe = {
    probe: (key, signal) => {
      probed.push(formatInstanceKey(key));
      return mysqlProbe.probe(key, signal);
    },
    close: () => mysqlProbe.close(),
  };
  const ports = createRecoveryPorts(config);
  const orc = new OrcService({ config, store: opened, probe, ...ports, clock: systemClock, logger: silentLogger, orcHost });
  await orc.start();
  return {
    orc,
    store: opened,
    probed,
    async stop() {
      await orc.stop();
      await ports.control.close();
      await probe.close();
      await opened.close();
    },
  };
}
