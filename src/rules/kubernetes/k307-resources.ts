import type {Edit} from '../../core/model.js';
import {defineRule, param} from '../../core/rule.js';
import {valueOf} from '../../core/params.js';
import {addEntries, nestedFirst, setIn} from '../../formats/yaml/edit.js';
import {containerRange, type ContainerRef, type PodTemplate} from '../../formats/yaml/kubernetes.js';
import {asRecord, getMap, ownPair} from '../../formats/yaml/nodes.js';
import {isFixable, opts, podManifest, templatesOf, type K8sSource} from './common.js';
import {declaredHeap, memorySuggestion} from './memory.js';
import {imageFacts} from './workload.js';
import {parseQuantity, quantityOk} from './quantities.js';

type Field = 'requests.cpu' | 'requests.memory' | 'limits.cpu' | 'limits.memory';
const FIELDS: Field[] = ['requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory'];

function missing(c: ContainerRef): Field[] {
  const r = asRecord(c.value.resources);
  return FIELDS.filter((f) => {
    const [group, name] = f.split('.') as [string, string];
    const v = asRecord(r[group])[name];
    return v === undefined || v === null || v === '';
  });
}

/** A numeric value as YAML: a quantity string stays a string unless it is a plain integer (`cpu: 1`). */
function asValue(q: string): string | number {
  return /^\d+$/.test(q) ? Number(q) : q;
}

function fixEdits(source: K8sSource, t: PodTemplate, c: ContainerRef, raiseLimit: boolean, values: Record<Field, string>): Edit[] {
  // A memory limit below the declared heap is replaced where it stands (and counts as the new one below).
  const raised = raiseLimit ? setIn(source, c.node, ['resources', 'limits', 'memory'], asValue(values['limits.memory']), opts(t)) : [];
  const resources0 = asRecord(c.value.resources);
  const r = raiseLimit ? {...resources0, limits: {...asRecord(resources0.limits), memory: values['limits.memory']}} : resources0;
  const want = missing(c);
  const chosen: Partial<Record<Field, string>> = {};
  for (const f of want) {
    const [group, name] = f.split('.') as ['requests' | 'limits', 'cpu' | 'memory'];
    let v = values[f];
    // Never write a limit below an existing request, nor a request above an existing limit.
    if (group === 'limits') {
      const req = asRecord(r.requests)[name] ?? chosen[`requests.${name}`];
      if (req !== undefined && (parseQuantity(req) ?? 0) > (parseQuantity(v) ?? 0)) v = String(req);
    } else {
      const lim = asRecord(r.limits)[name];
      if (lim !== undefined && (parseQuantity(lim) ?? Infinity) < (parseQuantity(v) ?? 0)) v = String(lim);
    }
    chosen[f] = v;
  }
  // Group into as few edits as possible (one per missing mapping).
  const resources = asRecord(c.value.resources);
  const edits: Edit[] = [];
  const missingGroups: Record<string, Record<string, string | number>> = {};
  for (const [f, v] of Object.entries(chosen) as Array<[Field, string]>) {
    const [group, name] = f.split('.') as [string, string];
    (missingGroups[group] ??= {})[name] = asValue(v);
  }
  if (c.value.resources === undefined || c.value.resources === null || Object.keys(resources).length === 0) {
    const value: Record<string, Record<string, string | number>> = {};
    if (missingGroups.requests) value.requests = missingGroups.requests;
    if (missingGroups.limits) value.limits = missingGroups.limits;
    return [...raised, ...setIn(source, c.node, ['resources'], value, opts(t))];
  }
  if (!ownPair(c.node, 'resources')) {
    // Resources only through a `<<` merge: the container gets its own mapping, written once with
    // what it merged and every new key (edits into the merged mapping would change its siblings too).
    const value: Record<string, Record<string, string | number>> = {};
    if (missingGroups.requests) value.requests = missingGroups.requests;
    if (missingGroups.limits || raiseLimit) value.limits = {...missingGroups.limits, ...(raiseLimit ? {memory: asValue(values['limits.memory'])} : {})};
    return setIn(source, c.node, ['resources'], value, opts(t));
  }
  for (const group of ['requests', 'limits']) {
    const entries = missingGroups[group];
    if (!entries) continue;
    const existing = asRecord(resources[group]);
    if (resources[group] === undefined || resources[group] === null || Object.keys(existing).length === 0) {
      edits.push(...setIn(source, c.node, ['resources', group], entries, opts(t)));
    } else {
      // Merged into the existing mapping: one edit adding every missing key (`limits: {memory: 256Mi}` gets its cpu).
      edits.push(...addToGroup(source, t, c, group, entries));
    }
  }
  // A new `requests:` after a `limits:` that ends the container, and keys added to that `limits:`, insert at one offset.
  return nestedFirst([...raised, ...edits]);
}

/** Adds keys to an existing `requests`/`limits` mapping (block or flow), where it stands. */
function addToGroup(source: K8sSource, t: PodTemplate, c: ContainerRef, group: string, entries: Record<string, string | number>): Edit[] {
  const resources = getMap(t.object.doc, c.node, 'resources');
  const map = resources ? getMap(t.object.doc, resources, group) : null;
  if (!map) return setIn(source, c.node, ['resources', group], entries, opts(t));
  return addEntries(source, map, entries, opts(t));
}

const docs = `## What it does
Reports every container and init container that lacks a CPU or memory request or limit (ephemeral
containers cannot have resources).

## Why it matters
Without a memory limit one leaking or attacked container can exhaust the node and get its neighbours
killed; without requests the scheduler cannot place pods sensibly. Limits turn a denial of service
into one restarted pod.

## Example
${podManifest([], [])}

## Use instead
${podManifest([], ['resources:', '  requests:', '    cpu: 500m', '    memory: 256Mi', '  limits:', '    cpu: 1', '    memory: 512Mi'])}

## Fix safety
Unsafe: a program that needs more memory than the limit is killed (OOMKilled), one that needs more
CPU is throttled. The fix adds only the missing values, merged into an existing
\`limits:\`/\`requests:\`, and never writes a limit below an existing request. CPU comes from the
parameters (\`cpuRequest\` 500m, \`cpus\` 1). Memory comes from what the container declares: a JVM heap
(\`-Xmx\` in \`JAVA_OPTS\`, \`KAFKA_HEAP_OPTS\`, \`ES_JAVA_OPTS\`, the variables its profile names, or its
args) gets heap + 10% + 512Mi as limit and request (an existing limit at or below that heap is
raised to it); else its image's resource class (databases and JVMs 1Gi); else the parameters
(\`k8sMemoryRequest\` 256Mi, \`k8sMemoryLimit\` 512Mi) as a guess that a person confirms (\`fix --write\`
leaves it).
`;

export const k307Resources = defineRule({
  id: 'K307',
  name: 'resources',
  kind: 'kubernetes',
  severity: 'medium',
  title: 'Container without CPU/memory requests or limits',
  docs,
  references: ['checkov:CKV_K8S_10', 'checkov:CKV_K8S_11', 'checkov:CKV_K8S_12', 'checkov:CKV_K8S_13', 'kics:4ac0e2b7-d2d2-4af7-8799-e8de6721ccda', 'kics:b14d1bc4-a208-45db-92f0-e21f8e2588e9', 'kube-linter:unset-cpu-requirements', 'kube-linter:unset-memory-requirements'],
  links: {
    'Resource Management for Pods and Containers': 'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/',
  },
  fix: 'unsafe',
  needsInput: true,
  *check(source: K8sSource, ctx) {
    for (const t of templatesOf(source, ctx)) {
      for (const c of t.containers) {
        if (c.field === 'ephemeralContainers') continue;
        const gaps = missing(c);
        // A memory limit at or below the JVM heap the container declares: OOM-killed once the heap fills.
        const heap = declaredHeap(c, imageFacts(ctx.project, t, c).profile?.resources?.heapEnv ?? []);
        const limit = parseQuantity(asRecord(asRecord(c.value.resources).limits).memory);
        const belowHeap = heap !== null && limit !== null && limit <= heap.bytes;
        if (gaps.length === 0 && !belowHeap) continue;
        const p = {
          'requests.cpu': param(ctx, 'cpuRequest', 'CPU request', quantityOk),
          'requests.memory': param(ctx, 'k8sMemoryRequest', 'Memory request', quantityOk),
          'limits.cpu': param(ctx, 'cpus', 'CPU limit', quantityOk),
          'limits.memory': param(ctx, 'k8sMemoryLimit', 'Memory limit', quantityOk),
        } as const;
        // Memory from what the container declares (a JVM heap) or its image's class; else the default, a guess a person confirms.
        const memoryGaps = belowHeap && !gaps.includes('limits.memory') ? [...gaps.filter((g) => g.endsWith('.memory')), 'limits.memory' as const] : gaps.filter((g) => g.endsWith('.memory'));
        const memory = memoryGaps.length > 0 ? memorySuggestion(ctx.project, t, c, {limit: p['limits.memory'].default, request: p['requests.memory'].default}) : null;
        if (memory) {
          p['limits.memory'].default = memory.limit;
          p['requests.memory'].default = memory.request;
        }
        yield {
          ...containerRange(c),
          locator: c.locator,
          message: belowHeap
            ? `${c.locator} has a memory limit of ${String(asRecord(asRecord(c.value.resources).limits).memory)}, no more than the heap it declares (${heap!.where}); it is OOM-killed once the heap fills. Raise it to ${memory!.limit} (${memory!.basis})`
            : `${c.locator} has no ${gaps.join(', ')}; one container could starve the node or its neighbours. Set requests and limits${memory ? ` (memory ${memory.limit}: ${memory.basis})` : ''}`,
          ...(memory ? {certainty: memory.certainty} : {}),
          fix: isFixable(t, c)
            ? {
                title: 'Add CPU/memory requests and limits',
                safety: 'unsafe' as const,
                params: [...new Set([...gaps, ...memoryGaps])].map((g) => p[g]),
                ...(memory?.ask ? {needsInput: memoryGaps.map((g) => p[g].name)} : {}),
                risk: 'A program that needs more memory than the limit is killed; more CPU is throttled.',
                edits: (params) =>
                  fixEdits(source, t, c, belowHeap, {
                    'requests.cpu': valueOf(params, p['requests.cpu']),
                    'requests.memory': valueOf(params, p['requests.memory']),
                    'limits.cpu': valueOf(params, p['limits.cpu']),
                    'limits.memory': valueOf(params, p['limits.memory']),
                  }),
              }
            : null,
        };
      }
    }
  },
});
