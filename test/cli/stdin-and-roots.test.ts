/**
 * What CI reports and editors get from the command line: SARIF rule descriptions as whole as the
 * docs' sections, paths from the repository root (SARIF with originalUriBaseIds, GitLab) whichever
 * folder shipshape runs in, stdin named with --stdin-filename in every format, and
 * `fix - --write` printing the fixed text like a formatter, writing nothing.
 */
import {execFileSync} from 'node:child_process';
import {mkdir, mkdtemp, readdir, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {pathToFileURL} from 'node:url';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {runMain} from '../helpers/main.js';
import {docsSection} from '../../src/report/ci-common.js';
import {RULES} from '../../src/rules/registry.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shipshape-roots-'));
});
afterEach(async () => {
  await rm(dir, {recursive: true, force: true});
});

const cli = (args: string[], cwd: string, stdin?: string | Buffer) => runMain(args, cwd, {stdin});

const ROOT_DOCKERFILE = 'FROM node:20\nCOPY . /app\nCMD ["node", "/app/server.js"]\n';

describe('SARIF rule descriptions', () => {
  it('are the whole "What it does" section of every rule, not its first line', async () => {
    const sarif = JSON.parse((await cli(['check', '--format', 'sarif', '.'], dir)).stdout) as {runs: Array<{tool: {driver: {rules: Array<{id: string; fullDescription: {text: string}}>}}}>};
    const listed = new Map(sarif.runs[0]!.tool.driver.rules.map((r) => [r.id, r.fullDescription.text]));
    for (const rule of RULES) {
      const section = /^## What it does\n([\s\S]*?)(?=\n## |$(?![\s\S]))/m.exec(rule.docs)?.[1]?.trim();
      expect(section, `${rule.id} has a What it does section`).toBeDefined();
      const text = listed.get(rule.id)!;
      expect(text.replace(/\s+/g, ' '), rule.id).toBe(section!.replace(/\s+/g, ' '));
      expect(text, `${rule.id} ends where a sentence ends`).toMatch(/[.):`]$/);
    }
  });

  it('keep the paragraphs of a section apart and stop at the next heading', () => {
    const docs = '# X1 x\n\n## What it does\nOne line\nand its end.\n\nSecond paragraph.\n\n## Why it matters\nNot this.\n';
    expect(docsSection(docs, 'What it does')).toBe('One line and its end.\n\nSecond paragraph.');
    expect(docsSection(docs, 'Why it matters')).toBe('Not this.');
    expect(docsSection(docs, 'Example')).toBe('');
  });
});

describe('paths in CI reports', () => {
  it('are relative to the repository root with originalUriBaseIds, run from a subfolder too; JSON keeps the working directory', async () => {
    execFileSync('git', ['init', '-q'], {cwd: dir});
    await mkdir(join(dir, 'services/api'), {recursive: true});
    await writeFile(join(dir, 'services/api/Dockerfile'), ROOT_DOCKERFILE);
    const cwd = join(dir, 'services');
    const sarif = JSON.parse((await cli(['check', '--format', 'sarif', 'api'], cwd)).stdout) as {runs: Array<{originalUriBaseIds: Record<string, {uri: string}>; results: Array<{locations: Array<{physicalLocation: {artifactLocation: {uri: string; uriBaseId: string}}}>}>}>};
    const run = sarif.runs[0]!;
    expect(run.originalUriBaseIds['%SRCROOT%']!.uri).toBe(`${pathToFileURL(dir).href}/`);
    for (const r of run.results) expect(r.locations[0]!.physicalLocation.artifactLocation).toEqual({uri: 'services/api/Dockerfile', uriBaseId: '%SRCROOT%'});
    const gitlab = JSON.parse((await cli(['check', '--format', 'gitlab', 'api'], cwd)).stdout) as Array<{location: {path: string}}>;
    expect(new Set(gitlab.map((i) => i.location.path))).toEqual(new Set(['services/api/Dockerfile']));
    const json = JSON.parse((await cli(['check', '--format', 'json', 'api'], cwd)).stdout) as {files: Array<{path: string}>};
    expect(json.files.map((f) => f.path)).toEqual(['api/Dockerfile']);
    // From inside the folder, the same path from the root.
    const inside = JSON.parse((await cli(['check', '--format', 'sarif', '.'], join(dir, 'services/api'))).stdout) as typeof sarif;
    expect(inside.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe('services/api/Dockerfile');
  });

  it('outside a repository are relative to the working directory, which is the root', async () => {
    await writeFile(join(dir, 'Dockerfile'), ROOT_DOCKERFILE);
    const sarif = JSON.parse((await cli(['check', '--format', 'sarif', '.'], dir)).stdout) as {runs: Array<{originalUriBaseIds: Record<string, {uri: string}>; results: Array<{locations: Array<{physicalLocation: {artifactLocation: {uri: string}}}>}>}>};
    expect(sarif.runs[0]!.originalUriBaseIds['%SRCROOT%']!.uri).toBe(`${pathToFileURL(dir).href}/`);
    expect(sarif.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe('Dockerfile');
  });
});

describe('stdin', () => {
  it('--stdin-filename names it in every format and gives its kind', async () => {
    const name = 'deploy/api/Dockerfile';
    const outputs: Record<string, string> = {};
    for (const format of ['text', 'json', 'sarif', 'junit', 'gitlab']) {
      const r = await cli(['check', '--format', format, '-', '--stdin-filename', name], dir, ROOT_DOCKERFILE);
      expect(r.code, `${format}: ${r.stderr}`).toBe(1);
      outputs[format] = r.stdout;
      expect(r.stdout, format).toContain(name);
      expect(r.stdout, format).not.toMatch(/"-"|file="-"|^-$/m);
    }
    expect((JSON.parse(outputs.json!) as {files: unknown[]}).files).toEqual([{path: name, kind: 'dockerfile', error: null}]);
    expect(outputs.junit).toContain(`file="${name}"`);
    const unknown = await cli(['check', '-', '--stdin-filename', 'notes.txt'], dir, 'hello\n');
    expect(unknown.stderr).toMatch(/notes\.txt: skipped: not a Dockerfile/);
  });

  it('fix - --write prints the fixed text (BOM and CRLF kept) to stdout, writes nothing, and leaves out fixes that would write other files', async () => {
    const input = '\uFEFFFROM alpine:3.20\r\nRUN apk add curl\r\nCOPY . /app\r\n';
    const r = await cli(['fix', '-', '--write', '--stdin-filename', 'api/Dockerfile'], dir, input);
    expect(r.stdout).toBe('\uFEFFFROM alpine:3.20\r\nRUN apk add --no-cache curl\r\nCOPY . /app\r\n');
    expect(r.stderr).toMatch(/api\/Dockerfile: D119 not fixed: it also writes api\/\.dockerignore, and stdin is only printed/);
    expect(r.stderr).toMatch(/Fixed 1 finding\(s\) in stdin \(api\/Dockerfile\)/);
    expect(r.stderr).not.toMatch(/deleted since the scan|Nothing to fix\./);
    expect(await readdir(dir)).toEqual([]);

    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  containers:\n    - name: a\n      image: busybox:1.37\n';
    const fixed = await cli(['fix', '-', '--write', '--unsafe', '--kind', 'kubernetes'], dir, pod);
    expect(fixed.stdout).toMatch(/^apiVersion: v1\nkind: Pod\n[\s\S]*allowPrivilegeEscalation: false/);
    expect(fixed.stderr).toMatch(/Fixed \d+ finding\(s\) in stdin\./);
    expect(await readdir(dir)).toEqual([]);

    // Nothing to fix: the text comes back unchanged, as from a formatter.
    const clean = 'FROM alpine:3.20\nUSER 10001:10001\nHEALTHCHECK NONE\nCMD ["sleep", "1"]\n';
    const same = await cli(['fix', '-', '--write', '--kind', 'dockerfile'], dir, clean);
    expect(same.stdout).toBe(clean);
    expect(same.code).toBe(0);
  });
});
