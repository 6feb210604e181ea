import {availableParallelism} from 'node:os';
import {defineConfig} from 'vitest/config';
import {BaseSequencer, type TestSpecification} from 'vitest/node';

/**
 * The end-to-end files (test/e2e/) spend most of their time waiting on other processes: container
 * builds and starts, npm, tmux. They start first, so that their waiting overlaps with the unit
 * tests, which need the CPU, instead of ending the run alone; within each half the usual order
 * (slowest first once vitest has timings).
 */
class EndToEndFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const e2e = (f: TestSpecification) => /[/\\]test[/\\]e2e[/\\]/.test(f.moduleId);
    return [...sorted.filter(e2e), ...sorted.filter((f) => !e2e(f))];
  }
}

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts?(x)'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 300_000,
    // vitest's default on 2 cores is one worker: every wait of an end-to-end file would hold up the
    // whole run. One worker more than the cores keeps the CPU busy while those wait.
    maxWorkers: Math.max(3, availableParallelism()),
    sequence: {sequencer: EndToEndFirst},
  },
});
