import type { FastifyInstance } from 'fastify';
import { acknowledgeAllRecoveries } from '../../core/commands/acknowledge-all-recoveries.js';
import { acknowledgeRecoveries } from '../../core/commands/acknowledge-recoveries.js';
import { forcedFailover } from '../../core/commands/forced-failover.js';
import { recoverInstance } from '../../core/commands/recover-instance.js';
import type { RecoveryResult } from '../../core/commands/recovery-result.js';
import { setRecoveriesEnabled } from '../../core/commands/set-recoveries-enabled.js';
import { takeover } from '../../core/commands/takeover.js';
import { OperationError } from '../../core/errors.js';
import { formatInstanceKey } from '../../core/model/instance-key.js';
import { recoveryJson } from '../cli/format/recovery-text.js';
import type { ApiDeps } from './api-deps.js';
import { ackBody } from './request-bodies.js';
import { instanceParam, parseBody, textParam } from './request-input.js';
import { mutationRoutes } from './route-kit.js';

/** A finished recovery as JSON; one that did not succeed is orc_operation_failed naming the recovery (its steps are at audit-recovery-steps). */
function recoveryOutcome(what: string, result: RecoveryResult, extra: Record<string, unknown> = {}): Record<string, unknown> {
  if (result.recovery.status !== 'succeeded') throw new OperationError(`${what} failed: ${result.recovery.summary}`, { recovery: result.recovery.id, status: result.recovery.status });
  return { ...recoveryJson(result.recovery, result.steps), ...extra };
}

/** POST recover, graceful-master-takeover, force-master-failover, ack-recovery, ack-all-recoveries and the global recovery switch. */
export function registerRecoveryRoutes(app: FastifyInstance, deps: ApiDeps, signal: AbortSignal): void {
  mutationRoutes(app, deps, ['/api/recover/:host/:port'], async (req, ctx) => recoveryOutcome('recovery', await recoverInstance(ctx, instanceParam(req.params), signal)));
  mutationRoutes(app, deps, ['/api/graceful-master-takeover/:clusterHint', '/api/graceful-master-takeover/:clusterHint/:designatedHost/:designatedPort'], async (req, ctx) => {
    const hint = textParam(req.params, 'clusterHint');
    const designated = (req.params as { designatedHost?: string }).designatedHost !== undefined ? instanceParam(req.params, 'designatedHost', 'designatedPort') : undefined;
    const result = await takeover(ctx, hint, designated !== undefined ? { to: designated } : {}, signal);
    return recoveryOutcome('takeover', result, { windowMs: result.windowMs, rolledBack: result.rolledBack });
  });
  mutationRoutes(app, deps, ['/api/force-master-failover/:clusterHint'], async (req, ctx) => {
    const result = await forcedFailover(ctx, textParam(req.params, 'clusterHint'), signal);
    return recoveryOutcome('failover', result, { oldPrimary: result.oldPrimary, undrained: result.undrained.map(formatInstanceKey) });
  });
  mutationRoutes(app, deps, ['/api/ack-recovery/cluster/:clusterHint'], async (req, ctx) => {
    const hint = textParam(req.params, 'clusterHint');
    const { comment } = parseBody(ackBody, req.body);
    return (await acknowledgeRecoveries(ctx, hint, comment)).acknowledged.map((r) => recoveryJson(r));
  });
  mutationRoutes(app, deps, ['/api/ack-all-recoveries'], async (req, ctx) => {
    const { comment } = parseBody(ackBody, req.body);
    return (await acknowledgeAllRecoveries(ctx, comment)).acknowledged.map((r) => recoveryJson(r));
  });
  mutationRoutes(app, deps, ['/api/disable-global-recoveries'], async (_req, ctx) => setRecoveriesEnabled(ctx, false));
  mutationRoutes(app, deps, ['/api/enable-global-recoveries'], async (_req, ctx) => setRecoveriesEnabled(ctx, true));
}
