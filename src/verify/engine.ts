/**
 * The container engine, spoken to through its own command line: Docker Compose v2
 * (`docker compose`) when a Docker daemon answers, else podman with podman-compose. Thin: it runs
 * commands and reads `inspect` output; what to make of it is judge.ts's and decide.ts's.
 *
 * Containers, volumes and networks are found by the `com.docker.compose.project` label both
 * tools set, and removed by it, so teardown does not depend on the Compose file still parsing.
 */
import {spawn} from 'node:child_process';
import type {EngineName} from './model.js';
import {parseInspect, type ContainerState} from './judge.js';

export interface CommandResult {
  /** The exit code, or null when the command could not run or was stopped at its timeout. */
  code: number | null;
  /** stdout and stderr together, the last 256 KB. */
  output: string;
}

export interface ExecOptions {
  cwd?: string;
  timeout: number;
  env?: NodeJS.ProcessEnv;
}

export type Exec = (command: string, args: readonly string[], options: ExecOptions) => Promise<CommandResult>;

const KEEP = 256 * 1024;

/** Runs a command (no shell), its output collected, killed with its children after the timeout. */
export const exec: Exec = (command, args, options) =>
  new Promise((resolve) => {
    let output = '';
    let settled = false;
    const done = (code: number | null, extra = '') => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({code, output: (output + extra).slice(-KEEP)});
    };
    const child = spawn(command, [...args], {cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true});
    const take = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-KEEP);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', (error: NodeJS.ErrnoException) => done(null, error.code === 'ENOENT' ? `${command}: not found` : error.message));
    child.on('close', (code) => done(code));
    const timer = setTimeout(() => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
      done(null, `\n${command} ${args[0] ?? ''}: stopped after ${Math.ceil(options.timeout / 1000)} s`);
    }, options.timeout);
  });

export interface ComposeProject {
  /** The Compose project name (unique per start). */
  name: string;
  /** The folder compose runs in (absolute). */
  dir: string;
  /** The Compose files, absolute, in order. */
  files: string[];
}

export interface Engine {
  readonly name: EngineName;
  /** e.g. "podman 4.3.1 with podman-compose 1.0.3". */
  readonly description: string;
  build(project: ComposeProject, service: string): Promise<CommandResult>;
  imageExists(image: string): Promise<boolean>;
  /** Creates and starts the services (all when `services` is empty) without building. */
  up(project: ComposeProject, services: readonly string[]): Promise<CommandResult>;
  containers(project: ComposeProject): Promise<ContainerState[]>;
  /** Runs a container's healthcheck where the engine does not do it by itself (podman without systemd). */
  healthcheck(container: ContainerState): Promise<void>;
  logs(container: ContainerState, lines: number): Promise<string>;
  /** Removes the project's containers (with their anonymous volumes), named volumes and networks. */
  down(project: ComposeProject): Promise<void>;
  removeImages(images: readonly string[]): Promise<void>;
}

export interface EngineOptions {
  exec?: Exec;
  env?: NodeJS.ProcessEnv;
  /** Only this engine (`--engine`). */
  prefer?: EngineName;
}

const MINUTE = 60_000;

class ComposeEngine implements Engine {
  constructor(
    readonly name: EngineName,
    readonly description: string,
    private readonly cli: string,
    private readonly compose: readonly string[],
    private readonly run: (command: string, args: readonly string[], options: ExecOptions) => Promise<CommandResult>,
  ) {}

  private composeArgs(project: ComposeProject, rest: readonly string[]): [string, string[]] {
    const [command, ...prefix] = this.compose;
    return [command!, [...prefix, '-p', project.name, ...project.files.flatMap((f) => ['-f', f]), ...rest]];
  }

  build(project: ComposeProject, service: string): Promise<CommandResult> {
    const [command, args] = this.composeArgs(project, ['build', service]);
    return this.run(command, args, {cwd: project.dir, timeout: 30 * MINUTE});
  }

  async imageExists(image: string): Promise<boolean> {
    return (await this.run(this.cli, ['image', 'inspect', image], {timeout: MINUTE})).code === 0;
  }

  up(project: ComposeProject, services: readonly string[]): Promise<CommandResult> {
    const [command, args] = this.composeArgs(project, ['up', '-d', '--no-build', ...services]);
    return this.run(command, args, {cwd: project.dir, timeout: 10 * MINUTE});
  }

  private async ids(kind: 'ps' | 'volume' | 'network', project: ComposeProject): Promise<string[]> {
    const filter = `label=com.docker.compose.project=${project.name}`;
    const args = kind === 'ps' ? ['ps', '-a', '-q', '--filter', filter] : [kind, 'ls', '-q', '--filter', filter];
    const r = await this.run(this.cli, args, {timeout: MINUTE});
    return r.code === 0 ? r.output.split('\n').map((l) => l.trim()).filter((l) => /^[\w.-]+$/.test(l)) : [];
  }

  async containers(project: ComposeProject): Promise<ContainerState[]> {
    const ids = await this.ids('ps', project);
    if (ids.length === 0) return [];
    const r = await this.run(this.cli, ['inspect', '--type', 'container', ...ids], {timeout: MINUTE});
    try {
      // podman prints warnings (no systemd for healthcheck timers) around the JSON.
      const json = r.output.slice(r.output.indexOf('['), r.output.lastIndexOf(']') + 1);
      const list = JSON.parse(json) as unknown[];
      return list.map(parseInspect);
    } catch {
      return [];
    }
  }

  async healthcheck(container: ContainerState): Promise<void> {
    if (this.name === 'podman') await this.run(this.cli, ['healthcheck', 'run', container.id], {timeout: MINUTE});
  }

  async logs(container: ContainerState, lines: number): Promise<string> {
    return (await this.run(this.cli, ['logs', '--tail', String(lines), container.id], {timeout: MINUTE})).output;
  }

  async down(project: ComposeProject): Promise<void> {
    const containers = await this.ids('ps', project);
    // docker rm -f kills at once; podman waits 10 s for SIGTERM unless told not to.
    if (containers.length > 0) await this.run(this.cli, ['rm', '-f', '-v', ...(this.name === 'podman' ? ['-t', '0'] : []), ...containers], {timeout: 5 * MINUTE});
    const volumes = await this.ids('volume', project);
    if (volumes.length > 0) await this.run(this.cli, ['volume', 'rm', '-f', ...volumes], {timeout: MINUTE});
    const networks = await this.ids('network', project);
    if (networks.length > 0) await this.run(this.cli, ['network', 'rm', ...networks], {timeout: MINUTE});
  }

  async removeImages(images: readonly string[]): Promise<void> {
    if (images.length > 0) await this.run(this.cli, ['rmi', '-f', ...images], {timeout: 5 * MINUTE});
  }
}

const firstLine = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l !== '' && !/^(\[|exit code:|using podman version)/.test(l)) ?? '';

/**
 * The engine that can run here, or why none can: Docker Compose v2 with a Docker daemon that
 * answers, else podman with podman-compose. A docker client without a daemon is no engine.
 */
export async function detectEngine(options: EngineOptions = {}): Promise<{engine: Engine} | {problem: string}> {
  const run = options.exec ?? exec;
  const env = options.env ?? process.env;
  const call = (command: string, args: readonly string[], opts: ExecOptions) => run(command, args, {...opts, env});
  const problems: string[] = [];
  if (options.prefer !== 'podman') {
    const compose = await call('docker', ['compose', 'version', '--short'], {timeout: MINUTE});
    if (compose.code !== 0) {
      problems.push(/not found/.test(compose.output) ? 'docker is not installed' : 'docker has no Compose v2 plugin (`docker compose`)');
    } else {
      const info = await call('docker', ['info', '--format', '{{.ServerVersion}}'], {timeout: MINUTE});
      if (info.code === 0) {
        const description = `docker ${info.output.trim()} with Docker Compose ${compose.output.trim()}`;
        return {engine: new ComposeEngine('docker', description, 'docker', ['docker', 'compose'], call)};
      }
      problems.push(`docker's daemon does not answer (${firstLine(info.output)})`);
    }
  }
  if (options.prefer !== 'docker') {
    const podman = await call('podman', ['--version'], {timeout: MINUTE});
    const compose = podman.code === 0 ? await call('podman-compose', ['version'], {timeout: MINUTE}) : null;
    if (podman.code !== 0) problems.push('podman is not installed');
    else if (!compose || compose.code !== 0) problems.push('podman is installed but podman-compose is not');
    else {
      const info = await call('podman', ['info', '--format', '{{.Host.OCIRuntime.Name}}'], {timeout: MINUTE});
      if (info.code === 0) {
        const version = (text: string) => /(\d+\.\d+(?:\.\d+)?)/.exec(text)?.[1] ?? '?';
        const composeVersion = /podman-compose(?:r)? version\s+(\S+)/i.exec(compose.output)?.[1] ?? version(compose.output);
        const description = `podman ${version(podman.output)} with podman-compose ${composeVersion}`;
        return {engine: new ComposeEngine('podman', description, 'podman', ['podman-compose'], call)};
      }
      problems.push(`podman does not work here (${firstLine(info.output)})`);
    }
  }
  return {problem: `no container engine to start the stack: ${problems.join('; ')}`};
}
