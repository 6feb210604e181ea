import {defineRule} from '../../core/rule.js';
import {containerRange} from '../../formats/yaml/kubernetes.js';
import type {FixParam} from '../../core/model.js';
import {askFirst, valueOf} from '../../core/params.js';
import {PSS_DOC, isFixable, podManifest, sc, setContainerSc, templatesOf, type K8sSource} from './common.js';
import {isWindowsPod} from './workload.js';

const docs = `## What it does
Reports every container (init and ephemeral containers too) whose
\`securityContext.allowPrivilegeEscalation\` is not \`false\`.

## Why it matters
Unless it is \`false\`, a process can gain more privileges than its parent (setuid binaries, file
capabilities): \`no_new_privs\` is not set. The Restricted Pod Security Standard requires
\`allowPrivilegeEscalation: false\`.

## Example
${podManifest([], [])}

## Use instead
${podManifest([], ['securityContext:', '  allowPrivilegeEscalation: false'])}

## Fix safety
Unsafe: a program that relies on setuid binaries (\`sudo\`, \`ping\` on old images) stops working. The
fix sets \`allowPrivilegeEscalation: false\` in the container's \`securityContext\` (created when
missing). It is not offered while the container is privileged or adds \`SYS_ADMIN\` (the API server
rejects that combination): fix K303/K304 first. An explicit \`true\` is changed only once a person
confirms (a binary that binds a low port through a file capability needs it). Windows pods are
exempt.
`;

export const k302PrivilegeEscalation = defineRule({
  id: 'K302',
  name: 'privilege-escalation',
  kind: 'kubernetes',
  severity: 'high',
  title: 'Container allows privilege escalation',
  docs,
  references: ['checkov:CKV_K8S_20', 'kics:5572cc5e-1e4c-4113-92a6-7a8a3bd25e6d', 'kube-linter:privilege-escalation-container', 'trivy:AVD-KSV-0001'],
  links: {
    'Pod Security Standards: Privilege Escalation': PSS_DOC,
    'Configure a Security Context': 'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/',
  },
  controls: ['pss:restricted/privilege-escalation', 'nsa:1.7', 'cis-k8s:5.2.6', 'cis-k8s:5.6.3'],
  fix: 'unsafe',
  needsInput: true,
  *check(source: K8sSource, ctx) {
    for (const t of templatesOf(source, ctx)) {
      // Linux-only field: the API server refuses it on Windows pods, which the standard exempts.
      if (isWindowsPod(t)) continue;
      for (const c of t.containers) {
        const s = sc(c);
        if (s.allowPrivilegeEscalation === false) continue;
        const caps = (s.capabilities ?? {}) as {add?: unknown};
        const blocked = s.privileged === true || (Array.isArray(caps.add) && caps.add.some((x) => /^(CAP_)?SYS_ADMIN$/i.test(String(x))));
        const fixable = isFixable(t, c) && !blocked;
        const explicit = s.allowPrivilegeEscalation === true;
        const choice: FixParam = {
          name: 'allowPrivilegeEscalation',
          label: `allowPrivilegeEscalation for ${c.name} (it says true on purpose: false unless it needs setuid binaries or file capabilities)`,
          default: 'false',
          choices: ['false', 'true'],
        };
        yield {
          ...containerRange(c),
          locator: c.locator,
          message: `${c.locator}: allowPrivilegeEscalation is ${s.allowPrivilegeEscalation === true ? 'true' : 'not set'}; a process could gain more privileges than its parent (setuid binaries). Set it to false`,
          ...(blocked ? {advice: 'The container is privileged or adds SYS_ADMIN, which the API server does not allow together with allowPrivilegeEscalation: false; remove those first (K303, K304).'} : {}),
          // `true` written on purpose (a binary given NET_BIND_SERVICE by setcap needs it to gain that capability): a person decides.
          ...(explicit ? {certainty: 'not-known' as const} : {}),
          fix: fixable
            ? {
                title: 'Set allowPrivilegeEscalation: false',
                safety: 'unsafe' as const,
                ...askFirst(explicit, choice),
                risk: 'Programs that rely on setuid binaries or file capabilities (setcap) stop working.',
                edits: (params) => (explicit && valueOf(params, choice) !== 'false' ? [] : setContainerSc(source, t, c, ['allowPrivilegeEscalation'], false)),
              }
            : null,
        };
      }
    }
  },
});
