/** Message brokers, streams, coordination and object storage. */
import type {ImageProfile} from '../types.js';
import {FILE_SUFFIX, entrypointStepDown, gh, hubDocs} from './common.js';

const RABBIT_DOCKERFILE = gh('docker-library/rabbitmq', '4.1/ubuntu/Dockerfile');
const RABBIT_ENTRYPOINT = gh('docker-library/rabbitmq', '4.1/ubuntu/docker-entrypoint.sh');

export const rabbitmq: ImageProfile = {
  id: 'rabbitmq',
  title: 'RabbitMQ (official image)',
  category: 'queue',
  match: {repos: ['rabbitmq']},
  runAs: entrypointStepDown('gosu', {uid: 999, gid: 999, name: 'rabbitmq'}, `groupadd --gid 999 / useradd --uid 999 and gosu in ${RABBIT_DOCKERFILE}; "allow the container to be started with --user" in ${RABBIT_ENTRYPOINT}`),
  ports: {listens: [4369, 5671, 5672, 15691, 15692, 25672], source: RABBIT_DOCKERFILE},
  writes: {data: ['/var/lib/rabbitmq'], scratch: [], complete: false, source: `VOLUME $RABBITMQ_DATA_DIR (/var/lib/rabbitmq) in ${RABBIT_DOCKERFILE}`},
  secrets: {
    fileVariables: [],
    noFileVariant: ['RABBITMQ_DEFAULT_PASS', 'RABBITMQ_DEFAULT_USER', 'RABBITMQ_ERLANG_COOKIE'],
    source: `RABBITMQ_DEFAULT_PASS_FILE and RABBITMQ_DEFAULT_USER_FILE are "deprecated" and stop the container (${RABBIT_ENTRYPOINT}); ${hubDocs('rabbitmq')}`,
  },
  resources: {class: 'queue', source: hubDocs('rabbitmq')},
  variants: [
    {
      name: 'alpine',
      tag: '(^|-)alpine',
      set: {
        runAs: entrypointStepDown('su-exec', {uid: 100, gid: 101, name: 'rabbitmq'}, `addgroup -g 101 / adduser -u 100 and su-exec in ${gh('docker-library/rabbitmq', '4.1/alpine/Dockerfile')}`),
      },
    },
    {name: 'management', tag: 'management', set: {ports: {listens: [4369, 5671, 5672, 15671, 15672, 15691, 15692, 25672], source: gh('docker-library/rabbitmq', '4.1/ubuntu/management/Dockerfile')}}},
  ],
  sources: [RABBIT_DOCKERFILE, RABBIT_ENTRYPOINT],
};

const CP_KAFKA = gh('confluentinc/kafka-images', 'kafka/Dockerfile.ubi9');
const CP_BASE = gh('confluentinc/common-docker', 'base-java-micro/Dockerfile.ubi9');
const CP_USER_SOURCE = `ARG APP_UID=1000 / APP_GID=1000, useradd appuser and USER \${APP_UID} in ${CP_BASE}; appuser (UID 1000) per https://github.com/confluentinc/kafka/issues/1277`;
const CP_ROOT_BEFORE_6 = {
  name: 'before 6.0',
  below: '6',
  set: {runAs: {mode: 'root' as const, source: 'the Debian-based images before 6.0 ran as root: https://github.com/confluentinc/cp-docker-images/issues/692, https://github.com/confluentinc/kafka-images/pull/57'}},
};

export const cpKafka: ImageProfile = {
  id: 'cp-kafka',
  title: 'Confluent Platform Kafka',
  category: 'queue',
  match: {repos: ['confluentinc/cp-kafka', 'confluentinc/cp-server']},
  runAs: {mode: 'non-root', user: {uid: 1000, gid: 1000, name: 'appuser'}, source: CP_USER_SOURCE},
  ports: {listens: [9092], source: CP_KAFKA},
  writes: {
    data: ['/var/lib/kafka/data', '/etc/kafka/secrets'],
    scratch: ['/var/log/kafka'],
    config: ['/etc/kafka'],
    complete: false,
    source: `VOLUME and chown of /etc/kafka, /var/log/kafka in ${CP_KAFKA}; /etc/confluent/docker/configure writes kafka.properties into /etc/kafka at start (${gh('confluentinc/kafka-images', 'kafka/include/etc/confluent/docker/configure')})`,
  },
  resources: {
    class: 'jvm',
    heapEnv: ['KAFKA_HEAP_OPTS', 'KAFKA_OPTS'],
    defaultHeap: '1G',
    source: 'bin/kafka-server-start.sh (KAFKA_HEAP_OPTS="-Xmx1G -Xms1G" when unset) and bin/kafka-run-class.sh of Apache Kafka (https://github.com/apache/kafka/tree/trunk/bin)',
  },
  variants: [CP_ROOT_BEFORE_6],
  sources: [CP_KAFKA, CP_BASE],
};

export const cpZookeeper: ImageProfile = {
  id: 'cp-zookeeper',
  title: 'Confluent Platform ZooKeeper',
  category: 'queue',
  match: {repos: ['confluentinc/cp-zookeeper']},
  runAs: {mode: 'non-root', user: {uid: 1000, gid: 1000, name: 'appuser'}, source: `USER appuser in zookeeper/Dockerfile.ubi8 of https://github.com/confluentinc/kafka-images (removed in 8.0); ${CP_USER_SOURCE}`},
  ports: {listens: [2181, 2888, 3888], source: 'zookeeper/Dockerfile.ubi8 of https://github.com/confluentinc/kafka-images'},
  writes: {data: ['/var/lib/zookeeper/data', '/var/lib/zookeeper/log', '/etc/zookeeper/secrets'], scratch: [], complete: false, source: 'VOLUME in zookeeper/Dockerfile.ubi8 of https://github.com/confluentinc/kafka-images'},
  resources: {
    class: 'jvm',
    heapEnv: ['KAFKA_HEAP_OPTS', 'KAFKA_OPTS'],
    defaultHeap: '512M',
    source: 'bin/zookeeper-server-start.sh of Apache Kafka (KAFKA_HEAP_OPTS="-Xmx512M -Xms512M" when unset; https://github.com/apache/kafka/tree/3.9/bin)',
  },
  variants: [CP_ROOT_BEFORE_6],
  sources: ['https://github.com/confluentinc/kafka-images'],
};

export const confluentPlatform: ImageProfile = {
  id: 'confluent-platform',
  title: 'Confluent Platform images (cp-*)',
  category: 'queue',
  match: {repos: [], families: ['confluentinc/cp-']},
  runAs: {mode: 'non-root', user: {uid: 1000, gid: 1000, name: 'appuser'}, source: CP_USER_SOURCE},
  resources: {class: 'jvm', heapEnv: ['KAFKA_HEAP_OPTS', 'KAFKA_OPTS'], source: 'https://github.com/confluentinc/kafka-images'},
  variants: [CP_ROOT_BEFORE_6],
  sources: [CP_BASE],
};

const APACHE_KAFKA = gh('apache/kafka', 'docker/jvm/Dockerfile');

export const apacheKafka: ImageProfile = {
  id: 'apache-kafka',
  title: 'Apache Kafka (apache/kafka)',
  category: 'queue',
  match: {repos: ['apache/kafka', 'apache/kafka-native']},
  runAs: {mode: 'non-root', user: {uid: null, gid: null, name: 'appuser'}, source: `adduser appuser and USER appuser in ${APACHE_KAFKA}`},
  ports: {listens: [9092], source: APACHE_KAFKA},
  writes: {
    data: ['/var/lib/kafka/data', '/etc/kafka/secrets', '/mnt/shared/config'],
    scratch: [],
    config: ['/etc/kafka'],
    complete: false,
    source: `VOLUME and chown of /etc/kafka in ${APACHE_KAFKA}`,
  },
  resources: {
    class: 'jvm',
    heapEnv: ['KAFKA_HEAP_OPTS', 'KAFKA_OPTS'],
    defaultHeap: '1G',
    source: 'bin/kafka-server-start.sh of Apache Kafka (KAFKA_HEAP_OPTS="-Xmx1G -Xms1G" when unset; https://github.com/apache/kafka/tree/trunk/bin)',
  },
  sources: [APACHE_KAFKA],
};

const ZK_DOCKERFILE = gh('31z4/zookeeper-docker', '3.9.4/Dockerfile');

export const zookeeper: ImageProfile = {
  id: 'zookeeper',
  title: 'Apache ZooKeeper (official image)',
  category: 'queue',
  match: {repos: ['zookeeper']},
  runAs: entrypointStepDown('gosu', {uid: 1000, gid: 1000, name: 'zookeeper'}, `groupadd --gid=1000 / useradd --uid=1000 and gosu in ${ZK_DOCKERFILE}; "Allow the container to be started with --user" in ${gh('31z4/zookeeper-docker', '3.9.4/docker-entrypoint.sh')}`),
  ports: {listens: [2181, 2888, 3888, 8080], source: ZK_DOCKERFILE},
  writes: {
    data: ['/data', '/datalog', '/logs'],
    scratch: [],
    config: ['/conf'],
    complete: false,
    source: `VOLUME and ZOO_CONF_DIR=/conf in ${ZK_DOCKERFILE}; the entrypoint writes /conf/zoo.cfg when missing`,
  },
  resources: {class: 'jvm', heapEnv: ['JVMFLAGS'], source: `JVMFLAGS ("setting a maximum JVM heap size") in ${hubDocs('zookeeper')}`},
  sources: [ZK_DOCKERFILE, hubDocs('zookeeper')],
};

const NATS_DOCKERFILE = gh('nats-io/nats-docker', '2.14.x/scratch/Dockerfile');

export const nats: ImageProfile = {
  id: 'nats',
  title: 'NATS server (official image)',
  category: 'queue',
  match: {repos: ['nats']},
  runAs: {mode: 'root', source: `FROM scratch without USER in ${NATS_DOCKERFILE}`},
  ports: {listens: [4222, 6222, 8222], source: NATS_DOCKERFILE},
  resources: {class: 'queue', source: hubDocs('nats')},
  sources: [NATS_DOCKERFILE],
};

const MINIO_DOCKERFILE = gh('minio/minio', 'Dockerfile.release');
const MINIO_ENTRYPOINT = gh('minio/minio', 'dockerscripts/docker-entrypoint.sh');
const MINIO_CONFIG_DIR = gh('minio/minio', 'cmd/config-dir.go');

/**
 * minio/minio and quay.io/minio/minio (one image, checked against Dockerfile.release and the
 * entrypoint at minio/minio 7aac2a2, February 2026). It runs as root and lists no capabilities:
 * whether it needs DAC_OVERRIDE depends on who owns the data it is given (a bind mount), so C203
 * asks.
 */
export const minio: ImageProfile = {
  id: 'minio',
  title: 'MinIO server',
  category: 'queue',
  match: {repos: ['minio/minio', 'quay.io/minio/minio']},
  runAs: {
    mode: 'root',
    source: `no USER in ${MINIO_DOCKERFILE}; ${MINIO_ENTRYPOINT} execs minio as root unless the deprecated MINIO_USERNAME/MINIO_GROUPNAME make it switch with chroot --userspec`,
  },
  ports: {listens: [9000], source: `EXPOSE 9000 in ${MINIO_DOCKERFILE} (the console listens on a random port unless --console-address sets one)`},
  writes: {
    data: ['/data'],
    // MC_CONFIG_DIR=/tmp/.mc: the bundled mc (healthchecks run `mc ready local`) writes its config there.
    scratch: ['/tmp'],
    complete: false,
    source: `VOLUME ["/data"] and MC_CONFIG_DIR=/tmp/.mc in ${MINIO_DOCKERFILE}; the certs folder (~/.minio/certs/CAs) it makes at start is skipped on a read-only root (mkdirAllIgnorePerm in ${MINIO_CONFIG_DIR})`,
  },
  secrets: {
    fileVariables: [{names: ['MINIO_ROOT_USER', 'MINIO_ROOT_PASSWORD', 'MINIO_ACCESS_KEY', 'MINIO_SECRET_KEY', 'MINIO_KMS_SECRET_KEY'], form: FILE_SUFFIX}],
    noFileVariant: [],
    source: `loadEnvVarsFromFiles / readFromSecret (a path, or a name under /run/secrets/) in ${gh('minio/minio', 'cmd/common-main.go')}`,
  },
  resources: {class: 'app', source: MINIO_DOCKERFILE},
  sources: [MINIO_DOCKERFILE, MINIO_ENTRYPOINT],
};

const BITNAMI_MINIO = 'https://github.com/bitnami/containers/blob/main/bitnami/minio/2026/debian-12';

/** bitnami/minio: Bitnami's own build of MinIO, with its own user and paths (read from its 2026/debian-12 files). */
export const bitnamiMinio: ImageProfile = {
  id: 'bitnami-minio',
  title: 'MinIO (Bitnami image)',
  category: 'queue',
  match: {repos: ['bitnami/minio']},
  runAs: {mode: 'non-root', user: {uid: 1001, gid: 0, name: null}, source: `USER 1001 in ${BITNAMI_MINIO}/Dockerfile`},
  ports: {listens: [9000, 9001], source: `EXPOSE 9000 9001 in ${BITNAMI_MINIO}/Dockerfile`},
  writes: {
    data: ['/bitnami/minio/data'],
    scratch: ['/opt/bitnami/minio/tmp', '/.mc'],
    complete: false,
    source: `VOLUME ["/bitnami/minio/data", "/certs"] in ${BITNAMI_MINIO}/Dockerfile; MINIO_TMP_DIR (its pid file) in rootfs/opt/bitnami/scripts/minio-env.sh and MINIO_CLIENT_CONF_DIR=/.mc in minio-client-env.sh (HOME=/), made writable in minio/postunpack.sh`,
  },
  secrets: {
    fileVariables: [{names: ['MINIO_ROOT_USER', 'MINIO_ROOT_PASSWORD'], form: FILE_SUFFIX}],
    noFileVariant: [],
    source: `minio_env_vars and their _FILE variants in ${BITNAMI_MINIO}/rootfs/opt/bitnami/scripts/minio-env.sh`,
  },
  resources: {class: 'app', source: `${BITNAMI_MINIO}/Dockerfile`},
  sources: [`${BITNAMI_MINIO}/Dockerfile`, 'https://github.com/bitnami/containers/tree/main/bitnami/minio'],
};

export const QUEUES: ImageProfile[] = [rabbitmq, cpKafka, cpZookeeper, confluentPlatform, apacheKafka, zookeeper, nats, minio, bitnamiMinio];
