/**
 * `fix --diff` shows exactly what `fix --write` writes: the same files (changed or created, the
 * `.shipshape/` line in .gitignore included), each with the text the write leaves, secret files
 * listed with their content masked. On the demo, on a repository with Compose secrets and new
 * Kubernetes objects, and on C211/K314 fixtures.
 */
import {cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {applyPatch, parsePatch} from 'diff';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {runMain} from '../helpers/main.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures');
const SECRET = 'Wq8-s3cr3t-Zt4';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shipshape-diff-write-'));
});
afterEach(async () => {
  await rm(dir, {recursive: true, force: true});
});

const cli = runMain;

async function snapshot(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (rel: string): Promise<void> => {
    for (const entry of await readdir(join(root, rel), {withFileTypes: true})) {
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.name === '.shipshape' || entry.name === '.git') continue;
      if (entry.isDirectory()) await walk(path);
      else out.set(path, await readFile(join(root, path), 'utf8'));
    }
  };
  await walk('');
  return out;
}

const MASK = '********';

/** True when `shown` is `actual` with some values replaced by the mask. */
function sameButMasked(shown: string, actual: string): boolean {
  const escape = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${shown.split(MASK).map(escape).join('[^\\n]+?')}$`).test(actual);
}

/** Runs --diff then --write on `root`, and checks they agree file by file. */
async function diffEqualsWrite(root: string): Promise<{files: string[]; diff: string}> {
  const before = await snapshot(root);
  const {stdout: diff} = await cli(['fix', '--diff', '--unsafe', '.'], root);
  expect(await snapshot(root), '--diff writes nothing').toEqual(before);
  await cli(['fix', '--write', '--unsafe', '.'], root);
  const after = await snapshot(root);
  const written = [...after].filter(([path, text]) => before.get(path) !== text).map(([path]) => path).sort();
  const patches = parsePatch(diff);
  const shown = patches.map((p) => p.newFileName!.replace(/^b\//, '')).sort();
  expect(shown, 'the diff lists exactly the files the write changes or creates').toEqual(written.map((p) => p.replaceAll(SECRET, MASK)).sort());
  for (const patch of patches) {
    const shownPath = patch.newFileName!.replace(/^b\//, '');
    const path = written.find((p) => sameButMasked(shownPath, p))!;
    // Lines with a masked secret match the file's line whatever the secret is.
    const shownText = applyPatch(before.get(path) ?? '', patch, {compareLine: (_n, line, _op, content) => line === content || content.includes(MASK)});
    expect(shownText, `${path}: the diff applies to the file as it was`).not.toBe(false);
    expect(sameButMasked(shownText as string, after.get(path)!), `${path}: the diff gives the text the write leaves`).toBe(true);
  }
  // Secret values stay out of the diff: the content of every secret file written, and ours.
  for (const path of written.filter((p) => p.startsWith('secrets/') || p.includes('/secrets/'))) {
    expect(diff, `${path} is listed`).toContain(`+++ b/${path.replaceAll(SECRET, MASK)}`);
    const value = after.get(path)!.trim();
    if (value) expect(diff, `the value of ${path} is masked`).not.toContain(value);
  }
  expect(diff).not.toContain(SECRET);
  return {files: written, diff};
}

describe('fix --diff lists what fix --write writes', () => {
  it('on the demo', async () => {
    await cp(join(FIXTURES, 'demo'), dir, {recursive: true});
    await mkdir(join(dir, '.git'));
    const {files} = await diffEqualsWrite(dir);
    expect(files).toContain('.gitignore');
    expect(await readFile(join(dir, '.gitignore'), 'utf8')).toMatch(/^\.shipshape\/$/m);
  });

  it('with Compose secret files, a .gitignore the fix edits, and new Kubernetes objects', async () => {
    await mkdir(join(dir, '.git'));
    await mkdir(join(dir, 'k8s'));
    await writeFile(join(dir, '.gitignore'), 'node_modules/\n');
    await writeFile(join(dir, 'compose.yaml'), `services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: ${SECRET}\n`);
    await writeFile(
      join(dir, 'k8s/api.yaml'),
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        '  name: api',
        '  namespace: shop',
        'spec:',
        '  selector:',
        '    matchLabels: {app: api}',
        '  template:',
        '    metadata:',
        '      labels: {app: api}',
        '    spec:',
        '      containers:',
        '        - name: api',
        '          image: ghcr.io/acme/api:1.4.2',
        '          env:',
        '            - name: API_TOKEN',
        `              value: ${SECRET}`,
        '',
      ].join('\n'),
    );
    const {files} = await diffEqualsWrite(dir);
    expect(files).toEqual(expect.arrayContaining(['.gitignore', 'compose.yaml', 'k8s/api.yaml']));
    const secret = files.find((f) => f.startsWith('secrets/'));
    expect(secret, 'a secret file is written and listed').toBeDefined();
    // Compose bind-mounts it as it is: readable by postgres' own user, in a folder only its owner enters.
    expect((await stat(join(dir, secret!))).mode & 0o777).toBe(0o644);
    expect((await stat(join(dir, 'secrets'))).mode & 0o777).toBe(0o700);
    expect(files.length, 'new Kubernetes objects are listed').toBeGreaterThan(4);
    const gitignore = await readFile(join(dir, '.gitignore'), 'utf8');
    expect(gitignore).toMatch(/^secrets\/$/m);
    expect(gitignore).toMatch(/^\.shipshape\/$/m);
  });

  it.each(['C211/bad-gitignore', 'C211/bad-map', 'K314/bad-kustomization', 'K314/bad-install-file'])('on the fixture %s', async (fixture) => {
    await cp(join(FIXTURES, 'rules', fixture), dir, {recursive: true});
    await mkdir(join(dir, '.git'));
    const {files} = await diffEqualsWrite(dir);
    expect(files).toContain('.gitignore');
  });

  it('adds nothing when there is nothing to fix, and a second write changes nothing', async () => {
    await cp(join(FIXTURES, 'demo'), dir, {recursive: true});
    await mkdir(join(dir, '.git'));
    await cli(['fix', '--write', '--unsafe', '.'], dir);
    const before = await snapshot(dir);
    const {stdout} = await cli(['fix', '--diff', '--unsafe', '.'], dir);
    expect(stdout).toBe('');
    await cli(['fix', '--write', '--unsafe', '.'], dir);
    expect(await snapshot(dir)).toEqual(before);
  });
});
