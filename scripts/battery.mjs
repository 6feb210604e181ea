#!/usr/bin/env node
/**
 * The long generated-input battery and the SIGKILL loop (issue 12): 10,000 generated Dockerfiles,
 * Compose files and Kubernetes manifests each through test/battery/ (no crash, valid locations, a
 * fixpoint that parses, idempotence, untouched bytes identical, comments kept, CRLF variants), then
 * scripts/kill-loop.mjs over a multi-file write. npm test runs a few hundred cases with a fixed
 * seed; this runs the long version with a seed of its own.
 *
 *   npm run battery                         (builds first; about half an hour on two cores)
 *   node scripts/battery.mjs [CASES] [ROUNDS]
 *   SHIPSHAPE_BATTERY_SEED=123 npm run battery   (replay a failure with the seed it printed)
 */
import {spawnSync} from 'node:child_process';
import {join, resolve} from 'node:path';
import {killLoop} from './kill-loop.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const cases = Number(process.argv[2] ?? 10_000);
const rounds = Number(process.argv[3] ?? 40);
const seed = process.env.SHIPSHAPE_BATTERY_SEED ?? String(Date.now() % 1_000_000);

console.log(`battery: ${cases} cases per kind, seed ${seed}`);
const started = Date.now();
const vitest = spawnSync(process.execPath, [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', 'test/battery'], {
  cwd: ROOT,
  stdio: 'inherit',
  env: {...process.env, SHIPSHAPE_BATTERY_RUNS: String(cases), SHIPSHAPE_BATTERY_SEED: seed},
});
if (vitest.status !== 0) {
  console.error(`battery: failed (replay with SHIPSHAPE_BATTERY_SEED=${seed} node scripts/battery.mjs ${cases})`);
  process.exit(1);
}
console.log(`battery: ${cases} cases per kind passed in ${Math.round((Date.now() - started) / 1000)} s`);
try {
  const counts = await killLoop({rounds, log: (line) => console.log(`kill-loop: ${line}`)});
  console.log(`kill-loop: ${counts.rounds} rounds of a ${counts.files}-file write, ${counts.killedMidWrite} kills in the middle of a write, ${counts.killedUndo} undos killed: no partial file, no temp file, every byte restored`);
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
