/**
 * What shipshape knows about base images: their family (which tools create users) and, derived from
 * the image profiles (./profiles, one source of truth with their sources), the users they ship,
 * which run as non-root by default, which start as root and drop privileges in their entrypoint,
 * and which need special handling (nginx, Apache). Shared by D101/D102, the Compose rules (`user:`)
 * and the Kubernetes rules (`runAsUser`).
 *
 * The family is a heuristic on the image reference: a tag or name that hides it (a private
 * registry's `base:1`) gives `unknown`, and callers then give guidance instead of a fix. Windows
 * base images are handled here: nanoserver runs as `ContainerUser`, servercore as
 * `ContainerAdministrator` (https://learn.microsoft.com/en-us/virtualization/windowscontainers/manage-containers/container-security).
 */
import {applyVariants, profileById, profileFor} from './profiles/lookup.js';
import {parseImageRef, type ImageRef} from './profiles/ref.js';
import type {ImageProfile, ProfileUser} from './profiles/types.js';

export {parseImageRef, type ImageRef};

export type ImageFamily =
  | 'debian'
  | 'ubuntu'
  | 'alpine'
  | 'busybox'
  | 'wolfi'
  | 'rhel'
  | 'ubi-minimal'
  | 'ubi-micro'
  | 'distroless'
  | 'chainguard'
  | 'dhi'
  | 'scratch'
  | 'windows'
  | 'unknown';

const DEBIAN_CODENAMES = ['trixie', 'bookworm', 'bullseye', 'buster', 'stretch', 'forky', 'sid'];
const UBUNTU_CODENAMES = ['noble', 'jammy', 'focal', 'bionic', 'oracular', 'plucky', 'questing', 'resolute'];
/** Official images whose default (untagged or version-only) variant is Debian. */
const DEBIAN_DEFAULT = new Set([
  'debian', 'python', 'node', 'golang', 'ruby', 'php', 'perl', 'rust', 'openjdk', 'buildpack-deps', 'httpd', 'nginx',
  'postgres', 'redis', 'gcc', 'haskell', 'julia', 'r-base', 'elixir', 'erlang', 'clojure', 'maven', 'gradle', 'tomcat',
  'wordpress', 'drupal', 'joomla', 'nextcloud', 'ghost', 'memcached', 'cassandra', 'couchdb', 'zookeeper', 'influxdb',
  'caddy', 'traefik', 'mongo-express', 'swift', 'dart', 'bash', 'groovy', 'kong', 'haproxy', 'varnish', 'odoo',
  'phpmyadmin', 'adminer', 'solr', 'sonarqube', 'jenkins/jenkins', 'grafana/grafana-oss', 'nginxinc/nginx-unprivileged',
]);
/** Official images whose default variant is Ubuntu. */
const UBUNTU_DEFAULT = new Set(['ubuntu', 'eclipse-temurin', 'mongo', 'mariadb', 'rabbitmq', 'neo4j', 'ibmjava', 'ibm-semeru-runtimes', 'sapmachine', 'elasticsearch', 'kibana', 'logstash', 'docker.elastic.co/elasticsearch/elasticsearch']);
/** RHEL-like images with dnf/yum and shadow-utils. */
const RHEL_NAMES = new Set(['fedora', 'centos', 'rockylinux', 'almalinux', 'oraclelinux', 'amazonlinux', 'rhel', 'ubi', 'ubi8', 'ubi9', 'ubi10', 'mysql', 'amazoncorretto', 'percona', 'percona-server']);

function isWindowsRef(ref: ImageRef): boolean {
  if (ref.registry === 'mcr.microsoft.com' && /^windows(\/|$)/.test(ref.path)) return true;
  const tag = ref.tag ?? '';
  return /(^|[-_])(nanoserver|windowsservercore|servercore|ltsc20\d\d|windows)([-_]|$)/.test(tag) || /(^|\/)(nanoserver|servercore|windowsservercore)$/.test(ref.path);
}

/** The family of an image: which package manager and user tools its final stage has. */
export function imageFamily(image: string): ImageFamily {
  const ref = parseImageRef(image);
  const {registry, path, name} = ref;
  const tag = ref.tag ?? '';
  if (path === 'scratch' && registry === 'docker.io') return 'scratch';
  if (isWindowsRef(ref)) return 'windows';
  if (registry === 'gcr.io' && path.startsWith('distroless/')) return 'distroless';
  if (registry === 'cgr.dev' || path.startsWith('chainguard/')) {
    if (name === 'wolfi-base' || name === 'busybox') return 'wolfi';
    return tag.includes('dev') ? 'wolfi' : 'chainguard';
  }
  if (registry === 'dhi.io' || /^(.+\/)?dhi-/.test(path)) {
    if (/(^|-)(dev|sdk)(-|$)/.test(tag)) return /alpine/.test(tag) ? 'alpine' : 'debian';
    return 'dhi';
  }
  if (path === 'wolfi-base' || path.endsWith('/wolfi-base')) return 'wolfi';
  if (registry === 'registry.access.redhat.com' || registry === 'registry.redhat.io' || /^ubi\d*/.test(name) || /^ubi\d+\//.test(path)) {
    if (/micro/.test(name) || /micro/.test(path)) return 'ubi-micro';
    if (/minimal/.test(name) || /minimal/.test(path)) return 'ubi-minimal';
    return 'rhel';
  }
  if (path === 'busybox') return 'busybox';
  if (path === 'alpine' || /(^|[-_.])alpine/.test(tag)) return 'alpine';
  if (DEBIAN_CODENAMES.some((c) => tag.includes(c))) return 'debian';
  if (UBUNTU_CODENAMES.some((c) => tag.includes(c)) || /(^|-)ubuntu/.test(tag)) return 'ubuntu';
  if (/(^|-)(ubi|ubi\d+|ol\d*|oraclelinux\d*|el\d+|centos|rockylinux|almalinux|amazonlinux|al2\d*)(-|$|\.)/.test(tag)) {
    return /minimal|slim/.test(tag) ? 'ubi-minimal' : 'rhel';
  }
  if (/(^|-)slim(-|$)/.test(tag) && !RHEL_NAMES.has(name)) return UBUNTU_DEFAULT.has(path) ? 'ubuntu' : 'debian';
  if (RHEL_NAMES.has(name) || RHEL_NAMES.has(path)) {
    // Slim / minimal variants use microdnf and lack shadow-utils, like ubi-minimal; mysql:8+ is Oracle Linux slim.
    if (/minimal|slim/.test(tag) || name === 'mysql') return 'ubi-minimal';
    return 'rhel';
  }
  if (path.startsWith('bitnami/') || path === 'bitnami') return 'debian';
  if (UBUNTU_DEFAULT.has(path) || UBUNTU_DEFAULT.has(`${registry}/${path}`)) return 'ubuntu';
  if (DEBIAN_DEFAULT.has(path)) return 'debian';
  if (path.startsWith('mcr.microsoft.com') || (registry === 'mcr.microsoft.com' && path.startsWith('dotnet/'))) {
    if (/alpine/.test(tag)) return 'alpine';
    if (/noble|jammy|ubuntu/.test(tag)) return 'ubuntu';
    if (/distroless|chiseled/.test(tag)) return 'distroless';
    return 'debian';
  }
  return 'unknown';
}

/** A user an image ships, by name and numeric ids (-1 where the image's docs give only a name). */
export interface ImageUser {
  name: string;
  uid: number;
  gid: number;
}

/** Families whose default user is a fact of the family, for references no profile names (`mycorp/dhi-python`). */
const FAMILY_PROFILES: Partial<Record<ImageFamily, string>> = {distroless: 'distroless', chainguard: 'chainguard', dhi: 'dhi'};

/**
 * The profile of an image as it runs (known or inferred, with its tag's variants), else the profile
 * of its family for distroless/Chainguard/DHI references on other registries, else null.
 */
function imageProfile(image: string): ImageProfile | null {
  const found = profileFor(image);
  if (found.certainty !== 'not-known') return found.profile;
  const id = FAMILY_PROFILES[imageFamily(image)];
  const profile = id ? profileById(id) : undefined;
  return profile ? applyVariants(profile, parseImageRef(image)).profile : null;
}

function toImageUser(user: ProfileUser, fallbackName: string): ImageUser {
  const uid = user.uid ?? -1;
  return {name: user.name ?? (user.uid !== null ? String(user.uid) : fallbackName), uid, gid: user.gid ?? uid};
}

/** The profile's user with known ids: the one it runs as, steps down to, hands its workers to, or ships. */
function profileUser(profile: ImageProfile): ProfileUser | null {
  const runAs = profile.runAs;
  const candidates = [
    runAs && runAs.mode !== 'root' ? runAs.user : null,
    runAs && runAs.mode === 'root' ? (runAs.workers ?? null) : null,
    ...(profile.ships ?? []),
  ];
  return candidates.find((u): u is ProfileUser => u !== null && u.uid !== null) ?? null;
}

/**
 * The non-root user an image ships for applications to reuse (node's `node`, bitnami's 1001, the
 * 65532 `nonroot` of distroless/Chainguard/DHI, the user an image runs as or steps down to), or
 * null. Ubuntu's `ubuntu` user is reported by `takenIds` instead: it exists, but it is not meant as
 * the app's user.
 */
export function knownUser(image: string): ImageUser | null {
  const profile = imageProfile(image);
  const user = profile ? profileUser(profile) : null;
  return user && user.uid !== 0 ? toImageUser(user, profile!.id) : null;
}

/** Users (by uid) that already exist in the image and must not be created again. */
export function takenIds(image: string): ImageUser[] {
  const profile = imageProfile(image);
  const taken = (profile?.existing ?? []).filter((u) => u.uid !== null).map((u) => toImageUser(u, profile!.id));
  const user = knownUser(image);
  if (user && user.uid > 0) taken.push(user);
  return taken;
}

/** A user a Dockerfile may name, known for this image (`USER node` -> 1000:1000), or null. */
export function userByName(image: string, name: string): ImageUser | null {
  const lower = name.toLowerCase();
  for (const user of [...takenIds(image), ...(knownUser(image) ? [knownUser(image)!] : [])]) {
    if (user.name === lower) return user;
  }
  if (lower === 'root') return {name: 'root', uid: 0, gid: 0};
  if (lower === 'nobody' && imageFamily(image) !== 'windows' && imageFamily(image) !== 'scratch') {
    const family = imageFamily(image);
    // nobody is 65534 everywhere but RHEL-like images, where it is 65534 too since RHEL 9 (99 before).
    if (family === 'rhel' || family === 'ubi-minimal') return null;
    return {name: 'nobody', uid: 65534, gid: 65534};
  }
  if (lower === 'nonroot' && (imageFamily(image) === 'distroless' || imageFamily(image) === 'chainguard' || imageFamily(image) === 'dhi')) {
    return {name: 'nonroot', uid: 65532, gid: 65532};
  }
  if (lower === 'www-data' && (imageFamily(image) === 'debian' || imageFamily(image) === 'ubuntu')) return {name: 'www-data', uid: 33, gid: 33};
  return null;
}

/**
 * The user an image runs as when the Dockerfile sets no USER, when that is not root: the profiles'
 * non-root images (distroless `:nonroot` tags, Chainguard and DHI runtime variants, nginx-unprivileged,
 * Bitnami, Grafana, Prometheus, …) and Windows nanoserver (`ContainerUser`, no uid). A uid of -1
 * means the image's docs give only a name. Null for root.
 */
export function defaultNonRootUser(image: string): ImageUser | null {
  const ref = parseImageRef(image);
  if (imageFamily(image) === 'windows') {
    return /nanoserver/.test(`${ref.path}:${ref.tag ?? 'latest'}`) ? {name: 'ContainerUser', uid: -1, gid: -1} : null;
  }
  const runAs = imageProfile(image)?.runAs;
  return runAs?.mode === 'non-root' ? toImageUser(runAs.user, ref.name) : null;
}

/** True when the image runs as a non-root user without any USER in the Dockerfile. */
export function runsNonRootByDefault(image: string): boolean {
  return defaultNonRootUser(image) !== null;
}

export interface PrivilegeDrop {
  /** The user the entrypoint switches to (uid -1 when only its name is known). */
  user: ImageUser;
  /** How to run it non-root anyway, in plain words. */
  note: string;
  /** True when the image also runs when started as that uid directly (compose `user:`, `runAsUser`). */
  runDirectly: boolean;
}

/**
 * Images whose entrypoint starts as root, prepares its data directory and then switches to its own
 * user (gosu/su-exec/setpriv, s6-overlay). Forcing a `USER` breaks their first start; those that
 * allow it are run non-root by giving the container their own UID (`user: "999:999"`, `runAsUser:
 * 999` with `fsGroup`) and a data volume that UID owns, the others are left to drop privileges
 * themselves (s6 images choose their user with PUID/PGID).
 */
export function dropsPrivileges(image: string): PrivilegeDrop | null {
  const runAs = imageProfile(image)?.runAs;
  if (runAs?.mode !== 'steps-down') return null;
  const path = parseImageRef(image).path;
  const user = toImageUser(runAs.user, 'its own user');
  const ids = user.uid >= 0 ? `${user.uid}:${user.gid}` : null;
  const runDirectly = runAs.acceptsOwnUser === true && ids !== null;
  const switches = `${path} starts as root and switches to its own user ${user.name}${ids ? ` (${user.uid})` : ''} ${runAs.via === 's6-overlay' ? 'through s6-overlay' : 'in its entrypoint'}.`;
  let how: string;
  if (runDirectly) {
    how =
      `Do not add USER to its Dockerfile; to run it non-root from the start, give the container uid ${ids} ` +
      `(compose \`user:\`, Kubernetes \`runAsUser\` + \`fsGroup\`) and a data volume owned by that uid.`;
  } else if (runAs.userEnv) {
    how = `Do not add USER or \`user:\`: it must start as root. Choose the user it switches to with ${runAs.userEnv.uid}/${runAs.userEnv.gid}${ids ? ` (default ${ids})` : ''} instead.`;
  } else {
    how = 'Do not add USER or `user:`: it must start as root to prepare its files before it switches.';
  }
  return {user, note: `${switches} ${how}`, runDirectly};
}

/**
 * Images a non-root USER would break unless more changes: returns what to do instead, or null.
 * nginx binds port 80 and writes its pid and cache under root-owned paths; Apache, Traefik and
 * Caddy bind ports below 1024 as root.
 */
export function nonRootCaveat(image: string): string | null {
  return imageProfile(image)?.caveat ?? null;
}

/** True when the image has a shell to run `RUN` commands in (distroless, Chainguard and DHI runtime, scratch do not). */
export function hasShell(image: string): boolean {
  const family = imageFamily(image);
  if (family === 'distroless') return /debug/.test(parseImageRef(image).tag ?? '');
  return family !== 'chainguard' && family !== 'dhi' && family !== 'scratch';
}

export interface UserSpec {
  name: string;
  uid: string;
  gid: string;
}

/**
 * The shell commands that create a system group and user with the family's own tools, or null
 * where none can run (no shell, Windows, unknown family). ubi-minimal first installs shadow-utils.
 */
export function userCreationCommands(family: ImageFamily, user: UserSpec): string[] | null {
  const {name, uid, gid} = user;
  switch (family) {
    case 'debian':
    case 'ubuntu':
      return [
        `groupadd --system --gid ${gid} ${name}`,
        `useradd --system --no-log-init --uid ${uid} --gid ${name} --no-create-home --shell /usr/sbin/nologin ${name}`,
      ];
    case 'alpine':
    case 'busybox':
    case 'wolfi':
      return [`addgroup -S -g ${gid} ${name}`, `adduser -S -D -H -u ${uid} -G ${name} ${name}`];
    case 'rhel':
      return [`groupadd --system --gid ${gid} ${name}`, `useradd --system --no-log-init --uid ${uid} --gid ${name} --no-create-home --shell /sbin/nologin ${name}`];
    case 'ubi-minimal':
      return [
        'microdnf install -y shadow-utils',
        'microdnf clean all',
        `groupadd --system --gid ${gid} ${name}`,
        `useradd --system --no-log-init --uid ${uid} --gid ${name} --no-create-home --shell /sbin/nologin ${name}`,
      ];
    default:
      return null;
  }
}

/** Families where a numeric `USER uid:gid` works without creating the user (no shell, or no tools). */
export function numericOnly(family: ImageFamily): boolean {
  return family === 'scratch' || family === 'distroless' || family === 'chainguard' || family === 'dhi' || family === 'ubi-micro';
}
