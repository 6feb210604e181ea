/** `shipshape init`: every template passes shipshape's own checks and nothing is ever overwritten. */
import {mkdtemp, readFile, rm, writeFile, mkdir} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {main, type Io} from '../../src/cli/main.js';
import {TEMPLATES} from '../../src/cli/init.js';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'shipshape-init-'));
});
afterAll(async () => {
  await rm(work, {recursive: true, force: true});
});

async function cli(args: string[]): Promise<{code: number; stdout: string; stderr: string}> {
  let stdout = '';
  let stderr = '';
  const io: Io = {stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), env: {NO_COLOR: '1'}, cwd: work, isTTY: false};
  const code = await main(args, io);
  return {code, stdout, stderr};
}

describe('shipshape init', () => {
  it('lists the templates', async () => {
    const r = await cli(['init']);
    for (const name of Object.keys(TEMPLATES)) expect(r.stdout).toContain(name);
  });

  it.each(Object.keys(TEMPLATES))('the %s template passes its own checks: nothing at or above low, nothing to fix', async (name) => {
    const r = await cli(['init', name, '--out', name]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const check = await cli(['check', '--format', 'json', name]);
    const report = JSON.parse(check.stdout) as {files: unknown[]; findings: Array<{rule: string; severity: string; fix: unknown; message: string}>};
    expect(report.files.length).toBeGreaterThan(0);
    expect(report.findings.filter((f) => f.severity !== 'info').map((f) => `${f.rule}: ${f.message}`)).toEqual([]);
    expect(report.findings.filter((f) => f.fix !== null).map((f) => f.rule)).toEqual([]);
    expect(check.code).toBe(0);
  });

  it('never overwrites: a template whose file exists is not written at all', async () => {
    await mkdir(join(work, 'taken'));
    await writeFile(join(work, 'taken', 'Dockerfile'), 'FROM mine\n');
    const r = await cli(['init', 'python', '--out', 'taken']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/taken\/Dockerfile already exists/);
    expect(await readFile(join(work, 'taken', 'Dockerfile'), 'utf8')).toBe('FROM mine\n');
    await expect(readFile(join(work, 'taken', '.dockerignore'), 'utf8')).rejects.toThrow();
    expect((await cli(['init', 'cobol'])).code).toBe(2);
  });
});
