import {isMap, isSeq} from 'yaml';
import type {Edit} from '../../core/model.js';
import {defineRule} from '../../core/rule.js';
import {removeKey} from '../../formats/yaml/edit.js';
import {keyRange, templateRange} from '../../formats/yaml/kubernetes.js';
import {asRecord, deref, ownPair} from '../../formats/yaml/nodes.js';
import type {FixParam} from '../../core/model.js';
import {askFirst, valueOf} from '../../core/params.js';
import type {Project} from '../../core/project.js';
import type {PodTemplate} from '../../formats/yaml/kubernetes.js';
import {PSS_DOC, isFixable, podManifest, templatesOf, usesHostProcess, type K8sSource} from './common.js';
import {clusterIndex, valueOfObject} from './namespaces.js';
import {nodeAgentOf} from './workload.js';

const KEYS = ['hostNetwork', 'hostPID', 'hostIPC'] as const;

const SHARED: Record<(typeof KEYS)[number], string> = {hostNetwork: "the node's network", hostPID: "the node's processes", hostIPC: "the node's shared memory"};

/** What the settings give the pod, once each: `the pod shares the node's network, and the node's port 80 leads to it`. */
function effectOf(set: readonly (typeof KEYS)[number][], hostPorts: readonly string[]): string {
  const parts: string[] = [];
  if (set.length > 0) parts.push(`the pod shares ${set.map((k) => SHARED[k]).join(', ').replace(/, ([^,]*)$/, ' and $1')}`);
  if (hostPorts.length > 0) parts.push(hostPorts.length === 1 ? `the node's port ${hostPorts[0]} leads to it` : `the node's ports ${hostPorts.join(', ')} lead to it`);
  return parts.join(', and ');
}

interface ServiceSelector {
  name: string;
  namespace: string | null;
  selector: Record<string, unknown>;
}

/** Every v1 Service of the repository with a selector, read once per project. */
function servicesOf(project: Project): ServiceSelector[] {
  const index = clusterIndex(project);
  return index.objects.flatMap((o) => {
    if (o.kind !== 'Service' || o.apiVersion !== 'v1') return [];
    const selector = asRecord(asRecord(valueOfObject(o).spec).selector);
    return Object.keys(selector).length > 0 ? [{name: o.name, namespace: index.namespaceOf(o), selector}] : [];
  });
}

/** The name of a Service of the repository (same namespace, where known) that selects the pod template's labels, or null. */
function serviceOf(project: Project, t: PodTemplate): string | null {
  const labels = asRecord(t.metadataValue.labels);
  const ns = clusterIndex(project).namespaceOf(t.object);
  const found = project.memo(servicesOf).find((svc) => {
    if (ns !== null && svc.namespace !== null && ns !== svc.namespace) return false;
    return Object.keys(svc.selector).every((k) => String(labels[k]) === String(svc.selector[k]));
  });
  return found ? found.name : null;
}
const docs = `## What it does
Reports a pod template with \`hostNetwork\`, \`hostPID\` or \`hostIPC\` set to \`true\`, or a
container port with a \`hostPort\`.

## Why it matters
A pod in the host's network namespace sees every interface of the node and can bind its ports; in
the host PID namespace it sees (and can signal or trace) every process of the node; in the host IPC
namespace it can read shared memory of other workloads. A \`hostPort\` exposes the pod on the node's
address. The Baseline Pod Security Standard forbids all of them.

## Example
${podManifest(['hostNetwork: true'], [])}

## Use instead
${podManifest([], [])}

## Fix safety
Unsafe: a pod that is reached on the node's address stops being reachable there. The fix removes
\`hostNetwork\`/\`hostPID\`/\`hostIPC: true\` and the \`hostPort\` of container ports; publish the pod
through a Service instead. \`hostNetwork\` and \`hostPort\` are how clients reach a pod on the node's
own ports (kind's port mappings, a bare-metal ingress), so their removal waits for a person to
confirm it (parameter \`removeHostAccess\`). Node agents keep them (a DaemonSet whose image profile is
a node agent — node-exporter, log shippers, CNI, monitoring agents — or that uses host namespaces or
host paths of the node): the finding says so and gives advice.
`;

export const k308HostNamespace = defineRule({
  id: 'K308',
  name: 'host-namespace',
  kind: 'kubernetes',
  severity: 'high',
  title: 'Pod shares a host namespace or port',
  docs,
  references: [
    'checkov:CKV_K8S_17', 'checkov:CKV_K8S_18', 'checkov:CKV_K8S_19',
    'kics:6b6bdfb3-c3ae-44cb-88e4-7405c1ba2c8a', 'kics:302736f4-b16c-41b8-befe-c0baffa0bd9d', 'kics:cd290efd-6c82-4e9d-a698-be12ae31d536',
    'kube-linter:host-network', 'kube-linter:host-pid', 'kube-linter:host-ipc',
  ],
  links: {
    'Pod Security Standards: Host Namespaces, Host Ports': PSS_DOC,
  },
  controls: ['pss:baseline/host-namespaces', 'pss:baseline/host-ports', 'nsa:1.3', 'nsa:1.4', 'nsa:1.5', 'cis-k8s:5.2.3', 'cis-k8s:5.2.4', 'cis-k8s:5.2.5', 'cis-k8s:5.2.12'],
  fix: 'unsafe',
  needsInput: true,
  *check(source: K8sSource, ctx) {
    for (const t of templatesOf(source, ctx)) {
      const set = KEYS.filter((k) => t.specValue[k] === true);
      const hostPorts = t.containers.flatMap((c) =>
        (Array.isArray(c.value.ports) ? c.value.ports : []).flatMap((p, i) => {
          const hp = asRecord(p).hostPort;
          return hp !== undefined && hp !== null && hp !== 0 ? [{c, i}] : [];
        }),
      );
      if (set.length === 0 && hostPorts.length === 0) continue;
      // A HostProcess pod must keep hostNetwork (the API rejects it otherwise); K321 reports the HostProcess.
      const removable = usesHostProcess(t) ? set.filter((k) => k !== 'hostNetwork') : set;
      // One mention per container: `hostPorts 80, 443 on controller`, not a hostPort per port.
      const portsOn = new Map<string, string[]>();
      for (const {c, i} of hostPorts) (portsOn.get(c.name) ?? portsOn.set(c.name, []).get(c.name)!).push(String(asRecord((c.value.ports as unknown[])[i]).hostPort));
      const portText = [...portsOn].map(([name, ports]) => `${ports.length === 1 ? 'a hostPort' : 'hostPorts'} ${ports.join(', ')} on ${name}`);
      const what = [...set.map((k) => `${k}: true`), ...portText].join(', ');
      const effect = effectOf(set, [...portsOn.values()].flat());
      const range = set.length > 0 ? keyRange(t.spec, set[0]!) : templateRange(t);
      const agent = nodeAgentOf(t, ctx.project);
      if (agent) {
        yield {
          ...range,
          locator: t.locator,
          message: `${t.locator} uses ${what}: ${effect}. It is a node agent (${agent.why}), so that is taken as its purpose`,
          advice: 'Keep them: a node agent reads the node through them. Run it in a namespace of its own that enforces the privileged level (K313 labels it so), and give it no more than it needs.',
          certainty: agent.certainty,
          fix: null,
        };
        continue;
      }
      // hostNetwork and hostPort are how clients reach a pod on the node's own ports (kind's extraPortMappings, bare-metal
      // ingress): written on purpose, so a person says whether they go. A Service in front keeps in-cluster traffic only.
      const reachedOnNode = set.includes('hostNetwork') || hostPorts.length > 0;
      const service = reachedOnNode ? serviceOf(ctx.project, t) : null;
      const keep: FixParam = {
        name: 'removeHostAccess',
        label: `Remove them (clients that use the node's ports lose the pod${service ? `; Service ${service} keeps in-cluster traffic` : ''})`,
        default: 'yes',
        choices: ['yes', 'no'],
      };
      yield {
        ...range,
        locator: t.locator,
        message: `${t.locator} uses ${what}: ${effect}. Remove ${set.length + hostPorts.length > 1 ? 'them' : 'it'}${reachedOnNode ? `. Whether clients reach it on the node's ports is not known${service ? ` (Service ${service} selects it, for traffic inside the cluster)` : ''}` : ''}`,
        ...(reachedOnNode ? {certainty: 'not-known' as const} : {}),
        ...(removable.length < set.length ? {advice: 'A Windows HostProcess pod needs hostNetwork: true; it stays until the pod stops being a HostProcess pod (K321).'} : {}),
        fix: isFixable(t) && removable.length + hostPorts.length > 0
          ? {
              title: 'Remove host namespaces and host ports',
              safety: 'unsafe' as const,
              ...askFirst(reachedOnNode, keep),
              risk: 'Node agents that need the host network or processes stop working; traffic must go through a Service.',
              edits: (params) => {
                const edits: Edit[] = [];
                if (reachedOnNode && valueOf(params, keep) !== 'yes') return edits;
                for (const k of removable) edits.push(...removeKey(source, t.spec, k));
                for (const {c, i} of hostPorts) {
                  if (c.shared) continue;
                  const portsPair = ownPair(c.node, 'ports');
                  const seq = portsPair ? deref(portsPair.value, t.object.doc) : null;
                  const item = isSeq(seq) ? deref(seq.items[i] as never, t.object.doc) : null;
                  if (isMap(item)) edits.push(...removeKey(source, item, 'hostPort'));
                }
                return edits;
              },
            }
          : null,
      };
    }
  },
});
