/**
 * Which PersistentVolume of the repository a PersistentVolumeClaim binds, so a rule can tell what
 * a pod's claim really mounts (an NFS export, a host path) when both objects are in the repo:
 *
 *   claimedVolume(project, 'nfs', namespace) -> {volume: 'nfs', spec} | null
 *
 * The claim's `volumeName`, else a volume whose `claimRef` names the claim, else the one volume
 * whose labels meet the claim's `selector.matchLabels`. A claim served by a StorageClass (dynamic
 * provisioning) binds a volume the repo does not hold: null.
 */
import type {Project} from '../../core/project.js';
import {objectsOf, type K8sObject} from '../../formats/yaml/kubernetes.js';
import {asRecord, toValue} from '../../formats/yaml/nodes.js';

interface Held {
  name: string;
  namespace: string | null;
  value: Record<string, unknown>;
}

interface VolumeIndex {
  claims: Held[];
  volumes: Held[];
}

function held(o: K8sObject): Held {
  return {name: o.name, namespace: o.namespace, value: asRecord(toValue(o.node, o.doc))};
}

/** The claims and volumes of the project's manifests (a project memo). */
function volumeIndex(project: Project): VolumeIndex {
  const claims: Held[] = [];
  const volumes: Held[] = [];
  for (const source of project.ofKind('kubernetes')) {
    for (const o of objectsOf(source)) {
      if (o.apiVersion !== 'v1' || o.name === '') continue;
      if (o.kind === 'PersistentVolumeClaim') claims.push(held(o));
      else if (o.kind === 'PersistentVolume') volumes.push(held(o));
    }
  }
  return {claims, volumes};
}

/** Namespaces match when they are equal, or one of them is left to where the files are applied. */
const sameNamespace = (a: string | null, b: string | null) => a === null || b === null || a === b;

/** The PersistentVolume (its name and spec) the claim `claimName` binds, when the repository holds both; else null. */
export function claimedVolume(project: Project, claimName: string, namespace: string | null): {volume: string; spec: Record<string, unknown>} | null {
  const {claims, volumes} = project.memo(volumeIndex);
  const claim = claims.find((c) => c.name === claimName && sameNamespace(c.namespace, namespace));
  if (!claim) return null;
  const spec = asRecord(claim.value.spec);
  const specOf = (v: Held) => ({volume: v.name, spec: asRecord(v.value.spec)});
  if (typeof spec.volumeName === 'string' && spec.volumeName !== '') {
    const named = volumes.find((v) => v.name === spec.volumeName);
    return named ? specOf(named) : null;
  }
  const reserved = volumes.find((v) => {
    const ref = asRecord(asRecord(v.value.spec).claimRef);
    return ref.name === claimName && sameNamespace(typeof ref.namespace === 'string' ? ref.namespace : null, claim.namespace ?? namespace);
  });
  if (reserved) return specOf(reserved);
  const wanted = Object.entries(asRecord(asRecord(spec.selector).matchLabels));
  if (wanted.length === 0) return null;
  const matching = volumes.filter((v) => {
    const labels = asRecord(asRecord(v.value.metadata).labels);
    return wanted.every(([k, value]) => labels[k] === value);
  });
  return matching.length === 1 ? specOf(matching[0]!) : null;
}
