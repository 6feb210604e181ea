/**
 * What the Compose rules need to know about well-known images beyond users: which read
 * `VAR_FILE` variables (C211), which need capabilities back after `cap_drop: [ALL]` (C203), which
 * write to runtime paths a read-only root filesystem must keep writable (C206) — these three from
 * the image profiles (./profiles) — and which are databases or admin consoles whose ports belong on
 * 127.0.0.1 (C216), and a healthcheck command to suggest (C217).
 */
import {parseImageRef} from './images.js';
import {profileFor} from './profiles/lookup.js';
import type {ImageProfile} from './profiles/types.js';
import {STEP_DOWN_CAPS} from './profiles/caps.js';

function baseName(image: string): string {
  const path = parseImageRef(image).path;
  return path.slice(path.lastIndexOf('/') + 1).toLowerCase();
}

function profileOf(image: string): ImageProfile | null {
  const found = profileFor(image);
  return found.certainty === 'not-known' ? null : found.profile;
}

/** The caps an image that starts as root and then switches user needs (DESIGN §4). */
export const PRIVILEGE_DROP_CAPS: readonly string[] = STEP_DOWN_CAPS;

/** Capabilities an image needs on top of `cap_drop: [ALL]`, beyond those its ports need (none where its profile does not tell). */
export function imageCaps(image: string): string[] {
  const profile = profileOf(image);
  return (profile && profileCaps(profile)) ?? [];
}

/**
 * Capabilities a profiled image needs on top of `cap_drop: [ALL]`: none for one that runs as its
 * own non-root user, those of its step-down or root master process as the profile lists them.
 * Null where the profile does not tell: it does not say how the image starts, or the image runs
 * as root and its profile lists no capabilities (a base image whose command is the Dockerfile's,
 * a server that may chown or write files of other users).
 */
export function profileCaps(profile: ImageProfile): string[] | null {
  const runAs = profile.runAs;
  if (runAs?.mode === 'non-root') return [];
  if (runAs?.mode === 'steps-down') return [...runAs.caps];
  if (runAs?.mode === 'root' && runAs.caps) return [...runAs.caps];
  return null;
}

/**
 * For images that read secrets from files (`<VAR>_FILE`, Grafana's `<VAR>__FILE`, the s6 images'
 * `FILE__<VAR>`), the name of the file variable for `name`, or null when the image does not read one for it.
 */
export function fileVariable(image: string, name: string): string | null {
  const profile = profileOf(image);
  return profile ? profileFileVariable(profile, name) : null;
}

/** The file variable a profiled image reads for the secret variable `name`, or null. */
export function profileFileVariable(profile: ImageProfile, name: string): string | null {
  const rules = profile.secrets?.fileVariables ?? [];
  const upper = name.toUpperCase();
  for (const rule of rules) {
    const applies = rule.names ? rule.names.includes(upper) : rule.pattern !== undefined && new RegExp(rule.pattern).test(upper);
    if (applies) return rule.form.replace('{name}', name);
  }
  return null;
}

/** Runtime paths an image writes to outside its data volumes (tmpfs candidates for read_only). */
export function writablePaths(image: string): string[] {
  return [...(profileOf(image)?.writes?.scratch ?? [])];
}

/** Container ports of databases, caches, brokers and admin consoles: not for the whole network. */
const PRIVATE_PORTS = new Set([5432, 3306, 33060, 27017, 27018, 6379, 11211, 9200, 9300, 5672, 15672, 5984, 8086, 9042, 7687, 7474, 2375, 2376, 9092, 2181, 1433, 1521, 26257, 8529, 9000, 9001]);
/** Images that are databases or admin consoles (any port of theirs is private). */
const PRIVATE_IMAGES = new Set([
  'postgres', 'postgresql', 'mysql', 'mariadb', 'percona', 'mongo', 'mongodb', 'redis', 'valkey', 'memcached', 'elasticsearch', 'opensearch',
  'rabbitmq', 'couchdb', 'cassandra', 'neo4j', 'influxdb', 'adminer', 'pgadmin4', 'phpmyadmin', 'mongo-express', 'redis-commander',
  'portainer', 'portainer-ce', 'kafka', 'zookeeper', 'mssql-server', 'minio', 'etcd',
]);

/** True when a published port belongs on 127.0.0.1 (a database, cache, broker or admin console). */
export function isPrivatePort(image: string | null, containerPort: number | null): boolean {
  if (image && PRIVATE_IMAGES.has(baseName(image))) return true;
  return containerPort !== null && PRIVATE_PORTS.has(containerPort);
}

/** A healthcheck command to suggest for well-known images (the user confirms it). */
export function suggestedHealthcheck(image: string | null): string {
  switch (image ? baseName(image) : '') {
    case 'postgres':
      return 'pg_isready -U postgres';
    case 'mysql':
    case 'mariadb':
      return 'mysqladmin ping -h 127.0.0.1 --silent';
    case 'redis':
    case 'valkey':
      return 'redis-cli ping';
    case 'mongo':
      return "mongosh --quiet --eval 'db.adminCommand(\"ping\").ok'";
    case 'rabbitmq':
      return 'rabbitmq-diagnostics -q ping';
    default:
      return '';
  }
}
