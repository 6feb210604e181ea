import {mkdtemp, mkdir, writeFile, readFile, rm, stat, chmod, readdir} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {writePlan, undoLastWrite, WriteError} from '../../src/io/apply.js';
import {hashText} from '../../src/core/text.js';
import type {FilePlan, Plan} from '../../src/core/plan.js';
import {buildProject} from '../../src/core/project.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shipshape-apply-'));
});
afterEach(async () => {
  await chmod(dir, 0o755).catch(() => undefined);
  await rm(dir, {recursive: true, force: true});
});

function planOf(files: Array<Partial<FilePlan> & {path: string; before: string; after: string}>): Plan {
  return {
    files: files.map((f) => ({existed: true, applied: [], beforeHash: hashText(f.before), ...f})),
    applied: [],
    skipped: [],
    passes: 1,
    converged: true,
    masks: [],
    remaining: [],
    project: buildProject(['.'], []),
  };
}

describe('writePlan', () => {
  it('writes atomically, keeps mode, BOM and CRLF, journals the originals, and undo restores them byte for byte', async () => {
    const original = '\uFEFFFROM x\r\nCMD ["a"]\r\n';
    await writeFile(join(dir, 'Dockerfile'), original);
    await chmod(join(dir, 'Dockerfile'), 0o640);
    await mkdir(join(dir, '.git'));
    const before = 'FROM x\r\nCMD ["a"]\r\n';
    const after = 'FROM x\r\nUSER 10001:10001\r\nCMD ["a"]\r\n';
    const result = await writePlan(
      planOf([
        {path: 'Dockerfile', before, after},
        {path: 'secrets/db_password', before: '', after: 'hunter2', existed: false, mode: 0o644, dirMode: 0o700},
      ]),
      {root: '.', cwd: dir, now: new Date('2026-11-26T12:00:00Z')},
    );
    expect(result.refused).toEqual([]);
    expect(result.written).toEqual(['Dockerfile', 'secrets/db_password', '.gitignore']);
    expect(result.backupDir).toBe('.shipshape/backup/2026-11-26T12-00-00-000Z');
    expect(await readFile(join(dir, 'Dockerfile'), 'utf8')).toBe(`\uFEFF${after}`);
    expect((await stat(join(dir, 'Dockerfile'))).mode & 0o777).toBe(0o640);
    // A Compose secret: readable by the container's user, in a folder only its owner enters.
    expect((await stat(join(dir, 'secrets/db_password'))).mode & 0o777).toBe(0o644);
    expect((await stat(join(dir, 'secrets'))).mode & 0o777).toBe(0o700);
    expect(await readFile(join(dir, '.gitignore'), 'utf8')).toContain('.shipshape/');
    // The backups stay out of git even after undo restores a .gitignore without `.shipshape/`.
    expect(await readFile(join(dir, '.shipshape', '.gitignore'), 'utf8')).toMatch(/^\*$/m);
    expect((await readdir(dir)).filter((n) => n.includes('.tmp'))).toEqual([]);

    const undone = await undoLastWrite('.', {cwd: dir});
    expect(undone.refused).toEqual([]);
    expect(undone.restored.sort()).toEqual(['.gitignore', 'Dockerfile', 'secrets/db_password']);
    expect(await readFile(join(dir, 'Dockerfile'), 'utf8')).toBe(original);
    expect((await stat(join(dir, 'Dockerfile'))).mode & 0o777).toBe(0o640);
    await expect(stat(join(dir, 'secrets'))).rejects.toThrow();
    await expect(stat(join(dir, '.gitignore'))).rejects.toThrow();
    // The write was undone: a second undo finds nothing.
    expect((await undoLastWrite('.', {cwd: dir})).backupDir).toBeNull();
  });

  it('creates the folder of a new file with the mode the fix asks for (a private secrets/ folder, a readable secret)', async () => {
    const result = await writePlan(planOf([{path: 'deploy/secrets/db_password', before: '', after: 'hunter2', existed: false, mode: 0o644, dirMode: 0o700}]), {root: dir, cwd: dir});
    expect(result.written).toEqual(['deploy/secrets/db_password']);
    expect((await stat(join(dir, 'deploy/secrets'))).mode & 0o777).toBe(0o700);
    expect((await stat(join(dir, 'deploy/secrets/db_password'))).mode & 0o777).toBe(0o644);
    // Only the folders the write creates take it: deploy/ is created on the way with it too, which undo removes again.
    await undoLastWrite(dir);
    expect(await readdir(dir)).toEqual(['.shipshape']);
  });

  it('refuses a file that changed on disk since the scan, and writes the others', async () => {
    await writeFile(join(dir, 'a'), 'A edited\n');
    await writeFile(join(dir, 'b'), 'B\n');
    const result = await writePlan(
      planOf([
        {path: 'a', before: 'A\n', after: 'A fixed\n'},
        {path: 'b', before: 'B\n', after: 'B fixed\n'},
      ]),
      {root: '.', cwd: dir},
    );
    expect(result.refused).toEqual([{path: 'a', reason: 'changed on disk since the scan'}]);
    expect(await readFile(join(dir, 'a'), 'utf8')).toBe('A edited\n');
    expect(await readFile(join(dir, 'b'), 'utf8')).toBe('B fixed\n');
  });

  it('appends .shipshape/ to an existing .gitignore keeping its line endings, once', async () => {
    await writeFile(join(dir, '.gitignore'), 'node_modules\r\n');
    await writeFile(join(dir, 'a'), 'A\n');
    await writePlan(planOf([{path: 'a', before: 'A\n', after: 'B\n'}]), {root: '.', cwd: dir});
    expect(await readFile(join(dir, '.gitignore'), 'utf8')).toBe('node_modules\r\n# shipshape backups (shipshape undo)\r\n.shipshape/\r\n');
    await writePlan(planOf([{path: 'a', before: 'B\n', after: 'C\n'}]), {root: '.', cwd: dir});
    expect((await readFile(join(dir, '.gitignore'), 'utf8')).match(/\.shipshape\//g)).toHaveLength(1);
  });

  it('rolls every file back when one write fails, so nothing is half-written', async () => {
    await writeFile(join(dir, 'a'), 'A\n');
    await mkdir(join(dir, 'locked'));
    await writeFile(join(dir, 'locked', 'b'), 'B\n');
    // A folder in place of the file makes the rename fail (even as root).
    await mkdir(join(dir, 'c'));
    await writeFile(join(dir, 'c', 'x'), 'x');
    const plan = planOf([
      {path: 'a', before: 'A\n', after: 'A2\n'},
      {path: 'locked/b', before: 'B\n', after: 'B2\n'},
      {path: 'c', before: '', after: 'new\n', existed: false},
    ]);
    // `c` exists now (as a folder), so it is refused rather than written.
    const result = await writePlan(plan, {root: '.', cwd: dir});
    expect(result.refused.map((r) => r.path)).toEqual(['c']);

    await writeFile(join(dir, 'd'), 'D\n');
    const failing = planOf([
      {path: 'a', before: 'A2\n', after: 'A3\n'},
      {path: 'd', before: 'D\n', after: 'D2\n'},
      {path: 'c/x/y', before: '', after: 'deeper\n', existed: false},
    ]);
    await expect(writePlan(failing, {root: '.', cwd: dir})).rejects.toThrow(WriteError);
    expect(await readFile(join(dir, 'a'), 'utf8')).toBe('A2\n');
    expect(await readFile(join(dir, 'd'), 'utf8')).toBe('D\n');
  });

  it('undo refuses a file edited after the write unless forced', async () => {
    await writeFile(join(dir, 'a'), 'A\n');
    await writePlan(planOf([{path: 'a', before: 'A\n', after: 'B\n'}]), {root: '.', cwd: dir});
    await writeFile(join(dir, 'a'), 'B and my edit\n');
    const refused = await undoLastWrite('.', {cwd: dir});
    expect(refused.refused.map((r) => r.path)).toEqual(['a']);
    expect(await readFile(join(dir, 'a'), 'utf8')).toBe('B and my edit\n');
    const forced = await undoLastWrite('.', {cwd: dir, force: true});
    expect(forced.restored).toEqual(['a']);
    expect(await readFile(join(dir, 'a'), 'utf8')).toBe('A\n');
  });
});
