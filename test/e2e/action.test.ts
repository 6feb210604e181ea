/**
 * action.yml run locally: a small stand-in for the GitHub runner reads the composite action,
 * evaluates each step's `if`, runs the `run` steps with bash as GitHub does (GITHUB_ACTION_PATH
 * on a clean copy of this repository, GITHUB_OUTPUT per step, the inputs substituted), and
 * records the `uses` steps it cannot run (setup-node, the SARIF upload) with their inputs, which
 * the tests then check (the upload gets a valid SARIF file).
 */
import {execFile} from 'node:child_process';
import {cp, mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {parse} from 'yaml';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {ROOT, cleanCopy, cleanNpmEnv} from '../helpers/clean-copy.js';

const run = promisify(execFile);

interface Step {
  name?: string;
  id?: string;
  if?: string;
  shell?: string;
  run?: string;
  uses?: string;
  env?: Record<string, string>;
  with?: Record<string, string | number>;
}
interface Action {
  inputs: Record<string, {default?: string}>;
  outputs: Record<string, {value: string}>;
  runs: {using: string; steps: Step[]};
}

const action = parse(await readFile(join(ROOT, 'action.yml'), 'utf8')) as Action;

interface Outcome {
  /** Each step: ran, skipped, or (a `uses` step) would run with these inputs. */
  steps: Array<{name: string; status: 'ran' | 'skipped' | 'uses'; code?: number; with?: Record<string, string>}>;
  outputs: Record<string, Record<string, string>>;
  log: string;
  failed: boolean;
  actionOutputs: Record<string, string>;
}

/** `${{ … }}` expressions of the forms action.yml uses: inputs, step outputs, !cancelled(), ==, !=, &&, ||, !. */
function evaluate(expression: string, context: {inputs: Record<string, string>; outputs: Record<string, Record<string, string>>; failed: boolean}): string | boolean {
  const body = expression.trim().replace(/^\$\{\{([\s\S]*)\}\}$/, '$1').trim();
  const js = body.replace(/'([^']*)'|\b(inputs|steps)\.([\w-]+)(?:\.outputs\.([\w-]+))?|\b(cancelled|always|success|failure)\(\)/g, (whole, literal: string | undefined, scope?: string, name?: string, output?: string, status?: string) => {
    if (literal !== undefined) return JSON.stringify(literal);
    if (status) return JSON.stringify(status === 'cancelled' ? false : status === 'always' ? true : status === 'failure' ? context.failed : !context.failed);
    if (scope === 'inputs') return JSON.stringify(context.inputs[name!] ?? '');
    return JSON.stringify(context.outputs[name!]?.[output!] ?? '');
  });
  return new Function(`return (${js});`)() as string | boolean;
}

function substitute(text: string, context: Parameters<typeof evaluate>[1]): string {
  return text.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, inner: string) => String(evaluate(inner, context)));
}

/** `done`: steps already run in this job (the install, once for all the tests). */
async function runAction(actionPath: string, workspace: string, given: Record<string, string>, done: readonly string[] = ['Install shipshape']): Promise<Outcome> {
  const inputs = Object.fromEntries(Object.entries(action.inputs).map(([name, spec]) => [name, given[name] ?? spec.default ?? '']));
  const outcome: Outcome = {steps: [], outputs: {}, log: '', failed: false, actionOutputs: {}};
  for (const [index, step] of action.runs.steps.entries()) {
    const context = {inputs, outputs: outcome.outputs, failed: outcome.failed};
    const name = step.name ?? `step ${index}`;
    // GitHub's rule: a condition without a status function means success() && condition.
    const condition = step.if ?? 'success()';
    const hasStatus = /\b(cancelled|always|success|failure)\(\)/.test(condition);
    const go = Boolean(evaluate(hasStatus ? condition : `(${condition.replace(/^\$\{\{([\s\S]*)\}\}$/, '$1')}) && success()`, context));
    if (!go || done.includes(name)) {
      outcome.steps.push({name, status: 'skipped'});
      continue;
    }
    if (step.uses) {
      outcome.steps.push({name, status: 'uses', with: Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, substitute(String(v), context)]))});
      continue;
    }
    expect(step.shell, `${name}: composite run steps need a shell`).toBe('bash');
    const outputFile = join(workspace, `.github-output-${index}`);
    await writeFile(outputFile, '');
    const env = cleanNpmEnv({
      ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, substitute(v, context)])),
      GITHUB_ACTION_PATH: actionPath,
      GITHUB_OUTPUT: outputFile,
      npm_config_prefer_offline: 'true',
    });
    let code = 0;
    try {
      const r = await run('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', substitute(step.run!, context)], {cwd: workspace, env, maxBuffer: 64 * 1024 * 1024});
      outcome.log += r.stdout + r.stderr;
    } catch (error) {
      const e = error as {code: number; stdout: string; stderr: string};
      code = e.code;
      outcome.log += e.stdout + e.stderr;
      outcome.failed = true;
    }
    if (step.id) {
      const lines = (await readFile(outputFile, 'utf8')).split('\n').filter(Boolean);
      outcome.outputs[step.id] = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    }
    await rm(outputFile);
    outcome.steps.push({name, status: 'ran', code});
  }
  const context = {inputs, outputs: outcome.outputs, failed: outcome.failed};
  outcome.actionOutputs = Object.fromEntries(Object.entries(action.outputs).map(([k, v]) => [k, substitute(v.value, context)]));
  return outcome;
}

let work: string;
let actionPath: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'shipshape-action-'));
  actionPath = join(work, 'action');
  await cleanCopy(actionPath);
  // The steps up to the install, once (npm ci and its build in the clean copy).
  const empty = join(work, 'empty');
  await mkdir(empty);
  const outcome = await runAction(actionPath, empty, {paths: 'nothing-here'}, []);
  expect(outcome.steps.find((s) => s.name === 'Install shipshape')?.code, outcome.log).toBe(0);
}, 600_000);

afterAll(async () => {
  await rm(work, {recursive: true, force: true});
});

async function workspace(name: string): Promise<string> {
  const dir = join(work, name);
  await cp(join(ROOT, 'fixtures/demo'), dir, {recursive: true});
  return dir;
}

describe('action.yml', () => {
  it('is a composite action with the inputs paths, fail-on and config, whose run steps are action/run.mjs steps', () => {
    expect(action.runs.using).toBe('composite');
    for (const input of ['paths', 'fail-on', 'config', 'upload-sarif', 'sarif-file']) expect(action.inputs).toHaveProperty(input);
    const runs = action.runs.steps.filter((s) => s.run?.includes('run.mjs'));
    expect(runs.map((s) => /run\.mjs" (\w+)/.exec(s.run!)?.[1])).toEqual(['install', 'check']);
    expect(action.runs.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))).toBeDefined();
  });

  it('on the demo: annotates each finding, uploads a valid SARIF report and fails the step (findings at or above low)', async () => {
    const dir = await workspace('demo');
    const outcome = await runAction(actionPath, dir, {});
    expect(outcome.steps.find((s) => s.name === 'Set up Node.js')?.status).toBe('skipped');
    expect(outcome.steps.find((s) => s.name === 'shipshape check')?.code).toBe(1);
    expect(outcome.failed).toBe(true);
    expect(outcome.log).toMatch(/^::error file=api\/Dockerfile,line=\d+,endLine=\d+,col=\d+,endColumn=\d+,title=D101 root-user::/m);
    expect(outcome.log).toMatch(/^::notice file=/m);
    const upload = outcome.steps.find((s) => s.name === 'Upload to code scanning')!;
    expect(upload.status).toBe('uses');
    expect(upload.with).toEqual({sarif_file: 'shipshape.sarif', category: 'shipshape'});
    const sarif = JSON.parse(await readFile(join(dir, 'shipshape.sarif'), 'utf8')) as {version: string; runs: Array<{results: unknown[]}>};
    expect(sarif.version).toBe('2.1.0');
    expect(outcome.actionOutputs).toEqual({'sarif-file': 'shipshape.sarif', findings: String(sarif.runs[0]!.results.length), 'exit-code': '1'});
  });

  it('passes paths (one per line, with spaces), config and fail-on through, and succeeds below fail-on', async () => {
    const dir = await workspace('inputs');
    await mkdir(join(dir, 'my service'));
    await writeFile(join(dir, 'my service/Dockerfile'), 'FROM alpine:3.20\nUSER 10001:10001\nHEALTHCHECK NONE\nCMD ["sleep", "1"]\n');
    await writeFile(join(dir, 'strict.yaml'), 'rules: {D105: off}\n');
    const outcome = await runAction(actionPath, dir, {paths: 'my service\napi/Dockerfile', 'fail-on': 'critical', config: 'strict.yaml', 'upload-sarif': 'false', 'sarif-file': 'out.sarif'});
    expect(outcome.failed, outcome.log).toBe(false);
    expect(outcome.log).toContain('shipshape check --format sarif --fail-on critical --config strict.yaml -- my service api/Dockerfile');
    expect(outcome.log).not.toMatch(/D105/);
    expect(outcome.log).toMatch(/^::error file=api\/Dockerfile/m);
    expect(outcome.steps.find((s) => s.name === 'Upload to code scanning')?.status).toBe('skipped');
    expect(outcome.actionOutputs['exit-code']).toBe('0');
    expect(JSON.parse(await readFile(join(dir, 'out.sarif'), 'utf8'))).toHaveProperty('version', '2.1.0');
  });

  it('a usage error (a bad fail-on) fails the step with exit code 2 and uploads nothing', async () => {
    const dir = await workspace('usage');
    const outcome = await runAction(actionPath, dir, {'fail-on': 'loud'});
    expect(outcome.log).toMatch(/--fail-on must be one of/);
    expect(outcome.actionOutputs).toEqual({'sarif-file': '', findings: '', 'exit-code': '2'});
    expect(outcome.steps.find((s) => s.name === 'Upload to code scanning')?.status).toBe('skipped');
  });
});
