/**
 * End to end: a typical Debian-based app Dockerfile, rewritten by shipshape's D101/D102 fixes
 * through the core API (plan + the planned texts), builds for real with buildah and runs as UID
 * 10001 (see ../../../shared/BUILDING-IMAGES.md).
 *
 * Needs root, `apt-get install -y buildah debootstrap` and the base image that
 * scripts/prepare-buildah-base.sh makes (debootstrap minbase bookworm, cached outside the repo
 * under $SHIPSHAPE_BUILDAH_CACHE or ${XDG_CACHE_HOME:-~/.cache}/shipshape-test). The test runs the
 * script itself (a no-op when the cache is there, about a minute the first time); it never installs
 * packages and is skipped, saying why, where buildah or debootstrap is missing.
 */
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync} from 'node:fs';
import {tmpdir, userInfo} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {buildProject} from '../../src/core/project.js';
import {plan} from '../../src/core/plan.js';
import {RULES} from '../../src/rules/registry.js';

const REPO = join(import.meta.dirname, '../..');
// The home directory from the passwd entry, not $HOME: other test files may point HOME at a temp dir.
const CACHE = process.env.SHIPSHAPE_BUILDAH_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(userInfo().homedir, '.cache'), 'shipshape-test');
const PATH = `${process.env.PATH ?? ''}:/usr/sbin:/sbin`;

function has(tool: string): boolean {
  return spawnSync(tool, ['--version'], {env: {...process.env, PATH}, stdio: 'ignore'}).status === 0 || existsSync(`/usr/sbin/${tool}`);
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const missing = [!has('buildah') && 'buildah', !existsSync('/usr/sbin/debootstrap') && !has('debootstrap') && 'debootstrap', !isRoot && 'root'].filter(Boolean);
const available = missing.length === 0;
if (!available) {
  console.warn(
    `test/e2e/buildah.test.ts: skipped, missing ${missing.join(', ')}. ` +
      'Run as root after `apt-get install -y buildah debootstrap` (and optionally scripts/prepare-buildah-base.sh).',
  );
}

function buildah(args: string[], timeout = 120_000): string {
  const global = ['--root', join(CACHE, 'storage'), '--runroot', join(CACHE, 'run'), '--storage-driver', 'vfs'];
  const r = spawnSync('buildah', [...global, ...args], {encoding: 'utf8', timeout, env: {...process.env, PATH, STORAGE_DRIVER: 'vfs', BUILDAH_ISOLATION: 'chroot'}});
  if (r.status !== 0) throw new Error(`buildah ${args.join(' ')} failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout.trim();
}

const DOCKERFILE = [
  'FROM debian:bookworm-slim',
  'ENV PYTHONUNBUFFERED=1',
  'WORKDIR /app',
  'COPY requirements.txt .',
  'RUN echo "would install: $(cat requirements.txt)" > /tmp/install.log',
  'COPY . .',
  'RUN chmod 0755 /app/start.sh',
  'EXPOSE 8000',
  'CMD ["/app/start.sh"]',
  '',
].join('\n');

describe('a rewritten Debian Dockerfile builds with buildah and runs as 10001', () => {
  let dir = '';
  const tag = `localhost/shipshape-e2e:${process.pid}`;
  let container: string | null = null;

  beforeAll(() => {
    if (!available) return;
    const prep = spawnSync('sh', [join(REPO, 'scripts/prepare-buildah-base.sh')], {encoding: 'utf8', env: {...process.env, PATH, SHIPSHAPE_BUILDAH_CACHE: CACHE}, timeout: 280_000});
    if (prep.status !== 0) throw new Error(`scripts/prepare-buildah-base.sh failed:\n${prep.stdout}\n${prep.stderr}`);
    dir = mkdtempSync(join(tmpdir(), 'shipshape-buildah-'));
    writeFileSync(join(dir, 'Dockerfile'), DOCKERFILE);
    writeFileSync(join(dir, 'requirements.txt'), 'flask==3.0.3\n');
    writeFileSync(join(dir, 'app.py'), 'print("hello")\n');
    writeFileSync(join(dir, 'start.sh'), '#!/bin/sh\nexec sleep 1\n');
  }, 300_000);

  afterAll(() => {
    if (!available) return;
    if (container) spawnSync('buildah', ['--root', join(CACHE, 'storage'), '--runroot', join(CACHE, 'run'), '--storage-driver', 'vfs', 'rm', container], {stdio: 'ignore'});
    spawnSync('buildah', ['--root', join(CACHE, 'storage'), '--runroot', join(CACHE, 'run'), '--storage-driver', 'vfs', 'rmi', '-f', tag], {stdio: 'ignore'});
    if (dir) rmSync(dir, {recursive: true, force: true});
  });

  it.skipIf(!available)('fixes, builds, and runs as 10001:10001 with a writable workdir', () => {
    // 1. shipshape's fix through the core API: plan D101 + D102 with default parameters, write the texts.
    const text = readFileSync(join(dir, 'Dockerfile'), 'utf8');
    const project = buildProject(['.'], [{path: 'Dockerfile', kind: 'dockerfile', text}]);
    const result = plan(project, {rules: RULES, select: (f) => (f.rule === 'D101' || f.rule === 'D102' ? {} : null)});
    expect(result.converged).toBe(true);
    expect(result.applied.map((a) => a.rule)).toContain('D101');
    const after = result.files.find((f) => f.path === 'Dockerfile')!.after;
    expect(after).toContain('USER 10001:10001');
    expect(result.remaining.filter((f) => f.rule === 'D101' || f.rule === 'D102')).toEqual([]);
    writeFileSync(join(dir, 'Dockerfile'), after);

    // 2. Build it for real, offline, on the local Debian base.
    buildah(['bud', '--isolation', 'chroot', '--pull-never', '--layers=false', '-f', join(dir, 'Dockerfile'), '-t', tag, dir], 150_000);
    expect(buildah(['inspect', '--type', 'image', '--format', '{{.OCIv1.Config.User}}', tag])).toBe('10001:10001');

    // 3. Run as the image's USER: id, ownership of the copied files, a writable workdir.
    container = buildah(['from', '--pull-never', '--name', `shipshape-e2e-${process.pid}-${Date.now()}`, tag]);
    expect(buildah(['run', '--isolation', 'chroot', container, '--', 'id', '-u'])).toBe('10001');
    expect(buildah(['run', '--isolation', 'chroot', container, '--', 'id', '-g'])).toBe('10001');
    expect(buildah(['run', '--isolation', 'chroot', container, '--', 'stat', '-c', '%u:%g', '/app', '/app/app.py']).split('\n')).toEqual(['10001:10001', '10001:10001']);
    expect(buildah(['run', '--isolation', 'chroot', container, '--', 'sh', '-c', 'touch /app/.written && echo ok'])).toBe('ok');
    expect(buildah(['run', '--isolation', 'chroot', container, '--', 'sh', '-c', 'touch /etc/.nope 2>/dev/null && echo root || echo denied'])).toBe('denied');
    expect(statSync(join(dir, 'Dockerfile')).size).toBeGreaterThan(text.length);
  }, 180_000);
});
