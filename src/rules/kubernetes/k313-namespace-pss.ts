import type {FixParam} from '../../core/model.js';
import {defineRule, param} from '../../core/rule.js';
import {valueOf} from '../../core/params.js';
import {keyRange, type PodTemplate} from '../../formats/yaml/kubernetes.js';
import {getMap} from '../../formats/yaml/nodes.js';
import {namespaceManifest, type K8sSource} from './common.js';
import {PSA, clusterIndex, labelsOf, psaLabelEdits, unmarkedPspNamespaces} from './namespaces.js';
import {PSS_LEVELS, podLevel, weaker, type PssLevel} from './pod-security.js';

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
Unsafe: new pods that do not meet the enforced level are rejected in that namespace (existing pods
keep running). The fix enforces the strongest level that every pod template the repository applies
with the namespace meets after the other fixes of the same run (it is computed once K301–K309 and
K316 are applied, so a node agent or an image that must start as root keeps its namespace at
\`privileged\` or \`baseline\`), and adds \`warn\` and \`audit\` at \`restricted\` so what is still missing
shows. Labels already there are kept; an existing \`warn\`/\`audit\` level weaker than that (a
deliberate \`warn: privileged\`) caps \`enforce\` too. Where no pod of the repository runs in the
namespace, what runs there is not known: the level (parameter \`enforceLevel\`) is a suggestion a
person confirms. \`-version\` labels come from the parameter \`psaVersion\` (\`latest\`; pin a minor
version such as \`v1.33\` for stable behaviour).
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
  controls: ['cis-k8s:5.2.1'],
  fix: 'unsafe',
  needsInput: true,
  *check(source: K8sSource, ctx) {
    for (const ns of clusterIndex(ctx.project).objectsIn(source.path)) {
      if (ns.kind !== 'Namespace' || ns.apiVersion !== 'v1') continue;
      const labels = labelsOf(ns);
      if (labels[`${PSA}/enforce`] !== undefined) continue;
      // A PodSecurityPolicy that covers this namespace is migrated by K315 (at the PSP's level).
      if (unmarkedPspNamespaces(ctx.project).has(ns)) continue;
      const unit = clusterIndex(ctx.project).units.get(ns);
      const version = param(ctx, 'psaVersion', 'Pod Security Standards version (latest or v1.NN)', (v) => (/^(latest|v1\.\d+)$/.test(v) ? null : 'latest or v1.NN'));
      const meta = getMap(ns.doc, ns.node, 'metadata');
      const range = meta ? keyRange(meta, 'name') : keyRange(ns.node, 'kind');
      const {level, weakest, capped} = chooseLevel(unit?.templates ?? [], labels);
      const pods = unit?.templates.length ?? 0;
      const enforce: FixParam = {name: 'enforceLevel', label: `Level enforced in ${ns.name}`, default: level, choices: ['privileged', 'baseline', 'restricted']};
      const why =
        pods === 0
          ? 'the repository runs no pod in it'
          : level === 'restricted'
            ? `all ${pods} pod template${pods === 1 ? '' : 's'} the repository applies with it meet Restricted`
            : `${weakest.map((w) => `${w.template.locator} meets only ${w.level}`).join(', ')}${weakest.length < pods ? ` (of ${pods})` : ''}`;
      yield {
        ...range,
        locator: ns.locator,
        message:
          `Namespace ${ns.name} has no ${PSA}/enforce label, so any pod (privileged too) is admitted into it. ` +
          `Enforce ${level}, the strongest level its pods meet as the files are now (${why}${capped ? `; its ${capped} label is kept` : ''})${labels[`${PSA}/warn`] === undefined ? ', and warn at restricted' : ''}; ` +
          `a fix run recomputes it once the fixes of its pods are applied`,
        certainty: pods === 0 ? ('not-known' as const) : ('known' as const),
        fix: source.json && !getMap(ns.doc, ns.node, 'metadata')
          ? null
          : {
              title: `Add Pod Security Admission labels (enforce ${level}, warn and audit restricted)`,
              safety: 'unsafe' as const,
              params: [version, enforce],
              // No pod of the repository runs there: what does is not known, so the level is a suggestion a person confirms.
              ...(pods === 0 ? {needsInput: [enforce.name]} : {}),
              risk: `New pods that do not meet ${level} are rejected in this namespace.`,
              // The level is that of the pods after their own fixes: this fix is built once those are applied.
              after: POD_RULES,
              edits: (params) => psaLabelEdits(source, ns, valueOf(params, enforce), valueOf(params, version)),
            },
      };
    }
  },
});

/** The rules whose fixes change which Pod Security level a pod meets. */
const POD_RULES = ['K301', 'K302', 'K303', 'K304', 'K306', 'K308', 'K316'];

/**
 * The level to enforce: the weakest level of the namespace's pods (restricted when it has none),
 * no stronger than an existing `warn`/`audit` label asks for.
 */
function chooseLevel(templates: readonly PodTemplate[], labels: Record<string, unknown>): {level: PssLevel; weakest: Array<{template: PodTemplate; level: PssLevel}>; capped: string | null} {
  const levels = templates.map((template) => ({template, level: podLevel(template)}));
  let level: PssLevel = levels.reduce<PssLevel>((acc, l) => weaker(acc, l.level), 'restricted');
  let capped: string | null = null;
  for (const mode of ['warn', 'audit']) {
    const existing = labels[`${PSA}/${mode}`];
    if (typeof existing === 'string' && (PSS_LEVELS as readonly string[]).includes(existing) && weaker(level, existing as PssLevel) !== level) {
      level = existing as PssLevel;
      capped = `${mode}: ${existing}`;
    }
  }
  return {level, weakest: levels.filter((l) => l.level !== 'restricted' && l.level === levels.reduce<PssLevel>((acc, x) => weaker(acc, x.level), 'restricted')), capped};
}
