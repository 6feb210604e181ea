/**
 * What shipshape knows about base images: their family (which tools create users), the users they
 * ship, which run as non-root by default, which start as root and drop privileges in their
 * entrypoint, and which need special handling (nginx, Windows). Shared by D101/D102, the Compose
 * rules (`user:`) and the Kubernetes rules (`runAsUser`).
 *
 * Sources (late 2026): the official images' Dockerfiles (docker-library node, nginx, postgres,
 * redis, mysql, mariadb, mongo, rabbitmq, zookeeper, cassandra, couchdb), GoogleContainerTools
 * distroless (`NONROOT = 65532`), Chainguard and Docker Hardened Images docs (runtime variants run
 * as 65532 without a shell, `-dev` variants as root with a shell), Bitnami (`USER 1001`), Ubuntu
 * 24.04 (ships user `ubuntu`, uid 1000), Elasticsearch (`USER 1000:0`), Windows base images
 * (nanoserver runs as `ContainerUser`, servercore as `ContainerAdministrator`).
 *
 * Everything here is a heuristic on the image reference: a tag or name that hides the family
 * (a private registry's `base:1`) gives `unknown`, and callers then give guidance instead of a fix.
 */

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

export interface ImageRef {
  /** As written (ARG defaults already substituted by the caller). */
  raw: string;
  /** `docker.io`, `gcr.io`, `mcr.microsoft.com`, … (`docker.io` when none is given). */
  registry: string;
  /** The path without registry, `library/` removed: `node`, `bitnami/redis`, `distroless/static-debian12`. */
  path: string;
  /** The last path segment: `node`, `redis`, `static-debian12`. */
  name: string;
  /** The tag, or null (then `latest` applies). */
  tag: string | null;
  digest: string | null;
}

/** Splits an image reference into registry, path, tag and digest. */
export function parseImageRef(image: string): ImageRef {
  const raw = image.trim();
  let rest = raw;
  let digest: string | null = null;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | null = null;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  let registry = 'docker.io';
  const slash = rest.indexOf('/');
  if (slash !== -1) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first.toLowerCase();
      rest = rest.slice(slash + 1);
    }
  }
  let path = rest.toLowerCase();
  if (registry === 'docker.io' || registry === 'index.docker.io' || registry === 'registry-1.docker.io') {
    registry = 'docker.io';
    if (path.startsWith('library/')) path = path.slice('library/'.length);
  }
  const name = path.split('/').at(-1) ?? path;
  return {raw, registry, path, name, tag: tag?.toLowerCase() ?? null, digest};
}

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

/** A user an image ships, by name and numeric ids. */
export interface ImageUser {
  name: string;
  uid: number;
  gid: number;
}

/** Ubuntu releases from 24.04 ship user `ubuntu` (uid 1000). */
function isUbuntuWithUser(ref: ImageRef): boolean {
  if (ref.path !== 'ubuntu') return false;
  const tag = ref.tag ?? 'latest';
  if (['latest', 'rolling', 'devel', 'noble', 'oracular', 'plucky', 'questing', 'resolute'].some((t) => tag.startsWith(t))) return true;
  const m = /^(\d+)\.(\d+)/.exec(tag);
  return m !== null && Number(m[1]) >= 24;
}

/**
 * The non-root user an image ships for applications to reuse (node's `node`, bitnami's 1001, the
 * 65532 `nonroot` of distroless/Chainguard/DHI), or null. Ubuntu's `ubuntu` user is reported by
 * `takenIds` instead: it exists, but it is not meant as the app's user.
 */
export function knownUser(image: string): ImageUser | null {
  const ref = parseImageRef(image);
  const family = imageFamily(image);
  if (family === 'distroless' || family === 'chainguard' || family === 'dhi') return {name: 'nonroot', uid: 65532, gid: 65532};
  if (ref.path === 'node') return {name: 'node', uid: 1000, gid: 1000};
  if (ref.path.startsWith('bitnami/')) return {name: '1001', uid: 1001, gid: 0};
  if (ref.path === 'nginxinc/nginx-unprivileged' || ref.path === 'nginx') return {name: 'nginx', uid: 101, gid: 101};
  const own = privilegeDropUser(ref);
  if (own) return own;
  if (ref.path === 'elasticsearch' || ref.path.endsWith('elasticsearch/elasticsearch')) return {name: 'elasticsearch', uid: 1000, gid: 0};
  if (ref.path === 'memcached') return {name: 'memcache', uid: 11211, gid: 11211};
  return null;
}

/** Users (by uid) that already exist in the image and must not be created again. */
export function takenIds(image: string): ImageUser[] {
  const ref = parseImageRef(image);
  const taken: ImageUser[] = [];
  if (isUbuntuWithUser(ref)) taken.push({name: 'ubuntu', uid: 1000, gid: 1000});
  const user = knownUser(image);
  if (user && user.uid !== 0) taken.push(user);
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
 * The user an image runs as when the Dockerfile sets no USER, when that is not root: distroless
 * `:nonroot` tags, Chainguard and Docker Hardened Images runtime variants, nginx-unprivileged,
 * Bitnami, Elasticsearch, memcached, Windows nanoserver (`ContainerUser`, no uid). Null for root.
 */
export function defaultNonRootUser(image: string): ImageUser | null {
  const ref = parseImageRef(image);
  const family = imageFamily(image);
  const tag = ref.tag ?? 'latest';
  if (family === 'distroless') return /nonroot/.test(tag) ? {name: 'nonroot', uid: 65532, gid: 65532} : null;
  if (family === 'chainguard' || family === 'dhi') return {name: 'nonroot', uid: 65532, gid: 65532};
  if (ref.path === 'nginxinc/nginx-unprivileged') return {name: 'nginx', uid: 101, gid: 101};
  if (ref.path.startsWith('bitnami/')) return {name: '1001', uid: 1001, gid: 0};
  if (ref.path === 'elasticsearch' || ref.path.endsWith('elasticsearch/elasticsearch')) return {name: 'elasticsearch', uid: 1000, gid: 0};
  if (ref.path === 'memcached') return {name: 'memcache', uid: 11211, gid: 11211};
  if (family === 'windows' && /nanoserver/.test(`${ref.path}:${tag}`)) return {name: 'ContainerUser', uid: -1, gid: -1};
  if (ref.registry === 'mcr.microsoft.com' && /dotnet\//.test(ref.path) && /chiseled|distroless/.test(tag)) return {name: 'app', uid: 1654, gid: 1654};
  return null;
}

/** True when the image runs as a non-root user without any USER in the Dockerfile. */
export function runsNonRootByDefault(image: string): boolean {
  return defaultNonRootUser(image) !== null;
}

export interface PrivilegeDrop {
  /** The user the entrypoint switches to. */
  user: ImageUser;
  /** How to run it non-root anyway, in plain words. */
  note: string;
}

function privilegeDropUser(ref: ImageRef): ImageUser | null {
  const alpine = /alpine/.test(ref.tag ?? '');
  switch (ref.path) {
    case 'postgres':
      return alpine ? {name: 'postgres', uid: 70, gid: 70} : {name: 'postgres', uid: 999, gid: 999};
    case 'redis':
      return alpine ? {name: 'redis', uid: 999, gid: 1000} : {name: 'redis', uid: 999, gid: 999};
    case 'mysql':
    case 'mariadb':
      return {name: 'mysql', uid: 999, gid: 999};
    case 'mongo':
      return {name: 'mongodb', uid: 999, gid: 999};
    case 'rabbitmq':
      return {name: 'rabbitmq', uid: 999, gid: 999};
    case 'zookeeper':
      return {name: 'zookeeper', uid: 1000, gid: 1000};
    case 'cassandra':
      return {name: 'cassandra', uid: 999, gid: 999};
    case 'couchdb':
      return {name: 'couchdb', uid: 5984, gid: 5984};
    default:
      return null;
  }
}

/**
 * Images whose entrypoint starts as root, prepares its data directory and then switches to its own
 * user (gosu/su-exec). Forcing a `USER` breaks their first start; they are run non-root by giving
 * the container their own UID (`user: "999:999"`, `runAsUser: 999` with `fsGroup`) and a data
 * volume that UID owns, or left to drop privileges themselves.
 */
export function dropsPrivileges(image: string): PrivilegeDrop | null {
  const ref = parseImageRef(image);
  const user = privilegeDropUser(ref);
  if (!user) return null;
  return {
    user,
    note:
      `${ref.path} starts as root and switches to its own user ${user.name} (${user.uid}) in its entrypoint. ` +
      `Do not add USER to its Dockerfile; to run it non-root from the start, give the container uid ${user.uid}:${user.gid} ` +
      `(compose \`user:\`, Kubernetes \`runAsUser\` + \`fsGroup\`) and a data volume owned by that uid.`,
  };
}

/**
 * Images a non-root USER would break unless more changes: returns what to do instead, or null.
 * nginx binds port 80 and writes its pid and cache under root-owned paths.
 */
export function nonRootCaveat(image: string): string | null {
  const ref = parseImageRef(image);
  if (ref.path === 'nginx' || ref.path === 'openresty/openresty') {
    return (
      'nginx needs root for port 80 and its pid/cache paths. Use `nginxinc/nginx-unprivileged` (runs as 101, listens on 8080), ' +
      'or listen on a port >= 1024, set `pid /tmp/nginx.pid;` and make /var/cache/nginx writable for uid 101 before `USER 101:101`.'
    );
  }
  if (ref.path === 'httpd') {
    return 'httpd binds port 80 as root and then runs its workers as `daemon`. To run it non-root, listen on a port >= 1024 (`Listen 8080`) and make its logs and pid path writable before adding USER.';
  }
  // The Apache variants of the PHP images (php:*-apache, and wordpress, drupal, joomla, nextcloud by default).
  const tag = ref.tag ?? 'latest';
  const apacheApp = ['wordpress', 'drupal', 'joomla', 'nextcloud'].includes(ref.path) && !/(^|-)(fpm|cli)(-|$)/.test(tag);
  if (apacheApp || (ref.path === 'php' && /(^|-)apache(-|$)/.test(tag))) {
    return (
      `${ref.path} runs Apache, which binds port 80 as root and runs its workers as www-data (33). To run it non-root, ` +
      'listen on a port >= 1024 (`Listen 8080` in ports.conf) and give www-data its runtime paths, then run it as 33:33; or use the image\'s -fpm variant behind a separate web server.'
    );
  }
  return null;
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
