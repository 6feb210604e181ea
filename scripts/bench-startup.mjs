#!/usr/bin/env node
/**
 * Startup benchmark of the wizard: process start -> first frame, in a real terminal (tmux).
 *
 * The built CLI runs with SHIPSHAPE_BENCH=<file>; runWizard writes `performance.now()` (ms since
 * the process started) there right after the first frame, and when it was entered (what the CLI
 * took before the wizard), and leaves. As a baseline measured in the
 * same run and the same way, `node -e` reports its own `performance.now()`; `--version` is timed
 * wall-clock. Prints the medians, the ratio to the baseline, and exits 1 when the median first
 * frame is over the budget (500 ms, or BENCH_BUDGET_MS).
 *
 *   npm run bench:startup    (builds first; npm run bench runs it too)
 *   node scripts/bench-startup.mjs [runs]
 */
import {spawnSync} from 'node:child_process';
import {cpSync, existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin/shipshape.js');
const runs = Number(process.argv[2] ?? 7);
const budget = Number(process.env.BENCH_BUDGET_MS ?? 500);

if (!existsSync(join(ROOT, 'dist/cli.js'))) {
  console.error('bench: dist/cli.js is missing; run `npm run build` first (npm run bench does).');
  process.exit(2);
}
if (spawnSync('tmux', ['-V']).status !== 0) {
  console.error('bench: tmux is needed to give the wizard a real terminal (apt-get install tmux).');
  process.exit(2);
}

const work = mkdtempSync(join(tmpdir(), 'shipshape-bench-'));
cpSync(join(ROOT, 'fixtures/demo'), join(work, 'demo'), {recursive: true});
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (xs) => `median ${median(xs).toFixed(0)} ms (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)})`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Runs a command in a detached 100x30 tmux session and waits for the marker file. */
async function inTerminal(command, marker) {
  const session = `shipshape-bench-${process.pid}`;
  rmSync(marker, {force: true});
  const started = spawnSync('tmux', ['new-session', '-d', '-s', session, '-x', '100', '-y', '30', '-c', join(work, 'demo'), command]);
  if (started.status !== 0) throw new Error(`tmux failed: ${started.stderr}`);
  const deadline = Date.now() + 30_000;
  try {
    for (;;) {
      if (existsSync(marker)) {
        const text = readFileSync(marker, 'utf8');
        const m = /([\d.]+)/.exec(text);
        const entered = /entered ([\d.]+)/.exec(text);
        const uiStart = /ui-load-start ([\d.]+)/.exec(text);
        if (entered) wizardEntered.push(Number(entered[1]));
        if (uiStart) uiLoadStart.push(Number(uiStart[1]));
        if (m && text.endsWith('\n')) return Number(m[1]);
      }
      if (Date.now() > deadline) throw new Error(`no marker from: ${command}`);
      await sleep(5);
    }
  } finally {
    spawnSync('tmux', ['kill-session', '-t', session]);
  }
}

const wizardEntered = [];
const uiLoadStart = [];
const baseline = [];
const version = [];
const firstFrame = [];
try {
  for (let i = 0; i < runs; i++) {
    const base = join(work, `base-${i}`);
    baseline.push(await inTerminal(`node -e "require('fs').writeFileSync('${base}', performance.now() + '\\n')"`, base));
    const t0 = performance.now();
    const v = spawnSync('node', [BIN, '--version'], {encoding: 'utf8'});
    if (v.status !== 0) throw new Error(`--version failed: ${v.stderr}`);
    version.push(performance.now() - t0);
    const marker = join(work, `frame-${i}`);
    firstFrame.push(await inTerminal(`SHIPSHAPE_BENCH='${marker}' node ${BIN} .`, marker));
  }
} finally {
  rmSync(work, {recursive: true, force: true});
}

const ratio = median(firstFrame) / median(baseline);
console.log(`node ${process.version}, ${runs} runs each`);
console.log(`baseline (node -e, start -> script ran): ${fmt(baseline)}`);
console.log(`shipshape --version (wall clock):       ${fmt(version)}`);
console.log(`wizard start -> first frame:            ${fmt(firstFrame)}`);
console.log(`  the CLI until it loads the wizard:    ${fmt(uiLoadStart)}`);
console.log(`  + loading the wizard (Ink, React, UI): ${fmt(wizardEntered.map((e, i) => e - uiLoadStart[i]))}`);
console.log(`  + the first render:                   ${fmt(firstFrame.map((f, i) => f - wizardEntered[i]))}`);
console.log(`ratio first frame / baseline:           ${ratio.toFixed(1)}x`);
const ok = median(firstFrame) < budget;
console.log(ok ? `OK: under the ${budget} ms budget` : `OVER BUDGET: the median first frame is ${median(firstFrame).toFixed(0)} ms (budget ${budget} ms)`);
process.exit(ok ? 0 : 1);
