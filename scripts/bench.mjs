#!/usr/bin/env node
/**
 * The scale benchmark of issue 11. Every figure is a ratio against a baseline measured in turns with it, in the
 * same run on the same machine (timings on a shared machine are noisy; ratios much less so):
 *
 * - tree check / floor: `check` of a synthetic monorepo against the floor, which walks the same
 *   tree with the same ignore rules, reads and parses the same files and runs no rule;
 * - 4N / N: the check of four times the copies against one;
 * - fix / check: `fix --diff --unsafe` of a 60-service Compose file on one anchor against its
 *   `check` (wall clock, as issue 11 measured them; the in-process figures are printed beside);
 * - wizard accept: an accept on that file previews the next fix on top of all accepted so far
 *   (the wizard's PlanCache), in ms, with the time to open a rule group of every service;
 * - 16k / 1k lines: the check of a 16,000-line Dockerfile against a 1,000-line one;
 * - one file − node: `shipshape check Dockerfile` wall clock minus `node -e 0`;
 * - 15,000 services: the check finishes (no stack overflow);
 * - peak RSS of `shipshape check` on a 26k-file tree;
 * - first frame of the wizard (scripts/bench-startup.mjs, in tmux; skipped without tmux).
 *
 * Prints each figure with its target and whether it holds; exits 1 when one does not.
 *
 *   npm run bench                  (builds first)
 *   node scripts/bench.mjs [--quick]
 */
import {spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {cpus, loadavg, tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {anchoredCompose, longDockerfile, manyServices, write, writeMonorepo} from './bench-fixtures.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin/shipshape.js');
if (!existsSync(join(ROOT, 'dist/cli.js'))) {
  console.error('bench: dist/ is missing; run `npm run build` first (npm run bench does).');
  process.exit(2);
}
const quick = process.argv.includes('--quick');
const {discover} = await import(join(ROOT, 'dist/io/discover.js'));
const {buildProject} = await import(join(ROOT, 'dist/core/project.js'));
const {load} = await import(join(ROOT, 'dist/cli/load.js'));
const {PlanCache} = await import(join(ROOT, 'dist/core/plan-cache.js'));

const work = mkdtempSync(join(tmpdir(), 'shipshape-bench-'));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`);

const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/**
 * The median wall time and CPU time (this process, every thread) of `fn` over `runs` runs (one
 * warm-up run first when `warm`). CPU time suffers less from other processes on the machine.
 */
async function timeBoth(fn, runs = 3, warm = true) {
  if (warm) await fn();
  const wall = [];
  const cpu = [];
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    const startCpu = cpuNow();
    await fn();
    wall.push(performance.now() - start);
    cpu.push(cpuNow() - startCpu);
  }
  return {wall: median(wall), cpu: median(cpu)};
}

/**
 * timeBoth of several functions measured in turns (a warm-up of each, then one run of each per
 * round): a figure and its baseline then see the same machine, where measuring one after the
 * other lets a drift of the machine's speed (other jobs, the host) bias their ratio.
 */
async function timeInTurns(fns, runs) {
  for (const fn of fns) await fn();
  const wall = fns.map(() => []);
  const cpu = fns.map(() => []);
  for (let r = 0; r < runs; r++) {
    for (const [i, fn] of fns.entries()) {
      const start = performance.now();
      const startCpu = cpuNow();
      await fn();
      wall[i].push(performance.now() - start);
      cpu[i].push(cpuNow() - startCpu);
    }
  }
  return fns.map((_, i) => ({wall: median(wall[i]), cpu: median(cpu[i])}));
}

/** The median wall time of `fn` over `runs` runs (one warm-up run first when `warm`). */
const time = async (fn, runs = 3, warm = true) => (await timeBoth(fn, runs, warm)).wall;

/** The floor: discovery (walk with the ignore rules, read, classify) and parsing, no rule. */
async function floor(dir) {
  const found = await discover([dir], {}, dir);
  return buildProject([dir], found.inputs, {skipped: found.skipped, aux: found.aux, files: found.files});
}

/** What `check` does before it reports: discovery, parsing and every rule. */
async function check(dir) {
  return (await load({paths: [dir], cwd: dir})).session.findings.length;
}

/** Wall clock of a CLI run, in a fresh process (`nodeArgs`: options of node itself). */
function cli(args, cwd, nodeArgs = []) {
  const start = performance.now();
  const run = spawnSync(process.execPath, [...nodeArgs, BIN, ...args], {cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024});
  const ms = performance.now() - start;
  if (run.status !== 0 && run.status !== 1) throw new Error(`shipshape ${args.join(' ')} exited ${run.status}: ${run.stderr.split('\n')[0]}`);
  return {ms, stderr: run.stderr};
}

const results = [];
function report(name, value, target, holds, detail) {
  results.push({name, holds});
  console.log(`${holds ? 'ok  ' : 'FAIL'} ${name.padEnd(28)} ${value.padEnd(10)} target ${target.padEnd(12)} ${detail}`);
}

try {
  console.log(`node ${process.version}, ${process.platform}/${process.arch}, ${cpus().length} cores, load ${loadavg()[0].toFixed(1)}${quick ? ', --quick' : ''}\n`);

  // Tree check against the floor, and at four times the copies.
  const n = quick ? 10 : 40;
  const small = join(work, 'mono-n');
  const big = join(work, 'mono-4n');
  const files = writeMonorepo(small, {copies: n});
  const bigFiles = writeMonorepo(big, {copies: 4 * n});
  const [floorN, checkN, checkBig] = await timeInTurns([() => floor(small), () => check(small), () => check(big)], quick ? 3 : 5);
  const cpuRatio = (a, b) => `CPU ${(a.cpu / b.cpu).toFixed(2)}x`;
  report('tree check / floor', `${(checkN.wall / floorN.wall).toFixed(2)}x`, '≤ 1.5x', checkN.wall / floorN.wall <= 1.5, `check ${fmt(checkN.wall)}, floor ${fmt(floorN.wall)} (${files} files); ${cpuRatio(checkN, floorN)}`);
  report('4N / N', `${(checkBig.wall / checkN.wall).toFixed(2)}x`, '≤ 4.5x', checkBig.wall / checkN.wall <= 4.5, `${4 * n} copies ${fmt(checkBig.wall)} (${bigFiles} files), ${n} copies ${fmt(checkN.wall)}; ${cpuRatio(checkBig, checkN)}`);

  // Fix plan on one big Compose file against its check, as a user runs them (issue 11 measured
  // `check` and `fix --diff --unsafe` wall clock); in-process figures without start-up beside.
  const anchored = join(work, 'anchored');
  write(anchored, 'docker-compose.yml', anchoredCompose(60));
  const wall = (args) => median(Array.from({length: quick ? 3 : 5}, () => cli(args, anchored).ms));
  const checkWall = wall(['check', 'docker-compose.yml']);
  const fixWall = wall(['fix', '--diff', '--unsafe', 'docker-compose.yml']);
  const selectAll = (f) => (f.fix && !f.fix.needsInput?.length ? {} : null);
  const fix = async (dir) => (await load({paths: [dir], cwd: dir})).session.fixWhere(selectAll);
  const checkCompose = await time(() => check(anchored));
  const fixCompose = await time(() => fix(anchored));
  const planned = await fix(anchored);
  report('fix / check (60 svc)', `${(fixWall / checkWall).toFixed(2)}x`, '≤ 5x', fixWall / checkWall <= 5, `fix --diff --unsafe ${fmt(fixWall)}, check ${fmt(checkWall)}; in-process ${fmt(fixCompose)} / ${fmt(checkCompose)} = ${(fixCompose / checkCompose).toFixed(1)}x (${planned.applied.length} fixes in ${planned.passes} passes)`);

  // The wizard on that file: each accept previews the next fix on top of every fix accepted so
  // far (PlanCache.preview continues the plan before it); and a rule group's combined diff.
  {
    const {session} = await load({paths: [anchored], cwd: anchored});
    const cache = new PlanCache(session);
    const fixable = session.findings.filter((f) => f.fix && !f.fix.needsInput?.length);
    const accepted = new Map();
    const choices = () => ({accepted: new Map(accepted), ignored: new Set()});
    cache.preview(choices());
    const steps = [];
    for (const f of fixable) {
      const start = performance.now();
      cache.preview(choices());
      accepted.set(f.fingerprint, {});
      cache.preview(choices());
      steps.push(performance.now() - start);
    }
    const p90 = [...steps].sort((a, b) => a - b)[Math.floor(steps.length * 0.9)];
    const rule = fixable[0]?.rule;
    const group = fixable.filter((f) => f.rule === rule);
    const groupOpen = await time(() => new PlanCache(session).preview({accepted: new Map(group.map((f) => [f.fingerprint, {}])), ignored: new Set()}), 3, false);
    report('wizard accept (60 svc)', `${median(steps).toFixed(0)} ms`, '≤ 100 ms', median(steps) <= 100, `median of ${steps.length} accepts in a row, ${(median(steps) / checkCompose).toFixed(2)}x the file's check (${fmt(checkCompose)}); 90th percentile ${p90.toFixed(0)} ms; opening the ${rule} group of ${group.length} fixes ${fmt(groupOpen)}`);
  }

  // Long Dockerfiles.
  const one = join(work, 'df-1k');
  const sixteen = join(work, 'df-16k');
  write(one, 'Dockerfile', longDockerfile(1000));
  write(sixteen, 'Dockerfile', longDockerfile(16000));
  const [check1k, check16k] = await timeInTurns([() => check(one), () => check(sixteen)], quick ? 1 : 5);
  report('16k / 1k-line Dockerfile', `${(check16k.wall / check1k.wall).toFixed(1)}x`, '≤ 20x', check16k.wall / check1k.wall <= 20, `16k ${fmt(check16k.wall)}, 1k ${fmt(check1k.wall)} (linear is 16x); ${cpuRatio(check16k, check1k)}`);

  // One file, end to end, against node itself.
  const single = join(work, 'single');
  write(single, 'Dockerfile', 'FROM node:20\nCOPY . .\nRUN npm ci\nCMD ["node", "server.js"]\n');
  const runs = quick ? 3 : 7;
  const nodeOnly = [];
  const oneFile = [];
  // The CPU time each process used (its threads too), printed by a preload as it exits.
  const cpuPreload = join(work, 'cpu.mjs');
  writeFileSync(cpuPreload, `process.on('exit', () => { const u = process.cpuUsage(); process.stderr.write('\\nbench-cpu ' + (u.user + u.system) / 1000 + '\\n'); });\n`);
  const cpuOf = (stderr) => Number(/bench-cpu ([\d.]+)/.exec(stderr)?.[1] ?? NaN);
  const nodeCpu = [];
  const oneFileCpu = [];
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    const bare = spawnSync(process.execPath, ['--import', cpuPreload, '-e', '0'], {encoding: 'utf8'});
    nodeOnly.push(performance.now() - start);
    nodeCpu.push(cpuOf(bare.stderr));
    const run = cli(['check', 'Dockerfile'], single, ['--import', cpuPreload]);
    oneFile.push(run.ms);
    oneFileCpu.push(cpuOf(run.stderr));
  }
  const startup = median(oneFile) - median(nodeOnly);
  report('one file − node -e 0', `${startup.toFixed(0)} ms`, '≤ 100 ms', startup <= 100, `check ${fmt(median(oneFile))}, node -e 0 ${fmt(median(nodeOnly))} (median of ${runs}); CPU +${(median(oneFileCpu) - median(nodeCpu)).toFixed(0)} ms`);

  // 15,000 services: finishes and reports.
  const huge = join(work, 'huge');
  write(huge, 'compose.yaml', manyServices(15000));
  let hugeOk = true;
  let hugeDetail = '';
  try {
    hugeDetail = `check ${fmt(cli(['check', '--format', 'json', 'compose.yaml'], huge).ms)}`;
  } catch (error) {
    hugeOk = false;
    hugeDetail = error.message;
  }
  report('15,000 services', hugeOk ? 'checked' : 'crashed', 'no crash', hugeOk, hugeDetail);

  // Peak RSS on a 26k-file tree (most files unrelated sources and ignored trees, as in a monorepo).
  const wide = join(work, 'wide');
  const wideFiles = writeMonorepo(wide, {copies: quick ? 100 : 400, extraSources: quick ? 40 : 45, ignoredFiles: quick ? 500 : 4000});
  const preload = join(work, 'rss.mjs');
  writeFileSync(preload, `process.on('exit', () => process.stderr.write('\\nbench-maxrss ' + process.resourceUsage().maxRSS + '\\n'));\n`);
  const rssRun = spawnSync(process.execPath, ['--import', preload, BIN, 'check', '--format', 'json', '.'], {cwd: wide, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024});
  const rssKb = Number(/bench-maxrss (\d+)/.exec(rssRun.stderr)?.[1] ?? NaN);
  report('peak RSS (26k files)', `${(rssKb / 1024).toFixed(0)} MB`, '≤ 300 MB', rssKb / 1024 <= 300, `${wideFiles} files, exit ${rssRun.status}`);

  // First frame of the wizard: the startup benchmark, in a real terminal.
  if (spawnSync('tmux', ['-V']).status === 0) {
    const frame = spawnSync(process.execPath, [join(ROOT, 'scripts/bench-startup.mjs'), quick ? '3' : '5'], {encoding: 'utf8'});
    const ms = Number(/wizard start -> first frame:\s+median (\d+)/.exec(frame.stdout)?.[1] ?? NaN);
    const why = Number.isNaN(ms) ? `: ${(frame.stderr || frame.stdout).trim().split('\n').at(-1)}` : '';
    report('wizard first frame', Number.isNaN(ms) ? 'failed' : `${ms} ms`, '≤ 500 ms', ms <= 500, `scripts/bench-startup.mjs (tmux, median)${why}`);
  } else {
    console.log('skip wizard first frame: tmux is needed (scripts/bench-startup.mjs)');
  }
} finally {
  rmSync(work, {recursive: true, force: true});
}

const failed = results.filter((r) => !r.holds);
console.log(`\nload ${loadavg()[0].toFixed(1)} at the end (wall-clock figures grow with it; CPU figures much less)`);
console.log(failed.length === 0 ? '\nevery target holds' : `\n${failed.length} of ${results.length} targets do not hold: ${failed.map((r) => r.name).join(', ')}`);
process.exit(failed.length === 0 ? 0 : 1);
