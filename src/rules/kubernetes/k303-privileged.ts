import {isMap} from 'yaml';
import {defineRule} from '../../core/rule.js';
import {setIn} from '../../formats/yaml/edit.js';
import {containerRange, keyRange} from '../../formats/yaml/kubernetes.js';
import {deref, ownPair} from '../../formats/yaml/nodes.js';
import type {FixParam} from '../../core/model.js';
import {valueOf} from '../../core/params.js';
import {PSS_DOC, isFixable, opts, podManifest, sc, templatesOf, type K8sSource} from './common.js';
import {nodeAgentOf} from './workload.js';
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
Unsafe: tools that need the node (CNI plugins, device plugins, storage and NFS servers, some
monitoring agents) stop working. \`privileged: true\` is written on purpose, so the fix sets it to
\`false\` where it stands only once a person confirms the container works without it (its \`privileged\`
parameter; \`fix --write\` leaves it); grant the one capability the program needs instead. A node
agent (a DaemonSet whose image profile is one, or that uses host namespaces or host paths of the
node) keeps it: the finding says to run it in a namespace that enforces \`privileged\`.
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
  controls: ['pss:baseline/privileged-containers', 'nsa:1.2', 'cis-k8s:5.2.2'],
  fix: 'unsafe',
  needsInput: true,
  *check(source: K8sSource, ctx) {
    for (const t of templatesOf(source, ctx)) {
      const agent = nodeAgentOf(t, ctx.project);
      for (const c of t.containers) {
        if (sc(c).privileged !== true) continue;
        const scPair = ownPair(c.node, 'securityContext');
        const scMap = scPair ? deref(scPair.value, t.object.doc) : null;
        const range = isMap(scMap) ? keyRange(scMap, 'privileged') : containerRange(c);
        const message = `${c.locator} is privileged: it has every capability and device of the node, so a compromise of it is a compromise of the node`;
        if (agent) {
          yield {
            ...range,
            locator: c.locator,
            message: `${message}. It is a node agent (${agent.why}), so that is taken as its purpose`,
            advice: 'Keep it, in a namespace that enforces the privileged level for its node agents only; where its documentation lists the capabilities it needs, grant those instead.',
            certainty: agent.certainty,
            fix: null,
          };
          continue;
        }
        const keep: FixParam = {
          name: 'privileged',
          label: `privileged for ${c.name} (false if it works without: devices, mounts, kernel modules, NFS or nested containers need it)`,
          default: 'false',
          choices: ['false', 'true'],
        };
        yield {
          ...range,
          locator: c.locator,
          message: `${message}. Whether it needs that is not known: it is set on purpose in most manifests`,
          certainty: 'not-known' as const,
          fix: isFixable(t, c) && isMap(scMap)
            ? {
                title: 'Set privileged: false',
                safety: 'unsafe' as const,
                params: [keep],
                // It is set on purpose in most manifests: a person says whether it works without.
                needsInput: ['privileged'],
                risk: 'Programs that need host devices, mounts, kernel modules or all capabilities stop working.',
                edits: (params) => (valueOf(params, keep) === 'false' ? setIn(source, scMap, ['privileged'], false, opts(t)) : []),
              }
            : null,
        };
      }
    }
  },
});
