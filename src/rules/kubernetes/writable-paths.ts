/** emptyDir volumes at the paths a container writes: shared by K305 (read-only root) and K301 (an image run as its own uid). */
import {isMap, isSeq} from 'yaml';
import type {Edit} from '../../core/model.js';
import {appendIn} from '../../formats/yaml/edit.js';
import type {ContainerRef, PodTemplate} from '../../formats/yaml/kubernetes.js';
import {asRecord, deref, ownPair} from '../../formats/yaml/nodes.js';
import {opts, type K8sSource} from './common.js';

/** `/tmp` -> `tmp`, `/var/cache/nginx` -> `var-cache-nginx` (a valid DNS-1123 label). */
export function volumeNameFor(path: string): string {
  const name = path
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50);
  return name || 'writable';
}

export function splitPaths(value: string): string[] {
  return value
    .split(/[,\s]+/)
    .map((p) => p.trim())
    .filter((p) => p.startsWith('/'))
    .map((p) => (p.length > 1 ? p.replace(/\/+$/, '') : p));
}

/** The paths a container mounts a volume at. */
export function mountPaths(c: ContainerRef): Set<string> {
  const mounts = Array.isArray(c.value.volumeMounts) ? c.value.volumeMounts : [];
  return new Set(mounts.map((m) => String(asRecord(m).mountPath ?? '').replace(/(.)\/+$/, '$1')));
}

interface VolumePlan {
  path: string;
  name: string;
  create: boolean;
}

/** Which volume each path uses: an existing emptyDir of that name, else a new one; mounted paths are left out. */
function planVolumes(t: PodTemplate, c: ContainerRef, paths: readonly string[]): VolumePlan[] {
  const have = mountPaths(c);
  const volumes = Array.isArray(t.specValue.volumes) ? t.specValue.volumes.map(asRecord) : [];
  const out: VolumePlan[] = [];
  for (const path of new Set(paths)) {
    if (have.has(path)) continue;
    let name = volumeNameFor(path);
    let existing = volumes.find((v) => v.name === name);
    // A volume of that name that is no emptyDir, or that this container already mounts elsewhere, is not this path's.
    const mountedElsewhere = (Array.isArray(c.value.volumeMounts) ? c.value.volumeMounts : []).some((m) => asRecord(m).name === name);
    if (existing && (existing.emptyDir === undefined || mountedElsewhere)) {
      name = `${name}-writable`;
      existing = volumes.find((v) => v.name === name);
    }
    out.push({path, name, create: !existing});
  }
  return out;
}

/** The paths of `paths` the container does not mount anything at yet. */
export function unmounted(c: ContainerRef, paths: readonly string[]): string[] {
  const have = mountPaths(c);
  return [...new Set(paths)].filter((p) => !have.has(p));
}

/** Edits that mount an emptyDir at each path the container does not mount yet (volumes added to the pod). */
export function emptyDirEdits(source: K8sSource, t: PodTemplate, c: ContainerRef, paths: readonly string[]): Edit[] {
  const plans = planVolumes(t, c, paths);
  if (plans.length === 0) return [];
  const edits: Edit[] = [...appendIn(source, c.node, ['volumeMounts'], plans.map((p) => ({name: p.name, mountPath: p.path})), opts(t))];
  const created = plans.filter((p) => p.create);
  if (created.length > 0) {
    const items = created.map((p) => ({name: p.name, emptyDir: {}}));
    const pair = ownPair(t.spec, 'volumes');
    const seq = pair ? deref(pair.value, t.object.doc) : null;
    if (pair && !isSeq(seq) && !(isMap(seq) || seq === null || (seq as {value?: unknown}).value === null)) return edits;
    edits.push(...appendIn(source, t.spec, ['volumes'], items, opts(t)));
  }
  return edits;
}
