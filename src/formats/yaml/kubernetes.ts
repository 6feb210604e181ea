/**
 * Kubernetes manifests: finding every object, every pod template and every container, with the
 * yaml nodes (and so the exact offsets) a fix edits.
 *
 * Pod templates are found in Pod, PodTemplate, Deployment, StatefulSet, DaemonSet, ReplicaSet,
 * ReplicationController, Job (`spec.template`) and CronJob (`spec.jobTemplate.spec.template`), in
 * every document of a multi-document file, inside `kind: List` (and `*List`) items, and in JSON
 * manifests. Containers, initContainers and ephemeralContainers are each listed.
 *
 * Reading goes through aliases and `<<` merge keys (nodes.ts; Kubernetes reads YAML 1.1, where
 * merges are standard); a container reached through an alias or a merge is `shared` and a fix
 * must not edit it in place (it would change every user of the anchor).
 *
 * Kustomization files and the strategic-merge patches they list are read, never rewritten:
 * `isReadOnly` says so, and rules report such objects without a fix (or not at all).
 */
import {isAlias, isMap, isSeq, type Document, type Node, type YAMLMap} from 'yaml';
import {posix} from 'node:path';
import type {YamlSource} from '../../core/source.js';
import type {Project} from '../../core/project.js';
import {asRecord, deref, getMap, getScalar, getSeq, lookup, ownPair, toValue} from './nodes.js';

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
  /** The container's mapping node. */
  node: YAMLMap;
  /** True when the container (or its list, or the pod spec) is reached through an alias or a `<<` merge, so it is shared with another place: never edited. */
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

function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '';
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
  const apiVersion = getScalar(doc, node, 'apiVersion');
  const kind = getScalar(doc, node, 'kind');
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return;
  const metadata = getMap(doc, node, 'metadata');
  const nameValue = metadata ? getScalar(doc, metadata, 'name') : undefined;
  const nsValue = metadata ? getScalar(doc, metadata, 'namespace') : undefined;
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
  if (kind === 'List' || (kind.endsWith('List') && getSeq(doc, node, 'items'))) {
    const items = getSeq(doc, node, 'items');
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
    const next = getMap(doc, template, key);
    if (!next) return null;
    template = next;
  }
  const specFound = lookup(doc, template, 'spec');
  const spec = isMap(specFound?.value) ? specFound.value : null;
  if (!spec) return null;
  const specValue = asRecord(toValue(spec, doc));
  const metadata = getMap(doc, template, 'metadata');
  const metadataValue = asRecord(toValue(metadata, doc));
  const containers: ContainerRef[] = [];
  for (const field of CONTAINER_FIELDS) {
    const found = lookup(doc, spec, field);
    if (!found || !isSeq(found.value)) continue;
    // A list reached through an alias or a merge is an anchor other workloads use too.
    const sharedList = found.shared || specFound!.shared;
    found.value.items.forEach((item, index) => {
      const map = deref(item, doc);
      if (!isMap(map)) return;
      const value = asRecord(toValue(map, doc));
      const name = typeof value.name === 'string' && value.name ? value.name : `#${index + 1}`;
      containers.push({field, index, name, node: map, shared: sharedList || isAlias(item), value, locator: `${object.locator} > ${field}[${name}]`});
    });
  }
  return {object, template, spec, specValue, metadataValue, containers, locator: object.locator, readOnly};
}

/** The pod templates of the project's manifests read so far, by source. */
function podTemplatesRead(): Map<YamlSource, PodTemplate[]> {
  return new Map();
}

/** Every pod template of a source (read-only ones included, flagged). */
export function podTemplatesOf(source: YamlSource, project?: Project): PodTemplate[] {
  // Rules of every file ask for these (D115 for each Dockerfile): read each manifest once per project.
  if (project) {
    const perProject = project.memo(podTemplatesRead);
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

/** Paths of the strategic-merge / JSON patches that the project's kustomizations list. */
export function kustomizePatches(project: Project): Set<string> {
  return project.memo(listedPatches);
}

function listedPatches(project: Project): Set<string> {
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

