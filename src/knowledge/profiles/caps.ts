/**
 * What an entrypoint that starts as root needs after `cap_drop: [ALL]` to prepare its data directory
 * and switch user: `chown`/`find … -exec chown` (CHOWN, DAC_OVERRIDE, FOWNER) and gosu/su-exec/setpriv
 * (SETUID, SETGID). Source: DESIGN.md §4, from the entrypoints of the docker-library images
 * (e.g. https://github.com/docker-library/postgres/blob/master/docker-entrypoint.sh). The profiles
 * in data/ that step down list these caps (plus what else each needs).
 */
export const STEP_DOWN_CAPS = ['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'SETGID', 'SETUID'];

/** The caps of a root master process that binds port 80 and hands its workers to another user. */
export const ROOT_WEB_SERVER_CAPS = [...STEP_DOWN_CAPS, 'NET_BIND_SERVICE'];
