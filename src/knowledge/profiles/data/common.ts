/** Values several profiles share. */
import type {ProfileUser, RunAs, StepDownTool} from '../types.js';

/**
 * What an entrypoint that starts as root needs after `cap_drop: [ALL]` to prepare its data directory
 * and switch user: `chown`/`find … -exec chown` (CHOWN, DAC_OVERRIDE, FOWNER) and gosu/su-exec/setpriv
 * (SETUID, SETGID). Source: DESIGN.md §4, from the entrypoints of the docker-library images
 * (e.g. https://github.com/docker-library/postgres/blob/master/docker-entrypoint.sh).
 */
export const STEP_DOWN_CAPS = ['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'SETGID', 'SETUID'];

/** The caps of a root master process that binds port 80 and hands its workers to another user. */
export const ROOT_WEB_SERVER_CAPS = [...STEP_DOWN_CAPS, 'NET_BIND_SERVICE'];

/** The Docker Hub description of an official image, kept in docker-library/docs. */
export function hubDocs(image: string): string {
  return `https://github.com/docker-library/docs/blob/master/${image}/content.md`;
}

/** A file of a GitHub repository (default branch). */
export function gh(repo: string, path: string): string {
  return `https://github.com/${repo}/blob/HEAD/${path}`;
}

/** `{name}_FILE`: the docker-library `file_env` convention. */
export const FILE_SUFFIX = '{name}_FILE';

/**
 * The docker-library pattern: the entrypoint starts as root, chowns the data directory and switches
 * to `user` with `via`, and skips all that when started as another user (`--user`), so the image
 * also runs as its own uid directly.
 */
export function entrypointStepDown(via: StepDownTool, user: ProfileUser, source: string): RunAs {
  return {mode: 'steps-down', via, user, caps: STEP_DOWN_CAPS, acceptsOwnUser: true, source};
}
