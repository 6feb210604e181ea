import type {Edit} from '../../core/model.js';
import {defineRule} from '../../core/rule.js';
import {templateRange} from '../../formats/yaml/kubernetes.js';
import {asRecord} from '../../formats/yaml/nodes.js';
import {PSS_DOC, isFixable, podManifest, podSc, sc, setContainerSc, setPodSc, templatesOf, type K8sSource} from './common.js';
import {isWindowsPod} from './workload.js';

const OK = new Set(['RuntimeDefault', 'Localhost']);

const docs = `## What it does
Reports a pod template where a container has no seccomp profile of type \`RuntimeDefault\` or
\`Localhost\` (neither its own nor the pod's), or where the pod or a container sets \`Unconfined\`.

## Why it matters
Without seccomp every one of the kernel's ~400 system calls is open to the container, including the
rarely used ones most kernel exploits go through. Kubernetes does not apply the runtime's default
profile unless asked; the Restricted Pod Security Standard requires it.

## Example
${podManifest([], [])}

## Use instead
${podManifest(['securityContext:', '  seccompProfile:', '    type: RuntimeDefault'], [])}

## Fix safety
Unsafe: a program that needs a blocked system call (rare: some debuggers, old JVM options) fails.
The fix sets \`seccompProfile: {type: RuntimeDefault}\` in the pod's \`securityContext\`, and changes
\`Unconfined\` to \`RuntimeDefault\` where a pod or container sets it. Windows pods are exempt.
`;

export const k306Seccomp = defineRule({
  id: 'K306',
  name: 'seccomp',
  kind: 'kubernetes',
  severity: 'medium',
  title: 'Pod runs without a seccomp profile',
  docs,
  references: ['checkov:CKV_K8S_31', 'kics:f377b83e-bd07-4f48-a591-60c82b14a78b', 'trivy:AVD-KSV-0030'],
  links: {
    'Pod Security Standards: Seccomp': PSS_DOC,
    'Restrict a Container\'s Syscalls with seccomp': 'https://kubernetes.io/docs/tutorials/security/seccomp/',
  },
  controls: ['pss:baseline/seccomp', 'pss:restricted/seccomp', 'nsa:1.10', 'cis-k8s:5.6.2'],
  fix: 'unsafe',
  *check(source: K8sSource, ctx) {
    for (const t of templatesOf(source, ctx)) {
      // Linux-only field: the API server refuses it on Windows pods, which the standard exempts.
      if (isWindowsPod(t)) continue;
      const podType = asRecord(podSc(t).seccompProfile).type;
      const podOk = OK.has(String(podType));
      const bad = t.containers.filter((c) => {
        const own = asRecord(sc(c).seccompProfile).type;
        if (own !== undefined && own !== null) return !OK.has(String(own));
        return !podOk;
      });
      const podUnconfined = podType !== undefined && podType !== null && !podOk;
      if (bad.length === 0 && !podUnconfined) continue;
      const names = bad.map((c) => c.name).join(', ');
      yield {
        ...templateRange(t),
        locator: t.locator,
        message: `${t.locator}: ${podUnconfined ? `the pod's seccomp profile is ${String(podType)}` : `no seccomp profile applies to ${names}`}; every system call of the kernel is open to it. Use the runtime's default profile`,
        fix: isFixable(t)
          ? {
              title: 'Set seccompProfile RuntimeDefault on the pod',
              safety: 'unsafe' as const,
              params: [],
              risk: 'A program that needs a blocked system call fails.',
              edits: () => {
                const edits: Edit[] = [];
                if (!podOk) edits.push(...setPodSc(source, t, {seccompProfile: {type: 'RuntimeDefault'}}));
                for (const c of t.containers) {
                  const own = asRecord(sc(c).seccompProfile).type;
                  if (own !== undefined && own !== null && !OK.has(String(own)) && !c.shared) {
                    edits.push(...setContainerSc(source, t, c, ['seccompProfile'], {type: 'RuntimeDefault'}));
                  }
                }
                return edits;
              },
            }
          : null,
      };
    }
  },
});
