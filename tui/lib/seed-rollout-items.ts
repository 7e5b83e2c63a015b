import { formatInstanceKey } from '../../core/model/instance-key.js';
import { formatAge } from '../../core/model/instance-problems.js';
import { formatRolloutId } from '../../core/rollouts/rollout-id.js';
import { formatRolloutKey } from '../../core/rollouts/rollout-key.js';
import type { Rollout } from '../../core/rollouts/rollout.js';
import { SEED_STAGES } from '../../core/seeds/seed-stage.js';
import type { Seed } from '../../core/seeds/seed.js';
import { byteSize } from '../../core/util/byte-size.js';
import { etaText, progressBar } from './progress-bar.js';
import { ratePerMs, type RateSamples } from './rate-samples.js';
import type { ScreenItem } from './screen-item.js';
import type { Segment } from './styled-line.js';

const BAR = 12;
const ENDED_SEED = new Set(['Completed', 'Failed']);

/** The key a seed's byte samples are kept under. */
export function seedSampleKey(seed: Pick<Seed, 'id' | 'stage'>): string {
  return `seed ${seed.id} ${seed.stage}`;
}

/** The key a rollout's finished-target samples are kept under. */
export function rolloutSampleKey(rollout: Rollout): string {
  return `rollout ${formatRolloutKey(rollout)} ${rollout.rollingVersion}`;
}

/**
 * Seeds, then rollouts, as rows with progress (pure): a seed's stage bar, bytes copied, copy rate and retries, its
 * error; a rollout's bar of finished targets, rate, ETA, step and pause. Rates come from the samples the dashboard kept.
 */
export function seedRolloutItems(seeds: readonly Seed[], rollouts: readonly Rollout[], samples: RateSamples, now: number): ScreenItem[] {
  return [...seeds.map((s) => seedItem(s, samples, now)), ...rollouts.map((r) => rolloutItem(r, samples, now))];
}

function seedItem(seed: Seed, samples: RateSamples, now: number): ScreenItem {
  const ended = ENDED_SEED.has(seed.status);
  const stageAt = SEED_STAGES.indexOf(seed.stage);
  const done = seed.status === 'Completed' ? SEED_STAGES.length : stageAt;
  const rate = ended ? null : ratePerMs(samples.get(seedSampleKey(seed)));
  const retries = SEED_STAGES.reduce((sum, stage) => sum + seed.retries[stage], 0);
  const tone = seed.status === 'Error' || seed.status === 'Failed' || seed.status === 'Aborting' ? 'danger' : ended ? 'dim' : 'accent';
  const line: Segment[] = [
    { text: `seed ${seed.id}  `, bold: true },
    { text: `${progressBar(done / SEED_STAGES.length, BAR)} `, tone },
    { text: `${done}/${SEED_STAGES.length} ${seed.stage} ${seed.status}`, tone, bold: seed.status === 'Error' },
    { text: `  ${byteSize(seed.bytesCopied)}` },
    { text: `  ${rate === null ? '— /s' : `${byteSize(Math.round(rate * 1000))}/s`}`, tone: 'dim' },
    { text: ended ? `  ended ${seed.endedAt === null ? '' : `${formatAge(now - seed.endedAt)} ago`}` : `  ${seed.startedAt === null ? 'not started' : `running ${formatAge(now - seed.startedAt)}`}`, tone: 'dim' },
    ...(retries > 0 ? [{ text: `  retries ${retries}`, tone: 'warning' as const }] : []),
    ...(seed.abortRequested && !ended ? [{ text: '  abort requested', tone: 'warning' as const }] : []),
    ...(seed.error ? [{ text: `  error: ${seed.error}`, tone: 'danger' as const }] : []),
    { text: `  ${seed.method} ${formatInstanceKey(seed.source)} -> ${formatInstanceKey(seed.target)}`, tone: 'dim' },
  ];
  return { key: `seed ${seed.id}`, line, ref: { kind: 'seed', seed } };
}

function rolloutItem(rollout: Rollout, samples: RateSamples, now: number): ScreenItem {
  const { total, succeeded, failed } = rollout.counts;
  const finished = succeeded + failed;
  const rate = ratePerMs(samples.get(rolloutSampleKey(rollout)));
  const moving = rollout.phase === 'progressing' || rollout.phase === 'rolling-back';
  const tone = rollout.phase === 'failed' || failed > 0 ? 'danger' : rollout.phase === 'paused' ? 'warning' : moving ? 'accent' : 'dim';
  const version = rollout.rollingVersion === '' ? 'no version' : `${rollout.rollingVersion}${rollout.targetVersion && rollout.targetVersion !== rollout.rollingVersion ? ` -> ${rollout.targetVersion}` : ''}`;
  const line: Segment[] = [
    { text: `rollout ${formatRolloutId(rollout)}  `, bold: true },
    { text: `${progressBar(total === 0 ? 0 : finished / total, BAR)} `, tone },
    { text: `${finished}/${total} ${rollout.phase}`, tone, bold: rollout.phase !== 'completed' },
    { text: `  ${version}  step ${rollout.stepsDone}/${rollout.step}`, tone: 'dim' },
    { text: `  ${rate === null ? '— /min' : `${(rate * 60_000).toFixed(1)}/min`}`, tone: 'dim' },
    { text: moving ? `  ${etaText(total - finished, rate)}` : '', tone: 'dim' },
    ...(failed > 0 ? [{ text: `  ${failed} failed`, tone: 'danger' as const, bold: true }] : []),
    ...(rollout.pause ? [{ text: `  paused (${rollout.pause.kind}): ${rollout.pause.reason}`, tone: 'warning' as const }] : []),
    { text: `  updated ${formatAge(now - rollout.updatedAt)} ago`, tone: 'dim' },
  ];
  return { key: `rollout ${formatRolloutKey(rollout)}`, line, ref: { kind: 'rollout', rollout } };
}
