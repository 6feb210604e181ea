import {posix} from 'node:path';
import type {Edit} from '../../core/model.js';
import type {Project} from '../../core/project.js';
import {defineRule, param} from '../../core/rule.js';
import {valueOf} from '../../core/params.js';
import {appendIn} from '../../formats/yaml/edit.js';
import {keyRange, type K8sObject} from '../../formats/yaml/kubernetes.js';
import {asRecord, getMap} from '../../formats/yaml/nodes.js';
import {namespaceManifest, objectHead, type K8sSource} from './common.js';
import {clusterIndex, resourcesList, type NamespaceUnit} from './namespaces.js';
import {parseQuantity} from './quantities.js';
import {HEADROOM, sizeQuota} from './quota-sizing.js';

interface QuotaValues {
  requestsCpu: string;
  requestsMemory: string;
  limitsCpu: string;
  limitsMemory: string;
  pods: string;
}

function quotaDoc(ns: string, v: QuotaValues, how: readonly string[], eol: string): string {
  return [
    `# ResourceQuota for namespace ${ns}, written by shipshape (K314): what the namespace's pods may request in all.`,
    ...how.map((h) => `#   ${h}`),
    ...objectHead('ResourceQuota', `${ns}-quota`, ns),
    'spec:',
    '  hard:',
    `    requests.cpu: "${v.requestsCpu}"`,
    `    requests.memory: ${v.requestsMemory}`,
    `    limits.cpu: "${v.limitsCpu}"`,
    `    limits.memory: ${v.limitsMemory}`,
    `    pods: "${v.pods}"`,
    '',
  ].join(eol);
}

function limitRangeDoc(ns: string, v: {cpu: string; cpuRequest: string; memory: string; memoryRequest: string}, eol: string): string {
  return [
    `# LimitRange for namespace ${ns}, written by shipshape (K314): defaults for containers that set no resources.`,
    ...objectHead('LimitRange', `${ns}-limits`, ns),
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
  ].join(eol);
}

/** API groups Kubernetes itself serves: objects of any other group come with an operator or controller. */
const BUILT_IN_GROUPS = new Set([
  '', 'apps', 'batch', 'autoscaling', 'policy', 'extensions', 'rbac.authorization.k8s.io', 'networking.k8s.io', 'storage.k8s.io',
  'admissionregistration.k8s.io', 'apiextensions.k8s.io', 'apiregistration.k8s.io', 'scheduling.k8s.io', 'coordination.k8s.io',
  'discovery.k8s.io', 'node.k8s.io', 'certificates.k8s.io', 'events.k8s.io', 'flowcontrol.apiserver.k8s.io', 'resource.k8s.io',
]);

function isBuiltInGroup(apiVersion: string): boolean {
  return BUILT_IN_GROUPS.has(apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '');
}

/** The smaller of two quantities (the computed request, capped by a limit the person lowered). */
function atMost(value: string, cap: string): string {
  const a = parseQuantity(value);
  const b = parseQuantity(cap);
  return a !== null && b !== null && b < a ? cap : value;
}

/** Where new objects for the namespace go, and the edits that put them there. */
function placement(project: Project, source: K8sSource, ns: K8sObject, unit: NamespaceUnit | undefined): {dir: string; where: string; add(docs: Array<{name: string; text: string}>): Edit[]; exists(name: string): boolean} {
  const assembly = unit?.assembly ?? {kind: 'folder' as const};
  if (assembly.kind === 'file' && !source.json) {
    return {
      dir: posix.dirname(source.path),
      where: `appended to ${source.path}, the file that applies the namespace`,
      exists: () => false,
      add: (docs) => {
        const lead = source.text.endsWith('\n') ? '' : source.eol;
        const text = lead + docs.map((d) => `---${source.eol}${d.text}`).join('');
        return [{file: source.path, start: source.text.length, end: source.text.length, text}];
      },
    };
  }
  if (assembly.kind === 'kustomization') {
    // Beside the Namespace (applied with its folder too) and listed in the kustomization's resources, as its entries are written.
    const k = assembly.kustomization;
    const dir = posix.dirname(source.path);
    const at = (f: string) => (dir === '.' ? f : `${dir}/${f}`);
    const entry = (f: string) => {
      const rel = posix.relative(k.dir, at(f));
      return k.entries.some((e) => e.startsWith('./')) && !rel.startsWith('.') ? `./${rel}` : rel;
    };
    return {
      dir,
      where: `beside ${source.path}, listed in ${k.source.path}'s resources, which applies the namespace`,
      exists: (name) => project.exists(at(name)),
      add: (docs) => {
        const edits: Edit[] = docs.map((d) => ({file: at(d.name), start: 0, end: 0, text: d.text}));
        const list = resourcesList(k);
        if (list) edits.push(...appendIn(k.source, list.map, ['resources'], docs.map((d) => entry(d.name)), {doc: k.source.docs[0]}));
        return edits;
      },
    };
  }
  const dir = posix.dirname(source.path);
  const at = (f: string) => (dir === '.' ? f : `${dir}/${f}`);
  return {
    dir,
    where: `in new files beside ${source.path}: nothing in the repository lists what is applied, so apply them with it (kubectl apply -f ${dir === '.' ? '.' : dir})`,
    exists: (name) => project.exists(at(name)),
    add: (docs) => docs.map((d) => ({file: at(d.name), start: 0, end: 0, text: d.text})),
  };
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
Unsafe: pods beyond the quota are not created, and containers without resources get the LimitRange
defaults (\`cpus\`, \`cpuRequest\`, \`k8sMemoryLimit\`, \`k8sMemoryRequest\`). The quota is sized from what
the pods the repository applies with the namespace need after the same run's fixes (it is computed
once K307 is applied): per workload its replicas (an HPA's maxReplicas) plus the extra pods of a
rolling update, times each pod's requests and limits (the LimitRange defaults where a container sets
none), plus 25%; its header comment says how. A namespace with a DaemonSet gets no quota (its pod
count is the node count, which the repository does not tell), and one without pods in the repository
gets the parameters (\`quotaCpu\` 4, \`quotaMemory\` 8Gi, \`quotaPods\` 20) only after a person confirms,
as are the LimitRange defaults where a container of the namespace sets no memory limit (they would
be its limit) or objects of a non-built-in API group may have an operator run pods the repository
does not show. The objects go where the repository applies the namespace: appended to its
multi-document file (an \`install.yaml\`), or as \`<namespace>-resourcequota.yaml\`/\`-limitrange.yaml\`
added to the \`resources:\` of the kustomization.yaml that lists it, else beside it (the finding says
to apply them with it).
`;

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
  controls: ['nsa:4.0', 'nsa:4.1'],
  fix: 'unsafe',
  needsInput: true,
  *check(source: K8sSource, ctx) {
    const index = clusterIndex(ctx.project);
    for (const ns of clusterIndex(ctx.project).objectsIn(source.path)) {
      if (ns.kind !== 'Namespace' || ns.apiVersion !== 'v1' || !ns.name) continue;
      const unit = index.units.get(ns);
      const place = placement(ctx.project, source, ns, unit);
      const quotaName = `${ns.name}-resourcequota.yaml`;
      const limitName = `${ns.name}-limitrange.yaml`;
      const hasQuota = (unit?.objects ?? []).some((o) => o.kind === 'ResourceQuota') || place.exists(quotaName);
      const hasLimits = (unit?.objects ?? []).some((o) => o.kind === 'LimitRange') || place.exists(limitName);
      if (hasQuota && hasLimits) continue;
      const p = {
        cpus: param(ctx, 'cpus', 'Default CPU limit'),
        cpuRequest: param(ctx, 'cpuRequest', 'Default CPU request'),
        k8sMemoryLimit: param(ctx, 'k8sMemoryLimit', 'Default memory limit'),
        k8sMemoryRequest: param(ctx, 'k8sMemoryRequest', 'Default memory request'),
        quotaCpu: param(ctx, 'quotaCpu', 'Namespace CPU limit quota'),
        quotaMemory: param(ctx, 'quotaMemory', 'Namespace memory limit quota'),
        quotaPods: param(ctx, 'quotaPods', 'Namespace pod count quota'),
      };
      const templates = unit?.templates ?? [];
      const size = sizeQuota(unit ?? {namespace: ns, assembly: {kind: 'folder'}, files: new Set(), templates: [], objects: []}, {
        cpuRequest: p.cpuRequest.default,
        cpuLimit: p.cpus.default,
        memoryRequest: p.k8sMemoryRequest.default,
        memoryLimit: p.k8sMemoryLimit.default,
      });
      const sized = templates.length > size.daemonSets.length;
      // Objects of API groups Kubernetes does not ship (a Prometheus, an Alertmanager) may have an operator create pods the repository does not show.
      const custom = (unit?.objects ?? []).filter((o) => !isBuiltInGroup(o.apiVersion));
      // Containers without a memory limit get the LimitRange's default: for them it is a guess (K307 asks the same).
      const unlimited = templates.flatMap((t) => t.containers.filter((c) => c.field !== 'ephemeralContainers' && asRecord(asRecord(c.value.resources).limits).memory === undefined).map((c) => c.locator));
      const unlimitedNote = !hasLimits && unlimited.length > 0
        ? ` ${unlimited.join(', ')} set${unlimited.length === 1 ? 's' : ''} no memory limit, so the LimitRange default (${p.k8sMemoryLimit.default}) would be ${unlimited.length === 1 ? 'its' : 'theirs'}: a guess to confirm.`
        : '';
      const customNote = custom.length > 0
        ? ` ${[...new Set(custom.map((o) => o.kind))].join(', ')} object${custom.length === 1 ? '' : 's'} in it may have an operator create pods the repository does not show: the LimitRange defaults and the quota apply to those too, so they are suggestions to confirm.`
        : '';
      if (sized) {
        p.quotaCpu.default = size.limitsCpu;
        p.quotaMemory.default = size.limitsMemory;
        p.quotaPods.default = String(size.pods);
      }
      // A DaemonSet runs a pod on every node: the repository does not say how many nodes there are.
      const writeQuota = !hasQuota && size.daemonSets.length === 0;
      const writeLimits = !hasLimits;
      const missing = [!hasQuota ? 'ResourceQuota' : null, !hasLimits ? 'LimitRange' : null].filter(Boolean).join(' and ');
      const meta = getMap(ns.doc, ns.node, 'metadata');
      const daemonNote = !hasQuota && size.daemonSets.length > 0
        ? `The ResourceQuota is not written: ${size.daemonSets.map((t) => t.locator).join(', ')} run${size.daemonSets.length === 1 ? 's' : ''} one pod per node, and the repository does not say how many nodes there are; size one for your cluster (pods and limits per node × nodes, plus the other workloads).`
        : null;
      const how = !writeQuota
        ? ''
        : sized
          ? ` The quota is what its pods need during a rollout, plus ${Math.round((HEADROOM - 1) * 100)}%: ${size.how.join('; ')}.`
          : ` The repository runs no pod in it, so the quota is the parameters' guess (${p.quotaCpu.default} CPU, ${p.quotaMemory.default} memory, ${p.quotaPods.default} pods).`;
      yield {
        ...(meta ? keyRange(meta, 'name') : keyRange(ns.node, 'kind')),
        locator: `${ns.locator} > quota`,
        message: `Namespace ${ns.name} has no ${missing}; one workload could take every resource of the cluster. Add ${!hasQuota && !hasLimits ? 'them' : 'it'} ${place.where}.${how}${customNote}${unlimitedNote}`,
        ...(daemonNote ? {advice: daemonNote} : {}),
        certainty: (writeQuota && !sized) || custom.length > 0 || unlimitedNote ? ('not-known' as const) : ('known' as const),
        fix: !writeQuota && !writeLimits
          ? null
          : {
              title: `Write a ${[writeQuota ? 'ResourceQuota' : null, writeLimits ? 'LimitRange' : null].filter(Boolean).join(' and ')} for namespace ${ns.name}`,
              safety: 'unsafe' as const,
              params: writeQuota ? Object.values(p) : [p.cpus, p.cpuRequest, p.k8sMemoryLimit, p.k8sMemoryRequest],
              risk: 'Pods beyond the quota are not created; containers without resources get the LimitRange defaults.',
              // Nothing in the repository runs there, or an operator may run more: the values are suggestions a person confirms.
              ...(custom.length > 0 || (writeQuota && !sized) || unlimitedNote
                ? {needsInput: [...(writeQuota && (custom.length > 0 || !sized) ? ['quotaCpu', 'quotaMemory', 'quotaPods'] : []), ...(writeLimits && (custom.length > 0 || unlimitedNote) ? ['k8sMemoryLimit'] : [])]}
                : {}),
              // The pods' requests and limits are those K307 gives them in the same run.
              after: ['K307'],
              edits: (params) => {
                const docs: Array<{name: string; text: string}> = [];
                const eol = source.eol;
                if (writeQuota) {
                  const limitsCpu = valueOf(params, p.quotaCpu);
                  const limitsMemory = valueOf(params, p.quotaMemory);
                  const values: QuotaValues = {
                    limitsCpu,
                    limitsMemory,
                    requestsCpu: sized ? atMost(size.requestsCpu, limitsCpu) : limitsCpu,
                    requestsMemory: sized ? atMost(size.requestsMemory, limitsMemory) : limitsMemory,
                    pods: valueOf(params, p.quotaPods),
                  };
                  docs.push({name: quotaName, text: quotaDoc(ns.name, values, sized ? size.how : ['no pod of the namespace is in the repository: sized from the parameters'], eol)});
                }
                if (writeLimits) {
                  docs.push({
                    name: limitName,
                    text: limitRangeDoc(ns.name, {cpu: valueOf(params, p.cpus), cpuRequest: valueOf(params, p.cpuRequest), memory: valueOf(params, p.k8sMemoryLimit), memoryRequest: valueOf(params, p.k8sMemoryRequest)}, eol),
                  });
                }
                return place.add(docs);
              },
            },
      };
    }
  },
});
