import {defineRule} from '../../core/rule.js';
import {keyRange, objectsOf} from '../../formats/yaml/kubernetes.js';
import {getMap} from '../../formats/yaml/nodes.js';
import {clusterIndex} from './namespaces.js';
import type {K8sSource} from './common.js';

const docs = `## What it does
Reports a Namespace of the repository for which the repository has no NetworkPolicy (in that
namespace).

## Why it matters
Without a NetworkPolicy every pod of the namespace accepts traffic from every pod of the cluster
and can reach every other one: one compromised pod anywhere reaches the database here. A
default-deny policy plus the few allowed flows limits what a breach can reach.

## Example
\`\`\`yaml
apiVersion: v1
kind: Namespace
metadata:
  name: shop
\`\`\`

## Use instead
\`\`\`yaml
apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: shop
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
\`\`\`

## Fix safety
No automatic fix: a default-deny policy stops every flow not allowed next to it, and only you know
which flows the application needs (its ingress controller, its database, DNS). Write the
default-deny policy together with the policies that allow them; the cluster's network plugin must
enforce NetworkPolicies.
`;

export const k324NamespaceNetworkPolicy = defineRule({
  id: 'K324',
  name: 'namespace-network-policy',
  kind: 'kubernetes',
  severity: 'low',
  title: 'Namespace without a NetworkPolicy',
  docs,
  references: ['trivy:AVD-KSV-0038'],
  links: {'Network Policies': 'https://kubernetes.io/docs/concepts/services-networking/network-policies/'},
  controls: ['nsa:2.0', 'cis-k8s:5.3.2'],
  fix: null,
  *check(source: K8sSource, ctx) {
    const index = clusterIndex(ctx.project);
    for (const ns of objectsOf(source)) {
      if (ns.kind !== 'Namespace' || ns.apiVersion !== 'v1' || !ns.name) continue;
      if (index.objects.some((o) => o.kind === 'NetworkPolicy' && index.namespaceOf(o) === ns.name)) continue;
      const meta = getMap(ns.doc, ns.node, 'metadata');
      yield {
        ...(meta ? keyRange(meta, 'name') : keyRange(ns.node, 'kind')),
        locator: `${ns.locator} > network policy`,
        message: `Namespace ${ns.name} has no NetworkPolicy in the repository: its pods accept traffic from every pod of the cluster`,
        advice: 'Add a default-deny NetworkPolicy for the namespace together with policies for the flows the application needs.',
      };
    }
  },
});
