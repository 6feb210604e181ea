/**
 * What the Compose rules need to know about well-known images beyond users: which read
 * `VAR_FILE` variables (C211), which need capabilities back after `cap_drop: [ALL]` (C203), which
 * write to runtime paths a read-only root filesystem must keep writable (C206), which are
 * databases or admin consoles whose ports belong on 127.0.0.1 (C216), and a healthcheck command to
 * suggest (C217). Images are matched by their base name (`bitnami/postgresql:16` -> `postgresql`).
 */
import {dropsPrivileges, parseImageRef} from './images.js';

function baseName(image: string): string {
  const path = parseImageRef(image).path;
  return path.slice(path.lastIndexOf('/') + 1).toLowerCase();
}

/** The caps an image that starts as root and then switches user needs (DESIGN §4). */
export const PRIVILEGE_DROP_CAPS = ['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'SETGID', 'SETUID'] as const;

/** Web servers whose master starts as root, binds port 80 and switches its workers to another user. */
const ROOT_WEB_SERVERS = new Set(['nginx', 'httpd', 'apache', 'php', 'wordpress', 'drupal', 'joomla', 'nextcloud', 'openresty']);

/** Capabilities an image needs on top of `cap_drop: [ALL]`, beyond those its ports need. */
export function imageCaps(image: string): string[] {
  const name = baseName(image);
  if (dropsPrivileges(image) || ROOT_WEB_SERVERS.has(name)) return [...PRIVILEGE_DROP_CAPS, ...(ROOT_WEB_SERVERS.has(name) ? ['NET_BIND_SERVICE'] : [])];
  return [];
}

/**
 * For images that read `<VAR>_FILE` (the docker-library `file_env` convention), the name of the
 * file variable for `name`, or null when the image does not read one for it.
 */
export function fileVariable(image: string, name: string): string | null {
  const base = baseName(image);
  const path = parseImageRef(image).path;
  const upper = name.toUpperCase();
  const rules: Array<[boolean, RegExp, (n: string) => string]> = [
    [base === 'postgres', /^(POSTGRES_PASSWORD|POSTGRES_USER|POSTGRES_DB|POSTGRES_INITDB_ARGS)$/, (n) => `${n}_FILE`],
    [base === 'mysql' || base === 'percona', /^MYSQL_(ROOT_PASSWORD|PASSWORD|USER|DATABASE|ROOT_HOST)$/, (n) => `${n}_FILE`],
    [base === 'mariadb', /^(MARIADB|MYSQL)_(ROOT_PASSWORD|PASSWORD|USER|DATABASE|ROOT_HOST)$/, (n) => `${n}_FILE`],
    [base === 'mongo', /^MONGO_INITDB_ROOT_(USERNAME|PASSWORD)$/, (n) => `${n}_FILE`],
    [base === 'wordpress', /^WORDPRESS_/, (n) => `${n}_FILE`],
    [base === 'nextcloud', /^(POSTGRES_PASSWORD|POSTGRES_USER|POSTGRES_DB|MYSQL_PASSWORD|MYSQL_USER|MYSQL_DATABASE|NEXTCLOUD_ADMIN_PASSWORD|NEXTCLOUD_ADMIN_USER|REDIS_HOST_PASSWORD|SMTP_PASSWORD)$/, (n) => `${n}_FILE`],
    [base === 'minio', /^MINIO_(ROOT_USER|ROOT_PASSWORD|ACCESS_KEY|SECRET_KEY)$/, (n) => `${n}_FILE`],
    [base === 'grafana' || path === 'grafana/grafana' || path === 'grafana/grafana-oss', /^GF_/, (n) => `${n}__FILE`],
    [path.startsWith('bitnami/'), /_PASSWORD$/, (n) => `${n}_FILE`],
    [base === 'influxdb', /^DOCKER_INFLUXDB_INIT_(PASSWORD|ADMIN_TOKEN|USERNAME)$/, (n) => `${n}_FILE`],
  ];
  for (const [applies, re, to] of rules) if (applies && re.test(upper)) return to(name);
  return null;
}

/** Runtime paths an image writes to outside its declared VOLUMEs (tmpfs candidates for read_only). */
export function writablePaths(image: string): string[] {
  switch (baseName(image)) {
    case 'postgres':
    case 'postgresql':
      return ['/var/run/postgresql'];
    case 'mysql':
    case 'mariadb':
    case 'percona':
      return ['/var/run/mysqld'];
    case 'nginx':
      return ['/var/cache/nginx', '/var/run'];
    case 'httpd':
      return ['/usr/local/apache2/logs'];
    default:
      return [];
  }
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
