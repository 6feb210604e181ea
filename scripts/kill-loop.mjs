#!/usr/bin/env node
/**
 * The SIGKILL loop over a multi-file write: copies of the demo project (about 15 files each, so a
 * write touches a few hundred), `shipshape fix --write --unsafe` or `shipshape undo` killed with
 * SIGKILL at a random moment, again and again. After every kill it checks that each file is whole
 * (its original bytes or its fixed bytes, never a mix); after the next run, that no temp file and
 * no lock is left; after `undo`, that every file has its original bytes again and what the fix
 * created is gone.
 *
 *   node scripts/kill-loop.mjs [ROUNDS] [COPIES]    (default 40 rounds, 12 copies; after npm run build)
 *
 * scripts/battery.mjs runs it with the long property battery; test/e2e/kill-loop.test.ts runs a
 * few rounds in npm test.
 */
import {spawn} from 'node:child_process';
import {cp, mkdtemp, readdir, readFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join, relative, resolve} from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin/shipshape.js');
const TEMP = /^\..*\.shipshape-\d+-\d+\.tmp$/;

/** Every file under `dir` (shipshape's own state apart) with its bytes, and the temp files. */
async function snapshot(dir) {
  const files = new Map();
  const temps = [];
  async function walk(d) {
    for (const entry of await readdir(d, {withFileTypes: true})) {
      const full = join(d, entry.name);
      if (TEMP.test(entry.name)) temps.push(relative(dir, full));
      else if (entry.isDirectory()) {
        if (entry.name !== '.shipshape') await walk(full);
      } else files.set(relative(dir, full), await readFile(full));
    }
  }
  await walk(dir);
  return {files, temps};
}

async function backups(dir) {
  return readdir(join(dir, '.shipshape', 'backup')).catch(() => []);
}

/**
 * Runs shipshape. `kill`: SIGKILL after `ms`, counted from the start or, with `afterBackup`, from
 * the moment the write's backup folder appears (where the write phase begins). Reports `writeMs`,
 * the time from that moment to the end.
 */
function run(args, cwd, kill = null) {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], {cwd, env: {...process.env, NO_COLOR: '1'}, stdio: ['ignore', 'pipe', 'pipe']});
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.resume();
    const started = performance.now();
    let writeStarted = null;
    let exited = false;
    let timer = null;
    const armKill = () => (timer = setTimeout(() => child.kill('SIGKILL'), kill.ms));
    void (async () => {
      const known = new Set(await backups(cwd));
      if (kill && !kill.afterBackup) armKill();
      while (!exited && writeStarted === null) {
        if ((await backups(cwd)).some((n) => !known.has(n))) {
          writeStarted = performance.now();
          if (kill?.afterBackup) armKill();
        } else await new Promise((r) => setTimeout(r, 1));
      }
    })();
    child.on('exit', (code, signal) => {
      exited = true;
      if (timer) clearTimeout(timer);
      const end = performance.now();
      done({code, signal, stderr, ms: end - started, writeMs: writeStarted === null ? 0 : end - writeStarted});
    });
  });
}

function fail(message) {
  throw new Error(`kill-loop: ${message}`);
}

/** Each file holds its original bytes or its fixed bytes (or is absent, for one the fix creates). */
function checkWhole(state, original, fixed, when) {
  for (const [path, bytes] of state.files) {
    const before = original.get(path);
    const after = fixed.get(path);
    if (!(before && bytes.equals(before)) && !(after && bytes.equals(after))) fail(`${when}: ${path} is neither its original nor its fixed content (a partial write)`);
  }
  for (const path of original.keys()) if (!state.files.has(path)) fail(`${when}: ${path} is missing`);
}

function checkOriginal(state, original, when) {
  if (state.temps.length > 0) fail(`${when}: temp files left: ${state.temps.join(', ')}`);
  for (const [path, bytes] of original) if (!state.files.get(path)?.equals(bytes)) fail(`${when}: ${path} does not have its original bytes`);
  for (const path of state.files.keys()) if (!original.has(path)) fail(`${when}: ${path} (created by the fix) is still there`);
}

async function lockLeft(dir) {
  return readdir(join(dir, '.shipshape')).then(
    (names) => names.includes('lock'),
    () => false,
  );
}

/**
 * Runs the loop; returns counts. `log` gets one line per round. Throws on the first broken
 * guarantee, naming it.
 */
export async function killLoop({rounds = 40, copies = 12, log = () => undefined, seed = Date.now()} = {}) {
  let state = seed >>> 0 || 1;
  const random = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const base = await mkdtemp(join(tmpdir(), 'shipshape-kill-'));
  try {
    const repo = join(base, 'repo');
    for (let i = 0; i < copies; i++) await cp(join(ROOT, 'fixtures/demo'), join(repo, `svc${i}`), {recursive: true});
    const original = (await snapshot(repo)).files;
    // The fixed bytes of every file, from an uninterrupted run on a second copy.
    const reference = join(base, 'reference');
    await cp(repo, reference, {recursive: true});
    const full = await run(['fix', '--write', '--unsafe', '.'], reference);
    if (full.signal || full.code === 2 || full.writeMs === 0) fail(`the uninterrupted run failed: ${full.stderr}`);
    const fixed = (await snapshot(reference)).files;
    const writes = [...fixed].filter(([path, bytes]) => !original.get(path)?.equals(bytes)).length;
    const counts = {rounds: 0, killedMidWrite: 0, killedUndo: 0, files: writes};
    // Where in the write phase the renames happen: a kill before it leaves every file as it was, one
    // after it every file written. The window narrows from what each round saw (the renames take a
    // few milliseconds at the end of the phase, and a busy machine moves them), and widens again
    // when it gets too narrow to aim at.
    let lo = 0;
    let hi = full.writeMs * 1.1;
    for (let round = 1; round <= rounds; round++) {
      // Two rounds in three aim at the write phase itself; the others anywhere in the run.
      const afterBackup = round % 3 !== 0;
      const delay = afterBackup ? lo + random() * (hi - lo) : random() * full.ms * 1.1;
      const killed = await run(['fix', '--write', '--unsafe', '.'], repo, {ms: delay, afterBackup});
      const after = await snapshot(repo);
      const when = `${delay.toFixed(0)} ms ${afterBackup ? 'into the write' : 'after the start'}`;
      checkWhole(after, original, fixed, `round ${round}, after the kill ${when}`);
      const changed = [...after.files].filter(([p, b]) => !original.get(p)?.equals(b)).length;
      if (killed.signal && changed > 0 && changed < writes) counts.killedMidWrite++;
      if (afterBackup && killed.signal && changed === 0) lo = delay;
      else if (afterBackup && (!killed.signal || changed === writes)) hi = delay;
      if (hi - lo < 20) [lo, hi] = [Math.max(0, lo - 40), hi + 40];
      let how;
      if (random() < 0.5) {
        // The next run is undo: it rolls back the interrupted write (or undoes a finished one).
        const undo = await run(['undo', '.'], repo);
        if (undo.code === 2) fail(`round ${round}: undo failed: ${undo.stderr.trim()}`);
        how = 'undo';
      } else {
        // The next run is a write: it rolls back what the killed one left, then writes the whole plan.
        const again = await run(['fix', '--write', '--unsafe', '.'], repo);
        if (again.code === 2) fail(`round ${round}: the next write failed: ${again.stderr.trim()}`);
        const written = await snapshot(repo);
        if (written.temps.length > 0) fail(`round ${round}: temp files left after the next write: ${written.temps.join(', ')}`);
        checkWhole(written, original, fixed, `round ${round}, after the next write`);
        for (const [path, bytes] of fixed) if (!written.files.get(path)?.equals(bytes)) fail(`round ${round}: after the next write ${path} is not fixed`);
        // And an undo that is killed too, half of the time.
        if (random() < 0.5) {
          const killedUndo = await run(['undo', '.'], repo, {ms: random() * full.ms * 0.6, afterBackup: false});
          if (killedUndo.signal) counts.killedUndo++;
          checkWhole(await snapshot(repo), original, fixed, `round ${round}, after a killed undo`);
        }
        const undo = await run(['undo', '.'], repo);
        if (undo.code === 2) fail(`round ${round}: undo failed: ${undo.stderr.trim()}`);
        how = 'write + undo';
      }
      // An undo of the write an earlier round made may still be pending: undo until none is left.
      for (let n = 0; n < 5 && (await run(['undo', '.'], repo)).code === 0; n++);
      checkOriginal(await snapshot(repo), original, `round ${round}, after ${how}`);
      if (await lockLeft(repo)) fail(`round ${round}: .shipshape/lock left after the runs finished`);
      counts.rounds++;
      log(`round ${round}: killed ${when} (${killed.signal ? `${changed} of ${writes} files written` : 'finished first'}), then ${how}: every byte restored`);
    }
    return counts;
  } finally {
    await rm(base, {recursive: true, force: true});
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rounds = Number(process.argv[2] ?? 40);
  const copies = Number(process.argv[3] ?? 12);
  try {
    const counts = await killLoop({rounds, copies, log: (line) => console.log(line)});
    console.log(`kill-loop: ${counts.rounds} rounds of a ${counts.files}-file write, ${counts.killedMidWrite} kills in the middle of a write, ${counts.killedUndo} undos killed: no partial file, no temp file, every byte restored`);
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
