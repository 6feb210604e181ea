/**
 * The report's ESLint/Ruff habits on a repository where every service has the same findings:
 * --severity, --ignore-rule, --statistics, the per-rule count in the summary, a rule's advice once
 * (--verbose: after each finding) and -q printing only the finding lines.
 */
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runMain} from '../helpers/main.js';
import {parseArgs, commandHelp} from '../../src/cli/args.js';

let dir: string;
const SERVICES = ['api', 'worker', 'cron'];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shipshape-report-flags-'));
  const services = SERVICES.map((s) => `  ${s}:\n    image: alpine:3.20\n    privileged: true\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n`).join('');
  await writeFile(join(dir, 'compose.yaml'), `services:\n${services}`);
});
afterAll(async () => {
  await rm(dir, {recursive: true, force: true});
});

async function check(...args: string[]): Promise<{code: number; stdout: string; stderr: string}> {
  return runMain(['check', ...args, '.'], dir);
}

const findingLines = (text: string) => text.split('\n').filter((l) => /^\s+\d+:\d+\s/.test(l));
const rulesIn = (lines: readonly string[]) => new Set(lines.map((l) => /\s([CDKP]\d{3})\s/.exec(l)![1]));

describe('check --severity', () => {
  it('shows only findings at or above the level, says how many it left out, and only those count for the exit code', async () => {
    const all = await check();
    const severe = await check('--severity', 'critical');
    expect(findingLines(severe.stdout).length).toBeGreaterThan(0);
    expect(findingLines(severe.stdout).length).toBeLessThan(findingLines(all.stdout).length);
    for (const line of findingLines(severe.stdout)) expect(line).toMatch(/ critical /);
    expect(severe.stderr).toMatch(new RegExp(`shipshape: ${findingLines(all.stdout).length - findingLines(severe.stdout).length} finding\\(s\\) below critical not shown`));
    expect(severe.code).toBe(1);
    // No critical finding in a file without privileged: → nothing shown, exit 0 whatever --fail-on says.
    const calmDir = await mkdtemp(join(tmpdir(), 'shipshape-report-calm-'));
    await writeFile(join(calmDir, 'compose.yaml'), 'services:\n  web:\n    image: registry.example/web:1.2\n');
    const calm = (await runMain(['check', '--severity', 'critical', '--fail-on', 'low', '.'], calmDir)).code;
    await rm(calmDir, {recursive: true, force: true});
    expect(calm).toBe(0);
  });

  it('refuses an unknown level, and is separate from --fail-on', () => {
    expect(() => parseArgs(['check', '--severity', 'severe'])).toThrow(/--severity must be one of info, low, medium, high, critical/);
    expect(parseArgs(['check', '--severity', 'HIGH', '--fail-on', 'medium'])).toMatchObject({severity: 'high', failOn: 'medium'});
    expect(() => parseArgs(['fix', '--severity', 'high'])).toThrow(/--severity is for check, not fix/);
  });
});

describe('check --ignore-rule', () => {
  it('leaves the rules out (repeatable and comma-separated), refuses unknown ids and an empty selection', async () => {
    const all = rulesIn(findingLines((await check()).stdout));
    expect(all.has('C202')).toBe(true);
    const some = rulesIn(findingLines((await check('--ignore-rule', 'C202,c203', '--ignore-rule', 'C204')).stdout));
    for (const id of ['C202', 'C203', 'C204']) expect(some.has(id)).toBe(false);
    expect(some.size).toBe(all.size - 3);
    expect((await check('--ignore-rule', 'C999')).stderr).toMatch(/--ignore-rule C999: no such rule/);
    const none = await check('--rule', 'C202', '--ignore-rule', 'C202');
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--ignore-rule leaves no rule to run/);
  });
});

describe('check --statistics', () => {
  it('prints a count per rule, most first, with what fixes them, instead of the findings', async () => {
    const {stdout} = await check('--statistics');
    const lines = stdout.trimEnd().split('\n');
    expect(lines.at(-1)).toMatch(/^\d+ findings of \d+ rules$/);
    expect(lines.find((l) => /C202/.test(l))).toMatch(/^3 {2}C202 {2}privileged\s+\[fix: unsafe\]$/);
    expect(stdout).not.toMatch(/compose\.yaml/);
    // Fixes that wait for a person are counted as such, not hidden among the unfixable (C201 asks for the user alpine runs as).
    expect(lines.find((l) => /C201/.test(l))).toMatch(/\[fix: needs input\]$/);
    const counts = lines.slice(0, -1).map((l) => Number(/^\s*(\d+)/.exec(l)![1]));
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });

  it('as JSON, and the JSON report carries the same counts in its summary', async () => {
    const rows = JSON.parse((await check('--statistics', '--format', 'json')).stdout) as Array<{rule: string; count: number; fixable: {safe: number; unsafe: number; needsInput: number}}>;
    expect(rows.find((r) => r.rule === 'C202')).toEqual({rule: 'C202', name: 'privileged', count: 3, fixable: {safe: 0, unsafe: 3, needsInput: 0}});
    const report = JSON.parse((await check('--format', 'json')).stdout) as {summary: {byRule: Record<string, number>}};
    expect(report.summary.byRule).toEqual(Object.fromEntries(rows.map((r) => [r.rule, r.count])));
    expect(() => parseArgs(['check', '--statistics', '--format', 'sarif'])).toThrow(/--statistics prints text or json/);
  });
});

describe('the text report', () => {
  it('counts findings per rule in the summary', async () => {
    const {stdout} = await check();
    expect(stdout).toMatch(/by rule: .*C202 privileged 3/s);
  });

  it('prints a rule’s advice once, and after every finding with --verbose', async () => {
    const adviceOf = (text: string) => text.split('\n').filter((l) => /^\s+→/.test(l));
    const once = adviceOf((await check()).stdout);
    const every = adviceOf((await check('--verbose')).stdout);
    expect(once.length).toBeGreaterThan(0);
    expect(new Set(once).size).toBe(once.length);
    expect(every.length).toBe(once.length * SERVICES.length);
  });

  it('-q prints only the finding lines, each with its path', async () => {
    const quiet = await check('-q');
    const lines = quiet.stdout.trimEnd().split('\n');
    expect(lines.length).toBe(findingLines((await check()).stdout).length);
    for (const line of lines) expect(line).toMatch(/^compose\.yaml:\d+:\d+: (critical|high|medium|low|info) +[CDKP]\d{3} {2}\S/);
    expect(quiet.stderr).toBe('');
  });

  it('names the new options in check --help', () => {
    const help = commandHelp('check');
    for (const option of ['--severity LEVEL', '--ignore-rule ID', '--statistics', '--verbose']) expect(help).toContain(option);
  });
});
