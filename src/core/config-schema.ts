/**
 * The JSON Schema of `.shipshape.yaml` (schemas/config.schema.json), for editor completion and
 * checks: every rule id with its title, every fix parameter with its default. `npm run schemas`
 * writes it; a test fails when the file and this function disagree.
 */
import {SEVERITIES} from './model.js';
import {DEFAULT_PARAMS, type ParamName} from './params.js';

/** What each `defaults:` parameter sets (DESIGN §3). */
const PARAM_DESCRIPTIONS: Record<ParamName, string> = {
  user: 'Name of the non-root user a Dockerfile fix creates.',
  uid: 'UID of the non-root user (Dockerfile USER, Compose user:, Kubernetes runAsUser).',
  gid: 'GID of the non-root user (and Kubernetes runAsGroup).',
  memory: 'Compose memory limit (deploy.resources.limits.memory).',
  memoryReservation: 'Compose memory reservation (deploy.resources.reservations.memory).',
  k8sMemoryLimit: 'Kubernetes container memory limit.',
  k8sMemoryRequest: 'Kubernetes container memory request.',
  cpus: 'CPU limit (Compose cpus, Kubernetes limits.cpu).',
  cpuRequest: 'Kubernetes container CPU request.',
  pidsLimit: 'Compose process limit (deploy.resources.limits.pids).',
  restart: 'Compose restart policy.',
  writablePaths: 'Paths that stay writable under a read-only root filesystem (comma-separated or a list).',
  secretBackend: 'Where Kubernetes secrets go: kubernetes-secret (secretKeyRef) or vault (Vault Agent annotations).',
  vaultRole: 'Vault role for the Vault Agent injector annotations.',
  psaVersion: 'Pod Security Admission version written in the namespace labels.',
  secretMount: 'How a Dockerfile RUN reads a build secret: env (--mount=type=secret,env=NAME) or file (/run/secrets/<id>).',
  quotaCpu: 'CPU of the namespace ResourceQuota (K314).',
  quotaMemory: 'Memory of the namespace ResourceQuota (K314).',
  quotaPods: 'Pods of the namespace ResourceQuota (K314).',
};

const PARAM_ENUMS: Partial<Record<ParamName, readonly string[]>> = {
  secretBackend: ['kubernetes-secret', 'vault'],
  secretMount: ['env', 'file'],
};

export interface SchemaRule {
  id: string;
  title: string;
  severity: string;
}

export function configSchema(rules: readonly SchemaRule[]): object {
  const severity = {enum: [...SEVERITIES]};
  const setting = {
    anyOf: [{enum: ['off', false]}, severity],
    description: 'off turns the rule off; a severity replaces its default.',
  };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'shipshape configuration (.shipshape.yaml)',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: {type: 'string', description: 'The schema of this file, for editors.'},
      ignore: {
        type: 'array',
        items: {type: 'string'},
        description:
          'Files and folders not to read, in .gitignore syntax (relative to the folder checked; `!` re-includes, a trailing / means a folder) plus brace lists: "k8s/*.{yaml,yml}".',
      },
      rules: {
        type: 'object',
        additionalProperties: false,
        description: 'Per rule: off, or a severity that replaces its default.',
        properties: Object.fromEntries(rules.map((r) => [r.id, {...setting, description: `${r.title} (default ${r.severity}). ${setting.description}`}])),
      },
      defaults: {
        type: 'object',
        additionalProperties: false,
        description: 'The values fixes write (the wizard lets you edit each before accepting).',
        properties: Object.fromEntries(
          (Object.keys(DEFAULT_PARAMS) as ParamName[]).map((name) => {
            const enumeration = PARAM_ENUMS[name];
            const value = enumeration ? {enum: [...enumeration]} : name === 'writablePaths' ? {anyOf: [{type: 'string'}, {type: 'array', items: {type: 'string'}}]} : {type: ['string', 'number']};
            return [name, {...value, default: DEFAULT_PARAMS[name], description: PARAM_DESCRIPTIONS[name]}];
          }),
        ),
      },
      failOn: {...severity, default: 'low', description: 'check exits 1 for findings at or above this severity (--fail-on overrides it).'},
    },
  };
}
