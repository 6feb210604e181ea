import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {main, type Io} from '../../src/cli/main.js';
import {palette} from '../../src/report/color.js';
import {verifyJson, verifyText} from '../../src/report/verify.js';
import {decide} from '../../src/verify/decide.js';
import {fakeTrial, fix, service, stack} from './fake.js';

const ROOT = join(import.meta.dirname, '../..');

async function sampleResult() {
  const S = 'compose.yaml';
  const fixes = [fix('C203', S, 'web'), fix('C206', S, 'web'), fix('C207', S, 'cache')];
  const model = {
    web: (a: ReadonlySet<string>) => (a.has('C203') ? 'chown("/var/lib/nginx/body", 33) failed' : a.has('C206') ? 'mkdir() "/var/lib/nginx/body" failed (30: Read-only file system)' : null),
    db: () => 'no such image: postgres:16',
  };
  return decide({engine: 'podman 4.3.1 with podman-compose 1.0.3', stacks: [stack(S, [service('web'), service('cache'), service('db')]), stack('tools/compose.yaml', [service('lint')], {skip: 'not started: service lint mounts the container engine socket /var/run/docker.sock (verify writes nothing outside its temporary copy)'})], fixes, trial: fakeTrial(fixes, model)});
}

describe('verify reports', () => {
  it('text: each service before and after, the fixes to blame with what the service said, what to do', async () => {
    const text = verifyText(await sampleResult(), palette(false));
    expect(text).toBe(
      [
        'Verified with podman 4.3.1 with podman-compose 1.0.3: 1 Compose project started 5 times.',
        '',
        'compose.yaml',
        '  ✖ web    exited with the fixes: chown("/var/lib/nginx/body", 33) failed (before: answering)',
        '           broken by C203 compose.yaml:1  C203 title',
        '             with it: exited, chown("/var/lib/nginx/body", 33) failed',
        '             │ chown("/var/lib/nginx/body", 33) failed',
        '           broken by C206 compose.yaml:1  C206 title',
        '             with it: exited, mkdir() "/var/lib/nginx/body" failed (30: Read-only file system)',
        '             │ mkdir() "/var/lib/nginx/body" failed (30: Read-only file system)',
        '  ✔ cache  answering with 1 fix: it answers',
        '  ! db     exited before any fix: no such image: postgres:16 (not blamed on the fixes)',
        '             │ no such image: postgres:16',
        '',
        'tools/compose.yaml',
        '  – not started: service lint mounts the container engine socket /var/run/docker.sock (verify writes nothing outside its temporary copy)',
        '',
        '✖ 1 service no longer starts with the fixes, broken by 2 fixes.',
        '  Keep the rest: skip those in the wizard (`shipshape`), or put `# shipshape-ignore RULE -- why` on the line before the finding (file:line above) and run `fix` again.',
        '! 1 service did not start even without the fixes; verify cannot tell whether the fixes suit it.',
        '',
      ].join('\n'),
    );
  });

  it('JSON: versioned like check, with verdicts, blamed fixes and a summary', async () => {
    const json = JSON.parse(verifyJson(await sampleResult())) as Record<string, unknown>;
    expect(json.version).toBe(1);
    expect(json.passed).toBe(false);
    expect(json.unavailableImages).toEqual([]);
    expect(json.summary).toEqual({tried: 2, services: 4, ok: 1, broken: 1, failedBefore: 1, unstable: 0, skipped: 1, blamed: 2, starts: 5});
    const web = (json.services as Array<Record<string, unknown>>)[0]!;
    expect(web).toMatchObject({stack: 'compose.yaml', service: 'web', verdict: 'broken', before: {status: 'answering', detail: 'it answers'}});
    expect(web.blamed).toEqual([
      {rule: 'C203', title: 'C203 title', path: 'compose.yaml', line: 1, fingerprint: 'C203:compose.yaml:services.web', status: 'exited', detail: 'chown("/var/lib/nginx/body", 33) failed', logs: ['chown("/var/lib/nginx/body", 33) failed']},
      {rule: 'C206', title: 'C206 title', path: 'compose.yaml', line: 1, fingerprint: 'C206:compose.yaml:services.web', status: 'exited', detail: 'mkdir() "/var/lib/nginx/body" failed (30: Read-only file system)', logs: ['mkdir() "/var/lib/nginx/body" failed (30: Read-only file system)']},
    ]);
  });

  it('images the engine could not get: each service says which, the summary says why once per image, and that nothing was tried', async () => {
    const S = 'compose.yaml';
    const fixes = [fix('C203', S, 'api')];
    const unavailable = (service: string, name: string, needs: string) => ({
      service,
      status: 'image-unavailable' as const,
      detail: `${needs} ${name}, which could not be got: the registry registry-1.docker.io cannot be reached (no such host)`,
      logs: [],
      image: {name, reason: 'the registry registry-1.docker.io cannot be reached (no such host)'},
    });
    const result = await decide({
      engine: 'podman',
      stacks: [stack(S, [service('api'), service('worker')])],
      fixes,
      trial: async () => ({stack: S, error: null, services: [unavailable('api', 'node:20', 'its build needs'), unavailable('worker', 'node:20', 'its build needs')]}),
    });
    expect(verifyText(result, palette(false))).toBe(
      [
        'Verified with podman: 1 Compose project started 1 time.',
        '',
        'compose.yaml',
        '  ! api     not started: could not get node:20 (see below)',
        '  ! worker  not started: could not get node:20 (see below)',
        '',
        '! 1 image could not be got, so the services that need it were not started:',
        '    node:20 (api, worker): the registry registry-1.docker.io cannot be reached (no such host)',
        '  Make them available to the engine (pull them where the registry can be reached, or load them), then run verify again.',
        '! No service started without the fixes, so verify could try none of them.',
        '',
      ].join('\n'),
    );
    const json = JSON.parse(verifyJson(result)) as {unavailableImages: unknown; summary: {tried: number}; services: Array<{before: unknown}>};
    expect(json.unavailableImages).toEqual([{image: 'node:20', reason: 'the registry registry-1.docker.io cannot be reached (no such host)', services: ['api', 'worker']}]);
    expect(json.summary.tried).toBe(0);
    expect(json.services[0]!.before).toMatchObject({status: 'image-unavailable', image: {name: 'node:20'}});
  });
});

function io(env: NodeJS.ProcessEnv, cwd = ROOT): Io & {out: string[]; err: string[]} {
  const out: string[] = [];
  const err: string[] = [];
  return {out, err, stdout: (s) => out.push(s), stderr: (s) => err.push(s), env, cwd, isTTY: false};
}

describe('shipshape verify (command line)', () => {
  it('without a container engine says so in one line and exits 2', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'shipshape-no-engine-'));
    try {
      const i = io({PATH: empty});
      expect(await main(['verify', 'fixtures/stacks/shop', '--unsafe'], i)).toBe(2);
      expect(i.out).toEqual([]);
      expect(i.err).toEqual(['shipshape: no container engine to start the stack: docker is not installed; podman is not installed\n']);
    } finally {
      rmSync(empty, {recursive: true, force: true});
    }
  });

  it('refuses flags of other commands and a second folder', async () => {
    for (const [args, message] of [
      [['verify', '--write'], '--write is for fix, not verify (see shipshape verify --help)'],
      [['fix', '--keep'], '--keep is for verify, not fix (see shipshape fix --help)'],
      [['verify', 'a', 'b'], 'verify takes one folder'],
      [['verify', '--engine', 'lxc'], '--engine must be docker or podman'],
      [['verify', '--timeout', 'soon'], '--timeout must be a number of seconds'],
      [['verify', '--format', 'sarif'], 'verify takes --format text or json'],
      [['verify', 'no-such-folder'], 'no-such-folder: not a folder (verify starts the Compose projects of a folder)'],
    ] as const) {
      const i = io({PATH: ''});
      expect(await main([...args], i)).toBe(2);
      expect(i.err.join('')).toBe(`shipshape: ${message}\n`);
    }
  });
});
