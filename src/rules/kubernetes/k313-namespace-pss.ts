import {defineRule, param} from '../../core/rule.js';
import {keyRange, objectsOf} from '../../formats/yaml/kubernetes.js';
import {getMap} from '../../formats/yaml/nodes.js';
import {namespaceManifest, valueOf, type K8sSource} from './common.js';
import {PSA, labelsOf, psaLabelEdits, unmarkedPspNamespaces} from './namespaces.js';

const docs = `## What it does
Reports a Namespace without the label \`${PSA}/enforce\`.

## Why it matters
Pod Security Admission (built into Kubernetes since 1.25, replacing PodSecurityPolicy) only checks
pods in namespaces that ask for it with labels. Without \`enforce\`, any pod, privileged or not, is
admitted; the manifests of the repository may be hardened, but nothing stops the next one that is
not.

## Example
${namespaceManifest()}

## Use instead
${namespaceManifest(['enforce: restricted', 'enforce-version: latest', 'warn: restricted', 'warn-version: latest', 'audit: restricted', 'audit-version: latest'].map((l) => `${PSA}/${l}`))}

## Fix safety
Unsafe: pods that do not meet the Restricted standard are rejected in that namespace (fix them first
with K301–K306; existing pods keep running). The fix adds the missing \`enforce\`, \`warn\` and
\`audit\` labels at level \`restricted\` with \`-version\` labels from the parameter \`psaVersion\`
(\`latest\`; pin a minor version such as \`v1.33\` for stable behaviour).
`;

export const k313NamespacePss = defineRule({
  id: 'K313',
  name: 'namespace-pss',
  kind: 'kubernetes',
  severity: 'medium',
  title: 'Namespace without Pod Security Admission enforcement',
  docs,
  references: [],
  links: {
    'Pod Security Admission': 'https://kubernetes.io/docs/concepts/security/pod-security-admission/',
    'Enforce Pod Security Standards with Namespace Labels': 'https://kubernetes.io/docs/tasks/configure-pod-container/enforce-standards-namespace-labels/',
  },
  fix: 'unsafe',
  *check(source: K8sSource, ctx) {
    for (const ns of objectsOf(source)) {
      if (ns.kind !== 'Namespace' || ns.apiVersion !== 'v1') continue;
      const labels = labelsOf(ns);
      if (labels[`${PSA}/enforce`] !== undefined) continue;
      // A PodSecurityPolicy that covers this namespace is migrated by K315 (at the PSP's level).
      if (unmarkedPspNamespaces(ctx.project).has(ns.name)) continue;
      const version = param(ctx, 'psaVersion', 'Pod Security Standards version (latest or v1.NN)', (v) => (/^(latest|v1\.\d+)$/.test(v) ? null : 'latest or v1.NN'));
      const meta = getMap(ns.doc, ns.node, 'metadata');
      const range = meta ? keyRange(meta, 'name') : keyRange(ns.node, 'kind');
      yield {
        ...range,
        locator: ns.locator,
        message: `Namespace ${ns.name} has no ${PSA}/enforce label, so any pod (privileged too) is admitted into it. Enforce the restricted Pod Security Standard`,
        fix: source.json && !getMap(ns.doc, ns.node, 'metadata')
          ? null
          : {
              title: 'Add Pod Security Admission labels (restricted)',
              safety: 'unsafe' as const,
              params: [version],
              risk: 'New pods that do not meet the Restricted standard are rejected in this namespace.',
              edits: (params) => psaLabelEdits(source, ns, 'restricted', valueOf(params, version)),
            },
      };
    }
  },
});
