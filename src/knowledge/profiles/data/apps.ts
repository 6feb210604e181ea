/** JVM services and applications self-hosted next to a legacy stack (admin consoles, CI, chat, Sentry). */
import type {ImageProfile} from '../types.js';
import {FILE_SUFFIX, STEP_DOWN_CAPS, entrypointStepDown, gh, hubDocs} from './common.js';

const SONARQUBE_DOCKERFILE = gh('SonarSource/docker-sonarqube', 'community-build/Dockerfile');

export const sonarqube: ImageProfile = {
  id: 'sonarqube',
  title: 'SonarQube',
  category: 'jvm',
  match: {repos: ['sonarqube', 'sonarsource/sonarqube']},
  runAs: {mode: 'non-root', user: {uid: 1000, gid: 0, name: 'sonarqube'}, source: `useradd --system --uid 1000 --gid 0 sonarqube and USER sonarqube in ${SONARQUBE_DOCKERFILE}`},
  ports: {listens: [9000], source: SONARQUBE_DOCKERFILE},
  writes: {
    data: ['/opt/sonarqube/data', '/opt/sonarqube/extensions'],
    scratch: ['/opt/sonarqube/logs', '/opt/sonarqube/temp'],
    complete: false,
    source: `VOLUME of SQ_DATA_DIR, SQ_EXTENSIONS_DIR, SQ_LOGS_DIR, SQ_TEMP_DIR in ${SONARQUBE_DOCKERFILE}`,
  },
  resources: {
    class: 'jvm',
    heapEnv: ['SONAR_WEB_JAVAOPTS', 'SONAR_CE_JAVAOPTS', 'SONAR_SEARCH_JAVAOPTS'],
    defaultHeap: '1536M',
    manyThreads: true,
    nofile: 131072,
    source: `"ulimit -n 131072", "ulimit -u 8192" and the embedded Elasticsearch requirements in ${hubDocs('sonarqube')}; sonar.{web,ce,search}.javaOpts in conf/sonar.properties, -Xmx512m each by default (https://github.com/SonarSource/sonarqube/blob/master/sonar-application/src/main/assembly/conf/sonar.properties)`,
  },
  sources: [SONARQUBE_DOCKERFILE, hubDocs('sonarqube')],
};

const KEYCLOAK_DOCKERFILE = gh('keycloak/keycloak', 'quarkus/container/Dockerfile');

export const keycloak: ImageProfile = {
  id: 'keycloak',
  title: 'Keycloak',
  category: 'jvm',
  match: {repos: ['quay.io/keycloak/keycloak', 'keycloak/keycloak']},
  runAs: {mode: 'non-root', user: {uid: 1000, gid: 0, name: 'keycloak'}, source: `keycloak:x:1000:0 in /etc/passwd and USER 1000 in ${KEYCLOAK_DOCKERFILE}`},
  ports: {listens: [8080, 8443], source: KEYCLOAK_DOCKERFILE},
  writes: {data: ['/opt/keycloak/data'], scratch: [], complete: false, source: `mkdir -p /opt/keycloak/data in ${KEYCLOAK_DOCKERFILE}`},
  secrets: {
    fileVariables: [],
    noFileVariant: ['KC_DB_PASSWORD', 'KC_BOOTSTRAP_ADMIN_PASSWORD', 'KEYCLOAK_ADMIN_PASSWORD'],
    source: 'no _FILE variables in the Quarkus distribution: https://github.com/keycloak/keycloak/issues/10816 (open), https://github.com/keycloak/keycloak/issues/12785',
  },
  resources: {
    class: 'jvm',
    heapEnv: ['JAVA_OPTS', 'JAVA_OPTS_APPEND', 'JAVA_OPTS_KC_HEAP'],
    source: 'https://www.keycloak.org/server/containers ("Specifying different memory settings": JAVA_OPTS_KC_HEAP); JAVA_OPTS / JAVA_OPTS_APPEND in the Keycloak JVM settings docs',
  },
  sources: [KEYCLOAK_DOCKERFILE, 'https://www.keycloak.org/server/containers'],
};

const JENKINS_DOCKERFILE = gh('jenkinsci/docker', 'debian/Dockerfile');

export const jenkins: ImageProfile = {
  id: 'jenkins',
  title: 'Jenkins',
  category: 'jvm',
  match: {repos: ['jenkins/jenkins']},
  runAs: {mode: 'non-root', user: {uid: 1000, gid: 1000, name: 'jenkins'}, source: `ARG uid=1000 / gid=1000, useradd and USER \${user} in ${JENKINS_DOCKERFILE}`},
  ports: {listens: [8080, 50000], source: JENKINS_DOCKERFILE},
  writes: {data: ['/var/jenkins_home'], scratch: [], complete: false, source: `VOLUME $JENKINS_HOME in ${JENKINS_DOCKERFILE}`},
  resources: {class: 'jvm', heapEnv: ['JAVA_OPTS', 'JENKINS_JAVA_OPTS'], source: `JAVA_OPTS and JENKINS_JAVA_OPTS in ${gh('jenkinsci/docker', 'jenkins.sh')}`},
  sources: [JENKINS_DOCKERFILE],
};

const TOMCAT_DOCKERFILE = gh('docker-library/tomcat', '10.1/jre21/temurin-noble/Dockerfile');

export const tomcat: ImageProfile = {
  id: 'tomcat',
  title: 'Apache Tomcat (official image)',
  category: 'jvm',
  match: {repos: ['tomcat']},
  runAs: {mode: 'root', source: `no USER in ${TOMCAT_DOCKERFILE}`},
  ports: {listens: [8080], source: TOMCAT_DOCKERFILE},
  writes: {
    data: [],
    scratch: ['/usr/local/tomcat/logs', '/usr/local/tomcat/temp', '/usr/local/tomcat/work'],
    complete: false,
    source: `CATALINA_HOME /usr/local/tomcat in ${TOMCAT_DOCKERFILE}; logs, temp and work under CATALINA_BASE (https://tomcat.apache.org/tomcat-10.1-doc/RUNNING.txt)`,
  },
  resources: {class: 'jvm', heapEnv: ['CATALINA_OPTS', 'JAVA_OPTS'], source: 'CATALINA_OPTS and JAVA_OPTS in bin/catalina.sh (https://tomcat.apache.org/tomcat-10.1-doc/RUNNING.txt)'},
  sources: [TOMCAT_DOCKERFILE, hubDocs('tomcat')],
};

const PGADMIN_DOCKERFILE = gh('pgadmin-org/pgadmin4', 'Dockerfile');
const PGADMIN_ENTRYPOINT = gh('pgadmin-org/pgadmin4', 'pkg/docker/entrypoint.sh');

export const pgadmin: ImageProfile = {
  id: 'pgadmin',
  title: 'pgAdmin 4',
  category: 'app',
  match: {repos: ['dpage/pgadmin4']},
  runAs: {mode: 'non-root', user: {uid: 5050, gid: 0, name: 'pgadmin'}, source: `useradd -r -u 5050 -g root pgadmin and USER 5050 in ${PGADMIN_DOCKERFILE}`},
  ports: {
    listens: [80, 443],
    privileged: {
      ports: [80, 443],
      how: 'file-capability',
      note: `a python copy with CAP_NET_BIND_SERVICE binds them; under no-new-privileges or without NET_BIND_SERVICE in the bounding set the image falls back to PGADMIN_LISTEN_PORT 8080/8443 (${PGADMIN_ENTRYPOINT}), so set PGADMIN_LISTEN_PORT and publish that port`,
    },
    source: `setcap CAP_NET_BIND_SERVICE and EXPOSE 80 443 in ${PGADMIN_DOCKERFILE}`,
  },
  writes: {
    data: ['/var/lib/pgadmin'],
    scratch: ['/run/pgadmin'],
    config: ['/pgadmin4/config_distro.py'],
    complete: false,
    source: `VOLUME /var/lib/pgadmin and chown of /run/pgadmin in ${PGADMIN_DOCKERFILE}; config_distro.py is written at start (${PGADMIN_ENTRYPOINT})`,
  },
  secrets: {
    fileVariables: [{names: ['PGADMIN_DEFAULT_PASSWORD', 'PGADMIN_CONFIG_CONFIG_DATABASE_URI'], form: FILE_SUFFIX}],
    noFileVariant: [],
    source: `file_env PGADMIN_DEFAULT_PASSWORD and PGADMIN_CONFIG_CONFIG_DATABASE_URI_FILE in ${PGADMIN_ENTRYPOINT}`,
  },
  resources: {class: 'app', source: PGADMIN_DOCKERFILE},
  sources: [PGADMIN_DOCKERFILE, PGADMIN_ENTRYPOINT],
};

const N8N_DOCKERFILE = gh('n8n-io/n8n', 'docker/images/n8n/Dockerfile');

export const n8n: ImageProfile = {
  id: 'n8n',
  title: 'n8n',
  category: 'app',
  match: {repos: ['n8nio/n8n', 'docker.n8n.io/n8nio/n8n']},
  runAs: {mode: 'non-root', user: {uid: 1000, gid: 1000, name: 'node'}, source: `USER node (the node 1000 user of its node base image) in ${N8N_DOCKERFILE}`},
  ports: {listens: [5678], source: N8N_DOCKERFILE},
  writes: {data: ['/home/node/.n8n'], scratch: [], complete: false, source: `mkdir -p /home/node/.n8n in ${N8N_DOCKERFILE}`},
  secrets: {
    fileVariables: [{pattern: '.', form: FILE_SUFFIX}],
    noFileVariant: [],
    source: '"You can append _FILE to individual environment variables" (Keeping sensitive data in separate files, https://docs.n8n.io/hosting/configuration/configuration-methods/)',
  },
  resources: {class: 'app', source: N8N_DOCKERFILE},
  sources: [N8N_DOCKERFILE],
};

const GITEA_DOCKERFILE = gh('go-gitea/gitea', 'Dockerfile');
const GITEA_ROOTLESS = gh('go-gitea/gitea', 'Dockerfile.rootless');

export const gitea: ImageProfile = {
  id: 'gitea',
  title: 'Gitea',
  category: 'app',
  match: {repos: ['gitea/gitea', 'docker.gitea.com/gitea']},
  runAs: {
    mode: 'steps-down',
    via: 'su-exec',
    user: {uid: 1000, gid: 1000, name: 'git'},
    // Its OpenSSH server runs as root, and sshd's pre-authentication child chroots to /var/empty:
    // without SYS_CHROOT every SSH clone fails with `fatal: chroot("/var/empty"): Operation not permitted [preauth]`.
    caps: [...STEP_DOWN_CAPS, 'SYS_CHROOT'],
    userEnv: {uid: 'USER_UID', gid: 'USER_GID'},
    source: `adduser -u 1000 git, s6 and su-exec in ${GITEA_DOCKERFILE}; USER_UID/USER_GID (default 1000) in https://docs.gitea.com/installation/install-with-docker; the rootless image is the one meant to run without root (https://docs.gitea.com/installation/install-with-docker-rootless); sshd started by s6 as root (${gh('go-gitea/gitea', 'docker/root/etc/s6/openssh/run')}, no UsePrivilegeSeparation in ${gh('go-gitea/gitea', 'docker/root/etc/templates/sshd_config')}), whose privilege separation chroots (privsep_preauth_child in https://github.com/openssh/openssh-portable/blob/master/sshd-session.c)`,
  },
  ports: {listens: [22, 3000], privileged: {ports: [22], how: 'root', note: 'its OpenSSH server listens on port 22'}, source: GITEA_DOCKERFILE},
  writes: {
    data: ['/data'],
    scratch: [],
    config: ['/etc/ssh'],
    complete: false,
    source: `VOLUME ["/data"] in ${GITEA_DOCKERFILE}; envsubst < /etc/templates/sshd_config > /etc/ssh/sshd_config at start in ${gh('go-gitea/gitea', 'docker/root/etc/s6/openssh/setup')}`,
  },
  resources: {class: 'app', source: 'https://docs.gitea.com/installation/install-with-docker'},
  variants: [
    {
      name: 'rootless',
      tag: 'rootless',
      set: {
        runAs: {mode: 'non-root', user: {uid: 1000, gid: 1000, name: 'git'}, source: `addgroup -g 1000 / adduser -u 1000 git and USER 1000:1000 in ${GITEA_ROOTLESS}`},
        ports: {listens: [2222, 3000], source: GITEA_ROOTLESS},
        writes: {data: ['/var/lib/gitea', '/etc/gitea'], scratch: ['/tmp/gitea'], complete: false, source: `VOLUME and GITEA_TEMP /tmp/gitea in ${GITEA_ROOTLESS}`},
      },
    },
  ],
  sources: [GITEA_DOCKERFILE, GITEA_ROOTLESS],
};

const MATTERMOST_DOCKERFILE = gh('mattermost/mattermost', 'server/build/Dockerfile');

export const mattermost: ImageProfile = {
  id: 'mattermost',
  title: 'Mattermost',
  category: 'app',
  match: {repos: ['mattermost/mattermost-enterprise-edition', 'mattermost/mattermost-team-edition']},
  runAs: {mode: 'non-root', user: {uid: 2000, gid: 2000, name: 'mattermost'}, source: `ARG PUID=2000 / PGID=2000, adduser and USER mattermost in ${MATTERMOST_DOCKERFILE}`},
  ports: {listens: [8065, 8067, 8074, 8075], source: MATTERMOST_DOCKERFILE},
  writes: {
    data: ['/mattermost/data', '/mattermost/config', '/mattermost/plugins', '/mattermost/client/plugins'],
    scratch: ['/mattermost/logs'],
    complete: false,
    source: `VOLUME in ${MATTERMOST_DOCKERFILE}`,
  },
  resources: {class: 'app', source: MATTERMOST_DOCKERFILE},
  sources: [MATTERMOST_DOCKERFILE, 'https://github.com/mattermost/docker'],
};

/** The images getsentry/self-hosted runs besides the stock ones (its .env names them). */
const SENTRY_DOCKERFILE = gh('getsentry/sentry', 'self-hosted/Dockerfile');

export const sentry: ImageProfile = {
  id: 'sentry',
  title: 'Sentry (getsentry/sentry)',
  category: 'app',
  match: {repos: ['ghcr.io/getsentry/sentry', 'getsentry/sentry']},
  ports: {listens: [9000], source: SENTRY_DOCKERFILE},
  writes: {data: ['/data'], scratch: [], complete: false, source: `VOLUME /data in ${SENTRY_DOCKERFILE}`},
  resources: {class: 'app', source: SENTRY_DOCKERFILE},
  sources: [SENTRY_DOCKERFILE, 'https://github.com/getsentry/self-hosted'],
};

const SNUBA_DOCKERFILE = gh('getsentry/snuba', 'Dockerfile');

export const snuba: ImageProfile = {
  id: 'snuba',
  title: 'Snuba (Sentry)',
  category: 'app',
  match: {repos: ['ghcr.io/getsentry/snuba', 'getsentry/snuba']},
  runAs: {mode: 'non-root', user: {uid: 1000, gid: 1000, name: 'snuba'}, source: `groupadd --gid 1000 / useradd --uid 1000 snuba and USER snuba in ${SNUBA_DOCKERFILE}`},
  ports: {listens: [1218, 1219], source: SNUBA_DOCKERFILE},
  resources: {class: 'app', source: SNUBA_DOCKERFILE},
  sources: [SNUBA_DOCKERFILE],
};

const RELAY_DOCKERFILE = gh('getsentry/relay', 'Dockerfile');

export const relay: ImageProfile = {
  id: 'relay',
  title: 'Relay (Sentry)',
  category: 'app',
  match: {repos: ['ghcr.io/getsentry/relay', 'getsentry/relay']},
  runAs: {
    mode: 'steps-down',
    via: 'gosu',
    user: {uid: 10001, gid: 10001, name: 'relay'},
    caps: ['SETGID', 'SETUID'],
    acceptsOwnUser: true,
    source: `RELAY_UID=10001 / RELAY_GID=10001 and gosu in ${RELAY_DOCKERFILE}; gosu only when started as root in ${gh('getsentry/relay', 'docker-entrypoint.sh')}`,
  },
  ports: {listens: [3000], source: RELAY_DOCKERFILE},
  writes: {data: ['/work', '/etc/relay'], scratch: [], complete: false, source: `VOLUME ["/work", "/etc/relay"] in ${RELAY_DOCKERFILE}`},
  resources: {class: 'app', source: RELAY_DOCKERFILE},
  sources: [RELAY_DOCKERFILE],
};

const SYMBOLICATOR_DOCKERFILE = gh('getsentry/symbolicator', 'Dockerfile');

export const symbolicator: ImageProfile = {
  id: 'symbolicator',
  title: 'Symbolicator (Sentry)',
  category: 'app',
  match: {repos: ['ghcr.io/getsentry/symbolicator', 'getsentry/symbolicator']},
  runAs: entrypointStepDown('gosu', {uid: 10021, gid: 10021, name: 'symbolicator'}, `SYMBOLICATOR_UID=10021 in ${SYMBOLICATOR_DOCKERFILE}; mkdir/chown /data then gosu, only as root, in ${gh('getsentry/symbolicator', 'docker-entrypoint.sh')}`),
  ports: {listens: [3021], source: SYMBOLICATOR_DOCKERFILE},
  writes: {data: ['/data', '/etc/symbolicator'], scratch: [], complete: false, source: `VOLUME ["/etc/symbolicator"] in ${SYMBOLICATOR_DOCKERFILE}; /data in its entrypoint`},
  resources: {class: 'app', source: SYMBOLICATOR_DOCKERFILE},
  sources: [SYMBOLICATOR_DOCKERFILE],
};

export const APPS: ImageProfile[] = [sonarqube, keycloak, jenkins, tomcat, pgadmin, n8n, gitea, mattermost, sentry, snuba, relay, symbolicator];
