/**
 * Node agents whose purpose needs the host: networking (kube-proxy, CNI plugins) and host
 * monitoring, and the binfmt_misc installers multi-platform builds run. Their host namespaces and
 * host paths are not weaknesses to remove. (node-exporter, cAdvisor, Promtail and Fluent Bit are in
 * monitoring.ts.)
 */
import type {ImageProfile} from '../types.js';
import {gh} from './common.js';

const KUBE_PROXY_DOCS = 'https://kubernetes.io/docs/reference/command-line-tools-reference/kube-proxy/';

export const kubeProxy: ImageProfile = {
  id: 'kube-proxy',
  title: 'kube-proxy',
  category: 'node-agent',
  match: {repos: ['registry.k8s.io/kube-proxy', 'k8s.gcr.io/kube-proxy']},
  runAs: {mode: 'root', source: 'securityContext privileged: true in the kube-proxy DaemonSet of kubeadm (https://github.com/kubernetes/kubernetes/blob/master/cmd/kubeadm/app/phases/addons/proxy/manifests.go)'},
  resources: {class: 'agent', source: KUBE_PROXY_DOCS},
  nodeAgent: {
    hostNetwork: true,
    privileged: true,
    hostPaths: ['/lib/modules', '/run/xtables.lock'],
    source: 'hostNetwork: true, privileged: true, hostPath /lib/modules and /run/xtables.lock in the kube-proxy DaemonSet of kubeadm (https://github.com/kubernetes/kubernetes/blob/master/cmd/kubeadm/app/phases/addons/proxy/manifests.go)',
  },
  sources: [KUBE_PROXY_DOCS],
};

const CALICO_MANIFEST = 'https://github.com/projectcalico/calico/blob/master/charts/calico/templates/calico-node.yaml';

export const calicoNode: ImageProfile = {
  id: 'calico-node',
  title: 'Calico node',
  category: 'node-agent',
  match: {repos: ['calico/node', 'quay.io/calico/node']},
  runAs: {mode: 'root', source: `privileged: true in ${CALICO_MANIFEST}`},
  resources: {class: 'agent', source: CALICO_MANIFEST},
  nodeAgent: {
    hostNetwork: true,
    privileged: true,
    hostPaths: ['/lib/modules', '/var/run/calico', '/etc/cni/net.d'],
    source: `hostNetwork: true, privileged: true and the hostPath volumes of the calico-node DaemonSet in ${CALICO_MANIFEST}`,
  },
  sources: [CALICO_MANIFEST],
};

const CILIUM_CHART = 'https://github.com/cilium/cilium/blob/main/install/kubernetes/cilium/templates/cilium-agent/daemonset.yaml';

export const cilium: ImageProfile = {
  id: 'cilium',
  title: 'Cilium agent',
  category: 'node-agent',
  match: {repos: ['quay.io/cilium/cilium', 'cilium/cilium']},
  runAs: {mode: 'root', source: CILIUM_CHART},
  resources: {class: 'agent', source: CILIUM_CHART},
  nodeAgent: {
    hostNetwork: true,
    hostPaths: ['/sys/fs/bpf', '/var/run/cilium'],
    caps: ['CHOWN', 'KILL', 'NET_ADMIN', 'NET_RAW', 'IPC_LOCK', 'SYS_ADMIN', 'SYS_RESOURCE', 'DAC_OVERRIDE', 'FOWNER', 'SETGID', 'SETUID'],
    source: `hostNetwork, the hostPath volumes and securityContext.capabilities.ciliumAgent of ${CILIUM_CHART} (values.yaml of the same chart)`,
  },
  sources: [CILIUM_CHART],
};

const DATADOG_DAEMONSET = 'https://github.com/DataDog/datadog-agent/blob/main/Dockerfiles/manifests/cluster-agent/daemonset.yaml';

export const datadogAgent: ImageProfile = {
  id: 'datadog-agent',
  title: 'Datadog Agent',
  category: 'node-agent',
  match: {repos: ['datadog/agent', 'gcr.io/datadoghq/agent', 'public.ecr.aws/datadog/agent']},
  runAs: {mode: 'root', source: `runAsUser: 0 in ${DATADOG_DAEMONSET}`},
  resources: {class: 'agent', source: DATADOG_DAEMONSET},
  nodeAgent: {
    hostPID: true,
    hostPaths: ['/proc', '/sys/fs/cgroup', '/var/run/docker.sock'],
    source: `hostPID: true and the procdir, cgroups and docker socket hostPath volumes in ${DATADOG_DAEMONSET}; https://github.com/DataDog/datadog-agent/blob/ea7982569bdf0c62c8adf00e2c5b855cc266f71c/Dockerfiles/manifests/agent.yaml`,
  },
  sources: [DATADOG_DAEMONSET],
};

const TONISTIIGI_BINFMT = gh('tonistiigi/binfmt', 'README.md');
const QEMU_USER_STATIC = gh('multiarch/qemu-user-static', 'README.md');
const LINUXKIT_BINFMT = gh('linuxkit/linuxkit', 'pkg/binfmt/README.md');

/** Registers QEMU emulators in the host kernel's binfmt_misc: changing the host is its one job. */
export const binfmt: ImageProfile = {
  id: 'binfmt',
  title: 'binfmt_misc emulator installer',
  category: 'node-agent',
  match: {repos: ['tonistiigi/binfmt', 'multiarch/qemu-user-static', 'linuxkit/binfmt', 'docker/binfmt']},
  runAs: {mode: 'root', source: `\`docker run --privileged --rm tonistiigi/binfmt --install all\` in ${TONISTIIGI_BINFMT}`},
  resources: {class: 'agent', source: TONISTIIGI_BINFMT},
  nodeAgent: {
    privileged: true,
    source: `\`docker run --privileged --rm tonistiigi/binfmt --install all\` in ${TONISTIIGI_BINFMT}; \`docker run --rm --privileged multiarch/qemu-user-static --reset -p yes\` in ${QEMU_USER_STATIC}; ${LINUXKIT_BINFMT}`,
  },
  sources: [TONISTIIGI_BINFMT, QEMU_USER_STATIC, LINUXKIT_BINFMT],
};

export const AGENTS: ImageProfile[] = [kubeProxy, calicoNode, cilium, datadogAgent, binfmt];
