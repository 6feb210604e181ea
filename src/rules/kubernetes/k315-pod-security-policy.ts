import type {Edit} from '../../core/model.js';
import {defineRule, param} from '../../core/rule.js';
import {valueOf} from '../../core/params.js';
import {keyRange, objectsOf} from '../../formats/yaml/kubernetes.js';
import {asRecord} from '../../formats/yaml/nodes.js';
import {namespaceManifest, type K8sSource} from './common.js';
import {clusterIndex, psaLabelEdits, pspNamespaces, valueOfObject} from './namespaces.js';
import {MARK, isMarkedPsp, pspLevel} from './psp.js';

const docs = `## What it does
Reports every PodSecurityPolicy manifest.

## Why it matters
PodSecurityPolicy was removed in Kubernetes 1.25: a cluster of today ignores it (or rejects the
manifest), so the protection it was written for is silently gone. Pod Security Admission replaces it
with namespace labels.

## Example
\`\`\`yaml
apiVersion: policy/v1beta1
kind: PodSecurityPolicy
metadata:
  name: restricted
spec:
  privileged: false
  runAsUser:
    rule: MustRunAsNonRoot
  seLinux:
    rule: RunAsAny
  supplementalGroups:
    rule: RunAsAny
  fsGroup:
    rule: RunAsAny
  volumes: [configMap, secret, emptyDir]
\`\`\`

## Use instead
${namespaceManifest(['pod-security.kubernetes.io/enforce: restricted'])}

## Fix safety
Unsafe: the namespaces start enforcing a Pod Security Standard. The fix labels the namespaces the
PSP covered (namespaces of the RoleBindings, and ServiceAccount subjects of ClusterRoleBindings,
bound to a role that may \`use\` the PSP; when the repository has no such binding, the Namespaces
beside it in its folder, never those of other installs) with \`pod-security.kubernetes.io/enforce\` at
the level that matches the PSP (privileged, baseline or restricted; \`warn\`/\`audit\` at restricted),
and marks the PSP for removal with a comment. It does not delete your file: delete it (and its RBAC)
once the labels are applied.
`;

export const k315PodSecurityPolicy = defineRule({
  id: 'K315',
  name: 'pod-security-policy',
  kind: 'kubernetes',
  severity: 'medium',
  title: 'PodSecurityPolicy (removed in Kubernetes 1.25)',
  docs,
  references: [],
  links: {
    'Migrate from PodSecurityPolicy to the Built-In PodSecurity Admission Controller': 'https://kubernetes.io/docs/tasks/configure-pod-container/migrate-from-psp/',
    'PodSecurityPolicy (removed)': 'https://kubernetes.io/docs/concepts/security/pod-security-policy/',
  },
  controls: ['cis-k8s:5.2.1'],
  fix: 'unsafe',
  *check(source: K8sSource, ctx) {
    for (const psp of objectsOf(source)) {
      if (psp.kind !== 'PodSecurityPolicy') continue;
      const level = pspLevel(asRecord(valueOfObject(psp).spec));
      const index = clusterIndex(ctx.project);
      const {namespaces, undefinedNames: missing} = pspNamespaces(index, psp);
      const marked = isMarkedPsp(psp);
      const version = param(ctx, 'psaVersion', 'Pod Security Standards version (latest or v1.NN)');
      const advice =
        `Delete this PodSecurityPolicy and the RBAC that grants "use" on it once the namespaces carry the Pod Security Admission labels` +
        (missing.length > 0 ? `; label namespaces not defined in the repository yourself: ${missing.map((n) => `kubectl label ns ${n} pod-security.kubernetes.io/enforce=${level}`).join('; ')}` : '') +
        '.';
      yield {
        ...keyRange(psp.node, 'kind'),
        locator: psp.locator,
        message: marked
          ? `PodSecurityPolicy ${psp.name} is marked for removal: Kubernetes 1.25+ ignores it. Delete it`
          : `PodSecurityPolicy ${psp.name} no longer protects anything: PSP was removed in Kubernetes 1.25. Migrate to Pod Security Admission labels (${level})`,
        advice,
        fix:
          marked || source.json
            ? null
            : {
                title: `Label the covered namespaces (enforce: ${level}) and mark the PSP for removal`,
                safety: 'unsafe' as const,
                params: [version],
                risk: 'The namespaces start rejecting pods that do not meet the standard.',
                edits: (params) => {
                  const edits: Edit[] = [];
                  for (const ns of namespaces) {
                    const src = ctx.project.get(ns.source.path) as K8sSource | undefined;
                    if (src) edits.push(...psaLabelEdits(src, ns, level, valueOf(params, version)));
                  }
                  const start = psp.node.range![0];
                  const lineStart = source.text.lastIndexOf('\n', start - 1) + 1;
                  const where = namespaces.length > 0 ? `its rules now live in the Pod Security Admission labels of namespace${namespaces.length > 1 ? 's' : ''} ${namespaces.map((n) => n.name).join(', ')}` : 'label the namespaces it covered with pod-security.kubernetes.io/enforce';
                  edits.push({file: source.path, start: lineStart, end: lineStart, text: `# ${MARK}; ${where}.${source.eol}# Delete this file and the RBAC that grants "use" on it.${source.eol}`});
                  return edits;
                },
              },
      };
    }
  },
});
