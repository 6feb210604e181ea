/**
 * Value-bound masking (issue 12): a secret is masked on the lines that carry it and nowhere else,
 * and a diff whose changed lines carry no secret still applies with `git apply`.
 */
import {execFileSync} from 'node:child_process';
import {mkdtempSync, mkdirSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {SecretMask, secretLinesIn} from '../../src/core/mask.js';
import {plan} from '../../src/core/plan.js';
import {buildProject, type InputFile} from '../../src/core/project.js';
import {maskedHunks, planDiff} from '../../src/report/diff.js';
import {RULES} from '../../src/rules/registry.js';

const COMPOSE = [
  'x-defaults: &sentry_defaults',
  '  restart: unless-stopped',
  'services:',
  '  postgres:',
  '    <<: *sentry_defaults',
  '    image: postgres:16',
  '    environment:',
  '      POSTGRES_USER: sentry',
  '      POSTGRES_PASSWORD: sentry',
  '  web:',
  '    <<: *sentry_defaults',
  '    build: .',
  '',
].join('\n');
const INPUTS: InputFile[] = [
  {path: 'sentry/compose.yaml', kind: 'compose', text: COMPOSE},
  {path: 'sentry/Dockerfile', kind: 'dockerfile', text: 'FROM python:3.12-slim\nCOPY . /app\nCMD ["python", "/app/main.py"]\n'},
];

function diffOf(only: string[]): string {
  return planDiff(plan(buildProject(['.'], INPUTS), {rules: RULES, only: new Set(only), select: (f) => (only.includes(f.rule) ? {} : null)}));
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, {recursive: true, force: true});
});

function gitApplies(diff: string): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'shipshape-mask-'));
  dirs.push(dir);
  for (const i of INPUTS) {
    mkdirSync(join(dir, dirname(i.path)), {recursive: true});
    writeFileSync(join(dir, i.path), i.text);
  }
  writeFileSync(join(dir, 'x.diff'), diff);
  try {
    execFileSync('git', ['apply', '--check', 'x.diff'], {cwd: dir, stdio: 'pipe'});
    return true;
  } catch {
    return false;
  }
}

describe('a password that is also a folder, a service and an anchor name (`sentry`)', () => {
  it('never masks paths, names or other lines, hides the secret line of the context, and git apply takes the diff', () => {
    const diff = diffOf(['C204', 'D101', 'C210']);
    expect(diff).toContain('+++ b/sentry/Dockerfile');
    expect(diff).toContain('+++ b/sentry/compose.yaml');
    expect(diff).toContain('<<: *sentry_defaults');
    expect(diff).not.toContain('POSTGRES_PASSWORD');
    expect(diff).not.toContain('********');
    expect(gitApplies(diff)).toBe(true);
  });

  it('masks the secret on the line that changes and in the file the fix creates, nothing else', () => {
    const diff = diffOf(['C211']);
    expect(diff).toContain('-      POSTGRES_PASSWORD: ********\n');
    expect(diff).toContain('+++ b/sentry/secrets/postgres_password\n@@ -0,0 +1,1 @@\n+********\n');
    expect(diff).toContain('      POSTGRES_USER: sentry\n');
    expect(diff.match(/sentry/g)!.length).toBeGreaterThan(3);
    expect(diff).not.toMatch(/PASSWORD: sentry|^\+sentry$/m);
  });
});

describe('maskedHunks', () => {
  const before = ['a', 'b', 'pw: hunter2', 'c', 'd', 'e', 'f', 'g', 'h', ''].join('\n');
  const mask = new SecretMask(secretLinesIn('f', before, before.indexOf('hunter2'), before.indexOf('hunter2') + 7, 'hunter2'));
  const render = (after: string) =>
    maskedHunks('f', before, after, mask)
      .map((h) => [`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`, ...h.lines.map((l) => l.mark + l.text)].join('\n'))
      .join('\n');

  it('splits a hunk around a secret context line', () => {
    expect(render(before.replace('a\n', 'A\n').replace('d\n', 'D\n'))).toBe('@@ -1,2 +1,2 @@\n-a\n+A\n b\n@@ -4,5 +4,5 @@\n c\n-d\n+D\n e\n f\n g');
  });

  it('shows the secret line masked only where a hunk would otherwise end without trailing context', () => {
    expect(render(before.replace('b\n', 'B\n'))).toBe('@@ -1,3 +1,3 @@\n a\n-b\n+B\n pw: ********');
  });

  it('leaves a line alone that merely contains the value', () => {
    const other = new SecretMask([{file: 'f', line: 'pw: hunter2', value: 'hunter2'}]);
    expect(other.line('f', 'user: hunter2')).toBe('user: hunter2');
    expect(other.line('g', 'pw: hunter2')).toBe('pw: hunter2');
    expect(other.line('f', 'pw: hunter2\r')).toBe('pw: ********\r');
  });
});
