/** Databases and caches. */
import type {ImageProfile} from '../types.js';
import {FILE_SUFFIX, STEP_DOWN_CAPS, entrypointStepDown, gh, hubDocs} from './common.js';

const POSTGRES_DOCKERFILE = gh('docker-library/postgres', '17/bookworm/Dockerfile');
const POSTGRES_ALPINE = gh('docker-library/postgres', '17/alpine3.22/Dockerfile');
const POSTGRES_ENTRYPOINT = gh('docker-library/postgres', '18/trixie/docker-entrypoint.sh');

const postgresSecrets = {
  fileVariables: [{names: ['POSTGRES_PASSWORD', 'POSTGRES_USER', 'POSTGRES_DB', 'POSTGRES_INITDB_ARGS'], form: FILE_SUFFIX}],
  noFileVariant: [],
  source: `${hubDocs('postgres')} (Docker Secrets); file_env calls in ${POSTGRES_ENTRYPOINT}`,
};

export const postgres: ImageProfile = {
  id: 'postgres',
  title: 'PostgreSQL (official image)',
  category: 'database',
  match: {repos: ['postgres']},
  runAs: entrypointStepDown('gosu', {uid: 999, gid: 999, name: 'postgres'}, `groupadd/useradd --uid=999 and gosu in ${POSTGRES_DOCKERFILE}; "Arbitrary --user Notes" in ${hubDocs('postgres')}`),
  ports: {listens: [5432], source: POSTGRES_DOCKERFILE},
  writes: {
    data: ['/var/lib/postgresql'],
    scratch: ['/var/run/postgresql'],
    complete: false,
    source: `VOLUME /var/lib/postgresql (18+: PGDATA /var/lib/postgresql/18/docker) and the socket directory /var/run/postgresql in ${gh('docker-library/postgres', '18/trixie/Dockerfile')}`,
  },
  secrets: postgresSecrets,
  resources: {class: 'database', source: hubDocs('postgres')},
  variants: [
    {
      name: 'alpine',
      tag: '(^|-)alpine',
      set: {
        runAs: entrypointStepDown('gosu', {uid: 70, gid: 70, name: 'postgres'}, `addgroup -g 70 / adduser -u 70 and gosu in ${POSTGRES_ALPINE}`),
      },
    },
    {
      name: 'before 18',
      below: '18',
      set: {
        writes: {
          data: ['/var/lib/postgresql/data'],
          scratch: ['/var/run/postgresql'],
          complete: false,
          source: `ENV PGDATA /var/lib/postgresql/data and VOLUME in ${POSTGRES_DOCKERFILE}`,
        },
      },
    },
  ],
  sources: [POSTGRES_DOCKERFILE, hubDocs('postgres')],
};

export const timescaledb: ImageProfile = {
  id: 'timescaledb',
  title: 'TimescaleDB (built on postgres:*-alpine)',
  category: 'database',
  match: {repos: ['timescale/timescaledb']},
  runAs: entrypointStepDown('gosu', {uid: 70, gid: 70, name: 'postgres'}, `FROM postgres:\${PG_VERSION}-alpine in ${gh('timescale/timescaledb-docker', 'Dockerfile')}; the postgres alpine user in ${POSTGRES_ALPINE}`),
  ports: {listens: [5432], source: gh('timescale/timescaledb-docker', 'Dockerfile')},
  writes: {data: ['/var/lib/postgresql'], scratch: ['/var/run/postgresql'], complete: false, source: `the postgres image it is built on: ${POSTGRES_ALPINE}`},
  secrets: {...postgresSecrets, source: `README of https://github.com/timescale/timescaledb-docker ("the documentation for that [postgres] image also applies here"); ${hubDocs('postgres')}`},
  resources: {class: 'database', source: gh('timescale/timescaledb-docker', 'README.md')},
  variants: [
    {
      name: 'before 18',
      below: '18',
      tag: '^\\d',
      set: {writes: {data: ['/var/lib/postgresql/data'], scratch: ['/var/run/postgresql'], complete: false, source: POSTGRES_ALPINE}},
    },
  ],
  sources: [gh('timescale/timescaledb-docker', 'Dockerfile')],
};

const MYSQL_DOCKERFILE = gh('docker-library/mysql', '8.4/Dockerfile.oracle');

export const mysql: ImageProfile = {
  id: 'mysql',
  title: 'MySQL (official image)',
  category: 'database',
  match: {repos: ['mysql']},
  runAs: entrypointStepDown('gosu', {uid: 999, gid: 999, name: 'mysql'}, `groupadd/useradd --uid 999 and gosu in ${MYSQL_DOCKERFILE}; "Running as an arbitrary user" in ${hubDocs('mysql')}`),
  ports: {listens: [3306, 33060], source: MYSQL_DOCKERFILE},
  writes: {data: ['/var/lib/mysql'], scratch: ['/var/run/mysqld'], complete: false, source: `VOLUME /var/lib/mysql and mkdir /var/run/mysqld in ${MYSQL_DOCKERFILE}`},
  secrets: {
    fileVariables: [{names: ['MYSQL_ROOT_PASSWORD', 'MYSQL_PASSWORD', 'MYSQL_USER', 'MYSQL_DATABASE', 'MYSQL_ROOT_HOST'], form: FILE_SUFFIX}],
    noFileVariant: [],
    source: `file_env calls in ${gh('docker-library/mysql', '8.4/docker-entrypoint.sh')}; ${hubDocs('mysql')} (Docker Secrets)`,
  },
  resources: {class: 'database', source: hubDocs('mysql')},
  sources: [MYSQL_DOCKERFILE, hubDocs('mysql')],
};

export const percona: ImageProfile = {
  id: 'percona',
  title: 'Percona Server (official image)',
  category: 'database',
  match: {repos: ['percona']},
  secrets: {
    fileVariables: [{names: ['MYSQL_ROOT_PASSWORD', 'MYSQL_PASSWORD', 'MYSQL_USER', 'MYSQL_DATABASE', 'MYSQL_ROOT_HOST'], form: FILE_SUFFIX}],
    noFileVariant: [],
    source: `${hubDocs('percona')} (Docker Secrets)`,
  },
  resources: {class: 'database', source: hubDocs('percona')},
  sources: [hubDocs('percona')],
};

const MARIADB_DOCKERFILE = gh('MariaDB/mariadb-docker', '11.4/Dockerfile');

export const mariadb: ImageProfile = {
  id: 'mariadb',
  title: 'MariaDB (official image)',
  category: 'database',
  match: {repos: ['mariadb']},
  runAs: entrypointStepDown('gosu', {uid: 999, gid: 999, name: 'mysql'}, `useradd -r mysql and gosu in ${MARIADB_DOCKERFILE}; uid 999 per https://github.com/MariaDB/mariadb-docker/issues/628; the entrypoint steps down only when started as root (${gh('MariaDB/mariadb-docker', '11.4/docker-entrypoint.sh')})`),
  ports: {listens: [3306], source: MARIADB_DOCKERFILE},
  writes: {data: ['/var/lib/mysql'], scratch: ['/run/mysqld'], complete: false, source: `VOLUME /var/lib/mysql and /run/mysqld (chmod 1777, socket and lock) in ${MARIADB_DOCKERFILE}`},
  secrets: {
    fileVariables: [
      {pattern: '^(MARIADB|MYSQL)_(ROOT_PASSWORD|PASSWORD|USER|DATABASE|ROOT_HOST)$', form: FILE_SUFFIX},
      {names: ['MARIADB_PASSWORD_HASH', 'MARIADB_ROOT_PASSWORD_HASH', 'MARIADB_REPLICATION_USER', 'MARIADB_REPLICATION_PASSWORD', 'MARIADB_REPLICATION_PASSWORD_HASH', 'MARIADB_MASTER_HOST'], form: FILE_SUFFIX},
    ],
    noFileVariant: [],
    source: `_mariadb_file_env / file_env calls in ${gh('MariaDB/mariadb-docker', '11.4/docker-entrypoint.sh')}; ${hubDocs('mariadb')}`,
  },
  resources: {class: 'database', source: hubDocs('mariadb')},
  variants: [
    {
      name: 'ubi',
      tag: '(^|-)ubi',
      set: {
        runAs: {mode: 'non-root', user: {uid: 999, gid: 999, name: 'mysql'}, source: `useradd --uid 999 and USER mysql in ${gh('MariaDB/mariadb-docker', '11.4-ubi/Dockerfile')}`},
        writes: {data: ['/var/lib/mysql'], scratch: ['/run/mariadb'], complete: false, source: gh('MariaDB/mariadb-docker', '11.4-ubi/Dockerfile')},
      },
    },
  ],
  sources: [MARIADB_DOCKERFILE, hubDocs('mariadb')],
};

const MONGO_DOCKERFILE = gh('docker-library/mongo', '8.0/Dockerfile');

export const mongo: ImageProfile = {
  id: 'mongo',
  title: 'MongoDB (official image)',
  category: 'database',
  match: {repos: ['mongo']},
  runAs: entrypointStepDown('gosu', {uid: 999, gid: 999, name: 'mongodb'}, `useradd --uid 999 and gosu in ${MONGO_DOCKERFILE}; "allow the container to be started with --user" in ${gh('docker-library/mongo', '8.0/docker-entrypoint.sh')}`),
  ports: {listens: [27017], source: MONGO_DOCKERFILE},
  writes: {
    data: ['/data/db', '/data/configdb'],
    scratch: ['/tmp'],
    complete: false,
    source: `VOLUME /data/db /data/configdb in ${MONGO_DOCKERFILE}; mongod's Unix socket defaults to /tmp (net.unixDomainSocket.pathPrefix, https://www.mongodb.com/docs/manual/reference/configuration-options/)`,
  },
  secrets: {
    fileVariables: [{names: ['MONGO_INITDB_ROOT_USERNAME', 'MONGO_INITDB_ROOT_PASSWORD'], form: FILE_SUFFIX}],
    noFileVariant: [],
    source: `file_env calls in ${gh('docker-library/mongo', '8.0/docker-entrypoint.sh')}; ${hubDocs('mongo')}`,
  },
  resources: {class: 'database', source: hubDocs('mongo')},
  sources: [MONGO_DOCKERFILE, hubDocs('mongo')],
};

const REDIS_DOCKERFILE = gh('docker-library/redis', '7.2/debian/Dockerfile');

export const redis: ImageProfile = {
  id: 'redis',
  title: 'Redis (official image)',
  category: 'cache',
  match: {repos: ['redis']},
  runAs: entrypointStepDown('gosu', {uid: 999, gid: 999, name: 'redis'}, `groupadd -g 999 / useradd -u 999 and gosu in ${REDIS_DOCKERFILE}; "drops privileges by switching to the redis user … skipped if Docker is run with the --user option" in ${hubDocs('redis')}`),
  ports: {listens: [6379], source: REDIS_DOCKERFILE},
  writes: {data: ['/data'], scratch: [], complete: false, source: `VOLUME /data in ${REDIS_DOCKERFILE}`},
  secrets: {fileVariables: [], noFileVariant: [], source: `${hubDocs('redis')} (the image reads no password variable; use a config file or --requirepass)`},
  resources: {class: 'cache', source: hubDocs('redis')},
  variants: [
    {
      name: 'alpine',
      tag: '(^|-)alpine',
      set: {
        runAs: entrypointStepDown('gosu', {uid: 999, gid: 1000, name: 'redis'}, `addgroup -g 1000 redis / adduser -u 999 in ${gh('docker-library/redis', '7.2/alpine/Dockerfile')}`),
      },
    },
  ],
  sources: [REDIS_DOCKERFILE, hubDocs('redis')],
};

const VALKEY_DOCKERFILE = gh('valkey-io/valkey-container', '8.0/debian/Dockerfile');

export const valkey: ImageProfile = {
  id: 'valkey',
  title: 'Valkey',
  category: 'cache',
  match: {repos: ['valkey/valkey']},
  runAs: entrypointStepDown('setpriv', {uid: 999, gid: 999, name: 'valkey'}, `groupadd -g 999 / useradd -u 999 in ${VALKEY_DOCKERFILE}; setpriv --reuid=valkey and "allow the container to be started with --user" in ${gh('valkey-io/valkey-container', '8.0/debian/docker-entrypoint.sh')}`),
  ports: {listens: [6379], source: VALKEY_DOCKERFILE},
  writes: {data: ['/data'], scratch: [], complete: false, source: `VOLUME /data in ${VALKEY_DOCKERFILE}`},
  resources: {class: 'cache', source: VALKEY_DOCKERFILE},
  variants: [
    {
      name: 'alpine',
      tag: '(^|-)alpine',
      set: {
        runAs: entrypointStepDown('setpriv', {uid: 999, gid: 1000, name: 'valkey'}, `addgroup -g 1000 valkey / adduser -u 999 in ${gh('valkey-io/valkey-container', '8.0/alpine/Dockerfile')}`),
      },
    },
  ],
  sources: [VALKEY_DOCKERFILE],
};

const MEMCACHED_DOCKERFILE = gh('docker-library/memcached', '1/debian/Dockerfile');

export const memcached: ImageProfile = {
  id: 'memcached',
  title: 'Memcached (official image)',
  category: 'cache',
  match: {repos: ['memcached']},
  runAs: {mode: 'non-root', user: {uid: 11211, gid: 11211, name: 'memcache'}, source: `useradd --uid 11211 and USER memcache in ${MEMCACHED_DOCKERFILE} (alpine: ${gh('docker-library/memcached', '1/alpine/Dockerfile')})`},
  ports: {listens: [11211], source: MEMCACHED_DOCKERFILE},
  writes: {data: [], scratch: [], complete: true, source: `no VOLUME in ${MEMCACHED_DOCKERFILE}; memcached keeps its data in memory`},
  resources: {class: 'cache', source: hubDocs('memcached')},
  sources: [MEMCACHED_DOCKERFILE],
};

const CASSANDRA_DOCKERFILE = gh('docker-library/cassandra', '5.0/Dockerfile');

export const cassandra: ImageProfile = {
  id: 'cassandra',
  title: 'Apache Cassandra (official image)',
  category: 'database',
  match: {repos: ['cassandra']},
  runAs: entrypointStepDown('gosu', {uid: 999, gid: 999, name: 'cassandra'}, `useradd --uid=999 and gosu in ${CASSANDRA_DOCKERFILE}; "allow the container to be started with --user" in ${gh('docker-library/cassandra', '5.0/docker-entrypoint.sh')}`),
  ports: {listens: [7000, 7001, 7199, 9042, 9160], source: CASSANDRA_DOCKERFILE},
  writes: {
    data: ['/var/lib/cassandra'],
    scratch: ['/var/log/cassandra'],
    config: ['/etc/cassandra'],
    complete: false,
    source: `VOLUME /var/lib/cassandra, chown of $CASSANDRA_CONF (/etc/cassandra) and /var/log/cassandra in ${CASSANDRA_DOCKERFILE}; the entrypoint edits cassandra.yaml at start (${gh('docker-library/cassandra', '5.0/docker-entrypoint.sh')})`,
  },
  resources: {class: 'jvm', heapEnv: ['MAX_HEAP_SIZE', 'HEAP_NEWSIZE', 'JVM_OPTS'], source: 'conf/cassandra-env.sh of Apache Cassandra (https://github.com/apache/cassandra/blob/trunk/conf/cassandra-env.sh)'},
  sources: [CASSANDRA_DOCKERFILE, hubDocs('cassandra')],
};

const ES_DOCKERFILE = gh('elastic/elasticsearch', 'distribution/docker/src/docker/dockerfiles/default/Dockerfile');
const ES_ENTRYPOINT = gh('elastic/elasticsearch', 'distribution/docker/src/docker/bin/docker-entrypoint.sh');

export const elasticsearch: ImageProfile = {
  id: 'elasticsearch',
  title: 'Elasticsearch',
  category: 'jvm',
  match: {repos: ['elasticsearch', 'docker.elastic.co/elasticsearch/elasticsearch']},
  runAs: {mode: 'non-root', user: {uid: 1000, gid: 0, name: 'elasticsearch'}, source: `USER 1000:0 in ${ES_DOCKERFILE}`},
  ports: {listens: [9200, 9300], source: ES_DOCKERFILE},
  writes: {
    data: ['/usr/share/elasticsearch/data'],
    scratch: ['/usr/share/elasticsearch/logs'],
    config: ['/usr/share/elasticsearch/config'],
    complete: false,
    source: `chown elasticsearch of data, logs, config in ${ES_DOCKERFILE}; the keystore is created in config at start when ELASTIC_PASSWORD is set (${ES_ENTRYPOINT})`,
  },
  secrets: {fileVariables: [{names: ['ELASTIC_PASSWORD'], form: FILE_SUFFIX}], noFileVariant: [], source: `ELASTIC_PASSWORD_FILE in ${ES_ENTRYPOINT}`},
  resources: {
    class: 'jvm',
    heapEnv: ['ES_JAVA_OPTS'],
    heapShare: 0.5,
    source: `ES_JAVA_OPTS in ${ES_ENTRYPOINT}; https://www.elastic.co/guide/en/elasticsearch/reference/current/docker.html; "Set Xms and Xmx to no more than 50% of your total memory" in https://www.elastic.co/guide/en/elasticsearch/reference/current/advanced-configuration.html#set-jvm-heap-size`,
  },
  sources: [ES_DOCKERFILE, ES_ENTRYPOINT],
};

const OPENSEARCH_DOCKERFILE = gh('opensearch-project/opensearch-build', 'docker/release/dockerfiles/opensearch.al2023.dockerfile');

export const opensearch: ImageProfile = {
  id: 'opensearch',
  title: 'OpenSearch',
  category: 'jvm',
  match: {repos: ['opensearchproject/opensearch', 'public.ecr.aws/opensearchproject/opensearch']},
  runAs: {mode: 'non-root', user: {uid: 1000, gid: 1000, name: 'opensearch'}, source: `ARG UID=1000 / GID=1000, adduser and USER $UID in ${OPENSEARCH_DOCKERFILE}`},
  ports: {listens: [9200, 9300, 9600, 9650], source: OPENSEARCH_DOCKERFILE},
  writes: {data: ['/usr/share/opensearch/data'], scratch: [], complete: false, source: OPENSEARCH_DOCKERFILE},
  resources: {
    class: 'jvm',
    heapEnv: ['OPENSEARCH_JAVA_OPTS'],
    heapShare: 0.5,
    source: 'https://opensearch.org/docs/latest/install-and-configure/install-opensearch/docker/; "set the heap size to half of the system RAM" in https://docs.opensearch.org/latest/install-and-configure/install-opensearch/index/#important-settings',
  },
  sources: [OPENSEARCH_DOCKERFILE],
};

const CLICKHOUSE_DOCKERFILE = gh('ClickHouse/ClickHouse', 'docker/server/Dockerfile.ubuntu');
const CLICKHOUSE_ENTRYPOINT = gh('ClickHouse/ClickHouse', 'docker/server/entrypoint.sh');

export const clickhouse: ImageProfile = {
  id: 'clickhouse',
  title: 'ClickHouse server',
  category: 'database',
  match: {repos: ['clickhouse/clickhouse-server', 'clickhouse']},
  runAs: entrypointStepDown('clickhouse-su', {uid: 101, gid: 101, name: 'clickhouse'}, `useradd --uid=101 in ${CLICKHOUSE_DOCKERFILE}; "support --user" and clickhouse su in ${CLICKHOUSE_ENTRYPOINT}; --user "\${UID}:\${GID}" in ${hubDocs('clickhouse')}`),
  ports: {listens: [8123, 9000, 9009], source: CLICKHOUSE_DOCKERFILE},
  writes: {
    data: ['/var/lib/clickhouse'],
    scratch: ['/var/log/clickhouse-server'],
    config: ['/etc/clickhouse-server/users.d'],
    complete: false,
    source: `VOLUME /var/lib/clickhouse in ${CLICKHOUSE_DOCKERFILE}; the entrypoint creates its directories and writes users.d/default-user.xml when CLICKHOUSE_USER/PASSWORD are set (${CLICKHOUSE_ENTRYPOINT})`,
  },
  secrets: {fileVariables: [], noFileVariant: ['CLICKHOUSE_PASSWORD'], source: `CLICKHOUSE_PASSWORD is read from the environment only in ${CLICKHOUSE_ENTRYPOINT}`},
  resources: {
    class: 'database',
    manyThreads: true,
    nofile: 262144,
    source: `--ulimit nofile=262144:262144 in ${hubDocs('clickhouse')}; thread pools of up to max_thread_pool_size (10000) threads, https://clickhouse.com/docs/operations/server-configuration-parameters/settings#max_thread_pool_size`,
  },
  sources: [CLICKHOUSE_DOCKERFILE, CLICKHOUSE_ENTRYPOINT, hubDocs('clickhouse')],
};

const COUCHDB_DOCKERFILE = gh('apache/couchdb-docker', '3.2.3/Dockerfile');
const COUCHDB_ENTRYPOINT = gh('apache/couchdb-docker', '3.2.3/docker-entrypoint.sh');

export const couchdb: ImageProfile = {
  id: 'couchdb',
  title: 'Apache CouchDB (official image)',
  category: 'database',
  match: {repos: ['couchdb', 'apache/couchdb']},
  runAs: entrypointStepDown('setpriv', {uid: 5984, gid: 5984, name: 'couchdb'}, `groupadd -g 5984 / useradd -u 5984 in ${COUCHDB_DOCKERFILE}; chown only when root, then setpriv --reuid=couchdb in ${COUCHDB_ENTRYPOINT}`),
  ports: {listens: [5984, 4369, 9100], source: COUCHDB_DOCKERFILE},
  writes: {
    data: ['/opt/couchdb/data'],
    scratch: [],
    config: ['/opt/couchdb/etc/local.d'],
    complete: false,
    source: `VOLUME /opt/couchdb/data in ${COUCHDB_DOCKERFILE}; "this Docker container creates the /opt/couchdb/etc/local.d/docker.ini file at startup" in ${hubDocs('couchdb')}`,
  },
  secrets: {fileVariables: [], noFileVariant: ['COUCHDB_PASSWORD', 'COUCHDB_SECRET', 'COUCHDB_ERLANG_COOKIE'], source: `read from the environment only in ${COUCHDB_ENTRYPOINT}`},
  resources: {class: 'database', source: hubDocs('couchdb')},
  sources: [COUCHDB_DOCKERFILE, COUCHDB_ENTRYPOINT],
};

const INFLUX2 = gh('influxdata/influxdata-docker', 'influxdb/2.7/Dockerfile');
const INFLUX3 = gh('influxdata/influxdata-docker', 'influxdb/3.11-core/Dockerfile');

export const influxdb: ImageProfile = {
  id: 'influxdb',
  title: 'InfluxDB (official image)',
  category: 'database',
  match: {repos: ['influxdb']},
  runAs: {mode: 'non-root', user: {uid: 1500, gid: 1500, name: 'influxdb3'}, source: `useradd --uid 1500 and USER influxdb3 in ${INFLUX3}`},
  ports: {listens: [8181], source: INFLUX3},
  writes: {data: ['/var/lib/influxdb3'], scratch: [], complete: false, source: hubDocs('influxdb')},
  resources: {class: 'database', source: hubDocs('influxdb')},
  variants: [
    {
      name: '2.x',
      tag: '^2(\\.|$|-)',
      set: {
        runAs: {
          mode: 'steps-down',
          via: 'gosu',
          user: {uid: 1000, gid: 1000, name: 'influxdb'},
          caps: STEP_DOWN_CAPS,
          source: `useradd --uid=1000 and gosu in ${INFLUX2}`,
        },
        ports: {listens: [8086], source: INFLUX2},
        writes: {data: ['/var/lib/influxdb2', '/etc/influxdb2'], scratch: [], complete: false, source: `VOLUME /var/lib/influxdb2 /etc/influxdb2 in ${INFLUX2}`},
        secrets: {
          fileVariables: [{names: ['DOCKER_INFLUXDB_INIT_PASSWORD', 'DOCKER_INFLUXDB_INIT_USERNAME', 'DOCKER_INFLUXDB_INIT_ADMIN_TOKEN'], form: FILE_SUFFIX}],
          noFileVariant: [],
          source: gh('influxdata/influxdata-docker', 'influxdb/2.7/entrypoint.sh'),
        },
      },
    },
    {
      // 1.x images differ by minor version (1.8 runs as root, 1.11 as influxdb 1500): not known in general.
      name: '1.x',
      tag: '^1(\\.|$|-)',
      set: {runAs: undefined, ports: {listens: [8086], source: gh('influxdata/influxdata-docker', 'influxdb/1.11/Dockerfile')}, writes: {data: ['/var/lib/influxdb'], scratch: [], complete: false, source: gh('influxdata/influxdata-docker', 'influxdb/1.11/Dockerfile')}},
    },
  ],
  sources: [INFLUX3, INFLUX2],
};

const NEO4J_DOCKERFILE = gh('neo4j/docker-neo4j-publish', '2026.06.0/trixie/community/Dockerfile');
const NEO4J_ENTRYPOINT = gh('neo4j/docker-neo4j-publish', '2026.06.0/trixie/community/local-package/docker-entrypoint.sh');

export const neo4j: ImageProfile = {
  id: 'neo4j',
  title: 'Neo4j (official image)',
  category: 'database',
  match: {repos: ['neo4j']},
  runAs: entrypointStepDown('su-exec', {uid: 7474, gid: 7474, name: 'neo4j'}, `groupadd --gid 7474 / useradd --uid 7474 and su-exec in ${NEO4J_DOCKERFILE}; "Running as user … inside neo4j image" when not root in ${NEO4J_ENTRYPOINT}`),
  ports: {listens: [7474, 7473, 7687], source: NEO4J_DOCKERFILE},
  writes: {data: ['/data', '/logs'], scratch: [], complete: false, source: `VOLUME /data /logs in ${NEO4J_DOCKERFILE}`},
  secrets: {fileVariables: [{pattern: '^NEO4J_', form: FILE_SUFFIX}], noFileVariant: [], source: `"suffixed with _FILE and prefixed by the name of the env var they should override" (NEO4J_* only) in ${NEO4J_ENTRYPOINT}`},
  resources: {class: 'jvm', heapEnv: ['NEO4J_server_memory_heap_max__size', 'NEO4J_dbms_memory_heap_max__size'], source: 'https://neo4j.com/docs/operations-manual/current/docker/configuration/'},
  sources: [NEO4J_DOCKERFILE, NEO4J_ENTRYPOINT],
};

const COCKROACH_DOCKERFILE = gh('cockroachdb/cockroach', 'build/deploy/Dockerfile');

export const cockroach: ImageProfile = {
  id: 'cockroach',
  title: 'CockroachDB',
  category: 'database',
  match: {repos: ['cockroachdb/cockroach']},
  runAs: {mode: 'root', source: `no USER in ${COCKROACH_DOCKERFILE}`},
  ports: {listens: [26257, 8080], source: COCKROACH_DOCKERFILE},
  writes: {data: ['/cockroach/cockroach-data'], scratch: [], complete: false, source: `WORKDIR /cockroach/ in ${COCKROACH_DOCKERFILE} (the default store is cockroach-data under it)`},
  resources: {class: 'database', source: COCKROACH_DOCKERFILE},
  sources: [COCKROACH_DOCKERFILE],
};

export const DATABASES: ImageProfile[] = [
  postgres, timescaledb, mysql, percona, mariadb, mongo, redis, valkey, memcached, cassandra, elasticsearch, opensearch, clickhouse, couchdb, influxdb,
  neo4j, cockroach,
];
