/** Env entries of containers, with their yaml nodes, for K310 and K317. */
import {isMap, isScalar, isSeq, type Pair, type Node, type YAMLMap, type YAMLSeq} from 'yaml';
import type {ContainerRef, PodTemplate} from '../../formats/yaml/kubernetes.js';
import {asRecord, deref, ownPair, toValue} from '../../formats/yaml/nodes.js';

export interface EnvEntry {
  c: ContainerRef;
  field: 'env' | 'envFrom';
  seq: YAMLSeq;
  index: number;
  node: YAMLMap;
  value: Record<string, unknown>;
}

export function envEntries(t: PodTemplate, c: ContainerRef, field: 'env' | 'envFrom'): EnvEntry[] {
  const pair = ownPair(c.node, field);
  const seq = pair ? deref(pair.value, t.object.doc) : null;
  if (!isSeq(seq)) return [];
  const out: EnvEntry[] = [];
  seq.items.forEach((item, index) => {
    const node = deref(item as Node, t.object.doc);
    if (!isMap(node)) return;
    out.push({c, field, seq, index, node, value: asRecord(toValue(node, t.object.doc))});
  });
  return out;
}

/** The pair `value: …` of an env entry with a scalar value. */
export function valuePair(e: EnvEntry): Pair<Node, Node> | null {
  const pair = ownPair(e.node, 'value') as Pair<Node, Node> | undefined;
  return pair && isScalar(pair.value) ? pair : null;
}

/** A DNS-1123 name from a workload name: `api` -> `api-secrets`. */
export function secretNameFor(t: PodTemplate): string {
  const base = (t.object.name || 'app').toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '') || 'app';
  return `${base}-secrets`.slice(0, 253);
}
