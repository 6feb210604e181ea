/** Web servers, reverse proxies and the Apache-based PHP applications. */
import type {ImageProfile} from '../types.js';
import {FILE_SUFFIX, ROOT_WEB_SERVER_CAPS, STEP_DOWN_CAPS, gh, hubDocs} from './common.js';

const NGINX_DOCKERFILE = gh('nginxinc/docker-nginx', 'mainline/debian/Dockerfile');

export const nginx: ImageProfile = {
  id: 'nginx',
  title: 'nginx (official image)',
  category: 'proxy',
  match: {repos: ['nginx']},
  runAs: {
    mode: 'root',
    workers: {uid: 101, gid: 101, name: 'nginx'},
    caps: ROOT_WEB_SERVER_CAPS,
    source: `useradd --uid 101 nginx in ${NGINX_DOCKERFILE}; the master runs as root and its workers as nginx (\`user nginx;\`, ${hubDocs('nginx')})`,
  },
  ports: {listens: [80], privileged: {ports: [80], how: 'root', note: 'the default server listens on port 80'}, source: NGINX_DOCKERFILE},
  writes: {
    data: [],
    scratch: ['/var/cache/nginx', '/var/run'],
    complete: true,
    source: `"The default nginx configuration requires write access to /var/cache/nginx and /var/run" (${hubDocs('nginx')}, Running nginx in read-only mode)`,
  },
  resources: {class: 'proxy', source: hubDocs('nginx')},
  caveat:
    'nginx needs root for port 80 and its pid/cache paths. Use `nginxinc/nginx-unprivileged` (runs as 101, listens on 8080), ' +
    'or listen on a port >= 1024, set `pid /tmp/nginx.pid;` and make /var/cache/nginx writable for uid 101 before `USER 101:101`.',
  sources: [NGINX_DOCKERFILE, hubDocs('nginx')],
};

const UNPRIVILEGED_DOCKERFILE = gh('nginxinc/docker-nginx-unprivileged', 'mainline/debian/Dockerfile');

export const nginxUnprivileged: ImageProfile = {
  id: 'nginx-unprivileged',
  title: 'nginx, unprivileged variant',
  category: 'proxy',
  match: {repos: ['nginxinc/nginx-unprivileged']},
  runAs: {mode: 'non-root', user: {uid: 101, gid: 101, name: 'nginx'}, source: `ARG UID=101 / GID=101 and USER $UID in ${UNPRIVILEGED_DOCKERFILE}`},
  ports: {listens: [8080], source: `listen 8080 and EXPOSE 8080 in ${UNPRIVILEGED_DOCKERFILE}`},
  writes: {
    data: [],
    scratch: ['/tmp'],
    complete: false,
    source: `pid /tmp/nginx.pid and the *_temp_path directives moved under /tmp in ${UNPRIVILEGED_DOCKERFILE}`,
  },
  resources: {class: 'proxy', source: UNPRIVILEGED_DOCKERFILE},
  sources: [UNPRIVILEGED_DOCKERFILE],
};

const OPENRESTY_DOCKERFILE = gh('openresty/docker-openresty', 'bookworm/Dockerfile');

export const openresty: ImageProfile = {
  id: 'openresty',
  title: 'OpenResty',
  category: 'proxy',
  match: {repos: ['openresty/openresty']},
  runAs: {mode: 'root', caps: ROOT_WEB_SERVER_CAPS, source: `no USER in ${OPENRESTY_DOCKERFILE}; an nginx master process`},
  ports: {listens: [80], privileged: {ports: [80], how: 'root', note: 'the default server listens on port 80'}, source: OPENRESTY_DOCKERFILE},
  resources: {class: 'proxy', source: OPENRESTY_DOCKERFILE},
  caveat: nginx.caveat!,
  sources: [OPENRESTY_DOCKERFILE],
};

const HTTPD_DOCKERFILE = gh('docker-library/httpd', '2.4/Dockerfile');

export const httpd: ImageProfile = {
  id: 'httpd',
  title: 'Apache httpd (official image)',
  category: 'proxy',
  match: {repos: ['httpd']},
  runAs: {mode: 'root', workers: {uid: null, gid: null, name: 'daemon'}, caps: ROOT_WEB_SERVER_CAPS, source: `no USER and EXPOSE 80 in ${HTTPD_DOCKERFILE}; workers run as \`User daemon\` of the stock httpd.conf`},
  ports: {listens: [80], privileged: {ports: [80], how: 'root', note: 'Listen 80 in the stock httpd.conf'}, source: HTTPD_DOCKERFILE},
  writes: {data: [], scratch: ['/usr/local/apache2/logs'], complete: false, source: `HTTPD_PREFIX /usr/local/apache2 in ${HTTPD_DOCKERFILE} (logs/httpd.pid)`},
  resources: {class: 'proxy', source: hubDocs('httpd')},
  caveat: 'httpd binds port 80 as root and then runs its workers as `daemon`. To run it non-root, listen on a port >= 1024 (`Listen 8080`) and make its logs and pid path writable before adding USER.',
  sources: [HTTPD_DOCKERFILE, hubDocs('httpd')],
};

const APACHE_PHP_CAVEAT = (name: string) =>
  `${name} runs Apache, which binds port 80 as root and runs its workers as www-data (33). To run it non-root, ` +
  "listen on a port >= 1024 (`Listen 8080` in ports.conf) and give www-data its runtime paths, then run it as 33:33; or use the image's -fpm variant behind a separate web server.";

/** The FPM variants: a root master process whose pool workers run as www-data (`user = www-data`), port 9000. */
const PHP_FPM = {
  name: 'fpm',
  tag: '(^|-)fpm(-|$)',
  set: {
    runAs: {mode: 'root' as const, workers: {uid: null, gid: null, name: 'www-data'}, caps: STEP_DOWN_CAPS, source: `"For running the FPM variants as an arbitrary user, the --user flag … should be used" in ${hubDocs('php')}`},
    ports: {listens: [9000], source: `"For fpm connection this container exposes port 9000" in ${hubDocs('nextcloud')}`},
    caveat: undefined,
  },
};

/** The CLI variants run their command as root and bind nothing. */
const PHP_CLI = {name: 'cli', tag: '(^|-)cli(-|$)', set: {runAs: {mode: 'root' as const, source: hubDocs('php')}, ports: undefined, caveat: undefined}};

/** Apache PHP applications: the default and `apache` tags run Apache as root on port 80. */
function apachePhpApp(id: string, title: string, extra: Partial<ImageProfile>): ImageProfile {
  return {
    id,
    title,
    category: 'app',
    match: {repos: [id]},
    runAs: {mode: 'root', workers: {uid: 33, gid: 33, name: 'www-data'}, caps: ROOT_WEB_SERVER_CAPS, source: `${hubDocs(id)}; www-data (33) is the effective user of the Debian-based variants (${hubDocs('wordpress')}, WP-CLI section)`},
    ports: {listens: [80], privileged: {ports: [80], how: 'root', note: 'Apache listens on port 80'}, source: hubDocs(id)},
    resources: {class: 'app', source: hubDocs(id)},
    caveat: APACHE_PHP_CAVEAT(id),
    variants: [PHP_FPM, PHP_CLI],
    sources: [hubDocs(id)],
    ...extra,
  };
}

/** Apache's run and lock directories in the php:*-apache images (APACHE_RUN_DIR, APACHE_LOCK_DIR; logs go to stdout/stderr). */
const APACHE_SCRATCH = ['/var/run/apache2', '/var/lock/apache2'];
const APACHE_SCRATCH_SOURCE = `APACHE_RUN_DIR=/var/run/apache2, APACHE_LOCK_DIR=/var/lock/apache2 made and given to www-data in ${gh('docker-library/php', '8.3/bookworm/apache/Dockerfile')}`;

export const wordpress = apachePhpApp('wordpress', 'WordPress (official image)', {
  writes: {data: ['/var/www/html'], scratch: APACHE_SCRATCH, complete: false, source: `${hubDocs('wordpress')}; ${APACHE_SCRATCH_SOURCE}`},
  secrets: {fileVariables: [{pattern: '^WORDPRESS_', form: FILE_SUFFIX}], noFileVariant: [], source: `"_FILE may be appended to the previously listed environment variables" in ${hubDocs('wordpress')}`},
});

export const nextcloud = apachePhpApp('nextcloud', 'Nextcloud (official image)', {
  writes: {
    data: ['/var/www/html'],
    scratch: APACHE_SCRATCH,
    config: ['/usr/local/etc/php/conf.d'],
    complete: false,
    source: `${hubDocs('nextcloud')}; its entrypoint writes /usr/local/etc/php/conf.d/redis-session.ini at start when REDIS_HOST is set (${gh('nextcloud/docker', 'docker-entrypoint.sh')}); ${APACHE_SCRATCH_SOURCE}`,
  },
  secrets: {
    fileVariables: [
      {
        names: ['POSTGRES_PASSWORD', 'POSTGRES_USER', 'POSTGRES_DB', 'MYSQL_PASSWORD', 'MYSQL_USER', 'MYSQL_DATABASE', 'NEXTCLOUD_ADMIN_PASSWORD', 'NEXTCLOUD_ADMIN_USER', 'REDIS_HOST_PASSWORD', 'SMTP_PASSWORD'],
        form: FILE_SUFFIX,
      },
    ],
    noFileVariant: [],
    source: `Docker Secrets in ${hubDocs('nextcloud')}`,
  },
});

export const drupal = apachePhpApp('drupal', 'Drupal (official image)', {});

export const joomla = apachePhpApp('joomla', 'Joomla (official image)', {
  secrets: {fileVariables: [{names: ['JOOMLA_DB_PASSWORD'], form: FILE_SUFFIX}], noFileVariant: [], source: `JOOMLA_DB_PASSWORD_FILE in ${hubDocs('joomla')}`},
});

export const php: ImageProfile = {
  id: 'php',
  title: 'PHP (official image)',
  category: 'base',
  match: {repos: ['php']},
  runAs: {mode: 'root', source: `${hubDocs('php')} (the fpm and cli variants run as root unless --user is given)`},
  ships: [{uid: 33, gid: 33, name: 'www-data'}],
  variants: [
    {
      name: 'apache',
      tag: '(^|-)apache(-|$)',
      set: {
        runAs: {mode: 'root', workers: {uid: 33, gid: 33, name: 'www-data'}, caps: ROOT_WEB_SERVER_CAPS, source: `"Running as an arbitrary user" in ${hubDocs('php')}`},
        ports: {listens: [80], privileged: {ports: [80], how: 'root', note: 'Apache listens on port 80'}, source: hubDocs('php')},
        writes: {data: [], scratch: APACHE_SCRATCH, complete: false, source: APACHE_SCRATCH_SOURCE},
        caveat: APACHE_PHP_CAVEAT('php'),
      },
    },
    PHP_FPM,
    {name: 'alpine', tag: '(^|-)alpine', set: {ships: [{uid: 82, gid: 82, name: 'www-data'}]}},
  ],
  sources: [hubDocs('php')],
};

const TRAEFIK_DOCKERFILE = gh('traefik/traefik-library-image', 'v3.7/alpine/Dockerfile');

export const traefik: ImageProfile = {
  id: 'traefik',
  title: 'Traefik (official image)',
  category: 'proxy',
  match: {repos: ['traefik']},
  runAs: {mode: 'root', caps: ['NET_BIND_SERVICE'], source: `no USER in ${TRAEFIK_DOCKERFILE}`},
  ports: {listens: [80], privileged: {ports: [80], how: 'root', note: 'EXPOSE 80; the default entry point listens on :80'}, source: TRAEFIK_DOCKERFILE},
  writes: {data: [], scratch: ['/tmp'], complete: false, source: `VOLUME ["/tmp"] in ${gh('traefik/traefik-library-image', 'v3.7/scratch/Dockerfile')}`},
  resources: {class: 'proxy', source: hubDocs('traefik')},
  caveat: 'Traefik listens on port 80 as root by default. To run it non-root, move its entry points to ports >= 1024 (`--entrypoints.web.address=:8080`, and publish 80:8080) and give its ACME storage file to that user.',
  sources: [TRAEFIK_DOCKERFILE, hubDocs('traefik')],
};

const CADDY_DOCKERFILE = gh('caddyserver/caddy-docker', 'Dockerfile.tmpl');

export const caddy: ImageProfile = {
  id: 'caddy',
  title: 'Caddy (official image)',
  category: 'proxy',
  match: {repos: ['caddy']},
  runAs: {mode: 'root', caps: ['NET_BIND_SERVICE'], source: `no USER in ${CADDY_DOCKERFILE}`},
  ports: {
    listens: [80, 443, 2019],
    privileged: {ports: [80, 443], how: 'root', note: 'the binary also carries cap_net_bind_service as a file capability (setcap in the Dockerfile), which no-new-privileges drops for a non-root user'},
    source: CADDY_DOCKERFILE,
  },
  writes: {data: ['/data', '/config'], scratch: [], complete: false, source: `"two mount-points for volumes: /data and /config" in ${hubDocs('caddy')}`},
  resources: {class: 'proxy', source: hubDocs('caddy')},
  caveat: 'Caddy listens on ports 80 and 443 as root by default. To run it non-root, serve on ports >= 1024 (e.g. `http_port 8080` / `https_port 8443` in the Caddyfile) and give /data and /config to that user.',
  sources: [CADDY_DOCKERFILE, hubDocs('caddy')],
};

const HAPROXY_DOCKERFILE = gh('docker-library/haproxy', '3.2/Dockerfile');

export const haproxy: ImageProfile = {
  id: 'haproxy',
  title: 'HAProxy (official image)',
  category: 'proxy',
  match: {repos: ['haproxy']},
  runAs: {mode: 'non-root', user: {uid: 99, gid: 99, name: 'haproxy'}, source: `useradd --uid 99 and USER haproxy in ${HAPROXY_DOCKERFILE}`},
  ports: {
    listens: [],
    privileged: {ports: [], how: 'configured', note: `ports come from haproxy.cfg; one below 1024 needs --sysctl net.ipv4.ip_unprivileged_port_start=0 (${hubDocs('haproxy')})`},
    source: hubDocs('haproxy'),
  },
  writes: {data: [], scratch: [], complete: false, source: HAPROXY_DOCKERFILE},
  resources: {class: 'proxy', source: hubDocs('haproxy')},
  variants: [{name: 'before 2.4', below: '2.4', set: {runAs: {mode: 'root', source: `"older versions still default to root" in ${hubDocs('haproxy')}`}}}],
  sources: [HAPROXY_DOCKERFILE, hubDocs('haproxy')],
};

const ENVOY_DOCS = 'https://www.envoyproxy.io/docs/envoy/latest/start/docker';

export const envoy: ImageProfile = {
  id: 'envoy',
  title: 'Envoy proxy',
  category: 'proxy',
  match: {repos: ['envoyproxy/envoy']},
  runAs: {
    mode: 'steps-down',
    via: 'su-exec',
    user: {uid: 101, gid: 101, name: 'envoy'},
    caps: ['SETGID', 'SETUID', 'CHOWN'],
    acceptsOwnUser: true,
    userEnv: {uid: 'ENVOY_UID', gid: 'ENVOY_GID'},
    source: `"start as the root user but will switch to the envoy user … in the Docker ENTRYPOINT", default uid/gid 101, ENVOY_UID/ENVOY_GID (${ENVOY_DOCS}); su-exec and chown of /dev/stdout in ci/docker-entrypoint.sh of https://github.com/envoyproxy/envoy`,
  },
  resources: {class: 'proxy', source: ENVOY_DOCS},
  sources: [ENVOY_DOCS],
};

export const PROXIES: ImageProfile[] = [nginx, nginxUnprivileged, openresty, httpd, wordpress, nextcloud, drupal, joomla, php, traefik, caddy, haproxy, envoy];
