/**
 * The repository's cluster view, built once per project (K312–K315 ask it for every object; built
 * per object it was quadratic): every object, the Kustomizations and what they reach, the service
 * accounts the repository binds to roles, and for each Namespace the unit it is applied with.
 *
 * A Namespace's unit is what the repository applies together with it, so its pods are those of
 * the same install, not of every install in the repository (ingress-nginx ships one install file
 * per cloud provider, each with the same namespace):
 * - a Kustomization that lists its file: every file that Kustomization reaches (`resources`,
 *   `bases`, `components`, nested Kustomizations), each object in the namespace the outermost
 *   `namespace:` on the way gives it, else its own;
 * - else a multi-document file (an `install.yaml`): that file;
 * - else its folder (what `kubectl apply -f DIR` applies).
 * Where the unit holds the Namespace's pods, `templates` lists them; `assembly` says where new
 * objects for the namespace belong (the same file, the Kustomization's `resources`, the folder).
 */
import {isMap, isSeq} from 'yaml';
import {posix} from 'node:path';
import type {Edit} from '../../core/model.js';
import type {Project} from '../../core/project.js';
import type {YamlSource} from '../../core/source.js';
import {addEntries, setIn} from '../../formats/yaml/edit.js';
import {isKustomization, objectsOf, podTemplatesOf, type K8sObject, type PodTemplate} from '../../formats/yaml/kubernetes.js';
import {asRecord, deref, getMap, ownPair, toValue} from '../../formats/yaml/nodes.js';
import type {YValue} from '../../formats/yaml/render.js';
import {coveredNamespaces, isMarkedPsp} from './psp.js';
import type {K8sSource} from './common.js';

export const PSA = 'pod-security.kubernetes.io';

export interface Kustomization {
  source: YamlSource;
  dir: string;
  /** Its `namespace:`, or null. */
  namespace: string | null;
  /** Files of the project it lists directly. */
  files: string[];
  /** Kustomizations it lists (folders with a kustomization.yaml). */
  nested: Kustomization[];
  /** Its `resources`/`bases`/`components` entries as written. */
  entries: string[];
}

export type Assembly = {kind: 'file'} | {kind: 'kustomization'; kustomization: Kustomization} | {kind: 'folder'};

export interface NamespaceUnit {
  namespace: K8sObject;
  assembly: Assembly;
  /** The files applied together with the Namespace. */
  files: Set<string>;
  /** The pod templates of the unit that run in the namespace. */
  templates: PodTemplate[];
  /** The unit's objects in the namespace (ResourceQuota, LimitRange, HorizontalPodAutoscaler, …). */
  objects: K8sObject[];
}

export interface Binding {
  object: K8sObject;
  /** `ServiceAccount` subjects (name, namespace or null) and `system:serviceaccounts[:ns]` groups (name '*'). */
  subjects: Array<{name: string; namespace: string | null}>;
}

export interface ClusterIndex {
  objects: K8sObject[];
  namespaces: K8sObject[];
  kustomizations: Kustomization[];
  bindings: Binding[];
  /** `namespace/name` (or `/name` without a namespace) -> the ServiceAccount's automountServiceAccountToken. */
  serviceAccounts: Map<string, unknown>;
  units: Map<K8sObject, NamespaceUnit>;
  /** The objects of one file (the same ones `units` is keyed by). */
  objectsIn(path: string): K8sObject[];
  /** The namespace an object lands in: its own, else one a Kustomization reaching its file gives all it lists. */
  namespaceOf(object: K8sObject): string | null;
}

/** The project's cluster view (see the module comment), built once per project. */
export function clusterIndex(project: Project): ClusterIndex {
  return project.memo(buildIndex);
}

function entriesOf(value: Record<string, unknown>): string[] {
  return ['resources', 'bases', 'components'].flatMap((key) => (Array.isArray(value[key]) ? value[key].filter((x): x is string => typeof x === 'string') : []));
}

function buildKustomizations(project: Project, sources: readonly YamlSource[]): Kustomization[] {
  const byDir = new Map<string, Kustomization>();
  const raw = new Map<Kustomization, string[]>();
  for (const source of sources) {
    if (!isKustomization(source)) continue;
    const doc = source.docs[0];
    const value = doc ? asRecord(toValue(doc.contents as never, doc)) : {};
    const k: Kustomization = {source, dir: posix.dirname(source.path), namespace: typeof value.namespace === 'string' ? value.namespace : null, files: [], nested: [], entries: entriesOf(value)};
    byDir.set(k.dir, k);
    raw.set(k, entriesOf(value));
  }
  for (const [k, entries] of raw) {
    for (const entry of entries) {
      if (/^[a-z]+:\/\/|^github\.com\/|^git@|\?ref=/.test(entry)) continue;
      const target = posix.normalize(posix.join(k.dir, entry)).replace(/\/$/, '');
      const nested = byDir.get(target);
      if (nested && nested !== k) k.nested.push(nested);
      else if (project.get(target)?.kind === 'kubernetes') k.files.push(target);
    }
  }
  return [...byDir.values()];
}

/** Every file a Kustomization reaches, with the namespace the outermost `namespace:` on the way gives it. */
function reach(k: Kustomization, outer: string | null = null, seen = new Set<Kustomization>(), out = new Map<string, string | null>()): Map<string, string | null> {
  if (seen.has(k)) return out;
  seen.add(k);
  const ns = outer ?? k.namespace;
  for (const f of k.files) if (!out.has(f) || (out.get(f) === null && ns !== null)) out.set(f, ns);
  for (const n of k.nested) reach(n, ns, seen, out);
  return out;
}

function buildIndex(project: Project): ClusterIndex {
  const sources = project.ofKind('kubernetes') as YamlSource[];
  const byFile = new Map<string, K8sObject[]>();
  for (const s of sources) byFile.set(s.path, objectsOf(s));
  const objects = [...byFile.values()].flat();
  const kustomizations = buildKustomizations(project, sources);
  // The namespace a Kustomization gives each file it reaches (the first that sets one wins).
  const given = new Map<string, string>();
  for (const k of kustomizations) for (const [file, ns] of reach(k)) if (ns !== null && !given.has(file)) given.set(file, ns);
  const namespaceOf = (o: K8sObject): string | null => o.namespace ?? given.get(o.source.path) ?? null;

  const namespaces = objects.filter((o) => o.kind === 'Namespace' && o.apiVersion === 'v1' && o.name !== '');
  const units = new Map<K8sObject, NamespaceUnit>();
  for (const ns of namespaces) {
    const file = ns.source.path;
    const lister = kustomizations.find((k) => k.files.includes(file)) ?? null;
    const inFile = byFile.get(file) ?? [];
    const reached = lister ? reach(lister) : null;
    const files = reached ? new Set(reached.keys()) : inFile.length > 1 ? new Set([file]) : new Set(sources.filter((s) => posix.dirname(s.path) === posix.dirname(file)).map((s) => s.path));
    const effective = (o: K8sObject) => (reached ? (reached.get(o.source.path) ?? o.namespace) : o.namespace);
    const members = [...files].flatMap((f) => byFile.get(f) ?? []).filter((o) => effective(o) === ns.name);
    const templates = [...files].flatMap((f) => {
      const s = project.get(f);
      return s && s.kind === 'kubernetes' ? podTemplatesOf(s as YamlSource, project).filter((t) => !t.readOnly && effective(t.object) === ns.name) : [];
    });
    const assembly: Assembly = inFile.length > 1 ? {kind: 'file'} : lister ? {kind: 'kustomization', kustomization: lister} : {kind: 'folder'};
    units.set(ns, {namespace: ns, assembly, files, templates, objects: members});
  }

  const bindings: Binding[] = [];
  const serviceAccounts = new Map<string, unknown>();
  for (const o of objects) {
    if (o.kind === 'ServiceAccount') serviceAccounts.set(`${namespaceOf(o) ?? ''}/${o.name}`, valueOfObject(o).automountServiceAccountToken);
    if (o.kind !== 'RoleBinding' && o.kind !== 'ClusterRoleBinding') continue;
    const subjects = (Array.isArray(valueOfObject(o).subjects) ? (valueOfObject(o).subjects as unknown[]) : []).map(asRecord).flatMap((s) => {
      if (s.kind === 'ServiceAccount' && typeof s.name === 'string') {
        return [{name: s.name, namespace: typeof s.namespace === 'string' ? s.namespace : o.kind === 'RoleBinding' ? namespaceOf(o) : null}];
      }
      if (s.kind === 'Group' && s.name === 'system:serviceaccounts') return [{name: '*', namespace: null}];
      if (s.kind === 'Group' && typeof s.name === 'string' && s.name.startsWith('system:serviceaccounts:')) return [{name: '*', namespace: s.name.slice('system:serviceaccounts:'.length)}];
      return [];
    });
    if (subjects.length > 0) bindings.push({object: o, subjects});
  }
  return {objects, namespaces, kustomizations, bindings, serviceAccounts, units, namespaceOf, objectsIn: (path) => byFile.get(path) ?? []};
}

export function labelsOf(o: K8sObject): Record<string, unknown> {
  return asRecord(asRecord(valueOfObject(o).metadata).labels);
}

export function valueOfObject(o: K8sObject): Record<string, unknown> {
  return asRecord(toValue(o.node, o.doc));
}

/** Edits that add the missing PSA labels of a Namespace (enforce at `level`, warn/audit at `warn`); labels already there are kept. */
export function psaLabelEdits(source: K8sSource, ns: K8sObject, level: string, version: string, warn = 'restricted'): Edit[] {
  const labels = labelsOf(ns);
  const wanted: Record<string, YValue> = {};
  const want = (k: string, v: string) => {
    if (labels[`${PSA}/${k}`] === undefined) wanted[`${PSA}/${k}`] = v;
  };
  want('enforce', level);
  want('enforce-version', version);
  want('warn', warn);
  want('warn-version', version);
  want('audit', warn);
  want('audit-version', version);
  if (Object.keys(wanted).length === 0) return [];
  const meta = getMap(ns.doc, ns.node, 'metadata');
  if (!meta) return setIn(source, ns.node, ['metadata'], {labels: wanted}, {doc: ns.doc});
  const pair = ownPair(meta, 'labels');
  const map = pair ? deref(pair.value, ns.doc) : null;
  if (isMap(map) && map.items.length > 0) return addEntries(source, map, wanted, {doc: ns.doc});
  return setIn(source, meta, ['labels'], wanted, {doc: ns.doc});
}

/**
 * The Namespace objects a PodSecurityPolicy covered: those its (Cluster)RoleBindings name, and the
 * names of namespaces they name that the repository does not define; without such bindings, the
 * Namespaces beside it (same folder: the install it belongs to), never those of other installs.
 */
export function pspNamespaces(index: ClusterIndex, psp: K8sObject): {namespaces: K8sObject[]; undefinedNames: string[]} {
  const covered = coveredNamespaces(index.objects, psp.name);
  if (covered) {
    const namespaces = index.namespaces.filter((n) => covered.has(n.name));
    return {namespaces, undefinedNames: [...covered].filter((n) => !namespaces.some((o) => o.name === n))};
  }
  const dir = posix.dirname(psp.source.path);
  return {namespaces: index.namespaces.filter((n) => posix.dirname(n.source.path) === dir), undefinedNames: []};
}

/** Namespaces that a PodSecurityPolicy not yet marked for removal covers (K315 migrates them). */
export function unmarkedPspNamespaces(project: Project): Set<K8sObject> {
  const index = clusterIndex(project);
  const out = new Set<K8sObject>();
  for (const psp of index.objects) {
    if (psp.kind !== 'PodSecurityPolicy' || isMarkedPsp(psp)) continue;
    for (const ns of pspNamespaces(index, psp).namespaces) out.add(ns);
  }
  return out;
}

/** The Kustomization's `resources:` list node (for adding a file to it), or null. */
export function resourcesList(k: Kustomization): {map: import('yaml').YAMLMap; hasList: boolean} | null {
  const doc = k.source.docs[0];
  const root = doc ? deref(doc.contents, doc) : null;
  if (!isMap(root)) return null;
  const pair = ownPair(root, 'resources');
  const value = pair ? deref(pair.value, doc) : null;
  return {map: root, hasList: isSeq(value)};
}
