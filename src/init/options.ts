/**
 * What `shipshape init` is asked to write, and the checks on each answer (shared by the flags and
 * the interactive flow, so both refuse the same things with the same words).
 */
import {STACK_IDS, STACKS, type StackId} from './stacks.js';

/** What can be written besides the Dockerfile and .dockerignore. */
export const PARTS = ['compose', 'k8s', 'ci', 'policy'] as const;
export type Part = (typeof PARTS)[number];

export const PART_TITLES: Readonly<Record<Part, string>> = {
  compose: 'compose.yaml for running it locally, hardened',
  k8s: 'k8s/: namespace, Deployment, Service, network policies, quota',
  ci: 'CI workflow: build, Trivy scan, cosign keyless signing',
  policy: 'policy/: Kyverno and Gatekeeper policies enforcing all this in the cluster',
};

/**
 * Where the service's secret comes from: Compose secret files (the only kind Compose has), a
 * Kubernetes Secret mounted as a file, or HashiCorp Vault through the Vault Agent injector.
 */
export const SECRET_BACKENDS = ['compose', 'k8s', 'vault'] as const;
export type SecretBackend = (typeof SECRET_BACKENDS)[number];

export const SECRET_TITLES: Readonly<Record<SecretBackend, string>> = {
  compose: 'Compose secret files (secrets/, git-ignored)',
  k8s: 'a Kubernetes Secret, mounted as a file',
  vault: 'HashiCorp Vault, through the Vault Agent injector',
};

export interface InitOptions {
  stack: StackId;
  name: string;
  port: number;
  parts: ReadonlySet<Part>;
  secrets: SecretBackend;
  /** The GitHub repository (owner/name) whose workflow builds and signs the image. */
  repo: string;
  /** The service folder relative to the repository root (`.` at the root): the CI builds there. */
  context: string;
}

export const isStack = (value: string): value is StackId => (STACK_IDS as readonly string[]).includes(value);

/** Why a service name cannot be used, or null. It names the namespace, the objects and the image. */
export function nameProblem(name: string): string | null {
  if (name === '') return 'a name is needed';
  if (name.length > 40) return 'at most 40 characters (Kubernetes object names are built from it)';
  if (!/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(name)) return 'lowercase letters, digits and dashes, starting with a letter (a Kubernetes name)';
  return null;
}

/** Why a port cannot be used, or null. */
export function portProblem(text: string): string | null {
  if (!/^\d+$/.test(text)) return 'a number';
  const port = Number(text);
  if (port < 1024) return 'a port from 1024: with every capability dropped, a non-root process cannot listen below 1024';
  if (port > 65535) return 'a port up to 65535';
  return null;
}

export function repoProblem(repo: string): string | null {
  return /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/.test(repo) ? null : 'a GitHub repository as owner/name';
}

/** The secret backends that fit the parts: Kubernetes manifests take a Secret or Vault, Compose alone its files. */
export function secretChoices(parts: ReadonlySet<Part>): SecretBackend[] {
  return parts.has('k8s') ? ['k8s', 'vault'] : ['compose'];
}

export function defaultSecrets(parts: ReadonlySet<Part>): SecretBackend {
  return secretChoices(parts)[0]!;
}

/** Why a backend does not fit the parts, or null. */
export function secretsProblem(secrets: SecretBackend, parts: ReadonlySet<Part>): string | null {
  if (secretChoices(parts).includes(secrets)) return null;
  if (secrets === 'compose') return 'the Kubernetes manifests need --secrets k8s or vault (Compose gets secret files either way)';
  return `--secrets ${secrets} is for the Kubernetes manifests: add k8s to --with`;
}

/** Parses `--with compose,k8s` (or `none`). Throws with a one-line message. */
export function parseParts(text: string): Set<Part> {
  const parts = new Set<Part>();
  for (const word of text.split(',').map((w) => w.trim().toLowerCase()).filter(Boolean)) {
    if (word === 'none') continue;
    const part = word === 'kubernetes' ? 'k8s' : word;
    if (!(PARTS as readonly string[]).includes(part)) throw new Error(`--with takes ${PARTS.join(', ')} (or none), not ${word}`);
    parts.add(part as Part);
  }
  return parts;
}

export function defaultPort(stack: StackId): number {
  return STACKS[stack].defaultPort;
}

/** The answers the flags give; the interactive flow starts from them. */
export interface InitAnswers {
  stack: StackId | null;
  name: string;
  port: number | null;
  parts: ReadonlySet<Part>;
  secrets: SecretBackend | null;
  repo: string;
  /** True when no repository was given or found: `repo` is a stand-in to replace. */
  repoGuessed: boolean;
}
