/**
 * End to end with real containers: the stacks of fixtures/stacks/ (nginx, a Python API writing
 * the data folder its Dockerfile makes, Redis, PostgreSQL running as its own user, apps whose
 * secrets come from the environment), each built `FROM debian:bookworm-slim` from Debian packages
 * and started with podman + podman-compose:
 *   - verify starts the original and the hardened stack (the files `fix --write --unsafe` then
 *     writes, byte for byte) and every service comes up and answers; inside the hardened
 *     containers the hardening is real: non-root UIDs, no capabilities but the few a service
 *     needs, read-only root filesystems; a service reads its Compose secret as its own user;
 *   - on a service whose needs no file tells, `shipshape verify` names the fixes that break it
 *     (exit 1, JSON report).
 * Each start costs seconds (podman-compose waits a second per container), so the hardened start
 * that is looked into is verify's own, and the stacks run side by side (each under its own project
 * name and ports): a start mostly waits.
 *
 * Needs root and `apt-get install -y podman podman-compose runc buildah mmdebstrap
 * golang-github-containernetworking-plugin-dnsname`. The test runs scripts/prepare-test-base.sh
 * (a no-op when its cache is there; a minute or two the first time, from the Debian mirror), which
 * makes the container storage every container test shares, with debian:bookworm-slim and the
 * packages the stacks install, so builds are quick and need no network. Skipped, saying why, where
 * those cannot run.
 */
import {execFile} from 'node:child_process';
import {cp, mkdir, mkdtemp, readFile, rm, stat, writeFile} from 'node:fs/promises';
import {createServer} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {existsSync} from 'node:fs';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {ContainerState} from '../../src/verify/judge.js';
import type {ServiceOutcome} from '../../src/verify/model.js';
import {CONTAINER_ENV, has, missingForBuilds, prepareTestBase} from '../helpers/containers.js';

const run = promisify(execFile);
const REPO = join(import.meta.dirname, '../..');
const BIN = join(REPO, 'bin/shipshape.js');
const missing = [
  ...missingForBuilds(),
  !has('podman') && 'podman',
  !has('podman-compose', ['version']) && 'podman-compose',
  !has('runc') && 'runc',
  !existsSync('/usr/lib/cni/dnsname') && 'the CNI dnsname plugin (golang-github-containernetworking-plugin-dnsname)',
].filter(Boolean);
let skipWhy = missing.length > 0 ? `missing ${missing.join(', ')}` : '';
if (skipWhy) {
  console.warn(
    `test/e2e/stacks.test.ts: skipped, ${skipWhy}. Run as root after ` +
      '`apt-get install -y podman podman-compose runc buildah mmdebstrap golang-github-containernetworking-plugin-dnsname`.',
  );
}
const available = skipWhy === '';

const env: NodeJS.ProcessEnv = {...CONTAINER_ENV, NO_COLOR: '1'};

/** A free TCP port on 127.0.0.1 (each run publishes its own, so two runs on one machine do not collide). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const {port} = server.address() as {port: number};
      server.close(() => resolve(port));
    });
  });
}

async function sh(command: string, args: string[], options: {cwd?: string} = {}): Promise<{code: number; stdout: string; stderr: string}> {
  try {
    const {stdout, stderr} = await run(command, args, {cwd: options.cwd, env, maxBuffer: 64 * 1024 * 1024, timeout: 600_000});
    return {code: 0, stdout, stderr};
  } catch (error) {
    const e = error as {code: number; stdout: string; stderr: string};
    return {code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? String(error)};
  }
}

const shipshape = (args: string[], cwd: string) => sh(process.execPath, [BIN, ...args], {cwd});
const podman = (...args: string[]) => sh('podman', args);

let work = '';
const timings: string[] = [];
async function timed<T>(label: string, f: () => Promise<T>): Promise<T> {
  const t0 = Date.now();
  try {
    return await f();
  } finally {
    timings.push(`${label} ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
}

beforeAll(async () => {
  if (!available) return;
  await timed('prepare', prepareTestBase);
  const image = await timed('postgres image', () => podman('build', '-q', '-t', 'docker.io/library/postgres:15-bookworm', join(REPO, 'fixtures/images/postgres')));
  if (image.code !== 0) throw new Error(`building the postgres stand-in failed:\n${image.stderr}`);
  work = await mkdtemp(join(tmpdir(), 'shipshape-stacks-'));
  env.SHOP_WEB_PORT = String(await freePort());
  env.SHOP_API_PORT = String(await freePort());
  env.NOTES_PORT = String(await freePort());
  env.LEDGER_PORT = String(await freePort());
}, 900_000);

afterAll(async () => {
  if (work) await rm(work, {recursive: true, force: true});
  if (timings.length) console.info(`test/e2e/stacks.test.ts timings: ${timings.join(', ')}`);
});

async function copyStack(name: string): Promise<string> {
  const dir = join(work, name);
  await cp(join(REPO, 'fixtures/stacks', name), dir, {recursive: true});
  return dir;
}

interface VerifyJson {
  passed: boolean;
  services: Array<{service: string; verdict: string; before: {status: string; detail: string} | null; after: {status: string; detail: string; logs?: string[]} | null; blamed: Array<{rule: string; detail: string}>}>;
  summary: {starts: number; tried: number};
  unavailableImages: Array<{image: string; reason: string; services: string[]}>;
}

async function verify(dir: string, extra: string[] = []): Promise<{code: number; report: VerifyJson; stderr: string}> {
  const r = await shipshape(['verify', '--unsafe', '--format', 'json', '--timeout', '45', ...extra], dir);
  let report: VerifyJson;
  try {
    report = JSON.parse(r.stdout) as VerifyJson;
  } catch {
    throw new Error(`verify printed no JSON (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  }
  return {code: r.code, report, stderr: r.stderr};
}

const explain = (report: VerifyJson) => JSON.stringify(report.services.map((s) => ({service: s.service, verdict: s.verdict, after: s.after, blamed: s.blamed})), null, 2);

interface Inside {
  state: ContainerState;
  outcome: ServiceOutcome;
  inspect: {HostConfig: {ReadonlyRootfs: boolean; CapAdd: string[] | null; CapDrop: string[] | null; SecurityOpt: string[] | null}};
  /** uid and effective capabilities of every process in the container. */
  processes: Array<{uid: number; capEff: bigint}>;
  exec(...args: string[]): Promise<{code: number; stdout: string; stderr: string}>;
}

async function look(containers: readonly ContainerState[], outcomes: readonly ServiceOutcome[]): Promise<Map<string, Inside>> {
  const inside = new Map<string, Inside>();
  for (const state of containers) {
    const outcome = outcomes.find((o) => o.service === state.service)!;
    const [inspect] = JSON.parse((await podman('inspect', '--type', 'container', state.id)).stdout) as Inside['inspect'][];
    const exec = (...args: string[]) => podman('exec', state.id, ...args);
    const status = await exec('sh', '-c', 'for p in /proc/[0-9]*/status; do grep -E "^(Uid|CapEff):" "$p" 2>/dev/null | tr "\\n" " "; echo; done');
    const processes = status.stdout
      .split('\n')
      .map((l) => /Uid:\s+\d+\s+(\d+).*CapEff:\s+([0-9a-f]+)/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => ({uid: Number(m[1]), capEff: BigInt(`0x${m[2]}`)}));
    inside.set(state.service, {state, outcome, inspect: inspect!, processes, exec});
  }
  return inside;
}

/**
 * `shipshape verify --unsafe` through its API on the stack in `dir`: the original and the hardened
 * stack are started (the hardened one exactly as \`fix --write --unsafe\` leaves the files: the
 * same plan), and `check` looks inside the hardened containers before they are removed. Returns
 * the verdicts and the plan's files.
 */
async function verifyAndInspect(dir: string, check: (inside: Map<string, Inside>) => Promise<void>) {
  const {load} = await import('../../src/cli/load.js');
  const {selectForFix} = await import('../../src/cli/commands.js');
  const {detectEngine} = await import('../../src/verify/engine.js');
  const {verify} = await import('../../src/verify/run.js');
  const {session, project} = await load({paths: ['.'], cwd: dir});
  const select = selectForFix({unsafe: true});
  const planFor = (exclude: ReadonlySet<string>) => session.fixWhere((f) => (exclude.has(f.fingerprint) ? null : select(f)));
  const found = await detectEngine({env, prefer: 'podman'});
  if (!('engine' in found)) throw new Error(found.problem);
  let checked = false;
  const {result} = await verify({
    root: dir,
    project,
    planFor,
    engine: found.engine,
    runner: {timeout: 45_000},
    onStarted: async (start, containers, outcomes) => {
      if (!start.fixed) return;
      await check(await look(containers, outcomes));
      checked = true;
    },
  });
  expect(checked, 'the hardened stack was started and looked at').toBe(true);
  return {result, plan: planFor(new Set())};
}

/** After `fix --write --unsafe`, the files are what verify started. */
async function expectWritten(dir: string, plan: {files: Array<{path: string; after: string}>}): Promise<void> {
  const fixed = await shipshape(['fix', '--write', '--unsafe'], dir);
  expect(fixed.code, fixed.stderr).toBe(0);
  for (const f of plan.files) {
    const written = await readFile(join(dir, f.path), 'utf8');
    // The write also keeps its backups out of git: `.shipshape/` at the end of the .gitignore.
    if (f.path === '.gitignore') expect(written.startsWith(f.after), written).toBe(true);
    else expect(written, f.path).toBe(f.after);
  }
}

async function http(port: string, path: string, init: RequestInit = {}): Promise<{status: number; body: string}> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, {...init, signal: AbortSignal.timeout(10_000)});
  return {status: response.status, body: await response.text()};
}

const CAP = {CHOWN: 0, DAC_OVERRIDE: 1, FOWNER: 3, SETGID: 6, SETUID: 7, NET_BIND_SERVICE: 10} as const;
const caps = (...names: Array<keyof typeof CAP>) => names.reduce((mask, n) => mask | (1n << BigInt(CAP[n])), 0n);

/**
 * `readOnly: false` for a service whose Dockerfile lists nothing its program writes (an OS base, no
 * folder made for it): a read-only root is a guess there, which waits for a person (C206).
 */
function expectHardened(svc: Inside, options: {uid: 'non-root' | 'steps-down'; caps?: bigint; readOnly?: boolean}): void {
  expect(svc.outcome.status, `${svc.state.service}: ${svc.outcome.detail}`).toMatch(/^(healthy|answering|running)$/);
  const readOnly = options.readOnly ?? true;
  expect(svc.inspect.HostConfig.ReadonlyRootfs, `${svc.state.service} has ${readOnly ? 'a read-only' : 'its writable'} root filesystem`).toBe(readOnly);
  expect((svc.inspect.HostConfig.SecurityOpt ?? []).some((o) => /no-new-privileges/.test(o)), `${svc.state.service}: no-new-privileges`).toBe(true);
  expect(svc.processes.length).toBeGreaterThan(0);
  const allowed = options.caps ?? 0n;
  for (const p of svc.processes) {
    expect(p.capEff & ~allowed, `${svc.state.service}: process (uid ${p.uid}) has capabilities beyond the ones it needs`).toBe(0n);
    if (options.uid === 'non-root') expect(p.uid, `${svc.state.service} runs as a non-root user`).not.toBe(0);
  }
  // A server that starts as root and steps down (nginx's workers, postgres) serves as another user.
  if (options.uid === 'steps-down') expect(svc.processes.some((p) => p.uid !== 0), `${svc.state.service} serves as its own user`).toBe(true);
}

describe.skipIf(!available).concurrent(`hardened stacks that still start (podman + podman-compose)${skipWhy ? ` [skipped: ${skipWhy}]` : ''}`, () => {
  it('shop (nginx, a Python API with a data folder and a token, Redis): the original and the hardened stack start; hardened for real; fix --write writes what was started', async () => {
    const dir = await copyStack('shop');
    const {result, plan} = await timed('shop verify + inspect', () =>
      verifyAndInspect(dir, async (inside) => {
        expectHardened(inside.get('web')!, {uid: 'steps-down', caps: caps('CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'SETGID', 'SETUID', 'NET_BIND_SERVICE')});
        expectHardened(inside.get('api')!, {uid: 'non-root'});
        // Redis from Debian packages on an OS base: what it writes (its dump in the working folder) no file lists.
        expectHardened(inside.get('cache')!, {uid: 'non-root', readOnly: false});
        const page = await http(env.SHOP_WEB_PORT!, '/');
        expect(page).toMatchObject({status: 200});
        expect(page.body).toContain('<h1>Shop</h1>');
        // The token still reaches the API (from .env), the data folder is writable, Redis answers through the API.
        const auth = {Authorization: 'Bearer 7f3c9a1e5b2d8f4a6c0e9b3d5f7a1c2e'};
        expect(await http(env.SHOP_WEB_PORT!, '/api/notes', {method: 'POST', headers: auth, body: 'first note'})).toMatchObject({status: 201});
        const notes = await http(env.SHOP_API_PORT!, '/notes', {headers: auth});
        expect(notes.status).toBe(200);
        expect(JSON.parse(notes.body)).toMatchObject({notes: ['first note'], visits: 1});
      }),
    );
    expect(result.passed, JSON.stringify(result.services, null, 2)).toBe(true);
    expect(Object.fromEntries(result.services.map((s) => [s.service, s.verdict]))).toEqual({web: 'ok', api: 'ok', cache: 'ok'});
    await expectWritten(dir, plan);
    // The token left the Compose file for a git-ignored .env that Compose reads.
    expect(await readFile(join(dir, 'compose.yaml'), 'utf8')).not.toContain('7f3c9a1e5b2d8f4a6c0e9b3d5f7a1c2e');
    expect(await readFile(join(dir, '.env'), 'utf8')).toBe('API_TOKEN=7f3c9a1e5b2d8f4a6c0e9b3d5f7a1c2e\n');
  }, 600_000);

  it('notes (PostgreSQL as its own user, a Python app): both start hardened; the database reads its secret file as postgres (issue 19)', async () => {
    const dir = await copyStack('notes');
    const {result, plan} = await timed('notes verify + inspect', () =>
      verifyAndInspect(dir, async (inside) => {
        const db = inside.get('db')!;
        expectHardened(db, {uid: 'non-root'});
        expect((await db.exec('id', '-un')).stdout.trim()).toBe('postgres');
        expect(await db.exec('cat', '/run/secrets/postgres_password')).toMatchObject({code: 0, stdout: 'Vq8s2LrT9xWm4kPz'});
        expectHardened(inside.get('app')!, {uid: 'non-root', readOnly: false});
        // The app signs in with the password it now gets from .env: both paths carry the same value.
        expect(await http(env.NOTES_PORT!, '/')).toEqual({status: 200, body: '{"notes": 0}'});
      }),
    );
    expect(result.passed, JSON.stringify(result.services, null, 2)).toBe(true);
    await expectWritten(dir, plan);
    expect(await readFile(join(dir, 'secrets/postgres_password'), 'utf8')).toBe('Vq8s2LrT9xWm4kPz');
    // The folder stays private to its owner; the file is readable by the container's user.
    expect((await stat(join(dir, 'secrets'))).mode & 0o777).toBe(0o700);
    expect((await stat(join(dir, 'secrets/postgres_password'))).mode & 0o777).toBe(0o644);
  }, 600_000);

  it('ledger (a service that writes a folder no file declares): verify names the fix that breaks it and exits 1; the read-only guess waits for a person', async () => {
    const dir = await copyStack('ledger');
    const {code, report} = await timed('ledger verify', () => verify(dir, ['--rule', 'D101,C206']));
    expect(code, explain(report)).toBe(1);
    const ledger = report.services[0]!;
    expect(ledger).toMatchObject({service: 'ledger', verdict: 'broken', before: {status: 'answering'}});
    // Nothing lists what it writes, so C206's read-only root is a guess it asks about: never started.
    expect(ledger.blamed.map((b) => b.rule)).toEqual(['D101']);
    expect(report.summary.starts, explain(report)).toBe(3);
    expect(ledger.blamed[0]!.detail).toMatch(/exited with code 1/);
    expect(ledger.after!.logs!.join('\n')).toMatch(/Permission denied|Read-only file system/);
  }, 600_000);

  it('an image the engine cannot get: verify names it and why, tries nothing and exits 2', async () => {
    const dir = join(work, 'unreachable');
    await mkdir(dir);
    // A registry on this machine's port 443, where nothing listens: refused at once, here and in CI.
    await writeFile(join(dir, 'compose.yaml'), 'services:\n  app:\n    image: localhost/shipshape-no-such-image:1\n');
    const {code, report, stderr} = await timed('unreachable verify', () => verify(dir));
    expect(code, explain(report)).toBe(2);
    expect(report.passed).toBe(false);
    expect(report.summary.tried).toBe(0);
    expect(report.unavailableImages).toEqual([{image: 'localhost/shipshape-no-such-image:1', reason: expect.stringMatching(/^the registry localhost cannot be reached/), services: ['app']}]);
    expect(stderr).toContain('nothing was verified: no service started even without the fixes (images it could not get: localhost/shipshape-no-such-image:1)');
  }, 120_000);
});
