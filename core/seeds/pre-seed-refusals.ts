import { formatInstanceKey, sameInstance } from '../model/instance-key.js';
import type { PreSeedAgent, PreSeedInput, PreSeedServer, SeedRefusal } from './pre-seed-input.js';
import { isLogicalMethod, isSeedMethod, methodEngines, type SeedMethod, type SeedSide } from './seed-method.js';
import { isOlderVersion, majorVersion } from './server-version.js';

function agentRefusals(side: SeedSide, agent: PreSeedAgent | null, method: SeedMethod | null): SeedRefusal[] {
  if (agent === null) return [{ code: 'agent-unreachable', message: `the ${side} agent cannot be reached` }];
  const out: SeedRefusal[] = [];
  if (method && !agent.methods.includes(method)) out.push({ code: 'method-unavailable', message: `the ${side} agent cannot run ${method}` });
  if (agent.activeSeed !== null) out.push({ code: 'agent-busy', message: `the ${side} agent is busy with seed ${agent.activeSeed}` });
  return out;
}

function serverRefusals(source: PreSeedServer, target: PreSeedServer, method: SeedMethod | null): SeedRefusal[] {
  const out: SeedRefusal[] = [];
  const engines = method ? methodEngines(method) : null;
  const unsupported = engines ? source.engines.filter((e) => !engines.has(e.toLowerCase())) : [];
  if (unsupported.length > 0) out.push({ code: 'unsupported-engine', message: `${method} cannot copy ${unsupported.join(', ')} tables` });
  const sv = majorVersion(source.version);
  const tv = majorVersion(target.version);
  if (!sv || !tv) out.push({ code: 'server-unreadable', message: `unreadable server version (source "${source.version}", target "${target.version}")` });
  else if (isOlderVersion(tv, sv)) out.push({ code: 'target-version-older', message: `the target (${target.version}) is older than the source (${source.version})` });
  if (!source.binlog) out.push({ code: 'source-binlog-off', message: 'binary logging is off on the source' });
  else if (source.isReplica && !source.logSlaveUpdates) out.push({ code: 'source-binlog-off', message: 'the source is a replica without log_slave_updates' });
  if (target.isReplica) out.push({ code: 'target-is-replica', message: 'the target is a replica' });
  if (target.replicaCount > 0) out.push({ code: 'target-has-replicas', message: `the target has ${target.replicaCount} replica(s)` });
  const needed = source.dataBytes * (method && isLogicalMethod(method) ? 2 : 1);
  if (target.freeBytes < needed) out.push({ code: 'not-enough-space', message: `the target has ${target.freeBytes} bytes free, the seed needs ${needed}` });
  return out;
}

/** The pre-seed checks of seeds.md (pure): every reason the seed may not start, empty when it may. */
export function preSeedRefusals(input: PreSeedInput): SeedRefusal[] {
  const method = isSeedMethod(input.method) ? input.method : null;
  const out: SeedRefusal[] = [];
  if (!method) out.push({ code: 'unknown-method', message: `unknown seed method "${input.method}"` });
  if (sameInstance(input.source, input.target)) out.push({ code: 'self-seed', message: `source and target are both ${formatInstanceKey(input.source)}` });
  out.push(...agentRefusals('source', input.sourceAgent, method), ...agentRefusals('target', input.targetAgent, method));
  for (const [side, server] of [['source', input.sourceServer], ['target', input.targetServer]] as const) {
    if (server === null) out.push({ code: 'server-unreadable', message: `the ${side} server cannot be read` });
  }
  if (input.sourceServer && input.targetServer) out.push(...serverRefusals(input.sourceServer, input.targetServer, method));
  return out;
}
