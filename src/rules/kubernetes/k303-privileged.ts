import {isMap} from 'yaml';
import {defineRule} from '../../core/rule.js';
import {removeIn} from '../../formats/yaml/edit.js';
import {containerRange, keyRange} from '../../formats/yaml/kubernetes.js';
import {deref, ownPair} from '../../formats/yaml/nodes.js';
import {PSS_DOC, isFixable, opts, podManifest, sc, templatesOf, type K8sSource} from './common.js';

const docs = `## What it does
Reports every container with \`securityContext.privileged: true\`.

## Why it matters
A privileged container has every capability and every device of the node, and no seccomp or AppArmor
confinement: it is root on the node. The Baseline Pod Security Standard already forbids it.

## Example
${podManifest([], ['securityContext:', '  privileged: true'])}

## Use instead
${podManifest([], ['securityContext:', '  allowPrivilegeEscalation: false'])}

## Fix safety
Unsafe: tools that need the node (CNI plugins, device plugins, some monitoring agents) stop working.
The fix removes \`privileged: true\`; a \`securityContext\` left empty stays where it is as
\`securityContext: {}\`, and the other fixes write their settings there. Grant the one capability the
program needs instead.
`;

export const k303Privileged = defineRule({
  id: 'K303',
  name: 'privileged',
  kind: 'kubernetes',
  severity: 'critical',
  title: 'Privileged container',
  docs,
  references: ['checkov:CKV_K8S_16', 'kics:dd29336b-fe57-445b-a26e-e6aa867ae609', 'kube-linter:privileged-container', 'trivy:AVD-KSV-0017'],
  links: {
    'Pod Security Standards: Privileged Containers': PSS_DOC,
  },
  fix: 'unsafe',
  *check(source: K8sSource, ctx) {
    for (const t of templatesOf(source, ctx)) {
      for (const c of t.containers) {
        if (sc(c).privileged !== true) continue;
        const scPair = ownPair(c.node, 'securityContext');
        const scMap = scPair ? deref(scPair.value, t.object.doc) : null;
        const range = isMap(scMap) ? keyRange(scMap, 'privileged') : containerRange(c);
        yield {
          ...range,
          locator: c.locator,
          message: `${c.locator} is privileged: it has every capability and device of the node, so a compromise of it is a compromise of the node`,
          fix: isFixable(t, c) && isMap(scMap)
            ? {
                title: 'Remove privileged: true',
                safety: 'unsafe' as const,
                params: [],
                risk: 'Programs that need host devices or all capabilities stop working.',
                edits: () => removeIn(source, c.node, ['securityContext', 'privileged'], {...opts(t), prune: true}),
              }
            : null,
        };
      }
    }
  },
});
