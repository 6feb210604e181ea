import type {FixParam, ParamValues} from './model.js';

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

/**
 * A question only a person can answer before a fix applies (`yes` is the one answer): put its
 * name, `confirm`, in the fix's `needsInput`, so `fix --write` leaves the fix and the wizard asks.
 */
export function confirmParam(question: string): FixParam {
  return {name: 'confirm', label: question, default: '', choices: ['yes']};
}

/** A parameter's value in `params`: the one given, else its default. */
export function valueOf(params: ParamValues, p: FixParam): string {
  const v = params[p.name];
  return v === undefined || v === '' ? p.default : v;
}

/**
 * A fix's `params` and `needsInput` when a person must answer `param` first (`ask`), or none:
 * spread into a fix that has no other parameter.
 */
export function askFirst(ask: boolean, param: FixParam): {params: FixParam[]; needsInput?: readonly string[]} {
  return ask ? {params: [param], needsInput: [param.name]} : {params: []};
}

/** askFirst with a yes-only `question` (a removal shipshape cannot know is harmless). */
export function confirmFirst(ask: boolean, question: string): {params: FixParam[]; needsInput?: readonly string[]} {
  return askFirst(ask, confirmParam(question));
}


export function isUidLike(value: string): string | null {
  if (!/^\d+$/.test(value) || Number(value) === 0) return 'must be a number above 0';
  return Number(value) < 2 ** 31 ? null : 'must be below 2147483648 (the largest UID the kernel takes)';
}

/** A non-root user as Compose `user:` and `docker run --user` take it: `uid[:gid]` above 0 (`10001:10001`, `999`) or a name the image knows (`zipkin`). */
export function isUserPair(value: string): string | null {
  const [user, group, ...rest] = value.split(':');
  const part = (p: string) => isUidLike(p) === null || (/^[a-z_][a-z0-9_-]*$/.test(p) && p !== 'root');
  return rest.length === 0 && part(user ?? '') && (group === undefined || part(group)) ? null : 'must be uid:gid (numbers above 0) or a user name other than root';
}

/** A Compose byte value: a number with b, k, m or g (kb, mb, gb too), as `docker compose` reads it. */
function composeBytes(value: string): string | null {
  return /^\d+(\.\d+)?([bkmg]b?)?$/i.test(value) ? null : 'must be a size such as 512m or 1g (units b, k, m, g)';
}

/** A Kubernetes quantity of memory: a number with Ki, Mi, Gi, Ti (or k, M, G, T). */
function k8sBytes(value: string): string | null {
  return /^\d+(\.\d+)?(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)?$/.test(value) ? null : 'must be a quantity such as 512Mi or 1Gi (units Ki, Mi, Gi, Ti, or k, M, G, T)';
}

/** A CPU count: Compose `cpus` takes a decimal above 0. */
function cpuCount(value: string): string | null {
  return /^\d+(\.\d+)?$/.test(value) && Number(value) > 0 ? null : 'must be a number of CPUs above 0, such as 0.5 or 2';
}

/** A Kubernetes CPU quantity: cores (0.5) or millicores (500m). */
function k8sCpu(value: string): string | null {
  return (/^\d+(\.\d+)?$/.test(value) || /^\d+m$/.test(value)) && parseFloat(value) > 0 ? null : 'must be cores such as 0.5 or millicores such as 500m';
}

function positiveInteger(value: string): string | null {
  return /^\d+$/.test(value) && Number(value) > 0 ? null : 'must be a whole number above 0';
}

/**
 * Checks of the defaults a fix cannot work without (a config `defaults:` value is refused when
 * one fails, rather than failing every rule that uses it).
 */
export const PARAM_CHECKS: Partial<Record<ParamName, (value: string) => string | null>> = {
  uid: isUidLike,
  gid: isUidLike,
  memory: composeBytes,
  memoryReservation: composeBytes,
  k8sMemoryLimit: k8sBytes,
  k8sMemoryRequest: k8sBytes,
  cpus: cpuCount,
  cpuRequest: k8sCpu,
  pidsLimit: positiveInteger,
  quotaCpu: k8sCpu,
  quotaMemory: k8sBytes,
  quotaPods: positiveInteger,
  user: (value) => (/^[a-z_][a-z0-9_-]{0,31}$/.test(value) ? null : 'must be a lower-case user name'),
};
