/**
 * Lost work and races (issue 12): a file edited while the write runs, two runs at once, a run
 * killed half-way. The file system is the real one; `open` is wrapped so a test can act at the
 * moment shipshape creates a temp file (just before the compare-and-swap and rename of that file).
 */
import {spawnSync} from 'node:child_process';
import {hostname} from 'node:os';
import {mkdtemp, readFile, readdir, rm, stat, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {basename, join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {undoLastWrite, writePlan, WriteError} from '../../src/io/apply.js';
import {planOf, tempFilesIn} from '../helpers/write.js';

const hooks = vi.hoisted(() => ({onTemp: null as null | ((path: string) => Promise<void>)}));
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  const open = async (...args: Parameters<typeof actual.open>) => {
    const handle = await actual.open(...args);
    if (hooks.onTemp && typeof args[0] === 'string' && args[1] === 'wx' && basename(args[0]).includes('.shipshape-')) await hooks.onTemp(args[0]);
    return handle;
  };
  return {...actual, open, default: {...actual, open}};
});

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shipshape-race-'));
  for (const name of ['a', 'b', 'c']) await writeFile(join(dir, name), `${name}\n`);
});
afterEach(async () => {
  hooks.onTemp = null;
  await rm(dir, {recursive: true, force: true});
});

const threeFiles = () =>
  planOf([
    {path: 'a', before: 'a\n', after: 'a fixed\n'},
    {path: 'b', before: 'b\n', after: 'b fixed\n'},
    {path: 'c', before: 'c\n', after: 'c fixed\n'},
  ]);

function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

async function lockAs(pid: number): Promise<void> {
  await writeFile(join(dir, '.shipshape', 'lock'), JSON.stringify({pid, host: hostname(), command: 'fix --write', startedAt: '2026-01-01T00:00:00.000Z'}));
}

describe('compare-and-swap', () => {
  it('a file edited during the write keeps the edit, the files already written are put back, and the run says so', async () => {
    hooks.onTemp = async (temp) => {
      if (temp === join(dir, basename(temp)) && basename(temp).startsWith('.b.')) await writeFile(join(dir, 'b'), 'b edited by the user\n');
    };
    const result = await writePlan(threeFiles(), {root: '.', cwd: dir});
    expect(result.written).toEqual([]);
    expect(result.refused).toEqual([{path: 'b', reason: 'changed on disk during the write; your version was kept'}]);
    expect(await readFile(join(dir, 'a'), 'utf8')).toBe('a\n');
    expect(await readFile(join(dir, 'b'), 'utf8')).toBe('b edited by the user\n');
    expect(await readFile(join(dir, 'c'), 'utf8')).toBe('c\n');
    expect(await tempFilesIn(dir)).toEqual([]);
    expect(await readdir(join(dir, '.shipshape', 'backup'))).toEqual([]);
  });
});

describe('the repository lock', () => {
  it('a second write while one runs is refused with a clear message, and the first finishes whole', async () => {
    let second: Promise<unknown> | null = null;
    hooks.onTemp = async (temp) => {
      if (second === null && temp === join(dir, basename(temp)) && basename(temp).startsWith('.b.')) {
        second = writePlan(threeFiles(), {root: '.', cwd: dir}).catch((e: unknown) => e);
        await second;
      }
    };
    const first = await writePlan(threeFiles(), {root: '.', cwd: dir});
    expect(first.written).toEqual(['a', 'b', 'c']);
    const error = (await (second as unknown as Promise<unknown>)) as Error;
    expect(error).toBeInstanceOf(WriteError);
    expect(error.message).toMatch(new RegExp(`^another shipshape \\(fix --write, pid ${process.pid}, started .*\\) is writing in \\.; wait for it to finish, or remove \\.shipshape/lock if it is not running$`));
    expect(await readdir(join(dir, '.shipshape', 'backup'))).toHaveLength(1);
    await expect(undoLastWrite('.', {cwd: dir})).resolves.toMatchObject({restored: ['a', 'b', 'c'], refused: []});
  });

  it('a lock held by a live process on this machine blocks write and undo; one of a dead process is taken over', async () => {
    await writePlan(threeFiles(), {root: '.', cwd: dir});
    await lockAs(process.ppid);
    await expect(undoLastWrite('.', {cwd: dir})).rejects.toThrow(/another shipshape \(fix --write, pid \d+, started 2026-01-01T00:00:00.000Z\) is writing/);
    expect(await readFile(join(dir, 'a'), 'utf8')).toBe('a fixed\n');
    await lockAs(deadPid());
    await expect(undoLastWrite('.', {cwd: dir})).resolves.toMatchObject({restored: ['a', 'b', 'c']});
    await expect(stat(join(dir, '.shipshape', 'lock'))).rejects.toThrow();
  });
});

describe('a run killed half-way', () => {
  /** Starts a write that stops for good while the temp file of `name` is open: as SIGKILL leaves it. */
  async function killedAt(name: string): Promise<void> {
    let stopped!: () => void;
    const reached = new Promise<void>((resolve) => (stopped = resolve));
    hooks.onTemp = async (temp) => {
      if (temp === join(dir, basename(temp)) && basename(temp).startsWith(`.${name}.`)) {
        stopped();
        await new Promise(() => undefined);
      }
    };
    void writePlan(threeFiles(), {root: '.', cwd: dir});
    await reached;
    hooks.onTemp = null;
    // The process is gone: its lock names a dead pid.
    await lockAs(deadPid());
  }

  it('undo rolls it back byte for byte and removes the temp file it left', async () => {
    await killedAt('c');
    expect(await readFile(join(dir, 'a'), 'utf8')).toBe('a fixed\n');
    expect(await tempFilesIn(dir)).toHaveLength(1);
    const undone = await undoLastWrite('.', {cwd: dir});
    expect(undone.restored).toEqual(['a', 'b']);
    expect(undone.notes).toEqual(['removed 1 temp file(s) an interrupted run left']);
    for (const name of ['a', 'b', 'c']) expect(await readFile(join(dir, name), 'utf8')).toBe(`${name}\n`);
    expect(await tempFilesIn(dir)).toEqual([]);
    expect((await readdir(join(dir, '.shipshape', 'backup')))[0]).toMatch(/\.undone$/);
    // That write is undone: nothing is left to undo.
    expect((await undoLastWrite('.', {cwd: dir})).backupDir).toBeNull();
  });

  it('the next write rolls it back first, then writes the whole plan', async () => {
    await killedAt('b');
    const result = await writePlan(threeFiles(), {root: '.', cwd: dir});
    expect(result.notes).toEqual(['an interrupted write (fix --write, pid ' + /pid (\d+)/.exec(result.notes[0]!)![1] + ', started 2026-01-01T00:00:00.000Z) was rolled back: restored a', 'removed 1 temp file(s) an interrupted run left']);
    expect(result.written).toEqual(['a', 'b', 'c']);
    expect(await tempFilesIn(dir)).toEqual([]);
    await undoLastWrite('.', {cwd: dir});
    for (const name of ['a', 'b', 'c']) expect(await readFile(join(dir, name), 'utf8')).toBe(`${name}\n`);
  });

  it('a file the user changed after the kill stops the next write until undo --force decides', async () => {
    await killedAt('c');
    await writeFile(join(dir, 'a'), 'a edited after the kill\n');
    await expect(writePlan(threeFiles(), {root: '.', cwd: dir})).rejects.toThrow(/^the write of \.shipshape\/backup\/\S+ was interrupted \(fix --write, pid \d+, .*\) and a changed since; `shipshape undo --force` restores its originals, or remove \S+ to keep the files as they are; nothing was written$/);
    const forced = await undoLastWrite('.', {cwd: dir, force: true});
    expect(forced.restored).toEqual(['a', 'b']);
    for (const name of ['a', 'b', 'c']) expect(await readFile(join(dir, name), 'utf8')).toBe(`${name}\n`);
  });
});
