import {isMap, isSeq} from 'yaml';
import {defineRule} from '../../core/rule.js';
import {templateRange} from '../../formats/yaml/kubernetes.js';
import {asRecord, deref, ownPair} from '../../formats/yaml/nodes.js';
import {PSS_DOC, podManifest, templatesOf, type K8sSource} from './common.js';
import {nodeAgentOf} from './workload.js';

const SENSITIVE = /^\/(?:$|etc|proc|sys|boot|root|dev|var\/lib\/(?:docker|kubelet|containerd)|var\/run|run|usr|bin|sbin|lib|home)(?:\/|$)/;

const docs = `## What it does
Reports every \`hostPath\` volume of a pod template, saying whether it is the container runtime
socket, a sensitive directory of the node, or writable.

## Why it matters
A \`hostPath\` volume gives the pod a piece of the node's filesystem: the Docker or containerd
socket is root on the node, \`/etc\`, \`/var/lib/kubelet\` or \`/proc\` expose credentials and let
it change the node, and any writable host path lets it leave files behind for other pods. The
Baseline Pod Security Standard forbids \`hostPath\`.

## Example
${podManifest(['volumes:', '  - name: docker', '    hostPath:', '      path: /var/run/docker.sock'], ['volumeMounts:', '  - name: docker', '    mountPath: /var/run/docker.sock'])}

## Use instead
${podManifest(['volumes:', '  - name: data', '    persistentVolumeClaim:', '      claimName: api-data'], ['volumeMounts:', '  - name: data', '    mountPath: /data'])}

## Fix safety
No automatic fix: what replaces a host path depends on why it is there. Use a PersistentVolumeClaim
or \`emptyDir\` for data, a ConfigMap/Secret for configuration, the Kubernetes API instead of the
runtime socket; a node agent that must read the node mounts it \`readOnly: true\` in a namespace
labelled for it.
`;

export const k309HostPath = defineRule({
  id: 'K309',
  name: 'host-path',
  kind: 'kubernetes',
  severity: 'high',
  title: 'Pod mounts a host path',
  docs,
  references: ['kics:a6f34658-fdfb-4154-9536-56d516f65828', 'kube-linter:docker-sock', 'kube-linter:sensitive-host-mounts', 'trivy:AVD-KSV-0023'],
  links: {
    'Pod Security Standards: HostPath Volumes': PSS_DOC,
    'hostPath': 'https://kubernetes.io/docs/concepts/storage/volumes/#hostpath',
  },
  controls: ['pss:baseline/hostpath-volumes', 'pss:restricted/volume-types', 'cis-k8s:5.2.11'],
  fix: null,
  *check(source: K8sSource, ctx) {
    for (const t of templatesOf(source, ctx)) {
      const agent = nodeAgentOf(t, ctx.project);
      const pair = ownPair(t.spec, 'volumes');
      const seq = pair ? deref(pair.value, t.object.doc) : null;
      const volumes = Array.isArray(t.specValue.volumes) ? t.specValue.volumes.map(asRecord) : [];
      for (const [i, v] of volumes.entries()) {
        if (v.hostPath === undefined) continue;
        const path = String(asRecord(v.hostPath).path ?? '');
        const name = String(v.name ?? i);
        const writable = t.containers.some((c) =>
          (Array.isArray(c.value.volumeMounts) ? c.value.volumeMounts : []).some((m) => asRecord(m).name === v.name && asRecord(m).readOnly !== true),
        );
        const kind = /(docker|containerd|crio|cri-dockerd)\.sock$/.test(path)
          ? 'the container runtime socket (root on the node)'
          : SENSITIVE.test(path)
            ? 'a sensitive directory of the node'
            : writable
              ? 'a writable directory of the node'
              : 'a directory of the node';
        const node = isSeq(seq) ? deref(seq.items[i] as never, t.object.doc) : null;
        const r = isMap(node) && node.range ? {start: node.range[0], end: node.range[1]} : templateRange(t);
        const message = `${t.locator} mounts ${path || 'a host path'} from the node (${kind}); a compromised container can read or change the node through it`;
        yield {
          start: r.start,
          end: r.start,
          locator: `${t.locator} > volumes[${name}]`,
          message: agent ? `${message}. It is a node agent (${agent.why}), so reading the node is its purpose` : message,
          advice: agent
            ? `Keep it${writable ? ', mounted readOnly: true unless the agent writes there' : ''}, and run the agent in a namespace of its own that enforces the privileged level.`
            : 'Replace it with a PersistentVolumeClaim or emptyDir (data), a ConfigMap/Secret (configuration) or the Kubernetes API (instead of the runtime socket); a node agent that must read the node mounts it readOnly: true.',
          ...(agent ? {certainty: agent.certainty} : {}),
          fix: null,
        };
      }
    }
  },
});
