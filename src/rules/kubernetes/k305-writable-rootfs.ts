import type {Edit} from '../../core/model.js';
import {defineRule, param} from '../../core/rule.js';
import {valueOf} from '../../core/params.js';
import {nestedFirst} from '../../formats/yaml/edit.js';
import {containerRange, type ContainerRef, type PodTemplate} from '../../formats/yaml/kubernetes.js';
import {isFixable, podManifest, sc, setContainerSc, templatesOf, type K8sSource} from './common.js';
import {imageFacts, isWindowsPod} from './workload.js';
import {emptyDirEdits, mountPaths, splitPaths} from './writable-paths.js';

function fixEdits(source: K8sSource, t: PodTemplate, c: ContainerRef, paths: readonly string[]): Edit[] {
  return nestedFirst([...setContainerSc(source, t, c, ['readOnlyRootFilesystem'], true), ...emptyDirEdits(source, t, c, paths)]);
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
\`writablePaths\`, default \`/tmp\`, plus the paths the image's profile says it writes: nginx's
\`/var/cache/nginx\` and \`/var/run\`, a database's socket directory and its data directory when no
volume holds it), unless the container already mounts something there; the pod's volume is shared by
its containers. An image that writes its config into itself at start (Elasticsearch's keystore in
its config directory) gets advice instead: an emptyDir there would hide the files it ships. Where
the paths an image writes are not known (no profile says), the finding says so and the list is a
suggestion a person confirms (\`fix --write\` leaves it). Windows pods are exempt.
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
  controls: ['nsa:1.1', 'cis-k8s:5.6.3'],
  fix: 'unsafe',
  needsInput: true,
  *check(source: K8sSource, ctx) {
    for (const t of templatesOf(source, ctx)) {
      // Linux-only field: the API server refuses it on Windows pods, which the standard exempts.
      if (isWindowsPod(t)) continue;
      for (const c of t.containers) {
        if (c.field === 'ephemeralContainers') continue;
        if (sc(c).readOnlyRootFilesystem === true) continue;
        const paths = param(ctx, 'writablePaths', 'Writable paths (emptyDir mounts, comma-separated)', (v) => (splitPaths(v).length > 0 || v.trim() === '' ? null : 'absolute paths, comma-separated'));
        // The paths its image profile says it writes (pid files, caches, generated config, data without a volume).
        const facts = imageFacts(ctx.project, t, c);
        const writes = facts.profile?.writes;
        // A data directory with a volume mounted at or below it (postgres' PGDATA under /var/lib/postgresql) is taken care of.
        const mounted = [...mountPaths(c)];
        const data = (writes?.data ?? []).filter((d) => !mounted.some((m) => m === d || m.startsWith(`${d}/`)));
        const known = writes ? [...writes.scratch, ...data] : [];
        // Config the image writes into itself at start: an emptyDir there would hide the files it ships.
        const config = writes?.config ?? [];
        if (known.length > 0) paths.default = [...new Set([...splitPaths(paths.default), ...known])].join(',');
        const what = writes
          ? `${facts.profile!.title} writes ${known.length > 0 ? known.join(', ') : 'nothing of its own'}${writes.complete ? '' : ' (its sources may not list every path)'}`
          : 'which paths its image writes is not known';
        if (config.length > 0) {
          yield {
            ...containerRange(c),
            locator: c.locator,
            message: `${c.locator} has a writable root filesystem; an attacker could change its binaries or drop tools. ${facts.profile!.title} writes into ${config.join(', ')} at start, where an emptyDir would hide the files it ships`,
            advice: `Copy ${config.join(', ')} into an emptyDir with an init container (or mount the files it needs from a ConfigMap) before you set readOnlyRootFilesystem: true; give it emptyDirs at ${known.join(', ') || '/tmp'} too.`,
            certainty: facts.certainty,
            fix: null,
          };
          continue;
        }
        yield {
          ...containerRange(c),
          locator: c.locator,
          message: `${c.locator} has a writable root filesystem; an attacker could change its binaries or drop tools. Make it read-only with an emptyDir where it writes (${what})`,
          certainty: writes ? facts.certainty : ('not-known' as const),
          fix: isFixable(t, c)
            ? {
                title: 'Read-only root filesystem with an emptyDir at each writable path',
                safety: 'unsafe' as const,
                params: [paths],
                // Which paths an image nobody profiled writes is not known: the list is a suggestion a person confirms.
                ...(writes ? {} : {needsInput: ['writablePaths']}),
                risk: 'The program fails where it writes outside the writable paths.',
                edits: (params) => fixEdits(source, t, c, splitPaths(valueOf(params, paths))),
              }
            : null,
        };
      }
    }
  },
});
