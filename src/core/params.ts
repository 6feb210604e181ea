/** The built-in defaults of fix parameters (DESIGN §3); `.shipshape.yaml` `defaults:` overrides them. */
export const DEFAULT_PARAMS = {
  user: 'app',
  uid: '10001',
  gid: '10001',
  /** Compose memory limit and reservation. */
  memory: '512M',
  memoryReservation: '256M',
  /** Kubernetes memory limit and request. */
  k8sMemoryLimit: '512Mi',
  k8sMemoryRequest: '256Mi',
  cpus: '1',
  cpuRequest: '500m',
  pidsLimit: '100',
  restart: 'on-failure:3',
  writablePaths: '/tmp',
  /** Kubernetes secret backend: kubernetes-secret or vault. */
  secretBackend: 'kubernetes-secret',
  vaultRole: 'app',
  psaVersion: 'latest',
  /** D106: how a RUN reads a build secret: env (`--mount=type=secret,env=NAME`) or file (/run/secrets/<id>). */
  secretMount: 'env',
  /** Kubernetes namespace ResourceQuota (K314). */
  quotaCpu: '4',
  quotaMemory: '8Gi',
  quotaPods: '20',
} as const satisfies Record<string, string>;

export type ParamName = keyof typeof DEFAULT_PARAMS;

export function isUidLike(value: string): string | null {
  return /^\d+$/.test(value) && Number(value) > 0 && Number(value) < 2 ** 31 ? null : 'must be a number above 0';
}

/**
 * Checks of the defaults a fix cannot work without (a config `defaults:` value is refused when
 * one fails, rather than failing every rule that uses it).
 */
export const PARAM_CHECKS: Partial<Record<ParamName, (value: string) => string | null>> = {
  uid: isUidLike,
  gid: isUidLike,
  user: (value) => (/^[a-z_][a-z0-9_-]{0,31}$/.test(value) ? null : 'must be a lower-case user name'),
};
