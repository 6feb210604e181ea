import {mkdtemp, mkdir, writeFile, symlink, rm} from 'node:fs/promises';
import {execFileSync} from 'node:child_process';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {discover, MAX_FILE_BYTES} from '../../src/io/discover.js';
import {IgnoreRules} from '../../src/io/gitignore.js';
import {classify} from '../../src/core/classify.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shipshape-discover-'));
});
afterEach(async () => {
  await rm(dir, {recursive: true, force: true});
});

async function put(path: string, content: string | Buffer): Promise<void> {
  await mkdir(join(dir, path, '..'), {recursive: true});
  await writeFile(join(dir, path), content);
}

describe('discover', () => {
  it('classifies Dockerfiles, Compose files, Kubernetes manifests and CI files, and skips the rest', async () => {
    await put('api/Dockerfile', 'FROM node:20\n');
    await put('api/Dockerfile.dev', 'FROM node:20\n');
    await put('web/web.dockerfile', 'FROM nginx\n');
    await put('Containerfile', 'FROM alpine\n');
    await put('compose.yaml', 'services:\n  a:\n    image: x\n');
    await put('docker-compose.override.yml', 'services: {}\n');
    await put('stack.yml', 'services:\n  a:\n    image: x\n');
    await put('k8s/deploy.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\n');
    await put('k8s/deploy.json', '{"apiVersion": "v1", "kind": "Pod"}');
    await put('.github/workflows/ci.yml', 'on: push\njobs: {}\n');
    await put('.gitlab-ci.yml', 'stages: [build]\n');
    await put('config.yaml', 'name: not-a-manifest\n');
    await put('README.md', '# hi\n');
    const found = await discover([dir], {}, dir);
    expect(found.inputs.map((i) => `${i.path}=${i.kind}`)).toEqual([
      '.github/workflows/ci.yml=ci',
      '.gitlab-ci.yml=ci',
      'Containerfile=dockerfile',
      'api/Dockerfile=dockerfile',
      'api/Dockerfile.dev=dockerfile',
      'compose.yaml=compose',
      'docker-compose.override.yml=compose',
      'k8s/deploy.json=kubernetes',
      'k8s/deploy.yaml=kubernetes',
      'stack.yml=compose',
      'web/web.dockerfile=dockerfile',
    ]);
    expect(found.skipped).toEqual([]);
  });

  it('honours .gitignore (nested, negation, folders) and the config ignores, and never walks node_modules or .git', async () => {
    await put('.gitignore', 'build/\n*.gen.yaml\n!keep.gen.yaml\n');
    await put('build/Dockerfile', 'FROM x\n');
    await put('a.gen.yaml', 'apiVersion: v1\nkind: Pod\n');
    await put('keep.gen.yaml', 'apiVersion: v1\nkind: Pod\n');
    await put('sub/.gitignore', '/Dockerfile\n');
    await put('sub/Dockerfile', 'FROM x\n');
    await put('sub/deep/Dockerfile', 'FROM x\n');
    await put('node_modules/pkg/Dockerfile', 'FROM x\n');
    await put('.git/Dockerfile', 'FROM x\n');
    await put('legacy/Dockerfile', 'FROM x\n');
    const found = await discover([dir], {ignore: ['legacy/**']}, dir);
    expect(found.inputs.map((i) => i.path)).toEqual(['keep.gen.yaml', 'sub/deep/Dockerfile']);
    expect(found.aux.get('.gitignore')).toContain('build/');
  });

  it('skips binary, oversized and non-UTF-8 files with a one-line reason, and Helm templates with why', async () => {
    await put('bin/Dockerfile', Buffer.from([0x46, 0x52, 0x00, 0x4d]));
    await put('big/Dockerfile', `FROM x\n${'#'.repeat(MAX_FILE_BYTES)}\n`);
    await put('utf16/Dockerfile', Buffer.from('\uFEFFFROM x\n', 'utf16le'));
    await put('latin1/Dockerfile', Buffer.from([0x23, 0xe9, 0x0a, 0x46, 0x52, 0x4f, 0x4d, 0x20, 0x78, 0x0a]));
    await put('chart/templates/deploy.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n');
    const found = await discover([dir], {}, dir);
    expect(found.inputs).toEqual([]);
    const reasons = Object.fromEntries(found.skipped.map((s) => [s.path, s.reason]));
    expect(reasons['bin/Dockerfile']).toBe('binary file');
    expect(reasons['big/Dockerfile']).toMatch(/too large/);
    expect(reasons['utf16/Dockerfile']).toMatch(/UTF-16/);
    expect(reasons['latin1/Dockerfile']).toMatch(/not valid UTF-8/);
    expect(reasons['chart/templates/deploy.yaml']).toMatch(/Helm template/);
  });

  it('strips a BOM and remembers it; keeps CRLF text as it is', async () => {
    await put('Dockerfile', '\uFEFFFROM x\r\nUSER 1000\r\n');
    const found = await discover([dir], {}, dir);
    expect(found.inputs[0]!.text).toBe('FROM x\r\nUSER 1000\r\n');
    expect(found.bom.has('Dockerfile')).toBe(true);
  });

  it('never follows a symlink out of the root, and follows one inside it', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'shipshape-outside-'));
    try {
      await writeFile(join(outside, 'Dockerfile'), 'FROM x\n');
      await put('real/Dockerfile', 'FROM y\n');
      await symlink(outside, join(dir, 'escape'));
      await symlink(join(dir, 'real', 'Dockerfile'), join(dir, 'Dockerfile'));
      const found = await discover([dir], {}, dir);
      expect(found.inputs.map((i) => i.path)).toEqual(['Dockerfile', 'real/Dockerfile']);
      expect(found.skipped).toEqual([{path: 'escape', reason: 'symlink that points outside the folder being checked; not followed'}]);
    } finally {
      await rm(outside, {recursive: true, force: true});
    }
  });

  it('takes explicitly named files as they are, guessing the kind of odd names', async () => {
    await put('build.txt', 'FROM alpine:3.20\n');
    await put('notes.txt', 'hello\n');
    const found = await discover([join(dir, 'build.txt'), join(dir, 'notes.txt'), join(dir, 'missing')], {}, dir);
    expect(found.inputs.map((i) => `${i.path}=${i.kind}`)).toEqual(['build.txt=dockerfile']);
    expect(found.skipped.map((s) => s.path)).toEqual(['missing', 'notes.txt']);
  });

  it('says a FIFO named Dockerfile is not a regular file instead of blocking on it, named or walked', async () => {
    await mkdir(join(dir, 'named'));
    await mkdir(join(dir, 'walked'));
    execFileSync('mkfifo', [join(dir, 'named/Dockerfile'), join(dir, 'walked/Dockerfile')]);
    const found = await discover([join(dir, 'named/Dockerfile'), join(dir, 'walked')], {}, dir);
    expect(found.inputs).toEqual([]);
    expect(found.skipped).toEqual([
      {path: 'walked/Dockerfile', reason: 'not a regular file (a pipe, socket or device); not read', kind: 'dockerfile'},
      {path: 'named/Dockerfile', reason: 'not a regular file (a pipe, socket or device); not read', kind: 'dockerfile'},
    ]);
  });

  it('an unreadable file carries its kind when its name says it (so it is reported), not any .yaml or .json', async () => {
    await put('Dockerfile', Buffer.from([0x46, 0x00, 0x01]));
    await put('compose.yaml', Buffer.from('\uFEFFservices: {}\n', 'utf16le'));
    await put('.github/workflows/ci.yml', Buffer.from([0xc3, 0x28]));
    await put('data.json', Buffer.from([0x7b, 0x00]));
    const found = await discover([dir], {}, dir);
    expect(found.skipped).toEqual([
      {path: '.github/workflows/ci.yml', reason: 'not valid UTF-8 text; save it as UTF-8 to check it', kind: 'ci'},
      {path: 'Dockerfile', reason: 'binary file', kind: 'dockerfile'},
      {path: 'compose.yaml', reason: 'UTF-16 encoded; save it as UTF-8 to check it', kind: 'compose'},
      {path: 'data.json', reason: 'binary file'},
    ]);
  });
});

describe('parse errors', () => {
  it('are one line naming what is wrong, without a dangling colon', async () => {
    const {parseSource} = await import('../../src/core/source.js');
    const failure = parseSource('compose.yaml', 'compose', 'services:\n  web:\n    image: [a\n');
    expect('message' in failure && !('lines' in failure)).toBe(true);
    const message = (failure as {message: string}).message;
    expect(message).not.toMatch(/\n|:$/);
  });
});

describe('gitignore matcher', () => {
  it('follows git semantics for anchors, ** and folders', () => {
    const rules = IgnoreRules.parse('', '/root-only\n**/deep/*.yaml\ndocs/**/draft\n*.tmp\nout/\n');
    expect(rules.test('root-only', false)).toBe(true);
    expect(rules.test('a/root-only', false)).toBeUndefined();
    expect(rules.test('x/y/deep/a.yaml', false)).toBe(true);
    expect(rules.test('docs/a/b/draft', false)).toBe(true);
    expect(rules.test('docs/draft', false)).toBe(true);
    expect(rules.test('a/b.tmp', false)).toBe(true);
    expect(rules.test('out', true)).toBe(true);
    expect(rules.test('out', false)).toBeUndefined();
  });
});

describe('classify', () => {
  it('sniffs YAML content and names', () => {
    expect(classify('x/Dockerfile.prod', '')).toEqual({kind: 'dockerfile'});
    expect(classify('k.yml', 'apiVersion: v1\nkind: List\nitems: []\n')).toEqual({kind: 'kubernetes'});
    expect(classify('k.yml', '# services: commented\nfoo: 1\n')).toBeNull();
  });
});
