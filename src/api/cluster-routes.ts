import type { FastifyInstance } from 'fastify';
import { clusterAnalysis } from '../../core/commands/cluster-analysis.js';
import { clusterTopology } from '../../core/commands/cluster-topology.js';
import { clustersOverview } from '../../core/commands/clusters-overview.js';
import { instanceDetail } from '../../core/commands/instance-detail.js';
import { knownInstance } from '../../core/commands/known-instance.js';
import { analysisJson } from '../cli/format/analysis-text.js';
import { clusterOverviewJson } from '../cli/format/clusters-json.js';
import { instanceJson, topologyJson } from '../cli/format/topology-json.js';
import { topologyText } from '../cli/format/topology-text.js';
import type { ApiDeps } from './api-deps.js';
import { flagQuery, instanceParam, textParam } from './request-input.js';
import { readRoutes } from './route-kit.js';

/** GET clusters, clusters-info, cluster/:clusterHint, topology/:clusterHint, instance/:host/:port and replication-analysis. */
export function registerClusterRoutes(app: FastifyInstance, deps: ApiDeps): void {
  readRoutes(app, deps, ['/api/clusters'], async (_req, ctx) => (await clustersOverview(ctx)).map((c) => c.cluster.name));
  readRoutes(app, deps, ['/api/clusters-info'], async (_req, ctx) => (await clustersOverview(ctx)).map(clusterOverviewJson));
  readRoutes(app, deps, ['/api/cluster/:clusterHint'], async (req, ctx) => topologyJson(await clusterTopology(ctx, textParam(req.params, 'clusterHint'))));
  readRoutes(app, deps, ['/api/topology/:clusterHint'], async (req, ctx) => {
    const topology = await clusterTopology(ctx, textParam(req.params, 'clusterHint'));
    return { cluster: topology.cluster.name, alias: topology.cluster.alias, at: topology.at, lines: topologyText(topology) };
  });
  readRoutes(app, deps, ['/api/instance/:host/:port'], async (req, ctx) => {
    const target = instanceParam(req.params);
    const live = flagQuery(req.query, 'live');
    // The API shows only what orc knows (404 otherwise); probing strangers is what discover is for.
    await knownInstance(ctx.store, target);
    const { record, known } = await instanceDetail(ctx, target, live);
    return { ...instanceJson(record), known };
  });
  readRoutes(app, deps, ['/api/replication-analysis', '/api/replication-analysis/:clusterHint'], async (req, ctx) => {
    const hint = (req.params as { clusterHint?: string }).clusterHint;
    return analysisJson(await clusterAnalysis(ctx, hint === undefined ? undefined : textParam(req.params, 'clusterHint')));
  });
}
