/**
 * The pre-commit hook for real: a temporary git repository uses this repository's
 * .pre-commit-hooks.yaml (from a committed clean copy, as pre-commit clones it), pre-commit
 * installs the `language: node` hook (npm install, npm pack, npm install -g) and `git commit`
 * runs it on the staged files. Skipped, with the reason, where pre-commit is not installed.
 */
import {execFile, execFileSync} from 'node:child_process';
import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {promisify} from 'node:util';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {cleanCopy, cleanNpmEnv} from '../helpers/clean-copy.js';

const run = promisify(execFile);

const preCommitVersion = (() => {
  try {
    return execFileSync('pre-commit', ['--version'], {encoding: 'utf8'}).trim();
  } catch {
    return null;
  }
})();
if (!preCommitVersion) console.warn('pre-commit.test: skipped: pre-commit is not installed (apt-get install pre-commit, or pip install pre-commit)');

let work: string;
let consumer: string;
let env: NodeJS.ProcessEnv;

async function git(cwd: string, args: string[]): Promise<{code: number; output: string}> {
  try {
    const {stdout, stderr} = await run('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], {cwd, env, maxBuffer: 16 * 1024 * 1024});
    return {code: 0, output: stdout + stderr};
  } catch (error) {
    const e = error as {code: number; stdout: string; stderr: string};
    return {code: e.code, output: e.stdout + e.stderr};
  }
}

async function put(files: Record<string, string>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(consumer, path)), {recursive: true});
    await writeFile(join(consumer, path), content);
  }
}

describe.skipIf(!preCommitVersion)('the pre-commit hook', () => {
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'shipshape-pre-commit-'));
    // pre-commit's own cache in the temporary folder; npm takes the packages from its cache when it has them.
    env = cleanNpmEnv({PRE_COMMIT_HOME: join(work, 'cache'), npm_config_prefer_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false'});
    const hooks = join(work, 'shipshape');
    await cleanCopy(hooks);
    await git(hooks, ['init', '-q']);
    await git(hooks, ['add', '-A']);
    await git(hooks, ['commit', '-qm', 'shipshape']);
    const rev = (await git(hooks, ['rev-parse', 'HEAD'])).output.trim();

    consumer = join(work, 'consumer');
    await mkdir(consumer);
    await git(consumer, ['init', '-q']);
    await put({'.pre-commit-config.yaml': `repos:\n  - repo: ${hooks}\n    rev: ${rev}\n    hooks:\n      - id: shipshape\n`});
    await run('pre-commit', ['install'], {cwd: consumer, env});
    // Installs the hook's environment once (npm install, the build, npm pack, npm install -g).
    await run('pre-commit', ['install-hooks'], {cwd: consumer, env, maxBuffer: 16 * 1024 * 1024});
  }, 600_000);

  afterAll(async () => {
    if (work) await rm(work, {recursive: true, force: true});
  });

  it('refuses a commit that stages a Dockerfile running as root, naming the finding', async () => {
    await put({'api/Dockerfile': 'FROM node:20\nCOPY . /app\nCMD ["node", "/app/server.js"]\n', 'api/.dockerignore': 'node_modules\n.git\n'});
    await git(consumer, ['add', '-A']);
    const commit = await git(consumer, ['commit', '-m', 'api']);
    expect(commit.code).not.toBe(0);
    expect(commit.output).toMatch(/shipshape\.+Failed/);
    expect(commit.output).toMatch(/api\/Dockerfile[\s\S]*D101/);
  });

  it('lets through a hardened Dockerfile, YAML that is no container file, and what .shipshape.yaml ignores', async () => {
    await put({
      'api/Dockerfile': 'FROM node:20@sha256:0000000000000000000000000000000000000000000000000000000000000000\nWORKDIR /app\nCOPY --chown=1000:1000 . .\nUSER 1000:1000\nHEALTHCHECK CMD ["node", "-e", "process.exit(0)"]\nCMD ["node", "server.js"]\n',
      'notes.yaml': 'title: release notes\n',
      '.shipshape.yaml': 'ignore: [legacy/]\n',
      'legacy/Dockerfile': 'FROM node\n',
    });
    await git(consumer, ['add', '-A']);
    const commit = await git(consumer, ['commit', '-m', 'hardened']);
    expect(commit.output).toMatch(/shipshape\.+Passed/);
    expect(commit.code).toBe(0);
  });
});
