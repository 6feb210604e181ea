import {defineRule} from '../../core/rule.js';
import {keyRange, templateRange} from '../../formats/yaml/kubernetes.js';
import type {PodTemplate} from '../../formats/yaml/kubernetes.js';
import {isFixable, podManifest, setPodSpecKey, templatesOf, type K8sSource} from './common.js';
import {clusterIndex, type Binding, type ClusterIndex} from './namespaces.js';
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
loses its credentials. The fix sets \`automountServiceAccountToken: false\` on the pod. A pod whose
service account a (Cluster)RoleBinding of the repository binds to a role calls the API: it keeps the
token (no finding when it sets \`automountServiceAccountToken: true\`, else advice to say so), and one
whose ServiceAccount turns the token off is not reported.
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
  controls: ['nsa:1.11', 'cis-k8s:5.1.5', 'cis-k8s:5.1.6'],
  fix: 'unsafe',
  *check(source: K8sSource, ctx) {
    const index = clusterIndex(ctx.project);
    for (const t of templatesOf(source, ctx)) {
      const v = t.specValue.automountServiceAccountToken;
      if (v === false) continue;
      const account = serviceAccountOf(t);
      const namespace = index.namespaceOf(t.object);
      // The ServiceAccount of the repository may turn the token off for every pod that uses it.
      if (v === undefined && accountAutomount(index, account, namespace) === false) continue;
      const binding = boundBy(index, account, namespace);
      if (binding && v === true) continue;
      const range = v === undefined ? templateRange(t) : keyRange(t.spec, 'automountServiceAccountToken');
      if (binding) {
        // It calls the API: its service account is bound to a role in this repository.
        yield {
          ...range,
          locator: t.locator,
          message: `${t.locator} mounts the token of service account ${account}, which ${binding.object.kind} ${binding.object.name} binds to a role in this repository: it calls the Kubernetes API, so the token stays. Say so explicitly`,
          advice: 'Set automountServiceAccountToken: true on the pod so the choice is visible, and keep the role it is bound to as narrow as the program needs.',
          certainty: 'inferred' as const,
          fix: null,
        };
        continue;
      }
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

/** The pod's service account (`serviceAccountName`, the deprecated `serviceAccount`, else `default`). */
function serviceAccountOf(t: PodTemplate): string {
  const name = t.specValue.serviceAccountName ?? t.specValue.serviceAccount;
  return typeof name === 'string' && name !== '' ? name : 'default';
}

/** The automountServiceAccountToken of the repository's ServiceAccount, or undefined. */
function accountAutomount(index: ClusterIndex, account: string, namespace: string | null): unknown {
  for (const [key, value] of index.serviceAccounts) {
    const [ns, name] = [key.slice(0, key.indexOf('/')), key.slice(key.indexOf('/') + 1)];
    if (name === account && (ns === '' || namespace === null || ns === namespace)) return value;
  }
  return undefined;
}

/** A (Cluster)RoleBinding of the repository that binds the service account (or all of its namespace's). */
function boundBy(index: ClusterIndex, account: string, namespace: string | null): Binding | null {
  return (
    index.bindings.find((b) =>
      b.subjects.some((s) => (s.name === account || s.name === '*') && (s.namespace === null || namespace === null || s.namespace === namespace)),
    ) ?? null
  );
}
