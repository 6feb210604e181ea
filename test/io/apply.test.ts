import {mkdtemp, mkdir, writeFile, readFile, rm, stat, chmod, readdir} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {writePlan, undoLastWrite, WriteError} from '../../src/io/apply.js';
import {planOf, tempFilesIn} from '../helpers/write.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shipshape-apply-'));
});
afterEach(async () => {
  await chmod(dir, 0o755).catch(() => undefined);
  await rm(dir, {recursive: true, force: true});
});

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
    expect(await tempFilesIn(dir)).toEqual([]);
    // The lock is released.
    expect(await readdir(join(dir, '.shipshape'))).toEqual(['.gitignore', 'backup']);

    const undone = await undoLastWrite('.', {cwd: dir});
    expect(undone.refused).toEqual([]);
    expect(undone.restored.sort()).toEqual(['.gitignore', 'Dockerfile', 'secrets/db_password']);
    expect(await readFile(join(dir, 'Dockerfile'), 'utf8')).toBe(original);
    expect((await stat(join(dir, 'Dockerfile'))).mode & 0o777).toBe(0o640);
    // What the write created (the secret file, the secrets/ folder, the .gitignore) is gone again.
    await expect(stat(join(dir, 'secrets'))).rejects.toThrow();
    await expect(stat(join(dir, '.gitignore'))).rejects.toThrow();
    // The write was undone: a second undo finds nothing, and reports nothing as edited.
    const again = await undoLastWrite('.', {cwd: dir});
    expect(again.backupDir).toBeNull();
    expect(again.refused).toEqual([]);
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

  it('writes nothing when one file changed on disk since the scan (all files of a run or none)', async () => {
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
    expect(result.written).toEqual([]);
    expect(await readFile(join(dir, 'a'), 'utf8')).toBe('A edited\n');
    expect(await readFile(join(dir, 'b'), 'utf8')).toBe('B\n');
    // Nothing of shipshape's is left behind: no backup, no lock, not even the .shipshape folder.
    await expect(stat(join(dir, '.shipshape'))).rejects.toThrow();
  });

  it('appends .shipshape/ to an existing .gitignore keeping its line endings, once', async () => {
    await writeFile(join(dir, '.gitignore'), 'node_modules\r\n');
    await writeFile(join(dir, 'a'), 'A\n');
    await writePlan(planOf([{path: 'a', before: 'A\n', after: 'B\n'}]), {root: '.', cwd: dir});
    expect(await readFile(join(dir, '.gitignore'), 'utf8')).toBe('node_modules\r\n# shipshape backups (shipshape undo)\r\n.shipshape/\r\n');
    await writePlan(planOf([{path: 'a', before: 'B\n', after: 'C\n'}]), {root: '.', cwd: dir});
    expect((await readFile(join(dir, '.gitignore'), 'utf8')).match(/\.shipshape\//g)).toHaveLength(1);
  });

  it('puts every written file back when a later one cannot be written, and leaves no temp file or backup', async () => {
    await writeFile(join(dir, 'a'), 'A\n');
    await writeFile(join(dir, 'd'), 'D\n');
    // `n` is created as a file, then `n/x` needs `n` as a folder: the third write fails.
    const failing = planOf([
      {path: 'a', before: 'A\n', after: 'A2\n'},
      {path: 'n', before: '', after: 'file\n', existed: false},
      {path: 'n/x', before: '', after: 'deeper\n', existed: false},
      {path: 'd', before: 'D\n', after: 'D2\n'},
    ]);
    const error = await writePlan(failing, {root: '.', cwd: dir}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WriteError);
    expect((error as Error).message).toMatch(/^n: is not a folder; not written; nothing was written$/);
    expect(await readFile(join(dir, 'a'), 'utf8')).toBe('A\n');
    expect(await readFile(join(dir, 'd'), 'utf8')).toBe('D\n');
    await expect(stat(join(dir, 'n'))).rejects.toThrow();
    expect(await tempFilesIn(dir)).toEqual([]);
    expect(await readdir(join(dir, '.shipshape', 'backup'))).toEqual([]);
  });

  it('refuses what is in the way: a folder where a file goes, a file where a folder goes', async () => {
    await mkdir(join(dir, 'c'));
    await writeFile(join(dir, 'f'), 'x');
    const result = await writePlan(
      planOf([
        {path: 'c', before: '', after: 'new\n', existed: false},
        {path: 'f/y', before: '', after: 'new\n', existed: false},
      ]),
      {root: '.', cwd: dir},
    );
    expect(result.refused).toEqual([
      {path: 'c', reason: 'is a folder on disk'},
      {path: 'f/y', reason: 'f is not a folder'},
    ]);
  });

  it('undo restores nothing when one file was edited after the write, unless forced', async () => {
    await writeFile(join(dir, 'a'), 'A\n');
    await writeFile(join(dir, 'b'), 'B\n');
    await writePlan(
      planOf([
        {path: 'a', before: 'A\n', after: 'A2\n'},
        {path: 'b', before: 'B\n', after: 'B2\n'},
      ]),
      {root: '.', cwd: dir},
    );
    await writeFile(join(dir, 'a'), 'A2 and my edit\n');
    const refused = await undoLastWrite('.', {cwd: dir});
    expect(refused.refused).toEqual([{path: 'a', reason: 'edited since shipshape wrote it'}]);
    expect(refused.restored).toEqual([]);
    expect(await readFile(join(dir, 'a'), 'utf8')).toBe('A2 and my edit\n');
    expect(await readFile(join(dir, 'b'), 'utf8')).toBe('B2\n');
    const forced = await undoLastWrite('.', {cwd: dir, force: true});
    expect(forced.restored).toEqual(['a', 'b']);
    expect(await readFile(join(dir, 'a'), 'utf8')).toBe('A\n');
    expect(await readFile(join(dir, 'b'), 'utf8')).toBe('B\n');
  });

  it('undo steps back one write at a time, and a file an earlier undo already restored is not "edited"', async () => {
    await writeFile(join(dir, 'a'), 'A1\n');
    await writeFile(join(dir, 'b'), 'B1\n');
    await writePlan(planOf([{path: 'a', before: 'A1\n', after: 'A2\n'}]), {root: '.', cwd: dir, now: new Date('2026-01-01T00:00:00Z')});
    await writePlan(
      planOf([
        {path: 'a', before: 'A2\n', after: 'A3\n'},
        {path: 'b', before: 'B1\n', after: 'B2\n'},
      ]),
      {root: '.', cwd: dir, now: new Date('2026-01-02T00:00:00Z')},
    );
    // An undo that was stopped after restoring `a` (a killed undo) left `a` as it was before.
    await writeFile(join(dir, 'a'), 'A2\n');
    const first = await undoLastWrite('.', {cwd: dir});
    expect(first.refused).toEqual([]);
    expect(first.restored).toEqual(['b']);
    expect(await readFile(join(dir, 'b'), 'utf8')).toBe('B1\n');
    const second = await undoLastWrite('.', {cwd: dir});
    expect(second.refused).toEqual([]);
    expect(second.restored).toEqual(['a']);
    expect(await readFile(join(dir, 'a'), 'utf8')).toBe('A1\n');
    expect((await undoLastWrite('.', {cwd: dir})).backupDir).toBeNull();
  });
});
