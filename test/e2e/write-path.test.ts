/**
 * The write path from the command line (issue 12): what a user sees when the repository is
 * hostile or the disk says no. One line each, the right exit code, nothing touched.
 */
import {chmod, chown, cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {ROOT, shipshape} from '../helpers/cli.js';

let base: string;
beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'shipshape-write-path-'));
});
afterEach(async () => {
  await chmod(base, 0o755).catch(() => undefined);
  await rm(base, {recursive: true, force: true});
});

/** Every file under `dir` but shipshape's own state, with its bytes. */
async function snapshot(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  async function walk(d: string): Promise<void> {
    for (const entry of await readdir(d, {withFileTypes: true})) {
      if (entry.name === '.shipshape') continue;
      const full = join(d, entry.name);
      if (entry.isDirectory()) await walk(full);
      else out.set(full.slice(dir.length + 1), (await readFile(full)).toString('base64'));
    }
  }
  await walk(dir);
  return out;
}

function oneLine(stderr: string): string {
  const lines = stderr.trimEnd().split('\n').filter((l) => !/unsafe fix|need a value/.test(l));
  expect(lines).toHaveLength(1);
  expect(stderr).not.toMatch(/internal error|\n\s+at /);
  return lines[0]!;
}

describe('fix --write and undo on the command line', () => {
  it('a folder the user cannot write: one line naming it (EACCES), exit 2, nothing written', async () => {
    const repo = join(base, 'repo');
    await cp(join(ROOT, 'fixtures/demo/api'), repo, {recursive: true});
    await chmod(base, 0o755);
    const asRoot = process.getuid?.() === 0;
    // As root, permissions do not apply: run as nobody instead.
    const user = asRoot ? {uid: 65534, gid: 65534} : {};
    if (asRoot) await chown(repo, 0, 0);
    await chmod(repo, 0o555);
    const before = await readFile(join(repo, 'Dockerfile'), 'utf8');
    const r = await shipshape(['fix', '--write', '--unsafe', 'repo'], {cwd: base, ...user});
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/^shipshape: repo\/\.shipshape: cannot create the folder: permission denied \(EACCES\)$/);
    expect(await readFile(join(repo, 'Dockerfile'), 'utf8')).toBe(before);

    // The folder is writable, a subfolder with a file to fix is not.
    await chmod(repo, 0o777);
    await mkdir(join(repo, 'sub'));
    await cp(join(ROOT, 'fixtures/demo/api/Dockerfile'), join(repo, 'sub', 'Dockerfile'));
    await chmod(join(repo, 'sub'), 0o555);
    const sub = await shipshape(['fix', '--write', '--unsafe', 'repo'], {cwd: base, ...user});
    expect(sub.code).toBe(2);
    expect(oneLine(sub.stderr)).toBe('shipshape: repo/sub: cannot write in this folder: permission denied (EACCES); nothing was written');
    expect(await readFile(join(repo, 'Dockerfile'), 'utf8')).toBe(before);
    await chmod(join(repo, 'sub'), 0o755);
  });

  it('.shipshape a symlink out of the repository: refused in one line, exit 2, for fix --write and undo', async () => {
    const repo = join(base, 'repo');
    await cp(join(ROOT, 'fixtures/demo/api'), repo, {recursive: true});
    await mkdir(join(base, 'elsewhere'));
    await symlink(join(base, 'elsewhere'), join(repo, '.shipshape'));
    for (const args of [['fix', '--write', 'repo'], ['undo', 'repo']]) {
      const r = await shipshape(args, {cwd: base});
      expect(r.code).toBe(2);
      expect(oneLine(r.stderr)).toBe(`shipshape: repo/.shipshape is a symlink to ${join(base, 'elsewhere')}; shipshape keeps its backups only in a real folder inside the repository (remove the link)`);
      expect(await readdir(join(base, 'elsewhere'))).toEqual([]);
    }
  });

  it('two fix --write at once: one writes, the other is refused (lock or changed files), one backup, and undo restores every file', async () => {
    const repo = join(base, 'repo');
    await cp(join(ROOT, 'fixtures/demo'), repo, {recursive: true});
    const original = await snapshot(repo);
    for (let round = 0; round < 3; round++) {
      const [a, b] = await Promise.all([shipshape(['fix', '--write', '--unsafe', '.'], {cwd: repo}), shipshape(['fix', '--write', '--unsafe', '.'], {cwd: repo})]);
      const wrote = [a, b].filter((r) => /^Fixed /m.test(r.stdout));
      expect(wrote, `${a.stderr}\n${b.stderr}`).toHaveLength(1);
      const other = wrote[0] === a ? b : a;
      expect(other.stderr).toMatch(/another shipshape \(fix --write, pid \d+, started .*\) is writing in \.|not written: changed on disk since the scan/);
      expect(other.stderr).not.toMatch(/internal error|EEXIST/);
      expect((await readdir(join(repo, '.shipshape', 'backup'))).filter((d) => !d.endsWith('.undone'))).toHaveLength(1);
      const undo = await shipshape(['undo'], {cwd: repo});
      expect(undo.stderr).toBe('');
      expect(undo.code).toBe(0);
      expect(await snapshot(repo)).toEqual(original);
    }
  });

  it('a crafted journal with "path": "../victim": undo does nothing outside and says so, exit 2', async () => {
    const repo = join(base, 'repo');
    const stamp = join(repo, '.shipshape', 'backup', '2026-01-01T00-00-00-000Z');
    await mkdir(join(stamp, 'files', '__up__'), {recursive: true});
    await writeFile(join(base, 'victim'), 'precious\n');
    await writeFile(join(stamp, 'files', '__up__', 'victim'), 'owned\n');
    await writeFile(join(stamp, 'journal.json'), JSON.stringify({version: 2, createdAt: '', complete: true, createdDirs: [], entries: [{path: '../victim', existed: false, mode: 420, before: null, after: 'a'.repeat(64)}]}));
    const r = await shipshape(['undo', '--force'], {cwd: repo});
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toBe('shipshape: .shipshape/backup/2026-01-01T00-00-00-000Z/journal.json: names the path "../victim", which is not a file inside the repository; nothing restored');
    expect(await readFile(join(base, 'victim'), 'utf8')).toBe('precious\n');
  });
});

describe('a file shipshape was asked to check but cannot read', () => {
  for (const [name, bytes] of [
    ['binary', Buffer.from([0x46, 0x52, 0x4f, 0x4d, 0x00, 0x01, 0x02])],
    ['UTF-16', Buffer.from('\uFEFFFROM alpine\n', 'utf16le')],
    ['over 2 MiB', Buffer.from(`FROM alpine\n${'# padding\n'.repeat(220_000)}`)],
  ] as const) {
    it(`a folder whose only Dockerfile is ${name} fails the gate (E001), never "No findings in 0 files"`, async () => {
      await writeFile(join(base, 'Dockerfile'), bytes);
      const text = await shipshape(['check', '.'], {cwd: base});
      expect(text.code).toBe(1);
      expect(text.stdout).toMatch(/Dockerfile\n\s+1:1\s+high\s+E001\s+Cannot read this Dockerfile: /);
      expect(text.stdout).not.toMatch(/No findings/);
      const json = JSON.parse((await shipshape(['check', '--format', 'json', '.'], {cwd: base})).stdout) as {files: unknown[]; findings: Array<{rule: string}>; summary: {files: number}};
      expect(json.findings.map((f) => f.rule)).toEqual(['E001']);
      expect(json.files).toEqual([{path: 'Dockerfile', kind: 'dockerfile', error: expect.stringMatching(/^cannot read: /)}]);
      // --fail-on sees it like any high finding.
      expect((await shipshape(['check', '--fail-on', 'critical', '.'], {cwd: base})).code).toBe(0);
    });
  }
});
