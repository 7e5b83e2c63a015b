import { describe, expect, it } from 'vitest';
import { ALL_ANALYSIS_CODES } from '../../../core/analysis/analysis-codes.js';
import { analyze } from '../../../core/analysis/analyze.js';
import { needsEmergentProbe } from '../../../core/analysis/emergent-probe.js';
import { formatInstanceKey, parseInstanceKey, sameInstance } from '../../../core/model/instance-key.js';
import { sourceOf } from '../../../core/model/topology-tree.js';
import { chooseCandidate } from '../../../core/recovery/candidate.js';
import { loadTopologyCases, type TopologyCase } from './topology-fixtures.js';

const cases = loadTopologyCases();
const name = (key: { host: string; port: number } | null) => (key ? formatInstanceKey(key) : null);

function candidateFor(c: TopologyCase, failedText: string) {
  const failed = parseInstanceKey(failedText);
  const replicas = c.snapshot.instances.filter((r) => {
    const source = sourceOf(r);
    return source !== null && sameInstance(source, failed);
  });
  const failedFacts = c.snapshot.instances.find((r) => sameInstance(r.key, failed))?.facts ?? null;
  return chooseCandidate({ failed, replicas, failedFacts, policy: c.policy, now: c.now });
}

describe('golden topology scenarios', () => {
  it('has the scenarios', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  it('covers every analysis code with at least one scenario', () => {
    const seen = new Set(cases.flatMap((c) => c.expected.findings.map((f) => f.code)));
    expect(ALL_ANALYSIS_CODES.filter((code) => !seen.has(code))).toEqual([]);
  });

  describe.each(cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    it(`findings: ${c.expected.scenario}`, () => {
      const findings = analyze(c.snapshot, c.policy, c.now, c.history);
      expect(findings.map((f) => ({ code: f.code, instance: formatInstanceKey(f.instance) }))).toEqual(
        c.expected.findings.map((f) => ({ code: f.code, instance: f.instance })),
      );
      for (const [i, want] of c.expected.findings.entries()) {
        if (want.replicas) expect(findings[i]!.replicas).toMatchObject(want.replicas);
        expect(findings[i]!.cluster).toBe(c.snapshot.clusterName);
      }
    });

    if (c.history) {
      it('gives the same findings whether or not the caller folded the current snapshot into the history', () => {
        expect(analyze(c.snapshot, c.policy, c.now, c.historyBefore)).toEqual(analyze(c.snapshot, c.policy, c.now, c.history));
      });
    }

    const probe = c.expected.emergentProbe;
    if (probe) {
      it('lists the instances to re-probe at once', () => {
        expect(needsEmergentProbe(c.snapshot).map(formatInstanceKey)).toEqual(probe);
      });
    }

    const want = c.expected.candidate;
    if (want) {
      it(`candidate for ${want.failed}: ${want.chosen ?? 'none'}`, () => {
        const choice = candidateFor(c, want.failed);
        expect(name(choice.candidate)).toBe(want.chosen);
        expect(name(choice.catchUpFrom)).toBe(want.catchUpFrom ?? null);
        expect(choice.lost.map((l) => ({ instance: formatInstanceKey(l.key), kind: l.kind }))).toEqual(want.lost ?? []);
        expect(choice.unreachable.map(formatInstanceKey)).toEqual(want.unreachable ?? []);
        expect(choice.dataLoss).toBe(want.dataLoss ?? false);
        if (want.awaitRelayApply !== undefined) expect(choice.awaitRelayApply).toBe(want.awaitRelayApply);
        for (const [instance, text] of Object.entries(want.reasons ?? {})) {
          const verdict = choice.ordered.find((v) => formatInstanceKey(v.key) === instance);
          expect(verdict?.reason, instance).toContain(text);
        }
        expect(choice.ordered.filter((v) => v.verdict === 'chosen').map((v) => formatInstanceKey(v.key))).toEqual(
          want.chosen ? [want.chosen] : [],
        );
      });
    }
  });
});
