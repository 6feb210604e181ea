/**
 * An image the engine could not get (pull it, or find it for a build's FROM), read from the
 * engine's own output: which image, and why in words a user can act on. Nothing about the fixes
 * can be learnt from a service whose image is missing, so verify says so instead of judging it.
 *
 * The messages are podman's (containers/image) and Docker's (the daemon, BuildKit, Compose v2):
 *   podman:  `Trying to pull docker.io/library/node:20...` then
 *            `Error: initializing source docker://node:20: pinging container registry registry-1.docker.io: Get "…": dial tcp: lookup registry-1.docker.io …: no such host`
 *            `Error: short-name "postgres:16" did not resolve to an alias and no unqualified-search registries are defined in "/etc/containers/registries.conf"`
 *            `Error: docker.io/library/x:1: image not known`
 *   docker:  `failed to resolve source metadata for docker.io/library/node:20: …`
 *            `pull access denied for acme/x, repository does not exist or may require 'docker login'`
 *            `manifest for redis:99 not found: manifest unknown`
 */

export interface ImageProblem {
  /** The image as the engine named it. */
  image: string;
  /** Why it could not be got, one line. */
  reason: string;
}

const IMAGE_IN = [
  /short-name "([^"]+)" did not resolve/,
  /initializing source docker:\/\/([^\s:]+(?::[^\s:@]+)?(?:@sha256:[0-9a-f]+)?):/,
  /failed to resolve source metadata for ([^\s:]+(?::[^\s:@]+)?(?:@sha256:[0-9a-f]+)?):/,
  /pull access denied for ([^\s,]+)/,
  /manifest for (\S+) not found/,
  /(\S+): image not known/,
];

/** A line that says an image could not be got, as opposed to a build step or a container that failed. */
const PULL_FAILURE = /short-name ".*" did not resolve|initializing source docker:|failed to resolve source metadata|pull access denied|manifest unknown|manifest for \S+ not found|image not known|pinging container registry|error pulling image|Error response from daemon: Get "https:\/\/|failed to do request: Head "https:\/\//;

/** The image a failure names, and why, or null when the output says nothing about getting an image. */
export function imageProblem(output: string, image: string | null = null): ImageProblem | null {
  const lines = output.replace(/\r/g, '').split('\n');
  const failure = lines.filter((l) => PULL_FAILURE.test(l)).at(-1);
  if (!failure) return null;
  let named: string | null = null;
  for (const pattern of IMAGE_IN) {
    const m = pattern.exec(failure);
    if (m) {
      named = m[1]!;
      break;
    }
  }
  // "Trying to pull docker.io/library/node:20..." names it where the error line does not.
  const tried = lines.map((l) => /^Trying to pull (\S+?)\.\.\./.exec(l)?.[1]).filter(Boolean).at(-1) ?? null;
  const name = named ?? tried ?? image;
  if (!name) return null;
  return {image: name, reason: reasonOf(failure)};
}

/** Network failures, the most telling first (a line says "dial tcp: lookup …: no such host"). */
const NETWORK = [/no such host/i, /temporary failure in name resolution/i, /server misbehaving/i, /network is unreachable/i, /connection refused/i, /i\/o timeout/i, /TLS handshake timeout/i, /dial tcp/i];

/** The cause in a few words, with the registry it could not reach or what to do. */
function reasonOf(line: string): string {
  const host = /pinging container registry ([^\s:]+)/.exec(line)?.[1] ?? /https:\/\/([^/"\s]+)\//.exec(line)?.[1] ?? null;
  const network = NETWORK.map((p) => p.exec(line)?.[0]).find(Boolean);
  if (network) return `the registry${host ? ` ${host}` : ''} cannot be reached (${network})`;
  if (/short-name ".*" did not resolve/.test(line)) return 'podman has no registry for short names (add unqualified-search-registries = ["docker.io"] to /etc/containers/registries.conf)';
  if (/pull access denied|unauthorized|authentication required|denied/i.test(line)) return 'the registry refused it (it does not exist, or needs a login first)';
  if (/manifest unknown|not found/i.test(line)) return 'the registry has no such tag';
  if (/image not known/.test(line)) return 'it is not in the local image store and was not pulled';
  return line.replace(/^.*?\bError:?\s*/i, '').trim();
}
