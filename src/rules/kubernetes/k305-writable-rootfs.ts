import {isMap, isSeq} from 'yaml';
import type {Edit} from '../../core/model.js';
import {defineRule, param} from '../../core/rule.js';
import {appendIn} from '../../formats/yaml/edit.js';
import {containerRange, type ContainerRef, type PodTemplate} from '../../formats/yaml/kubernetes.js';
import {asRecord, deref, ownPair} from '../../formats/yaml/nodes.js';
import {isFixable, opts, podManifest, sc, setContainerSc, templatesOf, valueOf, type K8sSource} from './common.js';

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

function mountPaths(c: ContainerRef): Set<string> {
  const mounts = Array.isArray(c.value.volumeMounts) ? c.value.volumeMounts : [];
  return new Set(mounts.map((m) => String(asRecord(m).mountPath ?? '').replace(/\/+$/, '')));
}

interface VolumePlan {
  path: string;
  name: string;
  create: boolean;
}

/** Which volume each writable path uses: an existing emptyDir of that name, else a new one. */
function planVolumes(t: PodTemplate, c: ContainerRef, paths: readonly string[]): VolumePlan[] {
  const have = mountPaths(c);
  const volumes = Array.isArray(t.specValue.volumes) ? t.specValue.volumes.map(asRecord) : [];
  const out: VolumePlan[] = [];
  for (const path of paths) {
    if (have.has(path)) continue;
    let name = volumeNameFor(path);
    let existing = volumes.find((v) => v.name === name);
    if (existing && existing.emptyDir === undefined) {
      name = `${name}-writable`;
      existing = volumes.find((v) => v.name === name);
    }
    out.push({path, name, create: !existing});
  }
  return out;
}

function fixEdits(source: K8sSource, t: PodTemplate, c: ContainerRef, paths: readonly string[]): Edit[] {
  const edits: Edit[] = [...setContainerSc(source, t, c, ['readOnlyRootFilesystem'], true)];
  const plans = planVolumes(t, c, paths);
  if (plans.length === 0) return edits;
  edits.push(...appendIn(source, c.node, ['volumeMounts'], plans.map((p) => ({name: p.name, mountPath: p.path})), opts(t)));
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

const docs = `## What it does
Reports every container whose \`securityContext.readOnlyRootFilesystem\` is not \`true\` (ephemeral
containers excepted).

## Why it matters
With a writable root filesystem an attacker can drop tools, change binaries or configuration and
persist until the container restarts. A read-only root with an \`emptyDir\` at the few paths the
program writes (\`/tmp\`) stops that.

## Example
${podManifest([], [])}

## Use instead
${podManifest(
      ['volumes:', '  - name: tmp', '    emptyDir: {}'],
      ['securityContext:', '  readOnlyRootFilesystem: true', 'volumeMounts:', '  - name: tmp', '    mountPath: /tmp'],
    )}

## Fix safety
Unsafe: a program that writes outside the writable paths fails. The fix sets
\`readOnlyRootFilesystem: true\` and mounts an \`emptyDir\` volume at each writable path (parameter
\`writablePaths\`, default \`/tmp\`), unless the container already mounts something there; the pod's
volume is shared by its containers.
`;

export const k305WritableRootfs = defineRule({
  id: 'K305',
  name: 'writable-rootfs',
  kind: 'kubernetes',
  severity: 'medium',
  title: 'Container root filesystem is writable',
  docs,
  references: ['checkov:CKV_K8S_22', 'kics:a9c2f49d-0671-4fc9-9ece-f4e261e128d0', 'kube-linter:no-read-only-root-fs', 'trivy:AVD-KSV-0014'],
  links: {
    'Configure a Security Context': 'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/',
    'emptyDir': 'https://kubernetes.io/docs/concepts/storage/volumes/#emptydir',
  },
  fix: 'unsafe',
  *check(source: K8sSource, ctx) {
    for (const t of templatesOf(source, ctx)) {
      for (const c of t.containers) {
        if (c.field === 'ephemeralContainers') continue;
        if (sc(c).readOnlyRootFilesystem === true) continue;
        const paths = param(ctx, 'writablePaths', 'Writable paths (emptyDir mounts, comma-separated)', (v) => (splitPaths(v).length > 0 || v.trim() === '' ? null : 'absolute paths, comma-separated'));
        yield {
          ...containerRange(c),
          locator: c.locator,
          message: `${c.locator} has a writable root filesystem; an attacker could change its binaries or drop tools. Make it read-only with an emptyDir where it writes`,
          fix: isFixable(t, c)
            ? {
                title: 'Read-only root filesystem with an emptyDir at each writable path',
                safety: 'unsafe' as const,
                params: [paths],
                risk: 'The program fails where it writes outside the writable paths.',
                edits: (params) => fixEdits(source, t, c, splitPaths(valueOf(params, paths))),
              }
            : null,
        };
      }
    }
  },
});
