/**
 * The package as users get it: `npm pack` on a clean copy of the repository (no dist/; the
 * `prepare` script builds it), then `npm install <tarball> --omit=dev` into an empty folder (from
 * the npm cache when it has the packages), and the installed `shipshape` runs check, init and
 * --version, and loads the wizard without Ink or React installed.
 */
import {execFile} from 'node:child_process';
import {cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {ROOT, cleanCopy, cleanNpmEnv} from '../helpers/clean-copy.js';

const run = promisify(execFile);
const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as {name: string; version: string; dependencies: Record<string, string>};

let work: string;
let tarball: string;
let packStdout: string;
let app: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'shipshape-package-'));
  const source = join(work, 'source');
  await cleanCopy(source, {linkNodeModules: true});
  const packed = await run('npm', ['pack', '--pack-destination', work], {cwd: source, env: cleanNpmEnv(), maxBuffer: 16 * 1024 * 1024});
  packStdout = packed.stdout;
  tarball = join(work, `${pkg.name}-${pkg.version}.tgz`);
  app = join(work, 'app');
  await mkdir(app);
  await writeFile(join(app, 'package.json'), '{"private": true}\n');
  await run('npm', ['install', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund', tarball], {cwd: app, env: cleanNpmEnv(), maxBuffer: 16 * 1024 * 1024});
}, 300_000);

afterAll(async () => {
  await rm(work, {recursive: true, force: true});
});

async function installed(args: string[], cwd = app): Promise<{code: number; stdout: string; stderr: string}> {
  try {
    const {stdout, stderr} = await run(join(app, 'node_modules/.bin/shipshape'), args, {cwd, env: cleanNpmEnv()});
    return {code: 0, stdout, stderr};
  } catch (error) {
    const e = error as {code: number; stdout: string; stderr: string};
    return {code: e.code, stdout: e.stdout, stderr: e.stderr};
  }
}

describe('the npm package', () => {
  it('npm pack prints only the tarball name on stdout (pre-commit reads it), the build being quiet', () => {
    expect(packStdout).toBe(`${pkg.name}-${pkg.version}.tgz\n`);
  });

  it('holds the bundled CLI, the one-file wizard and init flow, templates, demo, JSON Schemas and LICENSE; no sources, tests or source maps', async () => {
    const {stdout} = await run('tar', ['-tzf', tarball]);
    const files = stdout.split('\n').filter(Boolean).map((f) => f.replace(/^package\//, ''));
    for (const needed of ['package.json', 'README.md', 'LICENSE', 'bin/shipshape.js', 'dist/bundle/cli.js', 'dist/ui/run.js', 'templates/node/Dockerfile', 'fixtures/demo/compose.yaml', 'schemas/config.schema.json', 'schemas/report.schema.json', 'schemas/rules.schema.json']) expect(files).toContain(needed);
    expect(files.filter((f) => f.endsWith('.map') || f.startsWith('src/') || f.startsWith('test/') || f.startsWith('scripts/'))).toEqual([]);
    expect(files.filter((f) => f.startsWith('dist/ui/')).sort()).toEqual(['dist/ui/init/run.js', 'dist/ui/run.js']);
    // tsc's module-per-file output stays home: bin/shipshape.js runs the bundle.
    expect(files.filter((f) => f.startsWith('dist/') && !f.startsWith('dist/bundle/') && !f.startsWith('dist/ui/'))).toEqual([]);
  });

  it('installs only what check and fix load: no Ink, React or ink-spinner', async () => {
    const present = await readdir(join(app, 'node_modules'));
    for (const absent of ['ink', 'react', 'ink-spinner']) expect(present).not.toContain(absent);
    for (const dependency of Object.keys(pkg.dependencies)) expect(present).toContain(dependency);
  });

  it('runs --version, check and init from the install', async () => {
    expect((await installed(['--version'])).stdout).toBe(`${pkg.version}\n`);
    await cp(join(app, 'node_modules/shipshape/fixtures/demo'), join(app, 'demo'), {recursive: true});
    const check = await installed(['check', '--format', 'json', 'demo']);
    expect(check.code).toBe(1);
    expect((JSON.parse(check.stdout) as {findings: Array<{rule: string}>}).findings.some((f) => f.rule === 'D101')).toBe(true);
    const init = await installed(['init', 'node', '--out', 'svc']);
    expect(init.code).toBe(0);
    expect(await readFile(join(app, 'svc/Dockerfile'), 'utf8')).toMatch(/^USER /m);
    expect((await installed(['check', 'svc'])).code).toBe(0);
  });

  it('loads the wizard and init flow bundles with nothing but Node built-ins', async () => {
    const probe = "for (const f of ['run.js', 'init/run.js']) { const m = await import('shipshape/dist/ui/' + f); console.log(Object.values(m).filter((v) => typeof v === 'function').length > 0); }";
    const {stdout} = await run(process.execPath, ['--input-type=module', '-e', probe], {cwd: app});
    expect(stdout.trim()).toBe('true\ntrue');
  });
});
