/**
 * When a started service counts as up, from what the engine shows of its container: its
 * healthcheck passed; else, without one, every port it publishes answers; else it stayed up for a
 * few seconds. A container that exits with code 0 and is not restarted ran to completion (a
 * migration, a one-shot job). A restart, an exit, an unhealthy report or the timeout is a failure.
 */
import type {ServiceStatus} from './model.js';

/** A container as `docker inspect` / `podman inspect` describe it. */
export interface ContainerState {
  id: string;
  name: string;
  service: string;
  /** created, running, exited, paused, restarting, dead, … */
  status: string;
  exitCode: number;
  oomKilled: boolean;
  restarts: number;
  /** healthy, unhealthy, starting; null without a healthcheck. */
  health: string | null;
  hasHealthcheck: boolean;
  /** Ports published on the host. */
  ports: Array<{hostIp: string; hostPort: number; containerPort: number}>;
  /** When it last started (ms since the epoch), or null. */
  startedAt: number | null;
  /** The engine's error for a container that could not start, if it kept one. */
  error: string | null;
}

export interface Observation {
  state: ContainerState | null;
  /** True when every published port answered at the last probe. */
  answered: boolean;
  /** ms since the stack was started. */
  elapsed: number;
  now: number;
}

export interface JudgeOptions {
  /** Give up after this long (ms). */
  timeout: number;
  /** A service without healthcheck and ports counts as up after running this long (ms). */
  settle: number;
  /** How long a container may take to leave the created state (ms). */
  grace: number;
}

export interface Judgement {
  status: ServiceStatus;
  detail: string;
}

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

/** The verdict on one service now, or null while it is still coming up. */
export function judge(obs: Observation, options: JudgeOptions): Judgement | null {
  const {state} = obs;
  const late = obs.elapsed >= options.timeout;
  // `up` has returned: a container that is not there now will not come.
  if (!state) return {status: 'not-started', detail: 'the engine did not create its container'};
  if (state.restarts > 0) {
    const why = state.oomKilled ? 'killed for running out of memory' : `exit code ${state.exitCode}`;
    return {status: 'restarting', detail: `it crashed and was restarted ${state.restarts} time${state.restarts === 1 ? '' : 's'} (${why})`};
  }
  switch (state.status) {
    case 'running':
      break;
    case 'exited':
    case 'stopped':
    case 'dead':
      if (state.oomKilled) return {status: 'exited', detail: 'it was killed for running out of memory (its memory limit)'};
      if (state.exitCode === 0) return {status: 'completed', detail: 'it ran and exited with code 0'};
      return {status: 'exited', detail: `it exited with code ${state.exitCode}`};
    case 'restarting':
      return {status: 'restarting', detail: `it is restarting (exit code ${state.exitCode})`};
    default:
      // created, configured, initialized: the engine made it but could not start it.
      if (obs.elapsed < options.grace) return null;
      return {status: 'not-started', detail: state.error ? `it did not start: ${state.error}` : `its container stayed ${state.status}`};
  }
  if (state.hasHealthcheck) {
    if (state.health === 'healthy') return {status: 'healthy', detail: 'its healthcheck passes'};
    if (state.health === 'unhealthy') return {status: 'unhealthy', detail: 'its healthcheck fails'};
    return late ? {status: 'not-ready', detail: `its healthcheck did not pass within ${seconds(options.timeout)}`} : null;
  }
  if (state.ports.length > 0) {
    const list = [...new Set(state.ports.map((p) => p.hostPort))].join(', ');
    if (obs.answered) return {status: 'answering', detail: `it answers on port${state.ports.length === 1 ? '' : 's'} ${list}`};
    return late ? {status: 'not-answering', detail: `port${state.ports.length === 1 ? '' : 's'} ${list} did not answer within ${seconds(options.timeout)}`} : null;
  }
  const up = state.startedAt === null ? 0 : obs.now - state.startedAt;
  if (up >= options.settle) return {status: 'running', detail: `it stayed up for ${seconds(up)}`};
  return late ? {status: 'not-ready', detail: `it did not stay up for ${seconds(options.settle)}`} : null;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {});

/** Reads one container of `docker inspect` / `podman inspect` JSON (both use Docker's shape). */
export function parseInspect(raw: unknown): ContainerState {
  const c = obj(raw);
  const state = obj(c.State);
  const config = obj(c.Config);
  const labels = obj(config.Labels);
  const health = obj(state.Health ?? state.Healthcheck);
  const healthcheck = obj(config.Healthcheck);
  const test = Array.isArray(healthcheck.Test) ? healthcheck.Test.map(String) : [];
  const ports: ContainerState['ports'] = [];
  for (const [key, bindings] of Object.entries(obj(obj(c.NetworkSettings).Ports))) {
    if (!Array.isArray(bindings)) continue;
    const containerPort = Number.parseInt(key, 10);
    if (!key.endsWith('/tcp')) continue;
    for (const b of bindings) {
      const hostPort = Number(obj(b).HostPort);
      if (Number.isInteger(hostPort) && hostPort > 0) ports.push({hostIp: String(obj(b).HostIp ?? ''), hostPort, containerPort});
    }
  }
  const started = typeof state.StartedAt === 'string' ? Date.parse(state.StartedAt) : Number.NaN;
  const status = String(state.Status ?? '').toLowerCase();
  const name = String(c.Name ?? '').replace(/^\//, '');
  const error = typeof state.Error === 'string' && state.Error !== '' ? state.Error.split('\n')[0]! : null;
  return {
    id: String(c.Id ?? ''),
    name,
    service: String(labels['com.docker.compose.service'] ?? ''),
    status,
    exitCode: Number(state.ExitCode ?? 0),
    oomKilled: state.OOMKilled === true,
    restarts: Number(c.RestartCount ?? 0),
    health: typeof health.Status === 'string' && health.Status !== '' ? health.Status : null,
    hasHealthcheck: test.length > 0 && test[0] !== 'NONE',
    ports,
    startedAt: Number.isFinite(started) && started > 0 && status !== 'created' ? started : null,
    error,
  };
}
