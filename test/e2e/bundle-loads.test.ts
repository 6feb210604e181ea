/**
 * What the built CLI (dist/bundle/, scripts/bundle.mjs) loads for a command, seen by a module hook:
 * a Dockerfile loads the Dockerfile rules and S001 (and the docker run rules when its comments may
 * hold a docker run line), never the Compose, Kubernetes or pipeline rules; `--version` loads no
 * rule and no parser; `rules` loads every kind. A handful of chunks, not dozens of small ones.
 */
import {execFile} from 'node:child_process';
import {mkdtemp, rm, writeFile, mkdir} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/shipshape.js');
// Prints every file of dist/bundle/ Node loads (module hooks run on their own thread; stderr reaches the parent).
const HOOK = `data:text/javascript,${encodeURIComponent(`import {register} from 'node:module';
register('data:text/javascript,' + encodeURIComponent("export async function load(url, context, next) { const m = /\\\\/dist\\\\/bundle\\\\/(.*)$/.exec(url); if (m) process.stderr.write('bundle-load ' + m[1] + '\\\\n'); return next(url, context); }"));`)}`;

let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'shipshape-loads-'));
  await writeFile(join(work, 'Dockerfile'), 'FROM node:20\nCOPY . .\nCMD ["node", "server.js"]\n');
  await mkdir(join(work, 'noted'));
  await writeFile(join(work, 'noted/Dockerfile'), 'FROM node:20\n# Run it: docker run -d -p 3000:3000 app\nCMD ["node", "server.js"]\n');
  await writeFile(join(work, 'compose.yaml'), 'services:\n  web:\n    image: nginx:1.27\n');
  await mkdir(join(work, 'k8s'));
  await writeFile(join(work, 'k8s/pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n');
});

afterAll(async () => {
  await rm(work, {recursive: true, force: true});
});

/** The chunks of dist/bundle/ a command loads, by name without the hash (`rules-dockerfile`, `check`). */
async function chunksLoaded(args: string[]): Promise<string[]> {
  const result = await run(process.execPath, ['--import', HOOK, BIN, ...args], {cwd: work}).catch((error: {code: number; stdout: string; stderr: string}) => error);
  const names = [...result.stderr.matchAll(/^bundle-load (.*)$/gm)].map((m) => m[1]!.replace(/-[\w-]{8}\.js$|\.js$/, ''));
  expect(names.length, result.stderr).toBeGreaterThan(0);
  return names;
}

const ruleKinds = (chunks: readonly string[]): string[] => chunks.filter((c) => c.startsWith('rules-')).sort();

describe('what the bundled CLI loads', () => {
  it('check Dockerfile: the Dockerfile and any-kind rules only, in a few files', async () => {
    const chunks = await chunksLoaded(['check', 'Dockerfile']);
    expect(ruleKinds(chunks)).toEqual(['rules-any', 'rules-dockerfile']);
    expect(chunks).toContain('check');
    expect(chunks.length).toBeLessThanOrEqual(14);
  });

  it('check of a Dockerfile with a docker run usage note: the docker run rules too', async () => {
    expect(ruleKinds(await chunksLoaded(['check', 'noted/Dockerfile']))).toEqual(['rules-any', 'rules-dockerfile', 'rules-script']);
  });

  it('check compose.yaml: the Compose rules and S001', async () => {
    expect(ruleKinds(await chunksLoaded(['check', 'compose.yaml']))).toEqual(['rules-any', 'rules-compose']);
  });

  it('check of the folder: the kinds found', async () => {
    expect(ruleKinds(await chunksLoaded(['check', '.']))).toEqual(['rules-any', 'rules-compose', 'rules-dockerfile', 'rules-kubernetes', 'rules-script']);
    expect(ruleKinds(await chunksLoaded(['check', 'Dockerfile', 'compose.yaml', 'k8s']))).toEqual(['rules-any', 'rules-compose', 'rules-dockerfile', 'rules-kubernetes']);
  });

  it('the wizard command, up to its first frame: no rule, no parser (without a terminal it stops there)', async () => {
    const chunks = await chunksLoaded(['demo']);
    expect(ruleKinds(chunks)).toEqual([]);
    expect(chunks).not.toContain('check');
  });

  it('--version: no rule, no parser', async () => {
    const chunks = await chunksLoaded(['--version']);
    expect(ruleKinds(chunks)).toEqual([]);
    expect(chunks).not.toContain('check');
  });

  it('rules: every kind', async () => {
    expect(ruleKinds(await chunksLoaded(['rules']))).toEqual(['rules-any', 'rules-ci', 'rules-compose', 'rules-dockerfile', 'rules-kubernetes', 'rules-script']);
  });
});
