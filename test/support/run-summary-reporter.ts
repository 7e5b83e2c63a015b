import type { Reporter, SerializedError, TestModule } from 'vitest/node';
import { closingLine, runCounts, scenarioTable, type ScenarioOutcome } from './run-summary.js';

/** Options of RunSummaryReporter: `table` adds the per-file table the system suite prints. */
export interface RunSummaryOptions {
  readonly table?: boolean;
  readonly write?: (text: string) => void;
}

/**
 * A vitest reporter printing, after the default one, an optional table of test files (scenario, result, wall-clock
 * duration) and always the plain closing line `N passed, N failed, N skipped`.
 */
export class RunSummaryReporter implements Reporter {
  readonly #started = new Map<string, number>();
  readonly #ended = new Map<string, number>();
  readonly #table: boolean;
  readonly #write: (text: string) => void;

  constructor(options: RunSummaryOptions = {}) {
    this.#table = options.table ?? false;
    this.#write = options.write ?? ((text) => process.stdout.write(text));
  }

  onTestModuleStart(module: TestModule): void {
    this.#started.set(module.moduleId, Date.now());
  }

  onTestModuleEnd(module: TestModule): void {
    this.#ended.set(module.moduleId, Date.now());
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    const outcomes = modules.map((m) => this.#outcome(m));
    const lines = ['', closingLine(runCounts(outcomes, unhandledErrors.length))];
    if (this.#table) lines.unshift('', scenarioTable(outcomes));
    this.#write(`${lines.join('\n')}\n`);
  }

  #outcome(module: TestModule): ScenarioOutcome {
    const count = (state: 'passed' | 'failed' | 'skipped') => [...module.children.allTests(state)].length;
    const state = module.state();
    const started = this.#started.get(module.moduleId);
    const ended = this.#ended.get(module.moduleId);
    return {
      scenario: module.relativeModuleId,
      result: state === 'passed' || state === 'skipped' ? state : 'failed',
      durationMs: started !== undefined && ended !== undefined ? ended - started : module.diagnostic().duration,
      passed: count('passed'),
      failed: count('failed'),
      skipped: count('skipped'),
    };
  }
}
