/**
 * The wizard end to end in a real terminal: the BUILT binary (`npm test` builds first) runs in
 * tmux on a temporary copy of fixtures/demo at 80x24. The test walks through every finding —
 * accepting some, skipping some, editing one parameter (a UID) and ignoring one — writes, and
 * checks that exactly the accepted changes (and the pragma) are on disk, that `check` agrees, and
 * that `shipshape undo` restores every file byte for byte. No fixed sleeps: it polls the screen.
 */
import {spawnSync} from 'node:child_process';
import {cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, relative, resolve, sep} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {load} from '../../src/cli/load.js';
import type {ParamValues} from '../../src/core/model.js';
import {orderFindings} from '../../src/ui/state/reducer.js';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/shipshape.js');
const DEMO = join(ROOT, 'fixtures/demo');
const hasTmux = spawnSync('tmux', ['-V'], {encoding: 'utf8'}).status === 0;
const skipNote = hasTmux ? '' : ' [skipped: tmux is not installed]';
if (!hasTmux) console.warn('wizard-tmux.test.ts: skipped, tmux is not installed (apt-get install tmux)');

const session = `shipshape-e2e-${process.pid}`;
const tmux = (...args: string[]) => spawnSync('tmux', args, {encoding: 'utf8'});
const screen = () => tmux('capture-pane', '-p', '-t', session).stdout;
const send = (...keys: string[]) => {
  const r = tmux('send-keys', '-t', session, ...keys);
  if (r.status !== 0) throw new Error(`tmux send-keys failed: ${r.stderr}`);
};
const pause = () => new Promise((r) => setTimeout(r, 25));

/** Polls the screen until `ok` holds on two captures in a row (a frame fully drawn). */
async function waitScreen(ok: (s: string) => boolean, what: string, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    const s = screen();
    if (ok(s) && s === last) return s;
    last = s;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; screen:\n${s}`);
    await pause();
  }
}

/** Sends keys and waits until the screen shows something else, then until it is stable. */
async function press(keys: string[], until?: (s: string) => boolean, what = 'the screen to change'): Promise<string> {
  const before = screen();
  send(...keys);
  return waitScreen((s) => s !== before && (!until || until(s)), what);
}

function readTree(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const entry of readdirSync(d, {withFileTypes: true})) {
      const full = join(d, entry.name);
      const rel = relative(dir, full).split(sep).join('/');
      if (rel === '.shipshape') continue;
      if (entry.isDirectory()) walk(full);
      else out.set(rel, readFileSync(full));
    }
  };
  walk(dir);
  return out;
}

const work = mkdtempSync(join(tmpdir(), 'shipshape-wizard-e2e-'));
afterAll(() => {
  if (hasTmux) tmux('kill-session', '-t', session);
  rmSync(work, {recursive: true, force: true});
});

describe('the wizard in a real terminal (tmux)', () => {
  it.skipIf(!hasTmux)(`walks every finding on a copy of the demo, writes, check agrees, undo restores${skipNote}`, {timeout: 600_000}, async () => {
    expect(existsSync(join(ROOT, 'dist/cli.js')), 'dist/ is missing: run `npm run build` (npm test builds first)').toBe(true);
    cpSync(DEMO, work, {recursive: true});
    const original = readTree(work);

    // The same scan the wizard makes, to know the walk order and to compute the expected result.
    const loaded = await load({paths: ['.'], cwd: work});
    const files = loaded.project.sources.map((s) => ({path: s.path, kind: s.kind}));
    const walk = orderFindings(loaded.session.findings, files);
    expect(walk.length).toBeGreaterThan(5);

    const started = tmux('new-session', '-d', '-s', session, '-x', '80', '-y', '24', '-c', work, `node ${BIN} . ; echo SHIPSHAPE_EXIT=$?; sleep 600`);
    expect(started.status, started.stderr).toBe(0);
    let s = await waitScreen((x) => x.includes('Walk through every finding'), 'the overview');
    expect(s).toContain(`Walk through every finding (${walk.length})`);
    s = await press(['Enter'], (x) => x.includes(`finding 1 of ${walk.length}`), 'the first finding');

    const accepted = new Map<string, ParamValues>();
    const ignored = new Set<string>();
    let edited = false;
    // After the UID edit, fixes for the same user (the same default UID) follow it.
    let sharedUid: {from: string; to: string} | null = null;
    let skippedCount = 0;
    for (let i = 0; i < walk.length; i++) {
      const finding = walk[i]!;
      expect(s, `screen of finding ${i + 1}`).toContain(`finding ${i + 1} of ${walk.length}`);
      const rows = s.split('\n');
      expect(rows[1]!.startsWith(`${finding.rule} ${finding.severity} `), `${rows[1]} is ${finding.rule}`).toBe(true);
      expect(s).toContain(`${finding.path}:${finding.line}`);
      const footer = rows.slice(-4).join('\n');
      const canAccept = footer.includes('a accept') && Boolean(finding.fix) && !finding.fix?.needsInput?.length;
      // The shared UID flows to fixes for the same user, and the GID follows the UID (one user, one group).
      const params = finding.fix?.params ?? [];
      const uidParam = params.find((p) => p.name === 'uid');
      const followsUid = (p: {name: string; default: string}) => p.name === 'uid' || (p.name === 'gid' && uidParam !== undefined && p.default === uidParam.default);
      const defaults = Object.fromEntries(params.map((p) => [p.name, followsUid(p) && sharedUid?.from === uidParam?.default ? sharedUid!.to : p.default]));
      const next = (x: string) => x.includes(`finding ${i + 2} of ${walk.length}`) || x.includes('shipshape · review');

      if (!edited && canAccept && finding.rule === 'D101' && finding.path === 'worker/Dockerfile') {
        // Edit the UID: e opens the editor on the first parameter; clear it, type, enter.
        const uid = finding.fix!.params.find((p) => p.name === 'uid')!;
        expect(finding.fix!.params[0]!.name).toBe('uid');
        s = await press(['e'], (x) => x.includes(`❯ ${uid.label}: `), 'the parameter editor');
        const current = new RegExp(`❯ ${uid.label}: (\\S*)`).exec(s)![1]!;
        for (let k = 0; k < current.length; k++) s = await press(['BSpace']);
        s = await press(['-l', '10042'], (x) => x.includes(`❯ ${uid.label}: 10042`) && x.includes('10042'), 'the typed UID');
        expect(s).toMatch(/\+.*10042/); // the diff follows the value at once
        s = await press(['Enter'], (x) => x.includes(`  ${uid.label}: 10042`), 'the saved UID');
        s = await press(['a'], next, 'the next finding');
        accepted.set(finding.fingerprint, Object.fromEntries(Object.entries(defaults).map(([k, v]) => [k, followsUid({name: k, default: v}) ? '10042' : v])));
        sharedUid = {from: uid.default, to: '10042'};
        edited = true;
      } else if (ignored.size === 0 && finding.path === 'compose.yaml' && footer.includes('i ignore here')) {
        // i asks why; enter keeps the default reason.
        s = await press(['i'], (x) => x.includes('Why ignore it here? reviewed with shipshape'), 'the reason prompt');
        s = await press(['Enter'], next, 'the next finding');
        ignored.add(finding.fingerprint);
      } else if (canAccept && (finding.path.endsWith('Dockerfile') || i % 3 !== 2)) {
        s = await press(['a'], next, 'the next finding');
        accepted.set(finding.fingerprint, defaults);
      } else {
        s = await press(['s'], next, 'the next finding');
        skippedCount++;
      }
    }
    expect(edited, 'the UID of worker/Dockerfile was edited').toBe(true);
    expect(ignored.size).toBe(1);
    expect(accepted.size).toBeGreaterThan(2);
    expect(skippedCount).toBeGreaterThan(2);

    // Review, then write.
    expect(s).toContain('shipshape · review');
    expect(s).toContain(`Accepted: ${accepted.size} fixes, 1 ignore comment`);
    s = await press(['w'], (x) => x.includes('shipshape · done'), 'the done screen');
    expect(s).toMatch(/✔ Wrote \d+ files?:/);
    s = await press(['Enter'], (x) => x.includes('SHIPSHAPE_EXIT='), 'the wizard to exit');
    expect(s).toContain('SHIPSHAPE_EXIT=0');

    // Exactly the accepted changes are on disk: the plan of the same choices, byte for byte.
    const expected = loaded.session.preview({accepted, ignored});
    const now = readTree(work);
    const changed = new Set(expected.files.map((f) => f.path));
    // apply journals one more change of its own: `.shipshape/` appended to the root .gitignore.
    const withoutBackupIgnore = (path: string, text: string | undefined) => (path === '.gitignore' ? text?.replace(/(\r?\n)?# shipshape backups \(shipshape undo\)\r?\n\.shipshape\/\r?\n$/, '$1') : text);
    for (const file of expected.files) expect(withoutBackupIgnore(file.path, now.get(file.path)?.toString('utf8')), file.path).toBe(file.after);
    for (const [path, bytes] of original) if (!changed.has(path) && path !== '.gitignore') expect(now.get(path)?.equals(bytes), `${path} is untouched`).toBe(true);
    if (!changed.has('.gitignore') && original.has('.gitignore')) expect(withoutBackupIgnore('.gitignore', now.get('.gitignore')?.toString('utf8'))).toBe(original.get('.gitignore')!.toString('utf8'));
    for (const path of now.keys()) expect(original.has(path) || changed.has(path) || path === '.gitignore', `unexpected new file ${path}`).toBe(true);
    expect(now.get('worker/Dockerfile')!.toString('utf8')).toContain('10042');
    // The same UID flowed into the worker's pod when its K301 fix was accepted.
    if ([...accepted.keys()].some((fp) => fp.startsWith('K301:k8s/worker.yaml'))) expect(now.get('k8s/worker.yaml')!.toString('utf8')).toContain('runAsUser: 10042');
    const ignoredFinding = walk.find((f) => ignored.has(f.fingerprint))!;
    expect(now.get('compose.yaml')!.toString('utf8')).toContain(`# shipshape-ignore ${ignoredFinding.rule}`);

    // `check` agrees with what the wizard planned.
    const check = spawnSync('node', [BIN, 'check', '--format', 'json'], {cwd: work, encoding: 'utf8'});
    expect(check.status, check.stderr).toBeLessThanOrEqual(1);
    const report = JSON.parse(check.stdout) as {findings: Array<{rule: string; path: string; line: number}>};
    const key = (f: {rule: string; path: string; line: number}) => `${f.rule} ${f.path}:${f.line}`;
    expect(report.findings.map(key).sort()).toEqual(expected.remaining.map(key).sort());
    expect(report.findings.some((f) => f.rule === ignoredFinding.rule && f.path === 'compose.yaml' && f.line === ignoredFinding.line + 1)).toBe(false);

    // `shipshape undo` restores every file byte for byte.
    const undo = spawnSync('node', [BIN, 'undo'], {cwd: work, encoding: 'utf8'});
    expect(undo.status, undo.stderr + undo.stdout).toBe(0);
    const restored = readTree(work);
    expect([...restored.keys()].sort()).toEqual([...original.keys()].sort());
    for (const [path, bytes] of original) expect(restored.get(path)!.equals(bytes), `${path} restored`).toBe(true);
  });
});
