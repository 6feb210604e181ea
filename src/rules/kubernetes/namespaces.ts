/** Namespaces of the repository and the objects that live in them (K313–K315). */
import {isMap} from 'yaml';
import type {Edit} from '../../core/model.js';
import type {Project} from '../../core/project.js';
import {addEntries, setIn} from '../../formats/yaml/edit.js';
import {objectsOf, type K8sObject} from '../../formats/yaml/kubernetes.js';
import {asRecord, deref, getMap, ownPair, toValue} from '../../formats/yaml/nodes.js';
import type {YValue} from '../../formats/yaml/render.js';
import {coveredNamespaces, isMarkedPsp} from './psp.js';
import type {K8sSource} from './common.js';
import type {YamlSource} from '../../core/source.js';

export const PSA = 'pod-security.kubernetes.io';

/** Every Kubernetes object of the project (read once per project: K313–K315 ask for every object). */
export function allObjects(project: Project): readonly K8sObject[] {
  return project.memo(objectsOfProject);
}

function objectsOfProject(project: Project): K8sObject[] {
  return (project.ofKind('kubernetes') as YamlSource[]).flatMap((s) => objectsOf(s));
}

export function namespaceObjects(project: Project): readonly K8sObject[] {
  return project.memo(namespacesOfProject);
}

function namespacesOfProject(project: Project): K8sObject[] {
  return allObjects(project).filter((o) => o.kind === 'Namespace' && o.apiVersion === 'v1' && o.name);
}

export function labelsOf(o: K8sObject): Record<string, unknown> {
  return asRecord(asRecord(toValue(o.node, o.doc)).metadata ? asRecord(asRecord(toValue(o.node, o.doc)).metadata).labels : {});
}

export function valueOfObject(o: K8sObject): Record<string, unknown> {
  return asRecord(toValue(o.node, o.doc));
}

/** Edits that add the missing PSA labels of a Namespace (enforce at `level`, warn/audit restricted). */
export function psaLabelEdits(source: K8sSource, ns: K8sObject, level: string, version: string): Edit[] {
  const labels = labelsOf(ns);
  const wanted: Record<string, YValue> = {};
  const want = (k: string, v: string) => {
    if (labels[`${PSA}/${k}`] === undefined) wanted[`${PSA}/${k}`] = v;
  };
  want('enforce', level);
  want('enforce-version', version);
  want('warn', 'restricted');
  want('warn-version', version);
  want('audit', 'restricted');
  want('audit-version', version);
  if (Object.keys(wanted).length === 0) return [];
  const meta = getMap(ns.doc, ns.node, 'metadata');
  if (!meta) return setIn(source, ns.node, ['metadata'], {labels: wanted}, {doc: ns.doc});
  const pair = ownPair(meta, 'labels');
  const map = pair ? deref(pair.value, ns.doc) : null;
  if (isMap(map) && map.items.length > 0) return addEntries(source, map, wanted, {doc: ns.doc});
  return setIn(source, meta, ['labels'], wanted, {doc: ns.doc});
}


/** Namespaces that a PodSecurityPolicy not yet marked for removal covers (K315 migrates them); read once per project. */
export function unmarkedPspNamespaces(project: Project): ReadonlySet<string> {
  return project.memo(pspNamespacesOfProject);
}

function pspNamespacesOfProject(project: Project): Set<string> {
  const objects = allObjects(project);
  const out = new Set<string>();
  for (const psp of objects) {
    if (psp.kind !== 'PodSecurityPolicy' || isMarkedPsp(psp)) continue;
    const covered = coveredNamespaces(objects, psp.name);
    for (const ns of namespaceObjects(project)) if (!covered || covered.has(ns.name)) out.add(ns.name);
  }
  return out;
}
