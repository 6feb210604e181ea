/**
 * Which Dockerfile of the repository builds an image that a manifest runs, and which user that
 * image runs as. Shared by the Kubernetes rules (runAsUser = the image's UID) and usable by Compose.
 *
 * The match heuristic, in order:
 * 1. Compose: a service with both `build:` and `image:` maps that image name (tag ignored) to the
 *    Dockerfile of its build context (`build.dockerfile`, default `Dockerfile`).
 * 2. Folder name: the image's last path segment (tag/digest and registry ignored) equals the name
 *    of the folder that holds a Dockerfile (`ghcr.io/acme/api:1.2` <- `services/api/Dockerfile`).
 *    When several folders match, the one nearest to the manifest (longest common path) wins.
 * Nothing else is guessed: no match means the image is not built here.
 */
import {posix} from 'node:path';
import type {Project} from '../core/project.js';
import type {DockerfileSource, YamlSource} from '../core/source.js';
import {dropsPrivileges, knownUser} from './images.js';
import {finalStageUser} from './dockerfile-user.js';

/** The image name without registry-independent tag or digest: `ghcr.io/acme/api:1.2@sha256:…` -> `ghcr.io/acme/api`. */
export function imageName(image: string): string {
  let s = image.trim().replace(/@.*$/, '');
  const slash = s.lastIndexOf('/');
  const colon = s.lastIndexOf(':');
  if (colon > slash) s = s.slice(0, colon);
  return s;
}

/** The last path segment of an image name: `ghcr.io/acme/api:1.2` -> `api`. */
export function imageBaseName(image: string): string {
  const name = imageName(image);
  return name.slice(name.lastIndexOf('/') + 1).toLowerCase();
}

function commonPrefixLength(a: string, b: string): number {
  const pa = a.split('/');
  const pb = b.split('/');
  let n = 0;
  while (n < pa.length && n < pb.length && pa[n] === pb[n]) n++;
  return n;
}

/** The Dockerfile of the repository that builds `image`, or null (see the heuristic above). */
export function dockerfileForImage(project: Project, image: string, nearPath = ''): DockerfileSource | null {
  const dockerfiles = project.ofKind('dockerfile');
  if (dockerfiles.length === 0 || !image) return null;
  const wanted = imageName(image).toLowerCase();
  // 1. Compose build + image.
  for (const compose of project.ofKind('compose') as YamlSource[]) {
    for (const doc of compose.docs) {
      const data = doc.toJS({maxAliasCount: 1000}) as {services?: Record<string, {build?: unknown; image?: unknown}>} | null;
      for (const service of Object.values(data?.services ?? {})) {
        if (!service || typeof service.image !== 'string' || service.build === undefined) continue;
        if (imageName(service.image).toLowerCase() !== wanted) continue;
        const build = typeof service.build === 'string' ? {context: service.build} : (service.build as {context?: string; dockerfile?: string});
        const context = posix.normalize(posix.join(posix.dirname(compose.path), build.context ?? '.'));
        const path = posix.normalize(posix.join(context, build.dockerfile ?? 'Dockerfile'));
        const found = dockerfiles.find((d) => d.path === path);
        if (found) return found;
      }
    }
  }
  // 2. Folder name = image base name.
  const base = imageBaseName(image);
  const candidates = dockerfiles.filter((d) => {
    const dir = posix.dirname(d.path);
    return dir !== '.' && posix.basename(dir).toLowerCase() === base;
  });
  if (candidates.length === 0) return null;
  candidates.sort((a, b) => commonPrefixLength(b.path, nearPath) - commonPrefixLength(a.path, nearPath) || (a.path < b.path ? -1 : 1));
  return candidates[0]!;
}

export interface RunAs {
  uid: number;
  gid: number;
  /** Where the ids come from, in plain words. */
  source: string;
}

/** The user the final stage of a Dockerfile runs as, when it is numeric and not root (else null). */
export function dockerfileRunAs(source: DockerfileSource): RunAs | null {
  const user = finalStageUser(source);
  if (!user || user.kind !== 'non-root' || user.uid === null || user.uid <= 0) return null;
  const where = user.source === 'image-default' ? `${user.image} runs as ${user.uid}` : `USER ${user.value} in ${source.path}`;
  return {uid: user.uid, gid: user.gid ?? user.uid, source: where};
}

/**
 * The UID/GID a pod should run a container image as: the repo's Dockerfile USER, else the user an
 * image that drops privileges itself switches to (postgres 999, run directly as it), else the user
 * the image ships (node 1000, distroless 65532); null when only the default parameter is left.
 */
export function runAsForImage(project: Project, image: string, nearPath = '', planned?: (dockerfile: DockerfileSource) => RunAs | null): RunAs | null {
  const dockerfile = dockerfileForImage(project, image, nearPath);
  if (dockerfile) return dockerfileRunAs(dockerfile) ?? planned?.(dockerfile) ?? null;
  const drop = dropsPrivileges(image);
  if (drop) return {uid: drop.user.uid, gid: drop.user.gid, source: `${imageBaseName(image)} runs as its own user ${drop.user.name}`};
  const own = knownUser(image);
  if (own && own.uid > 0) return {uid: own.uid, gid: own.gid || own.uid, source: `${imageBaseName(image)} ships user ${own.name}`};
  return null;
}
