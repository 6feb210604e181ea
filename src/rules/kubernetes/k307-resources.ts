import type {Edit} from '../../core/model.js';
import {defineRule, param} from '../../core/rule.js';
import {setIn} from '../../formats/yaml/edit.js';
import {containerRange, type ContainerRef, type PodTemplate} from '../../formats/yaml/kubernetes.js';
import {asRecord} from '../../formats/yaml/nodes.js';
import {isFixable, opts, podManifest, templatesOf, valueOf, type K8sSource} from './common.js';

const SUFFIX: Record<string, number> = {
  '': 1, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** A Kubernetes quantity as a number (`500m` -> 0.5, `256Mi` -> 268435456), or null. */
export function parseQuantity(q: unknown): number | null {
  if (typeof q === 'number') return q;
  if (typeof q !== 'string') return null;
  const m = /^([+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/.exec(q.trim());
  if (!m) return null;
  return Number(m[1]) * SUFFIX[m[2] ?? '']!;
}

function quantityOk(v: string): string | null {
  return parseQuantity(v) !== null && parseQuantity(v)! > 0 ? null : 'a Kubernetes quantity such as 512Mi or 500m';
}

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

function fixEdits(source: K8sSource, t: PodTemplate, c: ContainerRef, values: Record<Field, string>): Edit[] {
  const r = asRecord(c.value.resources);
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
    return setIn(source, c.node, ['resources'], value, opts(t));
  }
  for (const group of ['requests', 'limits']) {
    const entries = missingGroups[group];
    if (!entries) continue;
    const existing = asRecord(resources[group]);
    if (resources[group] === undefined || resources[group] === null || Object.keys(existing).length === 0) {
      edits.push(...setIn(source, c.node, ['resources', group], entries, opts(t)));
    } else {
      const names = Object.keys(entries);
      if (names.length === 1) edits.push(...setIn(source, c.node, ['resources', group, names[0]!], entries[names[0]!]!, opts(t)));
      else edits.push(...setIn(source, c.node, ['resources', group, names[0]!], entries[names[0]!]!, opts(t)));
    }
  }
  return edits;
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
CPU is throttled. The fix adds only the missing values from the parameters (\`cpuRequest\` 500m,
\`k8sMemoryRequest\` 256Mi, \`cpus\` 1, \`k8sMemoryLimit\` 512Mi) and never writes a limit below an
existing request.
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
  *check(source: K8sSource, ctx) {
    for (const t of templatesOf(source, ctx)) {
      for (const c of t.containers) {
        if (c.field === 'ephemeralContainers') continue;
        const gaps = missing(c);
        if (gaps.length === 0) continue;
        const p = {
          'requests.cpu': param(ctx, 'cpuRequest', 'CPU request', quantityOk),
          'requests.memory': param(ctx, 'k8sMemoryRequest', 'Memory request', quantityOk),
          'limits.cpu': param(ctx, 'cpus', 'CPU limit', quantityOk),
          'limits.memory': param(ctx, 'k8sMemoryLimit', 'Memory limit', quantityOk),
        } as const;
        yield {
          ...containerRange(c),
          locator: c.locator,
          message: `${c.locator} has no ${gaps.join(', ')}; one container could starve the node or its neighbours. Set requests and limits`,
          fix: isFixable(t, c)
            ? {
                title: 'Add CPU/memory requests and limits',
                safety: 'unsafe' as const,
                params: gaps.map((g) => p[g]),
                risk: 'A program that needs more memory than the limit is killed; more CPU is throttled.',
                edits: (params) =>
                  fixEdits(source, t, c, {
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
