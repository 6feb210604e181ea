import {defineRule} from '../../core/rule.js';
import {asRecord} from '../../formats/yaml/nodes.js';
import {PSS_DOC, podManifest, securityContexts, siteFinding, templatesOf, type K8sSource} from './common.js';

const docs = `## What it does
Reports a pod or container with \`securityContext.windowsOptions.hostProcess: true\`: a Windows
HostProcess container.

## Why it matters
A HostProcess container runs directly on the Windows node, as a node user, in the node's network,
with access to its file system: it is a process of the host, not a container. The Baseline Pod
Security Standard forbids it; it belongs only in a namespace for node agents that is labelled
\`privileged\`.

## Example
\`\`\`yaml
apiVersion: v1
kind: Pod
metadata:
  name: node-agent
spec:
  hostNetwork: true
  securityContext:
    windowsOptions:
      hostProcess: true
      runAsUserName: "NT AUTHORITY\\\\SYSTEM"
  containers:
    - name: agent
      image: ghcr.io/acme/agent:1.4.2
\`\`\`

## Use instead
${podManifest([], [])}

## Fix safety
No automatic fix: a HostProcess container exists to act on the node, and without it the agent stops
working (removing \`hostProcess\` alone also leaves \`hostNetwork: true\` behind, which only a
HostProcess pod may keep). Run it in a namespace of its own labelled
\`pod-security.kubernetes.io/enforce: privileged\`, or do the work without node access.
`;

export const k321HostProcess = defineRule({
  id: 'K321',
  name: 'host-process',
  kind: 'kubernetes',
  severity: 'high',
  title: 'Windows HostProcess container',
  docs,
  references: [],
  links: {
    'Pod Security Standards: HostProcess': PSS_DOC,
    'Create a Windows HostProcess Pod': 'https://kubernetes.io/docs/tasks/configure-pod-container/create-hostprocess-pod/',
  },
  controls: ['pss:baseline/hostprocess', 'cis-k8s:5.2.10'],
  fix: null,
  *check(source: K8sSource, ctx) {
    for (const t of templatesOf(source, ctx)) {
      const advice = 'Keep node agents in a namespace of their own labelled pod-security.kubernetes.io/enforce: privileged, or do the work without node access.';
      for (const site of securityContexts(t)) {
        if (asRecord(site.values.windowsOptions).hostProcess !== true) continue;
        const message = {
          container: `${site.locator} is a Windows HostProcess container: a process of the node, not a container`,
          pod: `${site.locator} runs as a Windows HostProcess pod: its containers are processes of the node`,
        };
        yield siteFinding(site, 'hostProcess', message, {advice});
      }
    }
  },
});
