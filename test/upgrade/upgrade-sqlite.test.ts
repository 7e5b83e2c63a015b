import { LAB_PORTS } from '../support/ports.js';
import { upgradeScenario } from './upgrade-scenario.js';

upgradeScenario('sqlite', { topology: LAB_PORTS.upgradeSqlite });
