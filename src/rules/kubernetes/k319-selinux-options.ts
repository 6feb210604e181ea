import {isMap, type Document, type YAMLMap} from 'yaml';
import type {Edit} from '../../core/model.js';
import {defineRule} from '../../core/rule.js';
import {ALLOWED_SELINUX_TYPES} from '../../knowledge/standards/controls.js';
import {removeIn, removeKey} from '../../formats/yaml/edit.js';
import {asRecord, lookupPath} from '../../formats/yaml/nodes.js';
import {PSS_DOC, podManifest, securityContexts, siteFinding, templatesOf, type K8sSource} from './common.js';

const ALLOWED = new Set(ALLOWED_SELINUX_TYPES);

/** The keys of a seLinuxOptions value Baseline forbids: `user`, `role`, and a `type` outside the container types. */
function forbidden(options: Record<string, unknown>): string[] {
  const out: string[] = [];
  if (options.type !== undefined && options.type !== null && !ALLOWED.has(String(options.type))) out.push('type');
  for (const key of ['user', 'role']) if (options[key] !== undefined && options[key] !== null && options[key] !== '') out.push(key);
  return out;
}

const docs = `## What it does
Reports a pod or container whose \`securityContext.seLinuxOptions\` sets a \`user\` or a \`role\`, or a
\`type\` other than the container types (\`container_t\`, \`container_init_t\`, \`container_kvm_t\`,
\`container_engine_t\`).

## Why it matters
On SELinux nodes every container runs as \`container_t\` with its own category pair, which keeps it
away from the host's files and from other containers. A type such as \`spc_t\` ("super privileged
container") or \`unconfined_t\`, or a custom user or role, lifts that separation. The Baseline Pod
Security Standard allows only the container types.

## Example
${podManifest(['securityContext:', '  seLinuxOptions:', '    type: spc_t'], [])}

## Use instead
${podManifest(['securityContext:', '  seLinuxOptions:', '    level: "s0:c123,c456"'], [])}

## Fix safety
Unsafe: a program that reaches host files through the lifted separation loses that access. The fix
removes the forbidden keys (\`seLinuxOptions\` as a whole when nothing else is left); \`level\` stays.
`;

export const k319SelinuxOptions = defineRule({
  id: 'K319',
  name: 'selinux-options',
  kind: 'kubernetes',
  severity: 'high',
  title: 'SELinux type, user or role outside the container policy',
  docs,
  references: ['trivy:AVD-KSV-0025'],
  links: {
    'Pod Security Standards: SELinux': PSS_DOC,
    'Configure a Security Context: SELinux': 'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#assign-selinux-labels-to-a-container',
  },
  controls: ['pss:baseline/selinux', 'nsa:1.8'],
  fix: 'unsafe',
  *check(source: K8sSource, ctx) {
    for (const t of templatesOf(source, ctx)) {
      for (const site of securityContexts(t)) {
        const options = asRecord(site.values.seLinuxOptions);
        const keys = forbidden(options);
        if (keys.length === 0) continue;
        const message = {
          container: `${site.locator} sets seLinuxOptions ${describe(keys, options)}; it leaves the container SELinux policy. Remove them`,
          pod: `${site.locator}: the pod's seLinuxOptions set ${describe(keys, options)}; its containers leave the container SELinux policy. Remove them`,
        };
        yield siteFinding(site, 'seLinuxOptions', message, {fix: site.fixable ? removeFix(source, site.owner, keys, t.object.doc) : null});
      }
    }
  },
});

function describe(keys: readonly string[], options: Record<string, unknown>): string {
  return keys.map((k) => `${k}: ${String(options[k])}`).join(', ');
}

function removeFix(source: K8sSource, owner: YAMLMap, keys: readonly string[], doc: Document.Parsed) {
  return {
    title: `Remove seLinuxOptions ${keys.join(', ')}`,
    safety: 'unsafe' as const,
    params: [],
    risk: 'A program that reaches host files through the lifted separation loses that access.',
    edits: (): Edit[] => {
      const found = lookupPath(doc, owner, ['securityContext', 'seLinuxOptions']);
      const options = found?.value;
      if (!isMap(options)) return [];
      if (options.items.length === keys.length) return removeIn(source, owner, ['securityContext', 'seLinuxOptions'], {doc, prune: true});
      return keys.flatMap((k) => removeKey(source, options, k));
    },
  };
}
