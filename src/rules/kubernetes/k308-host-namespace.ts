import {isMap, isSeq} from 'yaml';
import type {Edit} from '../../core/model.js';
import {defineRule} from '../../core/rule.js';
import {removeKey} from '../../formats/yaml/edit.js';
import {keyRange, templateRange} from '../../formats/yaml/kubernetes.js';
import {asRecord, deref, ownPair} from '../../formats/yaml/nodes.js';
import {PSS_DOC, isFixable, podManifest, templatesOf, type K8sSource} from './common.js';

const KEYS = ['hostNetwork', 'hostPID', 'hostIPC'] as const;

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
Unsafe: node agents (CNI, monitoring, log collectors) may need them. The fix removes
\`hostNetwork\`/\`hostPID\`/\`hostIPC: true\` and the \`hostPort\` of container ports; publish the
pod through a Service instead.
`;

/** `hostPort 80 on web`, `hostPorts 80, 443 on controller`: each container named once. */
function hostPortsByContainer(hostPorts: readonly {c: {name: string}; port: unknown}[]): string[] {
  const ports = new Map<string, string[]>();
  for (const {c, port} of hostPorts) (ports.get(c.name) ?? ports.set(c.name, []).get(c.name)!).push(String(port));
  return [...ports].map(([name, list]) => `${list.length === 1 ? 'hostPort' : 'hostPorts'} ${list.join(', ')} on ${name}`);
}

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
  fix: 'unsafe',
  *check(source: K8sSource, ctx) {
    for (const t of templatesOf(source, ctx)) {
      const set = KEYS.filter((k) => t.specValue[k] === true);
      const hostPorts = t.containers.flatMap((c) =>
        (Array.isArray(c.value.ports) ? c.value.ports : []).flatMap((p, i) => {
          const hp = asRecord(p).hostPort;
          return hp !== undefined && hp !== null && hp !== 0 ? [{c, i, port: hp}] : [];
        }),
      );
      if (set.length === 0 && hostPorts.length === 0) continue;
      const what = [...set.map((k) => `${k}: true`), ...hostPortsByContainer(hostPorts)].join(', ');
      const why = [
        ...(set.length > 0 ? ["it shares the node's network, processes or memory with the pod"] : []),
        ...(hostPorts.length > 0 ? [`${set.length > 0 ? 'a hostPort' : 'it'} binds a port of the node itself, so two replicas cannot run on one node`] : []),
      ].join('; ');
      const range = set.length > 0 ? keyRange(t.spec, set[0]!) : templateRange(t);
      yield {
        ...range,
        locator: t.locator,
        message: `${t.locator} uses ${what}; ${why}. Remove it`,
        fix: isFixable(t)
          ? {
              title: 'Remove host namespaces and host ports',
              safety: 'unsafe' as const,
              params: [],
              risk: 'Node agents that need the host network or processes stop working; traffic must go through a Service.',
              edits: () => {
                const edits: Edit[] = [];
                for (const k of set) edits.push(...removeKey(source, t.spec, k));
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
