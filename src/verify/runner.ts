/**
 * One start of one stack: build the images the stack builds (reusing one built earlier in the same
 * run when its build context is the same), start the project under its own name with a Compose
 * override that keeps it apart from the user's own (its images, container names, named volumes
 * and networks renamed), watch every service until judge.ts has a verdict, keep the logs of what
 * failed, and remove the containers, volumes and networks again.
 */
import {createHash} from 'node:crypto';
import {connect} from 'node:net';
import {writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import type {Engine, ComposeProject} from './engine.js';
import {imageProblem, type ImageProblem} from './images.js';
import {judge, type ContainerState, type JudgeOptions} from './judge.js';
import type {ServiceOutcome, StackOutcome, StackSpec} from './model.js';
import {OK_STATUSES} from './model.js';

export interface RunnerOptions extends JudgeOptions {
  /** Between two looks at the containers (ms). */
  poll: number;
  /** Log lines kept for a failed service. */
  logLines: number;
  now(): number;
  sleep(ms: number): Promise<void>;
  /** True when something answers on host:port. */
  answers(host: string, port: number): Promise<boolean>;
  signal?: AbortSignal;
}

export const DEFAULT_RUNNER_OPTIONS: RunnerOptions = {
  timeout: 60_000,
  settle: 5_000,
  grace: 10_000,
  poll: 1_000,
  logLines: 30,
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  answers: tcpAnswers,
};

/** The images one verify run builds: one per service and distinct build input, removed at the end. */
export class ImageCache {
  private readonly byKey = new Map<string, string>();
  constructor(private readonly prefix: string) {}
  nameFor(key: string): string {
    let name = this.byKey.get(key);
    if (!name) {
      name = `${this.prefix}-${this.byKey.size + 1}:latest`;
      this.byKey.set(key, name);
    }
    return name;
  }
  all(): string[] {
    return [...this.byKey.values()];
  }
}

export interface StackStart {
  stack: StackSpec;
  /** The copy's folder (absolute). */
  root: string;
  /** Where verify's own Compose override is written (absolute, outside the build contexts). */
  scratch: string;
  /** The Compose project name of this start. */
  project: string;
  /** Texts this start's plan changed, by path relative to the root: a build whose context holds none reuses its image. */
  changed: ReadonlyMap<string, string>;
  images: ImageCache;
  /** Called with the containers once every service has its verdict, before they are removed (tests look inside). */
  onReady?(containers: readonly ContainerState[], outcomes: readonly ServiceOutcome[]): Promise<void>;
}

/** The image a built service uses in this start: the same build input gives the same image. */
export function buildKey(start: Pick<StackStart, 'stack' | 'changed'>, service: StackSpec['services'][number]): string {
  const hash = createHash('sha256').update(`${start.stack.id}\0${service.name}\0${service.dockerfile}\0${service.context}`);
  const inside = (p: string) => p === service.dockerfile || service.context === '.' || p.startsWith(`${service.context}/`);
  for (const [path, text] of [...start.changed].filter(([p]) => inside(p)).sort(([a], [b]) => (a < b ? -1 : 1))) hash.update(`\0${path}\0${text}`);
  return hash.digest('hex');
}

/** The override that keeps this start apart from the user's own projects (JSON is YAML). */
export function overrideText(start: Pick<StackStart, 'stack' | 'project'>, images: ReadonlyMap<string, string>): string {
  const services: Record<string, Record<string, unknown>> = {};
  for (const svc of start.stack.services) {
    const entry: Record<string, unknown> = {};
    const image = images.get(svc.name);
    if (image) entry.image = image;
    if (svc.containerName !== null) entry.container_name = `${start.project}-${svc.name}`;
    if (Object.keys(entry).length > 0) services[svc.name] = entry;
  }
  const renamed = (names: readonly string[]) => Object.fromEntries(names.map((n) => [n, {name: `${start.project}_${n}`, external: false}]));
  const doc: Record<string, unknown> = {services};
  if (start.stack.renames.volumes.length > 0) doc.volumes = renamed(start.stack.renames.volumes);
  if (start.stack.renames.networks.length > 0) doc.networks = renamed(start.stack.renames.networks);
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** The last lines of an output, without the noise of the tools (podman-compose's exit codes, podman's systemd warnings). */
const tail = (text: string, n: number) =>
  text
    .replace(/\r/g, '')
    .split('\n')
    .filter((l) => l.trim() !== '' && !/level=error msg=".*systemd/.test(l) && !/^exit code: \d+$/.test(l))
    .slice(-n);

/**
 * The engine's own failure, when it could create containers but start none (podman refused by the
 * sandbox: rlimits, cgroups, the OCI runtime): then nothing verify saw is about the stack.
 */
function engineError(output: string): string | null {
  const lines = tail(output, 200).filter((l) => /\b(Error|error|ERROR)\b/.test(l) && /OCI|runc|crun|rlimit|cgroup|runtime/i.test(l));
  return lines.at(-1)?.replace(/^.*?(Error[: ])/, '$1').trim() ?? null;
}

/**
 * Why the engine did not create a service's container, from the output of `up`: the error after
 * podman-compose's `podman run --name=<project>_<service>_1` line, or a line of Docker Compose's
 * that names the service. Null when the output does not say.
 */
export function upError(output: string, project: string, service: string): string | null {
  const lines = output.replace(/\r/g, '').split('\n');
  const start = lines.findIndex((l) => l.startsWith(`podman run --name=${project}_${service}_`) || l.startsWith(`podman create --name=${project}_${service}_`));
  if (start !== -1) {
    for (const l of lines.slice(start + 1)) {
      if (/^(podman |\['podman')/.test(l)) break;
      if (/^Error: /.test(l)) return l.slice('Error: '.length).trim();
    }
  }
  const named = lines.filter((l) => l.includes(service) && /error|denied|not found|failed/i.test(l)).at(-1);
  return named ? named.replace(/^[\s✘!-]+/, '').trim() : null;
}

export async function runStack(engine: Engine, start: StackStart, options: RunnerOptions = DEFAULT_RUNNER_OPTIONS): Promise<StackOutcome> {
  const {stack} = start;
  const project: ComposeProject = {
    name: start.project,
    dir: join(start.root, stack.dir),
    files: [...stack.files.map((f) => join(start.root, f)), join(start.scratch, `${start.project}.override.yaml`)],
  };
  const images = new Map<string, string>();
  for (const svc of stack.services) if (svc.dockerfile) images.set(svc.name, start.images.nameFor(buildKey(start, svc)));
  await writeFile(project.files.at(-1)!, overrideText(start, images));

  const outcomes = new Map<string, ServiceOutcome>();
  try {
    // The images are built side by side: a build waits on I/O and on the engine more than on the CPU.
    const toBuild: string[] = [];
    for (const svc of stack.services) {
      const image = images.get(svc.name);
      if (image && !toBuild.some((s) => images.get(s) === image) && !(await engine.imageExists(image))) toBuild.push(svc.name);
    }
    await Promise.all(
      toBuild.map(async (name) => {
        const built = await engine.build(project, name);
        if (built.code === 0 && (await engine.imageExists(images.get(name)!))) return;
        const lines = tail(built.output, options.logLines);
        const missing = imageProblem(built.output);
        if (missing) {
          outcomes.set(name, unavailable(name, missing, 'its build needs', lines));
          return;
        }
        const why = lines.filter((l) => /^(Error|ERROR|error)\b|failed to solve/.test(l)).at(-1) ?? lines.at(-1);
        outcomes.set(name, {service: name, status: 'build-failed', detail: `its image did not build${why ? `: ${why}` : ''}`, logs: lines});
      }),
    );
    // A service whose image, or whose dependency's image, did not build is not started.
    const blocked = (name: string, seen = new Set<string>()): string | null => {
      if (outcomes.has(name)) return name;
      if (seen.has(name)) return null;
      seen.add(name);
      const deps = stack.services.find((s) => s.name === name)?.dependsOn ?? [];
      for (const d of deps) if (blocked(d, seen)) return d;
      return null;
    };
    for (const svc of stack.services) {
      const cause = outcomes.has(svc.name) ? null : blocked(svc.name);
      if (cause) {
        const what = outcomes.get(cause)!.status === 'image-unavailable' ? 'whose image could not be got' : 'which did not build';
        outcomes.set(svc.name, {service: svc.name, status: 'not-started', detail: `it depends on ${cause}, ${what}`, logs: []});
      }
    }
    const startable = stack.services.filter((s) => !outcomes.has(s.name)).map((s) => s.name);
    if (startable.length === 0) return {stack: stack.id, services: stack.services.map((s) => outcomes.get(s.name)!), error: null};

    const up = await engine.up(project, startable.length === stack.services.length ? [] : startable);
    const began = options.now();
    const pending = new Set(startable);
    const states = new Map<string, ContainerState>();
    while (pending.size > 0 && !options.signal?.aborted) {
      const now = options.now();
      const containers = await engine.containers(project);
      for (const name of [...pending]) {
        const state = containers.find((c) => c.service === name) ?? null;
        if (state) states.set(name, state);
        if (state?.status === 'running' && state.hasHealthcheck && state.health !== 'healthy' && state.health !== 'unhealthy') await engine.healthcheck(state);
        const answered = state?.status === 'running' && !state.hasHealthcheck && state.ports.length > 0 ? await allAnswer(state, options) : false;
        const verdict = judge({state, answered, elapsed: now - began, now}, options);
        if (!verdict) continue;
        pending.delete(name);
        const why = state ? null : upError(up.output, project.name, name);
        const missing = why ? imageProblem(why, stack.services.find((s) => s.name === name)?.image ?? null) : null;
        if (missing) {
          outcomes.set(name, unavailable(name, missing, 'it needs', [why!]));
          continue;
        }
        const logs = OK_STATUSES.has(verdict.status) ? [] : state ? tail(await engine.logs(state, options.logLines), options.logLines) : why ? [why] : tail(up.output, options.logLines);
        outcomes.set(name, {service: name, ...verdict, ...(why ? {detail: `the engine did not create it: ${why}`} : {}), logs});
      }
      if (pending.size > 0) await options.sleep(options.poll);
    }
    for (const name of pending) outcomes.set(name, {service: name, status: 'not-ready', detail: 'verify was stopped before it came up', logs: []});
    if (start.onReady) await start.onReady(await engine.containers(project), stack.services.map((s) => outcomes.get(s.name)!));
    const started = [...outcomes.values()].some((o) => o.status !== 'not-started' && o.status !== 'build-failed' && o.status !== 'image-unavailable');
    const error = started || states.size === 0 ? null : engineError(up.output);
    return {stack: stack.id, services: stack.services.map((s) => outcomes.get(s.name)!), error};
  } finally {
    await engine.down(project);
  }
}

/** A service that cannot be tried because the engine could not get an image: the engine's lines about it as its logs. */
function unavailable(service: string, problem: ImageProblem, needs: string, output: readonly string[]): ServiceOutcome {
  const logs = output.filter((l) => /^Trying to pull |\b(Error|ERROR|error)\b/.test(l)).slice(-3);
  return {service, status: 'image-unavailable', detail: `${needs} ${problem.image}, which could not be got: ${problem.reason}`, logs, image: {name: problem.image, reason: problem.reason}};
}

async function allAnswer(state: ContainerState, options: RunnerOptions): Promise<boolean> {
  for (const p of state.ports) {
    const host = p.hostIp === '' || p.hostIp === '0.0.0.0' ? '127.0.0.1' : p.hostIp === '::' ? '::1' : p.hostIp;
    if (!(await options.answers(host, p.hostPort))) return false;
  }
  return true;
}

/**
 * True when a TCP server answers on host:port: the connection opens and either data comes or it
 * stays open for a moment. A userland port proxy (Docker's) accepts and then closes at once when
 * nothing listens behind it, so an accepted connection alone proves nothing.
 */
export function tcpAnswers(host: string, port: number, wait = 300): Promise<boolean> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (ok: boolean) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve(ok);
    };
    const socket = connect({host, port});
    socket.setTimeout(2_000, () => finish(false));
    socket.on('error', () => finish(false));
    socket.on('data', () => finish(true));
    socket.on('close', () => finish(false));
    socket.on('connect', () => setTimeout(() => finish(true), wait));
  });
}
