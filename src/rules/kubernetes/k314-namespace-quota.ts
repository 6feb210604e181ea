import {posix} from 'node:path';
import type {Edit} from '../../core/model.js';
import type {Project} from '../../core/project.js';
import {defineRule, param} from '../../core/rule.js';
import {keyRange, objectsOf} from '../../formats/yaml/kubernetes.js';
import {getMap} from '../../formats/yaml/nodes.js';
import {namespaceManifest, valueOf, type K8sSource} from './common.js';
import {allObjects} from './namespaces.js';

function quotaFile(ns: string, v: {cpu: string; memory: string; pods: string}): string {
  return [
    `# ResourceQuota for namespace ${ns}, written by shipshape (K314): caps what all pods of the namespace may request.`,
    'apiVersion: v1',
    'kind: ResourceQuota',
    'metadata:',
    `  name: ${ns}-quota`,
    `  namespace: ${ns}`,
    'spec:',
    '  hard:',
    `    requests.cpu: "${v.cpu}"`,
    `    requests.memory: ${v.memory}`,
    `    limits.cpu: "${v.cpu}"`,
    `    limits.memory: ${v.memory}`,
    `    pods: "${v.pods}"`,
    '',
  ].join('\n');
}

function limitRangeFile(ns: string, v: {cpu: string; cpuRequest: string; memory: string; memoryRequest: string}): string {
  return [
    `# LimitRange for namespace ${ns}, written by shipshape (K314): defaults for containers that set no resources.`,
    'apiVersion: v1',
    'kind: LimitRange',
    'metadata:',
    `  name: ${ns}-limits`,
    `  namespace: ${ns}`,
    'spec:',
    '  limits:',
    '    - type: Container',
    '      default:',
    `        cpu: "${v.cpu}"`,
    `        memory: ${v.memory}`,
    '      defaultRequest:',
    `        cpu: ${v.cpuRequest}`,
    `        memory: ${v.memoryRequest}`,
    '',
  ].join('\n');
}

const docs = `## What it does
Reports a Namespace of the repository for which the repository has no ResourceQuota or no
LimitRange.

## Why it matters
Without a ResourceQuota one team or one runaway deployment (a scaling loop, a fork bomb of Jobs) can
take the whole cluster; without a LimitRange a container that sets no resources runs unbounded. Both
are the namespace's safety net under the per-container limits of K307.

## Example
${namespaceManifest()}

## Use instead
${namespaceManifest([], `
---
apiVersion: v1
kind: ResourceQuota
metadata:
  name: shop-quota
  namespace: shop
spec:
  hard:
    limits.memory: 8Gi
    pods: "20"
---
apiVersion: v1
kind: LimitRange
metadata:
  name: shop-limits
  namespace: shop
spec:
  limits:
    - type: Container
      default:
        memory: 512Mi
`)}

## Fix safety
Unsafe: pods beyond the quota are not created. The fix writes \`<namespace>-resourcequota.yaml\` and
\`<namespace>-limitrange.yaml\` beside the Namespace manifest (parameters \`quotaCpu\` 4,
\`quotaMemory\` 8Gi, \`quotaPods\` 20; the LimitRange defaults come from \`cpus\`, \`cpuRequest\`,
\`k8sMemoryLimit\`, \`k8sMemoryRequest\`). Size the quota for the namespace.
`;

/** The namespaces that hold a ResourceQuota, and those that hold a LimitRange (read once per project). */
function quotaNamespaces(project: Project): Record<'ResourceQuota' | 'LimitRange', Set<string>> {
  const held = {ResourceQuota: new Set<string>(), LimitRange: new Set<string>()};
  for (const o of allObjects(project)) if ((o.kind === 'ResourceQuota' || o.kind === 'LimitRange') && o.namespace) held[o.kind].add(o.namespace);
  return held;
}

export const k314NamespaceQuota = defineRule({
  id: 'K314',
  name: 'namespace-quota',
  kind: 'kubernetes',
  severity: 'low',
  title: 'Namespace without ResourceQuota and LimitRange',
  docs,
  references: [],
  links: {
    'Resource Quotas': 'https://kubernetes.io/docs/concepts/policy/resource-quotas/',
    'Limit Ranges': 'https://kubernetes.io/docs/concepts/policy/limit-range/',
  },
  fix: 'unsafe',
  *check(source: K8sSource, ctx) {
    const held = ctx.project.memo(quotaNamespaces);
    for (const ns of objectsOf(source)) {
      if (ns.kind !== 'Namespace' || ns.apiVersion !== 'v1' || !ns.name) continue;
      const dir = posix.dirname(source.path);
      const at = (f: string) => (dir === '.' ? f : `${dir}/${f}`);
      const quotaPath = at(`${ns.name}-resourcequota.yaml`);
      const limitPath = at(`${ns.name}-limitrange.yaml`);
      const hasQuota = held.ResourceQuota.has(ns.name) || ctx.project.exists(quotaPath);
      const hasLimits = held.LimitRange.has(ns.name) || ctx.project.exists(limitPath);
      if (hasQuota && hasLimits) continue;
      const p = {
        quotaCpu: param(ctx, 'quotaCpu', 'Namespace CPU quota'),
        quotaMemory: param(ctx, 'quotaMemory', 'Namespace memory quota'),
        quotaPods: param(ctx, 'quotaPods', 'Namespace pod count quota'),
        cpus: param(ctx, 'cpus', 'Default CPU limit'),
        cpuRequest: param(ctx, 'cpuRequest', 'Default CPU request'),
        k8sMemoryLimit: param(ctx, 'k8sMemoryLimit', 'Default memory limit'),
        k8sMemoryRequest: param(ctx, 'k8sMemoryRequest', 'Default memory request'),
      };
      const missing = [!hasQuota ? 'ResourceQuota' : null, !hasLimits ? 'LimitRange' : null].filter(Boolean).join(' and ');
      const meta = getMap(ns.doc, ns.node, 'metadata');
      yield {
        ...(meta ? keyRange(meta, 'name') : keyRange(ns.node, 'kind')),
        locator: `${ns.locator} > quota`,
        message: `Namespace ${ns.name} has no ${missing}; one workload could take every resource of the cluster. Add them`,
        fix: {
          title: `Write a ${missing} for namespace ${ns.name}`,
          safety: 'unsafe' as const,
          params: hasQuota ? [p.cpus, p.cpuRequest, p.k8sMemoryLimit, p.k8sMemoryRequest] : Object.values(p),
          risk: 'Pods beyond the quota are not created.',
          edits: (params) => {
            const edits: Edit[] = [];
            if (!hasQuota) {
              edits.push({file: quotaPath, start: 0, end: 0, text: quotaFile(ns.name, {cpu: valueOf(params, p.quotaCpu), memory: valueOf(params, p.quotaMemory), pods: valueOf(params, p.quotaPods)})});
            }
            if (!hasLimits) {
              edits.push({
                file: limitPath,
                start: 0,
                end: 0,
                text: limitRangeFile(ns.name, {cpu: valueOf(params, p.cpus), cpuRequest: valueOf(params, p.cpuRequest), memory: valueOf(params, p.k8sMemoryLimit), memoryRequest: valueOf(params, p.k8sMemoryRequest)}),
              });
            }
            return edits;
          },
        },
      };
    }
  },
});
