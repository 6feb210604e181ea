/**
 * Which Dockerfile of the repository builds an image that a manifest runs, and which user that
 * image runs as. Shared by the Kubernetes rules (runAsUser = the image's UID) and usable by Compose.
 *
 * The match heuristic, in order:
 * 1. Compose: a service with both `build:` and `image:` (its own or inherited through
 *    `<<: *anchor`) maps that image name (tag ignored) to the Dockerfile of its build context
 *    (`build.dockerfile`, default `Dockerfile`).
 * 2. Names: the image's last path segment (tag/digest and registry ignored) equals a name the
 *    Dockerfile is deployed under (`dockerfileNames`): its folder (`ghcr.io/acme/api:1.2` <-
 *    `services/api/Dockerfile`), its file name (`api.Dockerfile`, `Dockerfile.api`) or the Compose
 *    service that builds it. When several match, the one nearest to the manifest wins.
 * Nothing else is guessed: no match means the image is not built here.
 */
import {posix} from 'node:path';
import type {Project} from '../core/project.js';
import type {DockerfileSource, YamlSource} from '../core/source.js';
import {composeBuild, image as serviceImage, services, type ComposeBuildSpec, type Service} from '../formats/yaml/compose.js';
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

/** A Compose service that builds a Dockerfile of the repository (`build:` own or merged). */
export interface ComposeBuild extends ComposeBuildSpec {
  service: Service;
  /** The image name the service gives the build (`image:`, own or merged), if any. */
  image: string | null;
}

/** Dockerfile path -> the Compose services that build it (once per project: it never changes). */
function buildsByDockerfile(project: Project): Map<string, ComposeBuild[]> {
  const builds = new Map<string, ComposeBuild[]>();
  for (const build of allComposeBuilds(project)) (builds.get(build.dockerfile) ?? builds.set(build.dockerfile, []).get(build.dockerfile)!).push(build);
  return builds;
}

/** The names each Dockerfile is deployed under, by Dockerfile path, as they are asked for. */
function deployedNamesRead(): Map<string, Set<string>> {
  return new Map();
}

/** Where an image comes from in the repository, for dockerfileForImage. */
interface ImageIndex {
  /** Lower-cased image name (no tag) -> the Dockerfile a Compose build+image maps it to. */
  byImage: Map<string, DockerfileSource>;
  /** Deployed name -> the Dockerfiles deployed under it. */
  byName: Map<string, DockerfileSource[]>;
}

function imageIndex(project: Project): ImageIndex {
  const builds = project.memo(buildsByDockerfile);
  const index: ImageIndex = {byImage: new Map(), byName: new Map()};
  for (const d of project.ofKind('dockerfile')) {
    for (const b of builds.get(posix.normalize(d.path)) ?? []) {
      if (b.image !== null && !index.byImage.has(imageName(b.image).toLowerCase())) index.byImage.set(imageName(b.image).toLowerCase(), d);
    }
    for (const name of dockerfileNames(project, d.path)) (index.byName.get(name) ?? index.byName.set(name, []).get(name)!).push(d);
  }
  return index;
}

function allComposeBuilds(project: Project): ComposeBuild[] {
  const out: ComposeBuild[] = [];
  for (const compose of project.ofKind('compose') as YamlSource[]) {
    for (const service of services(compose)) {
      const build = composeBuild(service);
      if (build) out.push({...build, service, image: serviceImage(service)});
    }
  }
  return out;
}

/** Compose services of the project that build this Dockerfile (by `build:` context + dockerfile). */
export function composeBuildsOf(project: Project, dockerfilePath: string): ComposeBuild[] {
  return project.memo(buildsByDockerfile).get(posix.normalize(dockerfilePath)) ?? [];
}

/**
 * The image names a Dockerfile is likely deployed under: the Compose `image:` and service name of
 * services that build it, the name of its folder (`services/api/Dockerfile` -> `api`), and the
 * prefix of a `<name>.Dockerfile` / suffix of a `Dockerfile.<name>` file name.
 */
export function dockerfileNames(project: Project, dockerfilePath: string): Set<string> {
  const read = project.memo(deployedNamesRead);
  const cached = read.get(dockerfilePath);
  if (cached) return cached;
  const names = new Set<string>();
  for (const build of composeBuildsOf(project, dockerfilePath)) {
    if (build.image) names.add(imageBaseName(build.image));
    names.add(build.service.name.toLowerCase());
  }
  const dir = posix.dirname(dockerfilePath);
  if (dir !== '.') names.add(posix.basename(dir).toLowerCase());
  const base = posix.basename(dockerfilePath);
  const prefix = /^(.+)\.(?:dockerfile|containerfile)$/i.exec(base)?.[1];
  if (prefix) names.add(prefix.toLowerCase());
  const suffix = /^(?:dockerfile|containerfile)\.(.+)$/i.exec(base)?.[1];
  if (suffix && !/^(dev|prod|production|test|ci|local)$/i.test(suffix)) names.add(suffix.toLowerCase());
  read.set(dockerfilePath, names);
  return names;
}

/** The Dockerfile of the repository that builds `image`, or null (see the heuristic above). */
export function dockerfileForImage(project: Project, image: string, nearPath = ''): DockerfileSource | null {
  if (!image) return null;
  const index = project.memo(imageIndex);
  // 1. Compose build + image.
  const built = index.byImage.get(imageName(image).toLowerCase());
  if (built) return built;
  // 2. A name the Dockerfile is deployed under = the image's base name; the nearest wins.
  const candidates = [...(index.byName.get(imageBaseName(image)) ?? [])];
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
  if (drop?.runDirectly) return {uid: drop.user.uid, gid: drop.user.gid, source: `${imageBaseName(image)} runs as its own user ${drop.user.name}`};
  if (drop) return null;
  const own = knownUser(image);
  if (own && own.uid > 0) return {uid: own.uid, gid: own.gid || own.uid, source: `${imageBaseName(image)} ships user ${own.name}`};
  return null;
}
