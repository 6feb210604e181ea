import {defineRule} from '../../core/rule.js';
import {keyRange, templateRange} from '../../formats/yaml/kubernetes.js';
import {isFixable, podManifest, setPodSpecKey, templatesOf, type K8sSource} from './common.js';

const docs = `## What it does
Reports a pod template whose \`automountServiceAccountToken\` is not \`false\`.

## Why it matters
Kubernetes mounts a token of the pod's service account into every container by default. Most
applications never call the Kubernetes API, but an attacker who gets into the container can use the
token to do whatever the service account is allowed to (often more than anyone remembers).

## Example
${podManifest([], [])}

## Use instead
${podManifest(['automountServiceAccountToken: false'], [])}

## Fix safety
Unsafe: a program that talks to the Kubernetes API (operators, controllers, some service discovery)
loses its credentials. The fix sets \`automountServiceAccountToken: false\` on the pod; such
programs should instead keep it \`true\` explicitly with a narrowly bound service account.
`;

export const k312SaTokenAutomount = defineRule({
  id: 'K312',
  name: 'sa-token-automount',
  kind: 'kubernetes',
  severity: 'low',
  title: 'Service account token mounted into the pod',
  docs,
  references: ['checkov:CKV_K8S_38', 'kics:48471392-d4d0-47c0-b135-cdec95eb3eef', 'trivy:AVD-KSV-0036'],
  links: {
    'Configure Service Accounts for Pods': 'https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting',
  },
  fix: 'unsafe',
  *check(source: K8sSource, ctx) {
    for (const t of templatesOf(source, ctx)) {
      const v = t.specValue.automountServiceAccountToken;
      if (v === false) continue;
      const range = v === undefined ? templateRange(t) : keyRange(t.spec, 'automountServiceAccountToken');
      yield {
        ...range,
        locator: t.locator,
        message: `${t.locator} mounts its service account token${v === true ? ' (automountServiceAccountToken: true)' : ''}; anyone inside the container can call the Kubernetes API with it. Disable it unless the app needs the API`,
        fix: isFixable(t)
          ? {
              title: 'Set automountServiceAccountToken: false',
              safety: 'unsafe' as const,
              params: [],
              risk: 'Programs that call the Kubernetes API lose their credentials.',
              edits: () => setPodSpecKey(source, t, 'automountServiceAccountToken', false),
            }
          : null,
      };
    }
  },
});
