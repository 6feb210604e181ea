/** Image families that share their user conventions: s6-overlay/PUID images and Bitnami. */
import type {ImageProfile} from '../types.js';
import {STEP_DOWN_CAPS, gh} from './common.js';

const LSIO_BASE = gh('linuxserver/docker-baseimage-alpine', 'Dockerfile');
const LSIO_ADDUSER = gh('linuxserver/docker-baseimage-alpine', 'root/etc/s6-overlay/s6-rc.d/init-adduser/run');
const S6_READ_ONLY = 'https://github.com/just-containers/s6-overlay#read-only-root-filesystem';

/**
 * s6-overlay images: the step-down caps, plus KILL, since the supervisor (root) signals the services
 * it started as the app user when the container stops (capabilities(7): CAP_KILL bypasses the
 * permission checks for sending signals, https://man7.org/linux/man-pages/man7/capabilities.7.html).
 */
const S6_CAPS = [...STEP_DOWN_CAPS, 'KILL'].sort();

export const linuxserver: ImageProfile = {
  id: 'linuxserver',
  title: 'LinuxServer.io images',
  category: 's6',
  match: {repos: [], families: ['linuxserver/'], registries: ['lscr.io', 'ghcr.io']},
  runAs: {
    mode: 'steps-down',
    via: 's6-overlay',
    user: {uid: 911, gid: 911, name: 'abc'},
    caps: S6_CAPS,
    acceptsOwnUser: false,
    userEnv: {uid: 'PUID', gid: 'PGID'},
    source: `useradd -u 911 abc and ENTRYPOINT ["/init"] (s6-overlay) in ${LSIO_BASE}; PUID/PGID (default 911) remap abc and lsiown /config, unless the image supports LSIO_NON_ROOT_USER, in ${LSIO_ADDUSER}; the s6 supervisor signals the services at stop (KILL)`,
  },
  writes: {
    data: ['/config'],
    scratch: ['/run'],
    config: ['/etc/passwd', '/etc/group'],
    complete: false,
    source: `usermod -o -u "$PUID" abc and groupmod -o -g "$PGID" abc rewrite /etc/passwd and /etc/group at start, lsiown abc:abc /app /config /defaults, in ${LSIO_ADDUSER} (skipped when LSIO_READ_ONLY_FS is set, in the images that support it); s6-overlay needs a writable /run (${S6_READ_ONLY})`,
  },
  secrets: {
    fileVariables: [{pattern: '.', form: 'FILE__{name}'}],
    noFileVariant: [],
    source: `FILE__<VAR> holds the path of a file whose content becomes <VAR> (${gh('linuxserver/docker-baseimage-alpine', 'root/etc/s6-overlay/s6-rc.d/init-envfile/run')})`,
  },
  sources: [LSIO_BASE, LSIO_ADDUSER],
};

const RDESKTOP_README = gh('linuxserver/docker-rdesktop', 'README.md');

/**
 * LinuxServer's RDP desktops: the family's s6 start, plus a desktop whose user has passwordless
 * sudo and whose GUI programs may need system calls Docker's default seccomp profile blocks.
 */
export const linuxserverDesktop: ImageProfile = {
  ...linuxserver,
  id: 'linuxserver-desktop',
  title: 'LinuxServer.io desktop (rdesktop)',
  match: {repos: ['linuxserver/rdesktop'], registries: ['lscr.io', 'ghcr.io']},
  ports: {listens: [3389], source: RDESKTOP_README},
  confinement: {
    setuidTools: 'its desktop user abc has passwordless sudo (to install packages in the desktop), which no-new-privileges stops',
    seccompUnconfined: 'its docs say modern GUI desktop apps need system calls Docker\'s default profile blocks, and ask for seccomp=unconfined',
    source: `"All of these containers are configured with passwordless sudo" and "Modern GUI desktop apps … have issues with the latest Docker and syscall compatibility, you can use Docker with the --security-opt seccomp=unconfined setting" in ${RDESKTOP_README}`,
  },
  sources: [...linuxserver.sources, RDESKTOP_README],
};

const HOTIO_BASE = gh('hotio/base', 'linux-amd64.Dockerfile');

export const hotio: ImageProfile = {
  id: 'hotio',
  title: 'hotio images',
  category: 's6',
  match: {repos: [], families: ['hotio/'], registries: ['ghcr.io']},
  runAs: {
    mode: 'steps-down',
    via: 's6-overlay',
    user: {uid: 1000, gid: 1000, name: 'hotio'},
    caps: S6_CAPS,
    userEnv: {uid: 'PUID', gid: 'PGID'},
    source: `PUID="1000" PGID="1000", useradd -u 1000 hotio and ENTRYPOINT ["/init"] in ${HOTIO_BASE}; the s6 supervisor signals the services at stop (KILL)`,
  },
  writes: {
    data: ['/config'],
    scratch: ['/run'],
    config: ['/etc/passwd', '/etc/group'],
    complete: false,
    source: `VOLUME ["\${CONFIG_DIR}"] (/config) in ${HOTIO_BASE}; apk add shadow there for the init that remaps the hotio user to PUID/PGID (usermod/groupmod: /etc/passwd and /etc/group) at start; s6-overlay needs a writable /run (${S6_READ_ONLY})`,
  },
  secrets: {
    fileVariables: [{pattern: '.', form: 'FILE__{name}'}],
    noFileVariant: [],
    source: `FILE__<VAR> in ${gh('hotio/base', 'root/etc/s6-overlay/s6-rc.d/init-secrets/run')}`,
  },
  sources: [HOTIO_BASE],
};

export const bitnami: ImageProfile = {
  id: 'bitnami',
  title: 'Bitnami images',
  category: 'app',
  match: {repos: [], families: ['bitnami/'], registries: ['public.ecr.aws']},
  runAs: {mode: 'non-root', user: {uid: 1001, gid: 0, name: null}, source: 'USER 1001 in the Bitnami Dockerfiles (https://github.com/bitnami/containers); "Non-root container images" in https://docs.bitnami.com/tutorials/work-with-non-root-containers/'},
  secrets: {
    fileVariables: [{pattern: '_PASSWORD$', form: '{name}_FILE'}],
    noFileVariant: [],
    source: '"Most of the containers in our catalog support providing env variables using ${env_name}_FILE" (https://github.com/bitnami/bitnami-docker-keycloak/issues/39); each image lists its own in its README',
  },
  sources: ['https://github.com/bitnami/containers'],
};

export const FAMILIES: ImageProfile[] = [linuxserver, linuxserverDesktop, hotio, bitnami];
