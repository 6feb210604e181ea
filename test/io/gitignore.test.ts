/**
 * Ignores as git has them: every case is run through git itself (`git ls-files --others
 * --exclude-standard`, which lists what git does not ignore) and through discover(), and the two
 * lists must be the same. Skipped with the reason where git is not installed.
 */
import {execFileSync} from 'node:child_process';
import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {discover} from '../../src/io/discover.js';
import {IgnoreRules, expandBraces, globMatcher} from '../../src/io/gitignore.js';
import {runMain} from '../helpers/main.js';

const hasGit = (() => {
  try {
    execFileSync('git', ['--version'], {stdio: 'ignore'});
    return true;
  } catch {
    return false;
  }
})();

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shipshape-gitignore-'));
});
afterEach(async () => {
  await rm(dir, {recursive: true, force: true});
});

/** git without the user's global or system configuration (a global excludes file would skew it). */
function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, {cwd, encoding: 'utf8', env: {...process.env, HOME: dir, XDG_CONFIG_HOME: dir, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null'}});
}

async function put(files: Record<string, string>, base = dir): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(base, path)), {recursive: true});
    await writeFile(join(base, path), content);
  }
}

/** What git lists as not ignored under `path` (run from `cwd`), sorted. */
function gitListing(cwd: string, path = '.'): string[] {
  return git(cwd, ['ls-files', '--others', '--exclude-standard', '-z', '--', path]).split('\0').filter(Boolean).sort();
}

async function ourListing(cwd: string, path = '.'): Promise<string[]> {
  return [...(await discover([path], {}, cwd)).files].sort();
}

/** One file name per interesting shape; each pattern below is run against all of them. */
const FILES = [
  'keep.yaml', 'x.yaml', 'k.yml', 'k.{yaml,yml}', 'root-only', 'sub/root-only', 'build/Dockerfile', 'sub/build/Dockerfile',
  'q/deep/x.yml', 'deep/y.yml', 'docs/a/b/draft', 'docs/draft', 'a/b/c', 'z', 'e', '-', 'bx', 'dx', 'by', 'ay', ']z', 'bz',
  '5n', 'xn', '5q', 'unclosed[', 'tail\\', 'tail', '#hash', '!bang', 'space ', 'trailing', 'xyz', 'x/z', 'foo/bar',
  'foo/a/b/bar', 'a[b', 'Q', 'ab',
];

const PATTERNS = [
  '*.yaml\n!keep.yaml', '/root-only', 'build/', '**/deep/*.yml', 'docs/**/draft', 'a/**', '[z-a]', '[bz-a]', '[a-c]x', '[!a]y',
  '[^a]y', '[]]z', '[[:digit:]]n', '[[:bogus:]]q', 'unclosed[', 'tail\\', '\\#hash', '\\!bang', 'space\\ ', 'trailing   ',
  'x?z', '**', 'foo/**/bar', '*.{yaml,yml}', 'x[/]z', '[a-]', '[--/]', 'a\\[b', '[[:upper:]]', '[[:alpha:]][[:alpha:]]', '*/',
  'sub/', '/sub', '!*', 'a*',
];

describe.skipIf(!hasGit)('ignores compared with git', () => {
  it.each(PATTERNS)('the .gitignore pattern %j leaves the same files as git does', async (pattern) => {
    git(dir, ['init', '-q']);
    await put({'.gitignore': `${pattern}\n`, ...Object.fromEntries(FILES.map((f) => [f, 'x\n']))});
    expect(await ourListing(dir)).toEqual(gitListing(dir));
  });

  it('a subfolder checked on its own gets the .gitignore files above it and .git/info/exclude', async () => {
    git(dir, ['init', '-q']);
    await put({
      '.gitignore': '/deploy/*\n!/deploy/keep.yaml\n*.gen.yaml\n',
      '.git/info/exclude': 'local-only.yaml\n',
      'deploy/a.yaml': 'x',
      'deploy/keep.yaml': 'x',
      'services/.gitignore': 'tmp/\n',
      'services/api/tmp/Dockerfile': 'x',
      'services/api/Dockerfile': 'x',
      'services/api/x.gen.yaml': 'x',
      'services/api/local-only.yaml': 'x',
      'services/api/compose.yaml': 'x',
    });
    for (const path of ['deploy', 'services', 'services/api']) {
      expect(await ourListing(dir, path)).toEqual(gitListing(dir, path));
    }
    // From inside the repository, paths stay relative to the working directory.
    expect(await ourListing(join(dir, 'services'), 'api')).toEqual(['api/Dockerfile', 'api/compose.yaml']);
    expect(gitListing(join(dir, 'services'), 'api')).toEqual(['api/Dockerfile', 'api/compose.yaml']);
  });

  it('a linked worktree (its .git is a file) reads info/exclude from the main repository', async () => {
    const main = join(dir, 'main');
    await mkdir(main);
    git(main, ['init', '-q']);
    await put({'README': 'x'}, main);
    git(main, ['add', '.']);
    git(main, ['-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'init']);
    await put({'.git/info/exclude': 'scratch/\n'}, main);
    git(main, ['worktree', 'add', '-q', join(dir, 'linked')]);
    const linked = join(dir, 'linked');
    await put({'scratch/Dockerfile': 'x', 'api/Dockerfile': 'x'}, linked);
    // git lists untracked files only; README is tracked.
    expect(await ourListing(linked)).toEqual(['README', 'api/Dockerfile']);
    expect(gitListing(linked)).toEqual(['api/Dockerfile']);
  });
});

describe('ignore patterns', () => {
  it('never throw: a pattern git cannot match matches nothing, and a reversed range is its first character', () => {
    for (const pattern of ['a[', '[[:nope:]]', 'x\\', '[\\']) {
      const rules = IgnoreRules.parse('', pattern);
      expect(rules.test('a', false)).toBeUndefined();
      expect(rules.test('z', false)).toBeUndefined();
    }
    const reversed = IgnoreRules.parse('', '[z-a]');
    expect(reversed.test('z', false)).toBe(true);
    expect(reversed.test('b', false)).toBeUndefined();
  });

  it('config ignore: patterns expand braces, nested, with escapes and literal single braces', () => {
    expect(expandBraces('k8s/*.{yaml,yml}')).toEqual(['k8s/*.yaml', 'k8s/*.yml']);
    expect(expandBraces('{a,b{c,d}}/x')).toEqual(['a/x', 'bc/x', 'bd/x']);
    expect(expandBraces('{a}/x')).toEqual(['{a}/x']);
    expect(expandBraces('\\{a,b}/x')).toEqual(['\\{a,b}/x']);
    expect(expandBraces('{a,b}-{1,2}')).toEqual(['a-1', 'a-2', 'b-1', 'b-2']);
    const ignored = globMatcher(['k8s/*.{yaml,yml}', '!k8s/keep.yaml', '[z-a]']);
    expect(ignored('k8s/a.yaml', false)).toBe(true);
    expect(ignored('k8s/a.yml', false)).toBe(true);
    expect(ignored('k8s/keep.yaml', false)).toBe(false);
    expect(ignored('k8s/a.json', false)).toBe(false);
    expect(ignored('z', false)).toBe(true);
    expect(ignored('b', false)).toBe(false);
  });
});

describe('odd patterns in a real run', () => {
  it('a .gitignore or config line such as [z-a] neither stops check nor fix', async () => {
    await put({'.gitignore': '[z-a]\n[[:nope:]]\n', '.shipshape.yaml': 'ignore: ["[z-a]", "k8s/*.{yaml,yml}"]\n', 'z': 'x', 'k8s/a.yml': 'apiVersion: v1\nkind: Pod\n', 'Dockerfile': 'FROM alpine:3.20\nUSER 10001\n'});
    for (const args of [['check', '--format', 'json', '.'], ['fix', '--diff', '.']]) {
      const {code, stdout, stderr} = await runMain(args, dir);
      expect(stderr).not.toMatch(/internal error|Invalid regular expression/);
      expect(code).toBeLessThan(2);
      if (args[0] === 'check') expect((JSON.parse(stdout) as {files: Array<{path: string}>}).files.map((f) => f.path)).toEqual(['Dockerfile']);
    }
  });
});

describe('--force-exclude: named files are taken like walked ones', () => {
  it('skips named files git or the config ignores (or a folder they are in) and passes over files of no known kind quietly', async () => {
    git(dir, ['init', '-q']);
    await put({
      '.gitignore': 'generated/\n',
      'generated/Dockerfile': 'FROM x\n',
      'legacy/Dockerfile': 'FROM x\n',
      'api/Dockerfile': 'FROM x\n',
      'notes.yaml': 'title: not a manifest\n',
      'README.md': '# x\n',
    });
    const named = ['generated/Dockerfile', 'legacy/Dockerfile', 'api/Dockerfile', 'notes.yaml', 'README.md'];
    const plain = await discover(named, {ignore: ['legacy/']}, dir);
    expect(plain.inputs.map((i) => i.path)).toEqual(['api/Dockerfile', 'generated/Dockerfile', 'legacy/Dockerfile']);
    expect(plain.skipped.map((s) => s.path).sort()).toEqual(['README.md', 'notes.yaml']);
    const forced = await discover(named, {ignore: ['legacy/'], forceExclude: true}, dir);
    expect([...forced.named!]).toEqual(['api/Dockerfile', 'notes.yaml', 'README.md']);
    expect(forced.inputs.map((i) => i.path)).toEqual(['api/Dockerfile']);
    expect(forced.skipped).toEqual([]);
  });

  it('reads the folder around named files for context and reports on the named ones only', async () => {
    await put({
      'api/Dockerfile': 'FROM node:20\nCOPY . /app\nCMD ["node", "/app/server.js"]\n',
      'api/.dockerignore': '.git\nnode_modules\n',
      'worker/Dockerfile': 'FROM node:20\nCOPY . /app\n',
    });
    const {code, stdout} = await runMain(['check', '--format', 'json', '--force-exclude', 'api/Dockerfile'], dir);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as {files: Array<{path: string}>; findings: Array<{rule: string; path: string}>};
    expect(report.files.map((f) => f.path)).toEqual(['api/Dockerfile']);
    expect(report.findings.map((f) => f.rule)).toContain('D101');
    // The .dockerignore beside it was seen (a plain named-file check cannot see it).
    expect(report.findings.map((f) => f.rule)).not.toContain('D119');
  });

  it('reads the context of files outside the working folder around them, not the whole working folder', async () => {
    await put({
      'repo/api/Dockerfile': 'FROM node:20\nCOPY . /app\nCMD ["node", "/app/server.js"]\n',
      'repo/api/.dockerignore': '.git\n',
      'elsewhere/Dockerfile': 'FROM x\n',
    });
    const found = await discover([join(dir, 'repo/api/Dockerfile')], {forceExclude: true}, join(dir, 'elsewhere'));
    expect([...found.named!]).toEqual(['../repo/api/Dockerfile']);
    expect(found.inputs.map((i) => i.path)).toEqual(['../repo/api/Dockerfile']);
    expect([...found.files].sort()).toEqual(['../repo/api/.dockerignore', '../repo/api/Dockerfile']);
  });
});
