import { describe, expect, it } from 'vitest';
import type { Logger } from '../../../core/ports/logger.js';
import { ClusterAnalyzer } from '../../../core/recovery/cluster-analyzer.js';
import { loadTopologyCase } from '../analysis/topology-fixtures.js';

function recordingLogger(): { logger: Logger; lines: { level: string; msg: string; obj: object }[] } {
  const lines: { level: string; msg: string; obj: object }[] = [];
  const at = (level: string) => (obj: object, msg = '') => void lines.push({ level, msg, obj });
  return { logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }, lines };
}

describe('ClusterAnalyzer', () => {
  it('logs a cluster left without a writable primary once as critical, and once when it has a writer again', () => {
    const dead = loadTopologyCase('dead-primary');
    const healthy = loadTopologyCase('healthy');
    const { logger, lines } = recordingLogger();
    const analyzer = new ClusterAnalyzer(dead.policy, logger);
    expect(analyzer.analyze(dead.snapshot).map((f) => f.code)).toContain('HeadlessCluster');
    analyzer.analyze({ ...dead.snapshot, observedAt: dead.snapshot.observedAt + 100 });
    const critical = lines.filter((l) => l.level === 'error');
    expect(critical).toHaveLength(1);
    expect(critical[0]).toMatchObject({ msg: 'CRITICAL: cluster has no writable primary', obj: { cluster: dead.snapshot.clusterName } });
    expect(String((critical[0]!.obj as { fix: unknown }).fix)).toContain('orc recover 127.0.0.1:3306');
    analyzer.analyze({ ...healthy.snapshot, observedAt: dead.snapshot.observedAt + 200 });
    expect(lines.filter((l) => l.msg === 'cluster has a writable primary again')).toHaveLength(1);
  });
});
