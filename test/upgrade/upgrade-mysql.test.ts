import { LAB_PORTS } from '../support/ports.js';
import { upgradeScenario } from './upgrade-scenario.js';

upgradeScenario('mysql', { topology: LAB_PORTS.upgradeMysql, store: LAB_PORTS.upgradeMysqlStore });
