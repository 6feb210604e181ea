/**
 * The README's first command ends in `shipshape demo`: the wizard opens on a temporary copy of the
 * bundled demo, in a real terminal, and the repository's own fixtures/demo never changes.
 */
import {spawnSync} from 'node:child_process';
import {existsSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import {join, relative, resolve, sep} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const DEMO = join(ROOT, 'fixtures/demo');
const hasTmux = spawnSync('tmux', ['-V'], {encoding: 'utf8'}).status === 0;
if (!hasTmux) console.warn('demo-tmux.test.ts: skipped, tmux is not installed (apt-get install tmux)');
const session = `shipshape-demo-${process.pid}`;
const tmux = (...args: string[]) => spawnSync('tmux', args, {encoding: 'utf8'});
const screen = () => tmux('capture-pane', '-p', '-t', session).stdout;

async function waitFor(ok: (s: string) => boolean, what: string, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = screen();
    if (ok(s)) return s;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; screen:\n${s}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function tree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, {withFileTypes: true})) {
      const full = join(d, e.name);
      if (e.isDirectory()) walk(full);
      else out.set(relative(dir, full).split(sep).join('/'), readFileSync(full, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

let copy: string | null = null;
afterAll(() => {
  if (hasTmux) tmux('kill-session', '-t', session);
  if (copy) rmSync(copy, {recursive: true, force: true});
});

describe('shipshape demo', () => {
  it.skipIf(!hasTmux)('opens the wizard on a temporary copy of the demo and leaves the repository untouched', async () => {
    expect(existsSync(join(ROOT, 'dist/cli.js')), 'dist/ is missing: run `npm run build`').toBe(true);
    const before = tree(DEMO);
    const started = tmux('new-session', '-d', '-s', session, '-x', '100', '-y', '30', '-c', ROOT, `node bin/shipshape.js demo; echo SHIPSHAPE_EXIT=$?; sleep 30`);
    expect(started.status, started.stderr).toBe(0);
    let s = await waitFor((x) => x.includes('Walk through every finding'), 'the overview');
    copy = /on a copy of the demo project in (\S+)/.exec(s)?.[1] ?? null;
    expect(copy, 'the copy is named on screen').not.toBeNull();
    expect(s).toMatch(/Dockerfiles[\s\S]*api\/Dockerfile[\s\S]*Compose[\s\S]*compose\.yaml[\s\S]*Kubernetes[\s\S]*CI pipelines/);
    // Accept the first fix, then quit: the wizard asks first, and nothing is written.
    tmux('send-keys', '-t', session, 'Enter');
    s = await waitFor((x) => /finding 1 of \d+/.test(x), 'the first finding');
    tmux('send-keys', '-t', session, 'a');
    s = await waitFor((x) => /finding 2 of \d+/.test(x), 'the second finding');
    tmux('send-keys', '-t', session, 'q');
    s = await waitFor((x) => x.includes('Quit without writing 1 accepted change? (y/n)'), 'the quit question');
    tmux('send-keys', '-t', session, 'y');
    s = await waitFor((x) => x.includes('SHIPSHAPE_EXIT='), 'the wizard to exit');
    expect(s).toContain('SHIPSHAPE_EXIT=0');
    expect(tree(copy!)).toEqual(before);
    expect(tree(DEMO)).toEqual(before);
  });
});
