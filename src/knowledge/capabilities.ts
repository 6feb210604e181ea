/**
 * The Linux capabilities a container gets back after dropping them all (Compose `cap_drop: [ALL]`,
 * `docker run --cap-drop ALL`): C203 and R506 decide through these, so a service and a `docker run`
 * line of the same image keep the same ones. What an image itself needs comes from its profile
 * (compose-images.ts `profileCaps`: a step-down entrypoint's CHOWN, DAC_OVERRIDE, FOWNER, SETGID,
 * SETUID; a root web server's); capabilities(7): https://man7.org/linux/man-pages/man7/capabilities.7.html
 */
import {ROOT_WEB_SERVER_CAPS} from './profiles/caps.js';

/** `cap_net_bind_service` -> `NET_BIND_SERVICE`. */
export const normCap = (c: string): string => c.trim().toUpperCase().replace(/^CAP_/, '');

/**
 * What a container keeps after dropping all: what its image needs, none of the root-only ones when
 * it is started as a non-root user (it steps down from nothing, its server cannot use them), and
 * NET_BIND_SERVICE when it listens on a port below 1024.
 */
export function capsAfterDropAll(imageCaps: readonly string[], started: {asNonRootUser: boolean; onLowPort: boolean}): string[] {
  const caps = new Set(imageCaps);
  if (started.asNonRootUser) for (const c of ROOT_WEB_SERVER_CAPS) caps.delete(c);
  if (started.onLowPort) caps.add('NET_BIND_SERVICE');
  return [...caps].sort();
}

/** What to check when nobody knows the image: whether it switches user itself, and its ports. */
export const UNKNOWN_IMAGE_CAPS_ADVICE =
  'An image that starts as root and switches user itself (gosu, su-exec, s6: look at its ENTRYPOINT) needs CHOWN, DAC_OVERRIDE, FOWNER, SETGID and SETUID; one that binds a port below 1024 as non-root needs NET_BIND_SERVICE. Confirm the ones it keeps.';

/** The capabilities to suggest keeping for an image nobody knows: those its low port and its author's cap_add say, or none. */
export function unknownImageCaps(onLowPort: boolean, added: readonly string[]): string[] {
  return [...new Set([...(onLowPort ? ['NET_BIND_SERVICE'] : []), ...added])].sort();
}

/** The capabilities a person typed: `NET_BIND_SERVICE,SETUID`, or `none`. */
export function parseCaps(value: string): string[] {
  return value.trim().toLowerCase() === 'none' ? [] : value.split(',').map(normCap).filter(Boolean);
}

/** Why a typed list is no list of capabilities, or null. */
export function capsList(value: string): string | null {
  return parseCaps(value).every((c) => /^[A-Z_]+$/.test(c)) ? null : 'capability names (NET_BIND_SERVICE, SETUID, …) separated by commas, or none';
}
