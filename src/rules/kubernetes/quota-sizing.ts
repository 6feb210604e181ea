/**
 * What a namespace's pods need, for the ResourceQuota K314 writes: every workload's pods at their
 * most (replicas, an HPA's maxReplicas, the extra pods of a rolling update, a Job's parallelism)
 * times each pod's requests and limits as admission sees them (a limit without a request is also
 * the request; what a container leaves unset comes from the LimitRange the same fix writes), plus
 * 25% headroom. DaemonSets run one pod per node, a count the repository does not know.
 */
import type {PodTemplate} from '../../formats/yaml/kubernetes.js';
import {asRecord} from '../../formats/yaml/nodes.js';
import type {NamespaceUnit} from './namespaces.js';
import {valueOfObject} from './namespaces.js';
import {cpuQuantity, memoryQuantity, parseQuantity} from './quantities.js';

export interface ContainerDefaults {
  cpuRequest: string;
  cpuLimit: string;
  memoryRequest: string;
  memoryLimit: string;
}

interface Needs {
  requestsCpu: number;
  requestsMemory: number;
  limitsCpu: number;
  limitsMemory: number;
}

export interface QuotaSize {
  requestsCpu: string;
  requestsMemory: string;
  limitsCpu: string;
  limitsMemory: string;
  pods: number;
  /** How it was computed, one line per workload, then the total. */
  how: string[];
  /** DaemonSets of the namespace: one pod per node, which the repository cannot tell. */
  daemonSets: PodTemplate[];
}

export const HEADROOM = 1.25;

const KEYS = ['requestsCpu', 'requestsMemory', 'limitsCpu', 'limitsMemory'] as const;

function containerNeeds(c: Record<string, unknown>, d: ContainerDefaults): Needs {
  const r = asRecord(c.resources);
  const req = asRecord(r.requests);
  const lim = asRecord(r.limits);
  const q = (v: unknown) => parseQuantity(v);
  return {
    requestsCpu: q(req.cpu) ?? q(lim.cpu) ?? q(d.cpuRequest) ?? 0,
    requestsMemory: q(req.memory) ?? q(lim.memory) ?? q(d.memoryRequest) ?? 0,
    limitsCpu: q(lim.cpu) ?? q(d.cpuLimit) ?? 0,
    limitsMemory: q(lim.memory) ?? q(d.memoryLimit) ?? 0,
  };
}

/** One pod's needs: its containers together, or its largest init container when that is more. */
export function podNeeds(t: PodTemplate, d: ContainerDefaults): Needs {
  const list = (f: string) => (Array.isArray(t.specValue[f]) ? (t.specValue[f] as unknown[]).map(asRecord) : []);
  const sum: Needs = {requestsCpu: 0, requestsMemory: 0, limitsCpu: 0, limitsMemory: 0};
  for (const c of list('containers')) {
    const n = containerNeeds(c, d);
    for (const k of KEYS) sum[k] += n[k];
  }
  for (const c of list('initContainers')) {
    const n = containerNeeds(c, d);
    for (const k of KEYS) sum[k] = Math.max(sum[k], n[k]);
  }
  return sum;
}

function intOr(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : fallback;
}

/** The pods a workload runs at most, and the extra ones of a rolling update. */
function podCount(t: PodTemplate, unit: NamespaceUnit): {pods: number; surge: number; note: string} {
  const spec = asRecord(valueOfObject(t.object).spec);
  const hpa = unit.objects.find((o) => {
    if (o.kind !== 'HorizontalPodAutoscaler') return false;
    const ref = asRecord(asRecord(valueOfObject(o).spec).scaleTargetRef);
    return ref.kind === t.object.kind && ref.name === t.object.name;
  });
  const maxReplicas = hpa ? intOr(asRecord(valueOfObject(hpa).spec).maxReplicas, 1) : null;
  switch (t.object.kind) {
    case 'Deployment': {
      const replicas = maxReplicas ?? intOr(spec.replicas, 1);
      const strategy = asRecord(spec.strategy);
      const maxSurge = strategy.type === 'Recreate' ? 0 : asRecord(strategy.rollingUpdate).maxSurge ?? '25%';
      const surge = typeof maxSurge === 'number' ? maxSurge : /^\d+%$/.test(String(maxSurge)) ? Math.ceil((replicas * parseInt(String(maxSurge), 10)) / 100) : 1;
      return {pods: replicas, surge, note: `${replicas} replica${replicas === 1 ? '' : 's'}${hpa ? ' (HPA maxReplicas)' : ''}${surge > 0 ? ` + ${surge} during a rollout` : ''}`};
    }
    case 'StatefulSet':
    case 'ReplicaSet':
    case 'ReplicationController': {
      const replicas = maxReplicas ?? intOr(spec.replicas, 1);
      return {pods: replicas, surge: 0, note: `${replicas} replica${replicas === 1 ? '' : 's'}${hpa ? ' (HPA maxReplicas)' : ''}`};
    }
    case 'Job': {
      const n = intOr(spec.parallelism, 1);
      return {pods: n, surge: 0, note: `${n} at a time`};
    }
    case 'CronJob': {
      const n = intOr(asRecord(asRecord(spec.jobTemplate).spec).parallelism, 1);
      return {pods: n, surge: 0, note: `${n} at a time`};
    }
    default:
      return {pods: 1, surge: 0, note: '1 pod'};
  }
}

/** A quantity as it is, for saying how the quota was computed: `250m`, `2`, `384Mi`, `2Gi`. */
function exactCpu(cores: number): string {
  const m = Math.round(cores * 1000);
  return m >= 1000 ? String(m / 1000) : `${m}m`;
}
function exactMemory(bytes: number): string {
  const mi = Math.round(bytes / 2 ** 20);
  return mi >= 1024 && mi % 256 === 0 ? `${mi / 1024}Gi` : `${mi}Mi`;
}

function show(n: Needs): string {
  return `requests ${exactCpu(n.requestsCpu)}/${exactMemory(n.requestsMemory)}, limits ${exactCpu(n.limitsCpu)}/${exactMemory(n.limitsMemory)}`;
}

/** The quota a namespace's pods need (see the module comment). */
export function sizeQuota(unit: NamespaceUnit, defaults: ContainerDefaults): QuotaSize {
  const total: Needs = {requestsCpu: 0, requestsMemory: 0, limitsCpu: 0, limitsMemory: 0};
  let pods = 0;
  const how: string[] = [];
  const daemonSets: PodTemplate[] = [];
  for (const t of unit.templates) {
    if (t.object.kind === 'DaemonSet') {
      daemonSets.push(t);
      continue;
    }
    const each = podNeeds(t, defaults);
    const count = podCount(t, unit);
    const n = count.pods + count.surge;
    for (const k of KEYS) total[k] += each[k] * n;
    pods += n;
    how.push(`${t.locator}: ${count.note} × (${show(each)})`);
  }
  const up = (x: number) => x * HEADROOM;
  how.push(`total ${pods} pod${pods === 1 ? '' : 's'}, ${show(total)}; plus ${Math.round((HEADROOM - 1) * 100)}% headroom`);
  return {
    requestsCpu: cpuQuantity(up(total.requestsCpu)),
    requestsMemory: memoryQuantity(up(total.requestsMemory)),
    limitsCpu: cpuQuantity(up(total.limitsCpu)),
    limitsMemory: memoryQuantity(up(total.limitsMemory)),
    pods: Math.ceil(up(pods)),
    how,
    daemonSets,
  };
}
