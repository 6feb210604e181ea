/** Metrics, logs and traces: servers, collectors and the node agents that feed them. */
import type {ImageProfile} from '../types.js';
import {gh, hubDocs} from './common.js';

const GRAFANA_DOCKERFILE = gh('grafana/grafana', 'Dockerfile');
const GRAFANA_DOCS = 'https://grafana.com/docs/grafana/latest/setup-grafana/installation/docker/';

export const grafana: ImageProfile = {
  id: 'grafana',
  title: 'Grafana',
  category: 'monitoring',
  match: {repos: ['grafana/grafana', 'grafana/grafana-oss', 'grafana/grafana-enterprise']},
  runAs: {mode: 'non-root', user: {uid: 472, gid: 0, name: 'grafana'}, source: `ARG GF_UID="472" / GF_GID="0" and USER "$GF_UID" in ${GRAFANA_DOCKERFILE}; ${GRAFANA_DOCS}`},
  ports: {listens: [3000], source: GRAFANA_DOCKERFILE},
  writes: {data: ['/var/lib/grafana'], scratch: ['/var/log/grafana'], complete: false, source: `GF_PATHS_DATA and GF_PATHS_LOGS in ${GRAFANA_DOCKERFILE}`},
  secrets: {
    fileVariables: [{pattern: '^GF_', form: '{name}__FILE'}],
    noFileVariant: [],
    source: 'GF_<SECTION>_<KEY>__FILE in https://grafana.com/docs/grafana/latest/setup-grafana/configure-docker/',
  },
  resources: {class: 'small', source: GRAFANA_DOCS},
  sources: [GRAFANA_DOCKERFILE, GRAFANA_DOCS],
};

const PROMETHEUS_DOCKERFILE = gh('prometheus/prometheus', 'Dockerfile');

/** The Prometheus project's images run as `nobody` of their busybox base: 65534. */
const NOBODY = {uid: 65534, gid: 65534, name: 'nobody'};

export const prometheus: ImageProfile = {
  id: 'prometheus',
  title: 'Prometheus',
  category: 'monitoring',
  match: {repos: ['prom/prometheus', 'quay.io/prometheus/prometheus']},
  runAs: {mode: 'non-root', user: NOBODY, source: `USER nobody (FROM quay.io/prometheus/busybox) in ${PROMETHEUS_DOCKERFILE}`},
  ports: {listens: [9090], source: PROMETHEUS_DOCKERFILE},
  writes: {data: ['/prometheus'], scratch: [], complete: false, source: `VOLUME [ "/prometheus" ] in ${PROMETHEUS_DOCKERFILE}`},
  resources: {class: 'database', source: PROMETHEUS_DOCKERFILE},
  sources: [PROMETHEUS_DOCKERFILE],
};

const ALERTMANAGER_DOCKERFILE = gh('prometheus/alertmanager', 'Dockerfile');

export const alertmanager: ImageProfile = {
  id: 'alertmanager',
  title: 'Prometheus Alertmanager',
  category: 'monitoring',
  match: {repos: ['prom/alertmanager', 'quay.io/prometheus/alertmanager']},
  runAs: {mode: 'non-root', user: NOBODY, source: `USER nobody in ${ALERTMANAGER_DOCKERFILE}`},
  ports: {listens: [9093], source: ALERTMANAGER_DOCKERFILE},
  writes: {data: ['/alertmanager'], scratch: [], complete: false, source: `VOLUME [ "/alertmanager" ] in ${ALERTMANAGER_DOCKERFILE}`},
  resources: {class: 'small', source: ALERTMANAGER_DOCKERFILE},
  sources: [ALERTMANAGER_DOCKERFILE],
};

const NODE_EXPORTER_DOCKERFILE = gh('prometheus/node_exporter', 'Dockerfile');
const NODE_EXPORTER_README = gh('prometheus/node_exporter', 'README.md');

export const nodeExporter: ImageProfile = {
  id: 'node-exporter',
  title: 'Prometheus node exporter',
  category: 'node-agent',
  match: {repos: ['prom/node-exporter', 'quay.io/prometheus/node-exporter']},
  runAs: {mode: 'non-root', user: NOBODY, source: `USER nobody in ${NODE_EXPORTER_DOCKERFILE}`},
  ports: {listens: [9100], source: NODE_EXPORTER_DOCKERFILE},
  writes: {data: [], scratch: [], complete: true, source: 'readOnlyRootFilesystem: true in kube-prometheus manifests/nodeExporter-daemonset.yaml (https://github.com/prometheus-operator/kube-prometheus)'},
  resources: {class: 'agent', source: NODE_EXPORTER_README},
  nodeAgent: {
    hostNetwork: true,
    hostPID: true,
    hostPaths: ['/', '/sys'],
    caps: ['SYS_TIME'],
    source: `--net="host" --pid="host" -v "/:/host:ro,rslave" in ${NODE_EXPORTER_README}; hostNetwork, hostPID, /sys and / and SYS_TIME in kube-prometheus manifests/nodeExporter-daemonset.yaml`,
  },
  sources: [NODE_EXPORTER_DOCKERFILE, NODE_EXPORTER_README],
};

const CADVISOR_RUNNING = gh('google/cadvisor', 'docs/running.md');

export const cadvisor: ImageProfile = {
  id: 'cadvisor',
  title: 'cAdvisor',
  category: 'node-agent',
  match: {repos: ['gcr.io/cadvisor/cadvisor', 'ghcr.io/google/cadvisor', 'google/cadvisor']},
  runAs: {mode: 'root', source: `no USER in ${gh('google/cadvisor', 'deploy/Dockerfile')}`},
  ports: {listens: [8080], source: gh('google/cadvisor', 'deploy/Dockerfile')},
  resources: {class: 'agent', source: CADVISOR_RUNNING},
  nodeAgent: {
    hostPaths: ['/', '/var/run', '/sys', '/var/lib/docker', '/dev/disk'],
    privileged: true,
    source: `volumes /:/rootfs, /var/run, /sys, /var/lib/docker, /dev/disk and "--privileged=true … in order for cAdvisor to monitor Docker containers" in ${CADVISOR_RUNNING}`,
  },
  sources: [CADVISOR_RUNNING],
};

const LOKI_DOCKERFILE = gh('grafana/loki', 'cmd/loki/Dockerfile');

export const loki: ImageProfile = {
  id: 'loki',
  title: 'Grafana Loki',
  category: 'monitoring',
  match: {repos: ['grafana/loki']},
  runAs: {mode: 'non-root', user: {uid: 10001, gid: 10001, name: 'loki'}, source: `adduser --uid 10001 and USER 10001 in ${LOKI_DOCKERFILE}`},
  ports: {listens: [3100], source: LOKI_DOCKERFILE},
  writes: {data: ['/loki'], scratch: [], complete: false, source: `chown 10001:10001 /loki in ${LOKI_DOCKERFILE}`},
  resources: {class: 'database', source: LOKI_DOCKERFILE},
  sources: [LOKI_DOCKERFILE],
};

const PROMTAIL_DOCS = 'https://grafana.com/docs/loki/latest/send-data/promtail/installation/';

export const promtail: ImageProfile = {
  id: 'promtail',
  title: 'Grafana Promtail',
  category: 'node-agent',
  match: {repos: ['grafana/promtail']},
  runAs: {mode: 'root', source: `clients/cmd/promtail/Dockerfile of https://github.com/grafana/loki: FROM debian without USER ("requires debian as the base image to support systemd journal reading")`},
  writes: {data: ['/tmp'], scratch: [], complete: false, source: 'positions.filename (what was already shipped) defaults to /tmp/positions.yaml (https://grafana.com/docs/loki/latest/send-data/promtail/configuration/): keep it across restarts'},
  resources: {class: 'agent', source: PROMTAIL_DOCS},
  nodeAgent: {
    hostPaths: ['/var/log', '/var/lib/docker/containers'],
    source: `the DaemonSet in ${PROMTAIL_DOCS}; hostPath /var/lib/docker/containers, /var/log/pods and privileged: true in operator/hack/addons_dev.yaml of https://github.com/grafana/loki`,
  },
  sources: [PROMTAIL_DOCS],
};

const JAEGER_DOCKERFILE = gh('jaegertracing/jaeger', 'cmd/jaeger/Dockerfile');

export const jaeger: ImageProfile = {
  id: 'jaeger',
  title: 'Jaeger',
  category: 'monitoring',
  match: {repos: ['jaegertracing/all-in-one', 'jaegertracing/jaeger']},
  runAs: {mode: 'non-root', user: {uid: 10001, gid: null, name: null}, source: `ARG USER_UID=10001 and USER \${USER_UID} in ${JAEGER_DOCKERFILE} (and cmd/all-in-one/Dockerfile before it)`},
  ports: {listens: [4317, 4318, 5778, 9411, 14250, 14268, 16686], source: JAEGER_DOCKERFILE},
  writes: {data: [], scratch: ['/tmp'], complete: false, source: `VOLUME ["/tmp"] in ${JAEGER_DOCKERFILE}`},
  resources: {class: 'small', source: JAEGER_DOCKERFILE},
  sources: [JAEGER_DOCKERFILE],
};

const ZIPKIN_DOCKERFILE = gh('openzipkin/zipkin', 'docker/Dockerfile');
const ZIPKIN_README = gh('openzipkin/zipkin', 'docker/README.md');

export const zipkin: ImageProfile = {
  id: 'zipkin',
  title: 'Zipkin',
  category: 'jvm',
  match: {repos: ['openzipkin/zipkin', 'openzipkin/zipkin-slim', 'ghcr.io/openzipkin/zipkin', 'ghcr.io/openzipkin/zipkin-slim']},
  runAs: {mode: 'non-root', user: {uid: null, gid: null, name: 'zipkin'}, source: `adduser zipkin and USER zipkin in ${ZIPKIN_DOCKERFILE}; "run under a nologin user named 'zipkin'" in ${ZIPKIN_README}`},
  ports: {listens: [9410, 9411], source: ZIPKIN_DOCKERFILE},
  resources: {class: 'jvm', heapEnv: ['JAVA_OPTS'], source: `"JAVA_OPTS: Use to set java arguments, such as heap size" in ${ZIPKIN_README}`},
  sources: [ZIPKIN_DOCKERFILE, ZIPKIN_README],
};

const OTEL_DOCKERFILE = gh('open-telemetry/opentelemetry-collector-releases', 'distributions/otelcol-contrib/Dockerfile');
const OTEL_RELEASES = 'ghcr.io/open-telemetry/opentelemetry-collector-releases/';

export const otelCollector: ImageProfile = {
  id: 'otel-collector',
  title: 'OpenTelemetry Collector',
  category: 'monitoring',
  match: {
    repos: [
      'otel/opentelemetry-collector', 'otel/opentelemetry-collector-contrib', 'otel/opentelemetry-collector-k8s',
      `${OTEL_RELEASES}opentelemetry-collector`, `${OTEL_RELEASES}opentelemetry-collector-contrib`, `${OTEL_RELEASES}opentelemetry-collector-k8s`,
    ],
  },
  runAs: {mode: 'non-root', user: {uid: 10001, gid: 10001, name: null}, source: `ARG USER_UID=10001 / USER_GID=10001 and USER in ${OTEL_DOCKERFILE}`},
  ports: {listens: [4317, 4318, 55679], source: OTEL_DOCKERFILE},
  writes: {data: [], scratch: [], complete: false, source: OTEL_DOCKERFILE},
  resources: {class: 'small', source: OTEL_DOCKERFILE},
  sources: [OTEL_DOCKERFILE],
};

const FLUENTD_DOCKERFILE = gh('fluent/fluentd-docker-image', 'v1.19/debian/Dockerfile');

export const fluentd: ImageProfile = {
  id: 'fluentd',
  title: 'Fluentd',
  category: 'monitoring',
  match: {repos: ['fluent/fluentd', 'fluentd']},
  runAs: {mode: 'non-root', user: {uid: null, gid: null, name: 'fluent'}, source: `useradd -r fluent and USER fluent in ${FLUENTD_DOCKERFILE}`},
  ports: {listens: [24224, 5140], source: FLUENTD_DOCKERFILE},
  resources: {class: 'small', source: hubDocs('fluentd')},
  sources: [FLUENTD_DOCKERFILE],
};

const FLUENT_BIT_K8S = 'https://docs.fluentbit.io/manual/installation/kubernetes';

export const fluentBit: ImageProfile = {
  id: 'fluent-bit',
  title: 'Fluent Bit',
  category: 'node-agent',
  match: {repos: ['fluent/fluent-bit', 'cr.fluentbit.io/fluent/fluent-bit']},
  resources: {class: 'agent', source: FLUENT_BIT_K8S},
  nodeAgent: {hostPaths: ['/var/log'], source: `the DaemonSet reads the nodes' /var/log (${FLUENT_BIT_K8S})`},
  sources: [FLUENT_BIT_K8S],
};

const TELEGRAF_DOCKERFILE = gh('influxdata/influxdata-docker', 'telegraf/1.39/Dockerfile');
const TELEGRAF_ENTRYPOINT = gh('influxdata/influxdata-docker', 'telegraf/1.39/entrypoint.sh');

export const telegraf: ImageProfile = {
  id: 'telegraf',
  title: 'Telegraf (official image)',
  category: 'monitoring',
  match: {repos: ['telegraf']},
  runAs: {
    mode: 'steps-down',
    via: 'setpriv',
    user: {uid: null, gid: null, name: 'telegraf'},
    caps: ['SETFCAP', 'SETGID', 'SETUID'],
    acceptsOwnUser: true,
    source: `setcap cap_net_raw,cap_net_bind_service on the binary, then setpriv --reuid telegraf, only when started as root (${TELEGRAF_ENTRYPOINT})`,
  },
  ports: {listens: [8092, 8094, 8125], source: TELEGRAF_DOCKERFILE},
  resources: {class: 'small', source: hubDocs('telegraf')},
  sources: [TELEGRAF_DOCKERFILE, TELEGRAF_ENTRYPOINT, hubDocs('telegraf')],
};

const VECTOR_DOCKERFILE = gh('vectordotdev/vector', 'distribution/docker/debian/Dockerfile');

export const vector: ImageProfile = {
  id: 'vector',
  title: 'Vector',
  category: 'monitoring',
  match: {repos: ['timberio/vector']},
  writes: {data: ['/var/lib/vector'], scratch: [], complete: false, source: `chown of /etc/vector and /var/lib/vector (the default data_dir) in ${VECTOR_DOCKERFILE}`},
  resources: {class: 'small', source: 'https://vector.dev/docs/setup/installation/platforms/docker/'},
  sources: [VECTOR_DOCKERFILE],
};

export const MONITORING: ImageProfile[] = [grafana, prometheus, alertmanager, nodeExporter, cadvisor, loki, promtail, jaeger, zipkin, otelCollector, fluentd, fluentBit, telegraf, vector];
