/**
 * The wizard on a 60-service Compose file in a real terminal (tmux, the BUILT binary): grouped by
 * rule, two rule groups accepted with A, written — in under 20 keypresses — and the file on disk
 * is byte for byte what `fix --write --unsafe --rule` writes for the same rules on a copy.
 */
import {spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/shipshape.js');
const hasTmux = spawnSync('tmux', ['-V'], {encoding: 'utf8'}).status === 0;
const skipNote = hasTmux ? '' : ' [skipped: tmux is not installed]';

const session = `shipshape-groups-${process.pid}`;
const tmux = (...args: string[]) => spawnSync('tmux', args, {encoding: 'utf8'});
const screen = () => tmux('capture-pane', '-p', '-t', session).stdout;
const pause = () => new Promise((r) => setTimeout(r, 25));
let keypresses = 0;

async function waitScreen(ok: (s: string) => boolean, what: string, timeoutMs = 60_000): Promise<string> {
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

/** One key; waits until the screen changed and shows what `until` wants. */
async function press(key: string, until: (s: string) => boolean, what: string): Promise<string> {
  const before = screen();
  keypresses++;
  const r = tmux('send-keys', '-t', session, key);
  if (r.status !== 0) throw new Error(`tmux send-keys failed: ${r.stderr}`);
  return waitScreen((s) => s !== before && until(s), what);
}

const SERVICES = Array.from({length: 60}, (_, i) => `svc${String(i + 1).padStart(2, '0')}`);
const COMPOSE = `# sixty services of one product
services:
${SERVICES.map((s, i) => `  ${s}:\n    image: registry.example/${s}:1.${i}\n    environment:\n      ROLE: ${s}\n`).join('')}`;

const base = mkdtempSync(join(tmpdir(), 'shipshape-groups-e2e-'));
afterAll(() => {
  if (hasTmux) tmux('kill-session', '-t', session);
  rmSync(base, {recursive: true, force: true});
});

describe('the wizard by rule groups in a real terminal (tmux)', () => {
  it.skipIf(!hasTmux)(`hardens a 60-service Compose file by two rule groups in under 20 keys, as fix --write --unsafe --rule writes it${skipNote}`, {timeout: 300_000}, async () => {
    expect(existsSync(join(ROOT, 'dist/cli.js')), 'dist/ is missing: run `npm run build`').toBe(true);
    const wizardDir = join(base, 'wizard');
    const fixDir = join(base, 'fix');
    for (const dir of [wizardDir, fixDir]) {
      mkdirSync(dir);
      writeFileSync(join(dir, 'compose.yaml'), COMPOSE);
    }
    const started = tmux('new-session', '-d', '-s', session, '-x', '100', '-y', '30', '-c', wizardDir, `node ${BIN} . ; echo SHIPSHAPE_EXIT=$?; sleep 600`);
    expect(started.status, started.stderr).toBe(0);
    await waitScreen((s) => s.includes('Walk through every finding'), 'the overview');

    let s = await press('g', (x) => x.includes('By rule'), 'the rule groups');
    const accepted: string[] = [];
    for (const rule of ['C204', 'C208']) {
      while (!new RegExp(`❯ ${rule} `).test(s)) s = await press('j', () => true, `the cursor on ${rule}`);
      expect(s).toMatch(new RegExp(`${rule} .* — 60 services`));
      s = await press('Enter', (x) => x.includes('Combined diff') && x.includes('A accept all'), `the ${rule} group`);
      expect(s).toContain('group of 60');
      s = await press('A', (x) => x.includes(`Accepted 60 fixes of ${rule}`), `${rule} accepted`);
      accepted.push(rule);
    }
    s = await press('r', (x) => x.includes('shipshape · review') && x.includes('Accepted: 120 fixes'), 'the review');
    s = await press('w', (x) => x.includes('shipshape · done'), 'the done screen');
    s = await press('Enter', (x) => x.includes('SHIPSHAPE_EXIT=0'), 'the wizard to end');
    expect(keypresses).toBeLessThan(20);

    const fix = spawnSync('node', [BIN, 'fix', '--write', '--unsafe', '--rule', accepted.join(','), '.'], {cwd: fixDir, encoding: 'utf8'});
    expect(fix.stderr).not.toMatch(/error/i);
    const written = readFileSync(join(wizardDir, 'compose.yaml'), 'utf8');
    expect(written).not.toBe(COMPOSE);
    expect(written).toBe(readFileSync(join(fixDir, 'compose.yaml'), 'utf8'));
  });
});
