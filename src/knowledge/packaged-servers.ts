/**
 * Servers a Dockerfile installs from the distribution's packages and starts itself (`FROM
 * debian` + `apt-get install nginx` + `CMD ["nginx", …]`): no image profile covers them, but the
 * package decides where they write. Keyed by the program the final CMD/ENTRYPOINT starts and the
 * base image's family; each entry names its source.
 */
import type {ImageFamily} from './images.js';

export interface PackagedServer {
  /** The packages that install it (`nginx`, `nginx-light`, `postgresql-15`). */
  packages: RegExp;
  /** Paths it writes at start and while running: a read-only root needs them writable (tmpfs). */
  scratch: string[];
  source: string;
}

const NGINX = /^nginx(-(light|full|extras|core))?$/;
const DEBIAN_NGINX: PackagedServer = {
  packages: NGINX,
  scratch: ['/run', '/var/lib/nginx', '/var/log/nginx'],
  source:
    'Debian nginx: `pid /run/nginx.pid;` and the logs under /var/log/nginx in debian/conf/nginx.conf, --http-client-body-temp-path=/var/lib/nginx/body (and proxy, fastcgi, uwsgi, scgi) in debian/rules (https://salsa.debian.org/nginx-team/nginx)',
};
const ALPINE_NGINX: PackagedServer = {
  packages: NGINX,
  scratch: ['/run/nginx', '/var/lib/nginx', '/var/log/nginx'],
  source: 'Alpine nginx: `pid /run/nginx/nginx.pid;`, temp paths under /var/lib/nginx/tmp and logs under /var/log/nginx (https://gitlab.alpinelinux.org/alpine/aports/-/blob/master/main/nginx/APKBUILD)',
};
const DEBIAN_APACHE: PackagedServer = {
  packages: /^apache2$/,
  scratch: ['/run/apache2', '/var/lock/apache2', '/var/log/apache2'],
  source: 'Debian apache2: APACHE_RUN_DIR=/var/run/apache2, APACHE_LOCK_DIR=/var/lock/apache2, APACHE_LOG_DIR=/var/log/apache2 in /etc/apache2/envvars (https://salsa.debian.org/apache-team/apache2/-/blob/master/debian/config-dir/envvars)',
};
const DEBIAN_POSTGRES: PackagedServer = {
  packages: /^postgresql(-\d+)?$/,
  scratch: ['/run/postgresql'],
  source: 'Debian postgresql-common: unix_socket_directories = \'/var/run/postgresql\' (https://salsa.debian.org/postgresql/postgresql-common)',
};

const BY_PROGRAM: Record<string, Partial<Record<ImageFamily, PackagedServer>>> = {
  nginx: {debian: DEBIAN_NGINX, ubuntu: DEBIAN_NGINX, alpine: ALPINE_NGINX},
  apache2: {debian: DEBIAN_APACHE, ubuntu: DEBIAN_APACHE},
  apachectl: {debian: DEBIAN_APACHE, ubuntu: DEBIAN_APACHE},
  postgres: {debian: DEBIAN_POSTGRES, ubuntu: DEBIAN_POSTGRES},
};

/** What a server started by this program name on a base of this family writes, when the package is known. */
export function packagedServer(program: string, family: ImageFamily): PackagedServer | null {
  return BY_PROGRAM[program]?.[family] ?? null;
}
