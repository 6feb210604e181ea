/**
 * End to end: a typical Debian-based app Dockerfile, rewritten by shipshape's D101/D102 fixes
 * through the core API (plan + the planned texts), builds for real with buildah and runs as UID
 * 10001 (see ../../../shared/BUILDING-IMAGES.md).
 *
 * Needs root and `apt-get install -y buildah mmdebstrap`; the base is the one every container test
 * shares (scripts/prepare-test-base.sh, run here: a no-op when it is there). Skipped, saying why,
 * where those are missing.
 */
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {buildProject} from '../../src/core/project.js';
import {plan} from '../../src/core/plan.js';
import {RULES} from '../../src/rules/registry.js';
import {CONTAINER_ENV, missingForBuilds, prepareTestBase} from '../helpers/containers.js';

const missing = missingForBuilds();
const available = missing.length === 0;
if (!available) console.warn(`test/e2e/buildah.test.ts: skipped, missing ${missing.join(', ')}. Run as root after \`apt-get install -y buildah mmdebstrap\`.`);

function buildah(args: string[], timeout = 120_000): string {
  const r = spawnSync('buildah', args, {encoding: 'utf8', timeout, env: CONTAINER_ENV});
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

  beforeAll(async () => {
    if (!available) return;
    await prepareTestBase();
    dir = mkdtempSync(join(tmpdir(), 'shipshape-buildah-'));
    writeFileSync(join(dir, 'Dockerfile'), DOCKERFILE);
    writeFileSync(join(dir, 'requirements.txt'), 'flask==3.0.3\n');
    writeFileSync(join(dir, 'app.py'), 'print("hello")\n');
    writeFileSync(join(dir, 'start.sh'), '#!/bin/sh\nexec sleep 1\n');
  }, 900_000);

  afterAll(() => {
    if (!available) return;
    if (container) spawnSync('buildah', ['rm', container], {stdio: 'ignore', env: CONTAINER_ENV});
    spawnSync('buildah', ['rmi', '-f', tag], {stdio: 'ignore', env: CONTAINER_ENV});
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
