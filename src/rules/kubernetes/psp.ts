/** PodSecurityPolicy analysis shared by K313 and K315. */
import type {K8sObject} from '../../formats/yaml/kubernetes.js';
import {asRecord, toValue} from '../../formats/yaml/nodes.js';

const valueOfObject = (o: K8sObject): Record<string, unknown> => asRecord(toValue(o.node, o.doc));

export const MARK = 'shipshape K315: PodSecurityPolicy was removed in Kubernetes 1.25';

/** The Pod Security Standard level a PSP's rules correspond to. */
export function pspLevel(spec: Record<string, unknown>): 'privileged' | 'baseline' | 'restricted' {
  const arr = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
  if (spec.privileged === true || spec.hostNetwork === true || spec.hostPID === true || spec.hostIPC === true || arr(spec.allowedCapabilities).includes('*')) return 'privileged';
  if (Array.isArray(spec.hostPorts) && spec.hostPorts.length > 0) return 'privileged';
  const volumes = arr(spec.volumes);
  if (volumes.includes('*') || volumes.includes('hostPath')) return 'privileged';
  const restrictedVolumes = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];
  const rule = String(asRecord(spec.runAsUser).rule ?? '');
  const restricted =
    spec.allowPrivilegeEscalation === false &&
    arr(spec.requiredDropCapabilities).includes('ALL') &&
    (rule === 'MustRunAsNonRoot' || (rule === 'MustRunAs' && arr(asRecord(spec.runAsUser).ranges).length > 0)) &&
    volumes.length > 0 &&
    volumes.every((v) => restrictedVolumes.includes(v));
  return restricted ? 'restricted' : 'baseline';
}

/**
 * The namespaces a PSP covered: namespaces of RoleBindings, and ServiceAccount subjects of
 * ClusterRoleBindings, bound to a (Cluster)Role that may `use` this PSP by naming podsecuritypolicies. Null when no binding is
 * found in the repository (then every Namespace of the repository is taken).
 */
export function coveredNamespaces(objects: readonly K8sObject[], psp: string): Set<string> | null {
  const roles = new Set<string>();
  for (const o of objects) {
    if (o.kind !== 'Role' && o.kind !== 'ClusterRole') continue;
    const rules = Array.isArray(valueOfObject(o).rules) ? (valueOfObject(o).rules as unknown[]).map(asRecord) : [];
    const grants = rules.some((r) => {
      const verbs = Array.isArray(r.verbs) ? r.verbs.map(String) : [];
      const resources = Array.isArray(r.resources) ? r.resources.map(String) : [];
      const names = Array.isArray(r.resourceNames) ? r.resourceNames.map(String) : null;
      // A role that names podsecuritypolicies: a wildcard (`*` on `*`, an admin role) is no sign that it was written for this PSP.
      return (verbs.includes('use') || verbs.includes('*')) && resources.includes('podsecuritypolicies') && (!names || names.includes(psp));
    });
    if (grants) roles.add(`${o.kind}/${o.name}${o.kind === 'Role' ? `@${o.namespace ?? ''}` : ''}`);
  }
  const out = new Set<string>();
  let found = false;
  for (const o of objects) {
    if (o.kind !== 'RoleBinding' && o.kind !== 'ClusterRoleBinding') continue;
    const v = valueOfObject(o);
    const ref = asRecord(v.roleRef);
    const key = ref.kind === 'Role' ? `Role/${String(ref.name)}@${o.namespace ?? ''}` : `ClusterRole/${String(ref.name)}`;
    if (!roles.has(key)) continue;
    found = true;
    if (o.kind === 'RoleBinding' && o.namespace) out.add(o.namespace);
    for (const s of Array.isArray(v.subjects) ? v.subjects.map(asRecord) : []) {
      if (s.kind === 'ServiceAccount' && typeof s.namespace === 'string') out.add(s.namespace);
      if (s.kind === 'Group' && typeof s.name === 'string' && s.name.startsWith('system:serviceaccounts:')) out.add(s.name.slice('system:serviceaccounts:'.length));
    }
  }
  return found ? out : null;
}

export function isMarkedPsp(o: K8sObject): boolean {
  const start = o.node.range?.[0] ?? 0;
  const before = o.source.text.slice(Math.max(0, start - 400), start);
  return before.includes(MARK);
}

