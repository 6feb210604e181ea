import {defineRule} from '../../core/rule.js';
import {keyRange, templateRange} from '../../formats/yaml/kubernetes.js';
import {getMap} from '../../formats/yaml/nodes.js';
import {deploymentManifest, templatesOf, type K8sSource} from './common.js';

/** Namespaces no application workload belongs in. */
const SYSTEM = new Set(['kube-system', 'kube-public', 'kube-node-lease']);

const docs = `## What it does
Reports a workload whose manifest places it in the \`default\` namespace, or in a namespace of the
cluster itself (\`kube-system\`, \`kube-public\`, \`kube-node-lease\`). A manifest without a namespace
is left alone: kustomize or \`kubectl -n\` decide it.

## Why it matters
Namespaces are the boundary that RBAC, network policies, quotas and Pod Security admission apply
to. In \`default\` a workload shares all of them with whatever else lands there; in \`kube-system\`
it sits next to the control plane's components, with their service accounts and their
exemptions from Pod Security admission.

## Example
${deploymentManifest([], {metadata: ['namespace: default']})}

## Use instead
${deploymentManifest([], {metadata: ['namespace: shop']})}

## Fix safety
No automatic fix: moving a workload to another namespace moves its Services, Secrets and
ConfigMaps and the names clients use. Create a namespace for the application and move its objects
together.
`;

export const k323SharedNamespace = defineRule({
  id: 'K323',
  name: 'shared-namespace',
  kind: 'kubernetes',
  severity: 'low',
  title: 'Workload in the default or a system namespace',
  docs,
  references: ['trivy:AVD-KSV-0037'],
  links: {'Namespaces': 'https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/'},
  controls: ['nsa:1.12', 'cis-k8s:5.6.1', 'cis-k8s:5.6.4'],
  fix: null,
  *check(source: K8sSource, ctx) {
    for (const t of templatesOf(source, ctx)) {
      const ns = t.object.namespace;
      if (ns !== 'default' && !SYSTEM.has(ns ?? '')) continue;
      const meta = getMap(t.object.doc, t.object.node, 'metadata');
      yield {
        ...(meta ? keyRange(meta, 'namespace') : templateRange(t)),
        locator: `${t.locator} > namespace`,
        message: ns === 'default'
          ? `${t.locator} runs in the default namespace, sharing its policies, quotas and service accounts with whatever else lands there`
          : `${t.locator} runs in ${ns}, among the cluster's own components and their exemptions`,
        advice: 'Create a namespace for the application (with Pod Security labels, a quota and network policies) and move its objects there together.',
      };
    }
  },
});
