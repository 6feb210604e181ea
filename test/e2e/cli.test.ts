/**
 * The command line as a user runs it: the built binary (`npm test` builds first) on a temporary
 * copy of the demo project.
 */
import {execFile} from 'node:child_process';
import {cp, mkdir, mkdtemp, readFile, rm, writeFile, readdir} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join, relative} from 'node:path';
import {structuredPatch} from 'diff';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {BIN, ROOT, shipshape} from '../helpers/cli.js';

async function snapshot(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  async function walk(d: string): Promise<void> {
    for (const entry of await readdir(d, {withFileTypes: true})) {
      if (entry.name === '.shipshape') continue;
      const full = join(d, entry.name);
      if (entry.isDirectory()) await walk(full);
      else out.set(relative(dir, full), await readFile(full, 'utf8'));
    }
  }
  await walk(dir);
  return out;
}

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'shipshape-cli-'));
  await cp(join(ROOT, 'fixtures/demo'), join(work, 'demo'), {recursive: true});
});
afterAll(async () => {
  await rm(work, {recursive: true, force: true});
});

describe('shipshape CLI on the demo', () => {
  it('check --format json reports D101 for each root Dockerfile with the contract fields, exit 1', async () => {
    const r = await shipshape(['check', '--format', 'json', 'demo'], {cwd: work});
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as {version: number; files: Array<{path: string; kind: string; error: null}>; findings: Array<Record<string, unknown>>; summary: {files: number; findings: number; bySeverity: Record<string, number>}};
    expect(report.version).toBe(1);
    expect(report.files).toContainEqual({path: 'demo/api/Dockerfile', kind: 'dockerfile', error: null});
    const d101 = report.findings.filter((f) => f.rule === 'D101');
    expect(d101.map((f) => f.path).sort()).toEqual(['demo/api/Dockerfile', 'demo/worker/Dockerfile']);
    for (const f of d101) {
      expect(f).toMatchObject({rule: 'D101', name: 'root-user', severity: 'high', line: expect.any(Number), column: expect.any(Number), endLine: expect.any(Number), message: expect.any(String), fix: {safety: 'unsafe'}});
      expect(f.references).toEqual(expect.arrayContaining(['hadolint:DL3002', 'checkov:CKV_DOCKER_3']));
    }
    expect(report.summary.findings).toBe(report.findings.length);
    expect(JSON.stringify(report)).not.toContain('s3cr3t-Orders-2024');
    expect(JSON.stringify(report)).not.toContain('sk_live_9aF3kLm2QpX7vRt8Yw1Zb4Nc');
  });

  it('fix --write --unsafe, then check finds no D101/D102, a second fix changes no byte, and Dockerfile lines only gain text', async () => {
    const before = await snapshot(join(work, 'demo'));
    const fixed = await shipshape(['fix', '--write', '--unsafe', 'demo'], {cwd: work});
    expect(fixed.stderr).not.toMatch(/internal error/);
    expect(fixed.stdout).toMatch(/Originals saved in demo\/\.shipshape\/backup\//);
    const after = await snapshot(join(work, 'demo'));

    const check = await shipshape(['check', '--format', 'json', 'demo'], {cwd: work});
    const findings = (JSON.parse(check.stdout) as {findings: Array<{rule: string; fix: unknown}>}).findings;
    expect(findings.filter((f) => f.rule === 'D101' || f.rule === 'D102')).toEqual([]);

    const again = await shipshape(['fix', '--write', '--unsafe', 'demo'], {cwd: work});
    expect(again.stdout).toMatch(/Nothing to fix/);
    expect(await snapshot(join(work, 'demo'))).toEqual(after);

    for (const path of ['api/Dockerfile', 'worker/Dockerfile']) {
      const patch = structuredPatch(path, path, before.get(path)!, after.get(path)!, '', '', {context: 0});
      for (const hunk of patch.hunks) {
        const removed = hunk.lines.filter((l) => l.startsWith('-')).map((l) => l.slice(1));
        const added = hunk.lines.filter((l) => l.startsWith('+')).map((l) => l.slice(1));
        // Every removed line comes back with only insertions (a flag, a clean-up step).
        for (const line of removed) {
          const words = line.trim().split(/\s+/);
          expect(added.some((a) => containsInOrder(a, words)), `${path}: "${line}" was rewritten, not extended`).toBe(true);
        }
      }
    }
    // Files no fix is about are untouched.
    for (const path of ['api/server.js', 'api/package.json', 'worker/worker.py', 'README.md']) expect(after.get(path)).toBe(before.get(path));

    const undo = await shipshape(['undo', 'demo'], {cwd: work});
    expect(undo.code).toBe(0);
    expect(await snapshot(join(work, 'demo'))).toEqual(before);
  });

  it('fix --diff prints a unified diff, writes nothing, and exits 1 when there is something to fix', async () => {
    const before = await snapshot(join(work, 'demo'));
    const r = await shipshape(['fix', '--diff', 'demo'], {cwd: work});
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^--- a\/demo\/worker\/Dockerfile$/m);
    expect(r.stdout).toMatch(/^\+RUN pip install --no-cache-dir -r requirements.txt$/m);
    expect(r.stderr).toMatch(/unsafe fix\(es\) not included/);
    expect(await snapshot(join(work, 'demo'))).toEqual(before);
  });

  it('check does not load Ink, and honours --fail-on and --rule', async () => {
    const hooks = join(work, 'hooks.mjs');
    const register = join(work, 'register.mjs');
    await writeFile(hooks, "export async function resolve(s, c, next) { if (s === 'ink' || s === 'react') console.error('LOADED ' + s); return next(s, c); }\n");
    await writeFile(register, `import {register} from 'node:module'; register(${JSON.stringify(`file://${hooks}`)});\n`);
    const r = await shipshape(['check', 'demo'], {cwd: work, node: ['--import', register]});
    expect(r.stderr).not.toMatch(/LOADED/);
    expect(r.code).toBe(1);
    expect((await shipshape(['check', '--fail-on', 'critical', '--rule', 'D101', 'demo'], {cwd: work})).code).toBe(0);
    expect((await shipshape(['check', '--fail-on', 'high', '--rule', 'D101', 'demo'], {cwd: work})).code).toBe(1);
  });

  it('reads stdin with --kind, reports parse errors per file and goes on', async () => {
    await writeFile(join(work, 'broken.Dockerfile'), 'FROM alpine\nRUN <<EOF\necho never closed\n');
    const r = await shipshape(['check', '--format', 'json', 'broken.Dockerfile', 'demo/api/Dockerfile'], {cwd: work});
    const report = JSON.parse(r.stdout) as {files: Array<{path: string; error: string | null}>; findings: Array<{rule: string; path: string}>};
    expect(report.files.find((f) => f.path === 'broken.Dockerfile')!.error).toMatch(/unterminated heredoc/);
    expect(report.findings.some((f) => f.rule === 'E001' && f.path === 'broken.Dockerfile')).toBe(true);
    expect(report.findings.some((f) => f.rule === 'D101' && f.path === 'demo/api/Dockerfile')).toBe(true);

    const child = execFile(process.execPath, [BIN, 'check', '--kind', 'dockerfile', '-'], {cwd: work, env: {...process.env, NO_COLOR: '1'}});
    let out = '';
    child.stdout!.on('data', (d: string) => (out += d));
    child.stdin!.end('FROM debian:12\nCMD ["x"]\n');
    const code = await new Promise<number>((resolve) => child.on('close', resolve));
    expect(code).toBe(1);
    expect(out).toMatch(/D101/);
  });

  it('rules, explain, --version, --help and usage errors', async () => {
    const rules = await shipshape(['rules', '--format', 'json'], {cwd: work});
    const list = JSON.parse(rules.stdout) as Array<{id: string; kind: string; severity: string; safety: string | null; references: string[]; fixable: boolean}>;
    expect(list.find((r) => r.id === 'D101')).toMatchObject({kind: 'dockerfile', severity: 'high', safety: 'unsafe', fixable: true});
    const explain = await shipshape(['explain', 'D106'], {cwd: work});
    expect(explain.stdout).toMatch(/^D106 secret-in-env/);
    expect(explain.stdout).toMatch(/What it does[\s\S]*Why it matters[\s\S]*Example[\s\S]*Use instead[\s\S]*Fix safety[\s\S]*References/);
    expect(explain.stdout).toMatch(/Why it matters/);
    // A name several kinds share explains each; kind/name picks one.
    const byName = await shipshape(['explain', 'root-user'], {cwd: work});
    expect(byName.stdout).toMatch(/D101 root-user/);
    expect(byName.stdout).toMatch(/C201 root-user/);
    const one = await shipshape(['explain', 'dockerfile/root-user'], {cwd: work});
    expect(one.stdout).toMatch(/D101 root-user/);
    expect(one.stdout).not.toMatch(/C201/);
    // --image adds the profile facts the rule reads, with how sure the match is and the sources.
    const grafana = await shipshape(['explain', 'C201', '--image', 'grafana/grafana:11.2.0'], {cwd: work});
    expect(grafana.stdout).toMatch(/Image profile of grafana\/grafana:11.2.0 \(known profile: Grafana\)\n  runs as: grafana \(472\), not root/);
    expect(grafana.stdout).toMatch(/source: .*github.com\/grafana\/grafana/);
    const unknown = await shipshape(['explain', 'C206', '--image', 'ghcr.io/acme/api:1'], {cwd: work});
    expect(unknown.stdout).toMatch(/\(not known: shipshape has no profile of this image\)\n  Check what it runs as with `docker image inspect/);
    expect((await shipshape(['explain', 'C215', '--image', 'nginx'], {cwd: work})).stdout).toMatch(/C215 reads no image profile/);
    expect((await shipshape(['--version'], {cwd: work})).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect((await shipshape(['--help'], {cwd: work})).stdout).toMatch(/Usage:/);
    const bad = await shipshape(['check', '--format', 'yaml'], {cwd: work});
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--format must be one of/);
    expect((await shipshape(['explain', 'X999'], {cwd: work})).code).toBe(2);
    // A mistyped path must not pass a CI gate as "nothing found".
    const missing = await shipshape(['check', 'demo/Dockerfle'], {cwd: work});
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('shipshape: demo/Dockerfle: no such file or folder\n');
  });

  it('check writes SARIF, JUnit and GitLab reports, and a baseline gates only new findings', async () => {
    const sarif = JSON.parse((await shipshape(['check', '--format', 'sarif', 'demo'], {cwd: work})).stdout) as {version: string; runs: Array<{tool: {driver: {name: string; version: string}}; results: Array<{ruleId: string}>}>};
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]!.tool.driver.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(sarif.runs[0]!.results.some((r) => r.ruleId === 'D101')).toBe(true);
    expect((await shipshape(['check', '--format', 'junit', 'demo'], {cwd: work})).stdout).toMatch(/^<\?xml/);
    const gitlab = JSON.parse((await shipshape(['check', '--format', 'gitlab', 'demo'], {cwd: work})).stdout) as Array<{check_name: string}>;
    expect(gitlab.some((g) => g.check_name === 'D101 root-user')).toBe(true);

    const recorded = await shipshape(['check', '--write-baseline', 'baseline.json', 'demo'], {cwd: work});
    expect(recorded.stderr).toMatch(/recorded \d+ finding/);
    const gated = await shipshape(['check', '--baseline', 'baseline.json', 'demo'], {cwd: work});
    expect(gated.code).toBe(0);
    expect(gated.stdout).toMatch(/No findings/);
    await writeFile(join(work, 'demo', 'new.Dockerfile'), 'FROM debian:12\nCMD ["x"]\n');
    const fresh = await shipshape(['check', '--baseline', 'baseline.json', '--format', 'json', 'demo'], {cwd: work});
    expect(fresh.code).toBe(1);
    expect((JSON.parse(fresh.stdout) as {findings: Array<{path: string}>}).findings.every((f) => f.path === 'demo/new.Dockerfile')).toBe(true);
    await rm(join(work, 'demo', 'new.Dockerfile'));
    await writeFile(join(work, 'broken.json'), '{"version": 7}');
    const bad = await shipshape(['check', '--baseline', 'broken.json', 'demo'], {cwd: work});
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('refuses the wizard without a terminal and points to check/fix', async () => {
    const r = await shipshape(['demo'], {cwd: work});
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/needs an interactive terminal; use `shipshape check`/);
  });

  it('NO_COLOR and --no-color give plain text; a bad config is a one-line error with exit 2', async () => {
    const r = await shipshape(['check', 'demo'], {cwd: work, env: {NO_COLOR: '1'}});
    expect(r.stdout).not.toMatch(/\u001B\[/);
    await writeFile(join(work, 'bad.yaml'), 'rules: {D101: loud}\n');
    const bad = await shipshape(['check', '--config', 'bad.yaml', 'demo'], {cwd: work});
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/bad.yaml: rules.D101 must be off or one of/);
  });

  it('a mistyped rule id (--rule or config) or an unusable default is a one-line usage error, not a silent pass or an internal error', async () => {
    const rule = await shipshape(['check', '--rule', 'D999', 'demo'], {cwd: work});
    expect(rule.code).toBe(2);
    expect(rule.stderr).toBe('shipshape: --rule D999: no such rule (see shipshape rules)\n');
    await writeFile(join(work, 'typo.yaml'), 'rules: {D131: off}\n');
    const typo = await shipshape(['check', '--config', 'typo.yaml', 'demo'], {cwd: work});
    expect(typo.code).toBe(2);
    expect(typo.stderr).toBe('shipshape: typo.yaml: rules.D131 is not a shipshape rule (see shipshape rules)\n');
    await writeFile(join(work, 'uid.yaml'), 'defaults: {uid: abc}\n');
    const uid = await shipshape(['fix', '--diff', '--unsafe', '--config', 'uid.yaml', 'demo'], {cwd: work});
    expect(uid.code).toBe(2);
    expect(uid.stderr).toBe('shipshape: uid.yaml: defaults.uid must be a number above 0 (got "abc")\n');
    expect(uid.stdout).toBe('');
  });

  it('fix names the files it cannot parse (check reports them as E001)', async () => {
    await mkdir(join(work, 'broken'), {recursive: true});
    await writeFile(join(work, 'broken/compose.yaml'), 'services:\n  web:\n    image: nginx\n  web:\n    image: redis\n');
    const r = await shipshape(['fix', '--diff', 'broken'], {cwd: work});
    expect(r.stderr).toMatch(/^shipshape: broken\/compose\.yaml:4: cannot parse: Map keys must be unique.*; not fixed$/m);
  });
});

function containsInOrder(line: string, words: string[]): boolean {
  let pos = 0;
  for (const w of words) {
    const at = line.indexOf(w, pos);
    if (at === -1) return false;
    pos = at + w.length;
  }
  return true;
}
