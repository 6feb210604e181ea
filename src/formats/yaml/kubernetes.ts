/**
 * Kubernetes manifests: finding every object, every pod template and every container, with the
 * yaml nodes (and so the exact offsets) a fix edits.
 *
 * Pod templates are found in Pod, PodTemplate, Deployment, StatefulSet, DaemonSet, ReplicaSet,
 * ReplicationController, Job (`spec.template`) and CronJob (`spec.jobTemplate.spec.template`), in
 * every document of a multi-document file, inside `kind: List` (and `*List`) items, and in JSON
 * manifests. Containers, initContainers and ephemeralContainers are each listed.
 *
 * Reading goes through aliases and `<<` merge keys (Kubernetes reads YAML 1.1, where merges are
 * standard); a value that only exists through an alias or a merge is `shared` and a fix must not
 * edit it in place (it would change every user of the anchor).
 *
 * Kustomization files and the strategic-merge patches they list are read, never rewritten:
 * `isReadOnly` says so, and rules report such objects without a fix (or not at all).
 */
import {isAlias, isMap, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq} from 'yaml';
import {posix} from 'node:path';
import type {YamlSource} from '../../core/source.js';
import type {Project} from '../../core/project.js';

export type ContainerField = 'containers' | 'initContainers' | 'ephemeralContainers';
export const CONTAINER_FIELDS: readonly ContainerField[] = ['containers', 'initContainers', 'ephemeralContainers'];

/** One Kubernetes object of a file (a document, or an item of a `kind: List`). */
export interface K8sObject {
  source: YamlSource;
  doc: Document.Parsed;
  docIndex: number;
  /** The object's mapping node. */
  node: YAMLMap;
  apiVersion: string;
  kind: string;
  name: string;
  namespace: string | null;
  /** `Deployment/api` (or `Deployment/#2` without a name); inside a List, `List/items[0] > …`. */
  locator: string;
  /** True when the object is inside a `kind: List`. */
  inList: boolean;
}

export interface ContainerRef {
  field: ContainerField;
  index: number;
  name: string;
  /** The container's mapping node; null when it is not a block/flow mapping we can edit (an alias). */
  node: YAMLMap;
  /** True when the container's mapping is an alias (shared with another place): never edited. */
  shared: boolean;
  /** The plain JS value of the container (aliases and merges resolved). */
  value: Record<string, unknown>;
  /** `Deployment/api > containers[web]`. */
  locator: string;
}

export interface PodTemplate {
  object: K8sObject;
  /** The mapping that holds the pod's `metadata` and `spec` (the object itself for a Pod). */
  template: YAMLMap;
  /** The pod spec mapping. */
  spec: YAMLMap;
  /** The plain JS value of the pod spec (aliases and merges resolved). */
  specValue: Record<string, unknown>;
  /** The plain JS value of the template's metadata (annotations, labels). */
  metadataValue: Record<string, unknown>;
  containers: ContainerRef[];
  /** Same as the object's locator: `Deployment/api`. */
  locator: string;
  /** True when the object must not be rewritten (a Kustomize patch). */
  readOnly: boolean;
}

const WORKLOAD_TEMPLATE: Record<string, readonly string[]> = {
  Pod: [],
  PodTemplate: ['template'],
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

/** API groups whose objects of the kinds above are real workloads (not a CRD that reuses the name). */
const CORE_GROUPS = new Set(['', 'apps', 'extensions', 'batch']);

export function isWorkloadKind(kind: string): boolean {
  return Object.hasOwn(WORKLOAD_TEMPLATE, kind);
}

function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '';
}

// ---------------------------------------------------------------------------------------------
// Reading nodes
// ---------------------------------------------------------------------------------------------

/** Resolves an alias to the node it points at (one document only). */
export function deref(node: unknown, doc: Document): Node | null {
  let cur = node as Node | null | undefined;
  for (let i = 0; i < 16 && cur && isAlias(cur); i++) cur = cur.resolve(doc) as Node | undefined;
  return (cur ?? null) as Node | null;
}

export function isMergeKey(pair: Pair): boolean {
  const key = pair.key as Node | null;
  return isScalar(key) && key.value === '<<' && (key.source === '<<' || key.source === undefined);
}

/** The pair of a key written directly in the mapping (not through a merge). */
export function ownPair(map: YAMLMap, key: string): Pair<Node, Node | null> | undefined {
  return (map.items as Pair<Node, Node | null>[]).find((p) => !isMergeKey(p) && keyName(p) === key);
}

export function keyName(pair: Pair): string | null {
  const key = pair.key as Node | null;
  if (isScalar(key)) return String(key.value);
  return null;
}

/**
 * The value node of a key: a direct key first, then (YAML 1.1 merges) the merged mappings.
 * `shared` is true when the value came through an alias or a merge.
 */
export function lookup(map: YAMLMap, key: string, doc: Document): {node: Node | null; pair: Pair | null; shared: boolean} | null {
  const own = ownPair(map, key);
  if (own) {
    const shared = isAlias(own.value);
    return {node: deref(own.value, doc), pair: own, shared};
  }
  for (const pair of map.items as Pair<Node, Node | null>[]) {
    if (!isMergeKey(pair)) continue;
    const target = deref(pair.value, doc);
    const sources = isSeq(target) ? target.items.map((i) => deref(i, doc)) : [target];
    for (const src of sources) {
      if (!isMap(src)) continue;
      const found = lookup(src, key, doc);
      if (found) return {node: found.node, pair: null, shared: true};
    }
  }
  return null;
}

export function getMap(map: YAMLMap, key: string, doc: Document): YAMLMap | null {
  const found = lookup(map, key, doc);
  return found && isMap(found.node) ? found.node : null;
}

export function getSeq(map: YAMLMap, key: string, doc: Document): YAMLSeq | null {
  const found = lookup(map, key, doc);
  return found && isSeq(found.node) ? found.node : null;
}

export function getScalar(map: YAMLMap, key: string, doc: Document): unknown {
  const found = lookup(map, key, doc);
  return found && isScalar(found.node) ? found.node.value : undefined;
}

/** The plain JS value of a node, aliases and merges resolved (YAML 1.1 semantics of the document). */
export function toValue(node: Node | null | undefined, doc: Document): unknown {
  if (!node) return null;
  try {
    return (node as Node).toJS(doc, {maxAliasCount: 1000});
  } catch {
    return null;
  }
}

function asRecord(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

// ---------------------------------------------------------------------------------------------
// Objects and pod templates
// ---------------------------------------------------------------------------------------------

/** Every Kubernetes object of a source: each document with apiVersion+kind, and List items. */
export function objectsOf(source: YamlSource): K8sObject[] {
  const out: K8sObject[] = [];
  source.docs.forEach((doc, docIndex) => {
    const root = deref(doc.contents, doc);
    if (!isMap(root)) return;
    collect(source, doc, docIndex, root, null, out);
  });
  return out;
}

function collect(source: YamlSource, doc: Document.Parsed, docIndex: number, node: YAMLMap, parent: string | null, out: K8sObject[]): void {
  const apiVersion = getScalar(node, 'apiVersion', doc);
  const kind = getScalar(node, 'kind', doc);
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return;
  const metadata = getMap(node, 'metadata', doc);
  const nameValue = metadata ? getScalar(metadata, 'name', doc) : undefined;
  const nsValue = metadata ? getScalar(metadata, 'namespace', doc) : undefined;
  const name = nameValue === undefined || nameValue === null ? '' : String(nameValue);
  const self = `${kind}/${name || `#${docIndex + 1}`}`;
  const locator = parent ? `${parent} > ${self}` : self;
  out.push({
    source,
    doc,
    docIndex,
    node,
    apiVersion,
    kind,
    name,
    namespace: nsValue === undefined || nsValue === null ? null : String(nsValue),
    locator,
    inList: parent !== null,
  });
  if (kind === 'List' || (kind.endsWith('List') && getSeq(node, 'items', doc))) {
    const items = getSeq(node, 'items', doc);
    items?.items.forEach((item, i) => {
      const map = deref(item, doc);
      if (isMap(map)) collect(source, doc, docIndex, map, `${locator} > items[${i}]`, out);
    });
  }
}

/** The pod template of a workload object, or null (not a workload, or no spec yet). */
export function podTemplateOf(object: K8sObject, readOnly = false): PodTemplate | null {
  const path = WORKLOAD_TEMPLATE[object.kind];
  if (!path || !CORE_GROUPS.has(groupOf(object.apiVersion))) return null;
  const {doc} = object;
  let template: YAMLMap = object.node;
  for (const key of path) {
    const next = getMap(template, key, doc);
    if (!next) return null;
    template = next;
  }
  const spec = getMap(template, 'spec', doc);
  if (!spec) return null;
  const specValue = asRecord(toValue(spec, doc));
  const metadata = getMap(template, 'metadata', doc);
  const metadataValue = asRecord(toValue(metadata, doc));
  const containers: ContainerRef[] = [];
  for (const field of CONTAINER_FIELDS) {
    const seq = getSeq(spec, field, doc);
    if (!seq) continue;
    seq.items.forEach((item, index) => {
      const map = deref(item, doc);
      if (!isMap(map)) return;
      const value = asRecord(toValue(map, doc));
      const name = typeof value.name === 'string' && value.name ? value.name : `#${index + 1}`;
      containers.push({field, index, name, node: map, shared: isAlias(item), value, locator: `${object.locator} > ${field}[${name}]`});
    });
  }
  return {object, template, spec, specValue, metadataValue, containers, locator: object.locator, readOnly};
}

/** Every pod template of a source (read-only ones included, flagged). */
const templateCache = new WeakMap<Project, Map<YamlSource, PodTemplate[]>>();

export function podTemplatesOf(source: YamlSource, project?: Project): PodTemplate[] {
  // Rules of every file ask for these (D115 for each Dockerfile): read each manifest once per project.
  if (project) {
    const perProject = templateCache.get(project) ?? templateCache.set(project, new Map()).get(project)!;
    let cached = perProject.get(source);
    if (!cached) {
      cached = readPodTemplates(source, project);
      perProject.set(source, cached);
    }
    return cached;
  }
  return readPodTemplates(source);
}

function readPodTemplates(source: YamlSource, project?: Project): PodTemplate[] {
  const readOnly = project ? isReadOnly(project, source.path) : isKustomization(source);
  const out: PodTemplate[] = [];
  for (const object of objectsOf(source)) {
    const template = podTemplateOf(object, readOnly);
    if (template) out.push(template);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Kustomize: read, not rewritten
// ---------------------------------------------------------------------------------------------

export function isKustomization(source: YamlSource): boolean {
  const base = posix.basename(source.path).toLowerCase();
  if (base === 'kustomization.yaml' || base === 'kustomization.yml' || base === 'kustomization') return true;
  return objectsOf(source).some((o) => o.kind === 'Kustomization' || o.kind === 'Component');
}

const patchCache = new WeakMap<Project, Set<string>>();

/** Paths of the strategic-merge / JSON patches that the project's kustomizations list. */
export function kustomizePatches(project: Project): Set<string> {
  const cached = patchCache.get(project);
  if (cached) return cached;
  const out = new Set<string>();
  for (const source of project.ofKind('kubernetes')) {
    if (!isKustomization(source)) continue;
    const dir = posix.dirname(source.path);
    for (const doc of source.docs) {
      const value = asRecord(toValue(doc.contents as Node, doc));
      const lists: unknown[] = [];
      for (const key of ['patchesStrategicMerge', 'patches', 'patchesJson6902']) {
        const v = value[key];
        if (Array.isArray(v)) lists.push(...v);
      }
      for (const entry of lists) {
        const rel = typeof entry === 'string' ? entry : typeof asRecord(entry).path === 'string' ? (asRecord(entry).path as string) : null;
        if (rel && !rel.includes('\n') && !rel.includes(':')) out.add(posix.normalize(posix.join(dir, rel)));
      }
    }
  }
  patchCache.set(project, out);
  return out;
}

/** True when the file is a Kustomization or a patch a Kustomization lists: read, never rewritten. */
export function isReadOnly(project: Project, path: string): boolean {
  const source = project.get(path);
  if (source && source.kind === 'kubernetes' && isKustomization(source)) return true;
  return kustomizePatches(project).has(path);
}

// ---------------------------------------------------------------------------------------------
// Small helpers used by the rules
// ---------------------------------------------------------------------------------------------

/** The offsets a finding about a node points at (the key of its pair when there is one). */
export function rangeOf(node: Node | null | undefined, fallback: Node): {start: number; end: number} {
  const r = (node?.range ?? fallback.range) as [number, number, number] | undefined;
  if (!r) return {start: 0, end: 0};
  return {start: r[0], end: r[1]};
}

/** The range of a key in a mapping (for findings that point at `securityContext:`), or the map's start. */
export function keyRange(map: YAMLMap, key: string): {start: number; end: number} {
  const pair = ownPair(map, key);
  const node = (pair?.key as Node | undefined) ?? map;
  const r = node.range;
  return r ? {start: r[0], end: r[1]} : {start: 0, end: 0};
}

/** A finding range for a container: its `name:` value, or the mapping's first line. */
export function containerRange(c: ContainerRef): {start: number; end: number} {
  const pair = ownPair(c.node, 'name');
  const node = (pair?.value as Node | undefined) ?? c.node;
  const r = node.range;
  return r ? {start: r[0], end: r[1]} : {start: 0, end: 0};
}

/** A finding range for a pod template: the `spec:` key of the template (or the object start). */
export function templateRange(t: PodTemplate): {start: number; end: number} {
  const pair = ownPair(t.template, 'spec');
  const node = (pair?.key as Node | undefined) ?? t.template;
  const r = node.range;
  return r ? {start: r[0], end: r[1]} : {start: 0, end: 0};
}

/** A plain-JS view: the container's effective securityContext field (container overrides pod). */
export function effective(t: PodTemplate, c: ContainerRef, field: string): unknown {
  const csc = asRecord(c.value.securityContext);
  if (csc[field] !== undefined && csc[field] !== null) return csc[field];
  const psc = asRecord(t.specValue.securityContext);
  return psc[field];
}

export {asRecord};
