/**
 * Nothing is written outside the repository: each case is a reproduction from issue 12 (a hostile
 * repository made of symlinks and crafted journals), checked against a folder outside the root
 * that must stay exactly as it was.
 */
import {lstat, mkdir, mkdtemp, readFile, readdir, readlink, rm, stat, symlink, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {undoLastWrite, writePlan, WriteError} from '../../src/io/apply.js';
import {planOf} from '../helpers/write.js';

let base: string;
let repo: string;
let outside: string;
beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'shipshape-guard-'));
  repo = join(base, 'repo');
  outside = join(base, 'outside');
  await mkdir(repo);
  await mkdir(outside);
  await writeFile(join(outside, 'victim'), 'precious\n');
  await writeFile(join(repo, 'Dockerfile'), 'FROM a\n');
});
afterEach(async () => {
  await rm(base, {recursive: true, force: true});
});

const fixDockerfile = () => planOf([{path: 'Dockerfile', before: 'FROM a\n', after: 'FROM b\n'}]);

async function outsideUntouched(): Promise<void> {
  expect((await readdir(outside)).sort()).toEqual(['victim']);
  expect(await readFile(join(outside, 'victim'), 'utf8')).toBe('precious\n');
}

async function failure(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WriteError);
  const message = (error as Error).message;
  expect(message).not.toContain('\n');
  return message;
}

describe('the write guard', () => {
  it('.shipshape as a symlink to a folder outside: refused in one line, no backup written there', async () => {
    await symlink(outside, join(repo, '.shipshape'));
    expect(await failure(writePlan(fixDockerfile(), {root: '.', cwd: repo}))).toBe(
      `.shipshape is a symlink to ${outside}; shipshape keeps its backups only in a real folder inside the repository (remove the link)`,
    );
    expect(await readFile(join(repo, 'Dockerfile'), 'utf8')).toBe('FROM a\n');
    await outsideUntouched();
    expect(await failure(undoLastWrite('.', {cwd: repo}))).toMatch(/^\.shipshape is a symlink/);
  });

  it('.shipshape/backup or .shipshape/.gitignore as a symlink out: refused, nothing created or copied there', async () => {
    await mkdir(join(repo, '.shipshape'));
    await symlink(join(outside, 'victim'), join(repo, '.shipshape', '.gitignore'));
    expect(await failure(writePlan(fixDockerfile(), {root: '.', cwd: repo}))).toMatch(/^\.shipshape\/\.gitignore is a symlink to .*victim; /);
    await outsideUntouched();
    await rm(join(repo, '.shipshape', '.gitignore'));
    await symlink(outside, join(repo, '.shipshape', 'backup'));
    expect(await failure(writePlan(fixDockerfile(), {root: '.', cwd: repo}))).toMatch(/^\.shipshape\/backup is a symlink/);
    await outsideUntouched();
    expect(await readFile(join(repo, 'Dockerfile'), 'utf8')).toBe('FROM a\n');
  });

  it('.gitignore as a symlink out: left alone (said so), its target not copied into the repo', async () => {
    await mkdir(join(repo, '.git'));
    await symlink(join(outside, 'victim'), join(repo, '.gitignore'));
    const result = await writePlan(fixDockerfile(), {root: '.', cwd: repo});
    expect(result.written).toEqual(['Dockerfile']);
    expect(result.notes).toEqual([`.gitignore is a symlink to ${join(outside, 'victim')}, outside the repository; shipshape does not write through it; .shipshape/ was not added to it (.shipshape/.gitignore keeps the backups out of git)`]);
    expect((await lstat(join(repo, '.gitignore'))).isSymbolicLink()).toBe(true);
    await outsideUntouched();
  });

  it('secrets/ as a symlink out: the secret file is refused and nothing of the run is written', async () => {
    await symlink(outside, join(repo, 'secrets'));
    const result = await writePlan(
      planOf([
        {path: 'Dockerfile', before: 'FROM a\n', after: 'FROM b\n'},
        {path: 'secrets/db_password', before: '', after: 'hunter2\n', existed: false, mode: 0o600},
      ]),
      {root: '.', cwd: repo},
    );
    expect(result.written).toEqual([]);
    expect(result.refused).toEqual([{path: 'secrets/db_password', reason: `secrets is a symlink to ${outside}, outside the repository; shipshape does not write through it`}]);
    expect(await readFile(join(repo, 'Dockerfile'), 'utf8')).toBe('FROM a\n');
    await outsideUntouched();
  });

  it('a Dockerfile that is a symlink inside the repo: its target is written, the link stays a link, undo restores the target', async () => {
    await mkdir(join(repo, 'docker'));
    await rm(join(repo, 'Dockerfile'));
    await writeFile(join(repo, 'docker', 'Dockerfile.prod'), 'FROM a\n');
    await symlink('docker/Dockerfile.prod', join(repo, 'Dockerfile'));
    // Discovery finds it under both names: both plans are the same write.
    const plan = planOf([
      {path: 'Dockerfile', before: 'FROM a\n', after: 'FROM b\n'},
      {path: 'docker/Dockerfile.prod', before: 'FROM a\n', after: 'FROM b\n'},
    ]);
    const result = await writePlan(plan, {root: '.', cwd: repo});
    expect(result.refused).toEqual([]);
    expect(result.written).toEqual(['Dockerfile', 'docker/Dockerfile.prod']);
    expect(await readlink(join(repo, 'Dockerfile'))).toBe('docker/Dockerfile.prod');
    expect(await readFile(join(repo, 'docker', 'Dockerfile.prod'), 'utf8')).toBe('FROM b\n');
    const undone = await undoLastWrite('.', {cwd: repo});
    expect(undone.restored).toEqual(['docker/Dockerfile.prod']);
    expect(await readlink(join(repo, 'Dockerfile'))).toBe('docker/Dockerfile.prod');
    expect(await readFile(join(repo, 'docker', 'Dockerfile.prod'), 'utf8')).toBe('FROM a\n');
  });

  it('a symlinked file whose fixes differ from its target, a link out of the root, a link into .git: refused', async () => {
    await mkdir(join(repo, '.git', 'hooks'), {recursive: true});
    await writeFile(join(repo, '.git', 'hooks', 'post-checkout'), 'FROM a\n');
    await symlink('.git/hooks/post-checkout', join(repo, 'hook.Dockerfile'));
    await symlink(join(outside, 'victim'), join(repo, 'out.Dockerfile'));
    await symlink('Dockerfile', join(repo, 'same.Dockerfile'));
    const result = await writePlan(
      planOf([
        {path: 'hook.Dockerfile', before: 'FROM a\n', after: 'FROM b\n'},
        {path: 'out.Dockerfile', before: 'precious\n', after: 'FROM b\n'},
        {path: 'Dockerfile', before: 'FROM a\n', after: 'FROM b\n'},
        {path: 'same.Dockerfile', before: 'FROM a\n', after: 'FROM c\n'},
      ]),
      {root: '.', cwd: repo},
    );
    expect(result.refused).toEqual([
      {path: 'hook.Dockerfile', reason: 'leads (through the symlink hook.Dockerfile) inside .git; shipshape never writes there'},
      {path: 'out.Dockerfile', reason: `out.Dockerfile is a symlink to ${join(outside, 'victim')}, outside the repository; shipshape does not write through it`},
      {path: 'same.Dockerfile', reason: 'is the same file as Dockerfile (through a symlink) and its fixes differ'},
    ]);
    expect(await readFile(join(repo, '.git', 'hooks', 'post-checkout'), 'utf8')).toBe('FROM a\n');
    expect(await readFile(join(repo, 'Dockerfile'), 'utf8')).toBe('FROM a\n');
    await outsideUntouched();
  });

  it('a path of the plan outside the root is refused', async () => {
    const result = await writePlan(planOf([{path: '../outside/victim', before: 'precious\n', after: 'owned\n'}]), {root: '.', cwd: repo});
    expect(result.refused).toEqual([{path: '../outside/victim', reason: 'outside ., the folder being fixed'}]);
    await outsideUntouched();
  });
});

describe('undo trusts no path in a journal', () => {
  async function craft(journal: object, files: Record<string, string> = {}): Promise<string> {
    const dir = join(repo, '.shipshape', 'backup', '2026-01-01T00-00-00-000Z');
    await mkdir(join(dir, 'files'), {recursive: true});
    await writeFile(join(dir, 'journal.json'), JSON.stringify(journal));
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, 'files', name), text);
    return dir;
  }
  const entry = (path: string, existed = true) => ({path, existed, mode: 0o644, before: existed ? 'a'.repeat(64) : null, after: 'b'.repeat(64)});

  it('"path": "../victim" (and absolute paths, .git, backslashes) refuse the whole journal and touch nothing', async () => {
    for (const path of ['../outside/victim', join(outside, 'victim'), 'a/../../outside/victim', '.git/config', 'a\\..\\victim', '.shipshape/lock']) {
      await craft({version: 2, createdAt: '', complete: true, createdDirs: [], entries: [entry('Dockerfile'), entry(path)]});
      const message = await failure(undoLastWrite('.', {cwd: repo, force: true}));
      expect(message).toBe(`.shipshape/backup/2026-01-01T00-00-00-000Z/journal.json: names the path ${JSON.stringify(path)}, which is not a file inside the repository; nothing restored`);
      await outsideUntouched();
      expect(await readFile(join(repo, 'Dockerfile'), 'utf8')).toBe('FROM a\n');
    }
    await craft({version: 2, createdAt: '', complete: true, createdDirs: ['../outside'], entries: []});
    expect(await failure(undoLastWrite('.', {cwd: repo}))).toMatch(/names the folder "\.\.\/outside", which is not inside the repository/);
  });

  it('a journal entry that now leads out through a symlink, or a backup copy that is a symlink, restores nothing', async () => {
    await mkdir(join(repo, 'sub'));
    await craft({version: 2, createdAt: '', complete: true, createdDirs: [], entries: [entry('link/victim', false)]});
    await symlink(outside, join(repo, 'link'));
    expect(await failure(undoLastWrite('.', {cwd: repo, force: true}))).toMatch(/link\/victim: link is a symlink to .*outside, outside the repository/);
    await outsideUntouched();

    const dir = await craft({version: 2, createdAt: '', complete: true, createdDirs: [], entries: [entry('Dockerfile')]});
    await symlink(join(outside, 'victim'), join(dir, 'files', 'Dockerfile'));
    expect(await failure(undoLastWrite('.', {cwd: repo, force: true}))).toMatch(/files\/Dockerfile is a symlink/);
    expect(await readFile(join(repo, 'Dockerfile'), 'utf8')).toBe('FROM a\n');
  });

  it('a journal that is not JSON or not ours says so', async () => {
    const dir = await craft({version: 1, entries: []});
    expect(await failure(undoLastWrite('.', {cwd: repo}))).toMatch(/not a journal this shipshape writes/);
    await writeFile(join(dir, 'journal.json'), '{oops');
    expect(await failure(undoLastWrite('.', {cwd: repo}))).toMatch(/invalid JSON/);
    expect((await stat(join(repo, 'Dockerfile'))).isFile()).toBe(true);
  });
});
