/**
 * K313 and K314 with every Kubernetes fix of the same run (issue 10, class 7): the namespace is
 * labelled with the strongest level its pods meet after their fixes, which the independent
 * Restricted checker must confirm on the fixed manifests, and the quota holds what the pods the
 * same run leaves ask for (their replicas, rollout surge and the resources K307 gives them).
 */
import {readdirSync, readFileSync, statSync} from 'node:fs';
import {join, relative} from 'node:path';
import {describe, expect, it} from 'vitest';
import {parseAllDocuments} from 'yaml';
import type {InputFile} from '../../src/core/project.js';
import {classify} from '../../src/core/classify.js';
import {RULES} from '../../src/rules/registry.js';
import {runBattery} from '../helpers/battery.js';
import {checkPod, levelOf, loadManifests, podTemplates} from '../helpers/pss-checker.js';

const ROOT = join(import.meta.dirname, '../../fixtures/kubernetes-namespaces');
const K_RULES = new Set(RULES.filter((r) => r.kind === 'kubernetes').map((r) => r.id));
const PSA = 'pod-security.kubernetes.io';

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => (statSync(join(dir, e)).isDirectory() ? walk(join(dir, e)) : [join(dir, e)]));
}

function load(name: string): InputFile[] {
  const dir = join(ROOT, name);
  return walk(dir).flatMap((f) => {
    const path = relative(dir, f).split('\\').join('/');
    const text = readFileSync(f, 'utf8');
    const c = classify(path, text);
    return c && 'kind' in c ? [{path, kind: c.kind, text}] : [];
  });
}

type Obj = Record<string, any>;

/** Every object of the fixed files (the kustomization's namespace given to objects without one). */
function objectsAfter(files: Map<string, string>): Obj[] {
  const kustomizeNs = [...files].flatMap(([p, t]) => (p.endsWith('kustomization.yaml') ? [parseAllDocuments(t)[0]!.toJS()?.namespace as string | undefined] : [])).find(Boolean);
  return [...files.values()].flatMap((t) => loadManifests(t) as Obj[]).map((o) => (o.metadata && !o.metadata.namespace && kustomizeNs && o.kind !== 'Namespace' ? {...o, metadata: {...o.metadata, namespace: kustomizeNs}} : o));
}

function fixAll(name: string, options: {confirmed: boolean}) {
  const inputs = load(name);
  const result = runBattery(inputs, {only: K_RULES, confirmed: options.confirmed}, {kindOf: (p) => (p.endsWith('.yaml') ? 'kubernetes' : null)});
  const files = new Map(inputs.map((i) => [i.path, i.text]));
  for (const f of result.files) files.set(f.path, f.after);
  return {result, objects: objectsAfter(files)};
}

/** The strongest level every pod of the namespace meets, by the independent checker. */
function checkerLevel(objects: Obj[], ns: string): string {
  const order = ['privileged', 'baseline', 'restricted'];
  const pods = podTemplates(objects.filter((o) => o.metadata?.namespace === ns));
  return pods.map((p) => levelOf(checkPod(p.metadata, p.spec))).reduce((a, b) => (order.indexOf(a) <= order.indexOf(b) ? a : b), 'restricted');
}

function enforced(objects: Obj[], ns: string): string | undefined {
  return objects.find((o) => o.kind === 'Namespace' && o.metadata?.name === ns)?.metadata?.labels?.[`${PSA}/enforce`];
}

const cases = readdirSync(ROOT).sort();

describe.each(cases)('namespace %s after every Kubernetes fix', (name) => {
  for (const confirmed of [true, false]) {
    it(`${confirmed ? 'with' : 'without'} a person confirming: enforce is the level the checker finds, warn/audit restricted, the quota fits`, () => {
      const {objects} = fixAll(name, {confirmed});
      const namespaces = objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name as string);
      expect(namespaces.length).toBeGreaterThan(0);
      for (const ns of namespaces) {
        const labels = objects.find((o) => o.kind === 'Namespace' && o.metadata.name === ns)!.metadata.labels ?? {};
        expect(enforced(objects, ns), `${name}: namespace ${ns}`).toBe(checkerLevel(objects, ns));
        expect([labels[`${PSA}/warn`], labels[`${PSA}/audit`]]).toEqual(['restricted', 'restricted']);
        const quota = objects.find((o) => o.kind === 'ResourceQuota' && o.metadata.namespace === ns);
        const pods = podTemplates(objects.filter((o) => o.metadata?.namespace === ns && o.kind !== 'DaemonSet'));
        if (!quota) continue;
        // Every pod the namespace runs fits: each one's limits times its replicas (and one surge pod) stay under the quota.
        const hard = quota.spec.hard as Record<string, string>;
        const mem = (q: string) => Number(/^(\d+(?:\.\d+)?)/.exec(q)![1]) * ({Mi: 1, Gi: 1024}[/[MG]i$/.exec(q)?.[0] ?? 'Mi'] ?? 1);
        const cpu = (q: string | number) => (String(q).endsWith('m') ? parseFloat(String(q)) / 1000 : Number(q));
        // A container without limits gets the LimitRange's defaults.
        const defaults = objects.find((o) => o.kind === 'LimitRange' && o.metadata.namespace === ns)?.spec.limits[0].default ?? {};
        let limitsCpu = 0;
        let limitsMemory = 0;
        let count = 0;
        for (const o of objects.filter((x) => x.metadata?.namespace === ns && x.spec?.template)) {
          const replicas = (o.spec.replicas ?? 1) + (o.kind === 'Deployment' ? 1 : 0);
          for (const c of o.spec.template.spec.containers) {
            const limits = {...defaults, ...(c.resources?.limits ?? {})};
            limitsCpu += cpu(limits.cpu) * replicas;
            limitsMemory += mem(limits.memory) * replicas;
          }
          count += replicas;
        }
        expect(pods.length).toBeGreaterThan(0);
        expect(cpu(hard['limits.cpu']!)).toBeGreaterThanOrEqual(limitsCpu);
        expect(mem(hard['limits.memory']!)).toBeGreaterThanOrEqual(limitsMemory);
        expect(Number(hard.pods)).toBeGreaterThanOrEqual(count);
      }
    });
  }
});
