#!/usr/bin/env node
/**
 * The long generated-input battery and the SIGKILL loop (issue 12): 10,000 generated Dockerfiles,
 * Compose files and Kubernetes manifests each through test/battery/ (no crash, valid locations, a
 * fixpoint that parses, idempotence, untouched bytes identical, comments kept, CRLF variants), then
 * scripts/kill-loop.mjs over a multi-file write. npm test runs a few hundred cases with a fixed
 * seed; this runs the long version with a seed of its own.
 *
 *   npm run battery                                 (builds first; about an hour on two cores)
 *   node scripts/battery.mjs [CASES] [ROUNDS] [KIND…]   (KIND: dockerfile, compose, kubernetes, kill-loop)
 *   SHIPSHAPE_BATTERY_SEED=123 npm run battery      (replay a failure with the seed it printed)
 *
 * The kinds run one after another, each in one vitest worker, so that the battery takes one core
 * and says how long each kind took; name some kinds to run only those (ROUNDS 0 skips the loop).
 */
import {spawnSync} from 'node:child_process';
import {join, resolve} from 'node:path';
import {killLoop} from './kill-loop.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const KINDS = ['dockerfile', 'compose', 'kubernetes'];
const args = process.argv.slice(2);
const numbers = args.filter((a) => /^\d+$/.test(a)).map(Number);
const named = args.filter((a) => !/^\d+$/.test(a));
const unknown = named.filter((a) => ![...KINDS, 'kill-loop'].includes(a));
if (unknown.length > 0) {
  console.error(`battery: unknown kind ${unknown.join(', ')} (kinds: ${[...KINDS, 'kill-loop'].join(', ')})`);
  process.exit(2);
}
const cases = numbers[0] ?? 10_000;
const rounds = numbers[1] ?? 40;
const kinds = named.length > 0 ? KINDS.filter((k) => named.includes(k)) : KINDS;
const loop = (named.length === 0 || named.includes('kill-loop')) && rounds > 0;
const seed = process.env.SHIPSHAPE_BATTERY_SEED ?? String(Date.now() % 1_000_000);
const seconds = (since) => Math.round((Date.now() - since) / 1000);

if (kinds.length > 0) console.log(`battery: ${cases} cases per kind (${kinds.join(', ')}), seed ${seed}`);
const started = Date.now();
for (const kind of kinds) {
  const kindStarted = Date.now();
  const vitest = spawnSync(process.execPath, [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', `test/battery/${kind}.property.test.ts`, '--maxWorkers=1'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: {...process.env, SHIPSHAPE_BATTERY_RUNS: String(cases), SHIPSHAPE_BATTERY_SEED: seed},
  });
  if (vitest.status !== 0) {
    console.error(`battery: ${kind} failed (replay with SHIPSHAPE_BATTERY_SEED=${seed} node scripts/battery.mjs ${cases} 0 ${kind})`);
    process.exit(1);
  }
  console.log(`battery: ${kind}: ${cases} cases passed in ${seconds(kindStarted)} s`);
}
if (kinds.length > 0) console.log(`battery: ${kinds.length * cases} cases passed in ${seconds(started)} s`);
if (loop) {
  try {
    const loopStarted = Date.now();
    const counts = await killLoop({rounds, log: (line) => console.log(`kill-loop: ${line}`)});
    console.log(`kill-loop: ${counts.rounds} rounds of a ${counts.files}-file write, ${counts.killedMidWrite} kills in the middle of a write, ${counts.killedUndo} undos killed: no partial file, no temp file, every byte restored (${seconds(loopStarted)} s)`);
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
