import type {Edit} from '../../core/model.js';
import {defineRule} from '../../core/rule.js';
import {appendIn, removeItem, removeKey} from '../../formats/yaml/edit.js';
import type {PodTemplate} from '../../formats/yaml/kubernetes.js';
import {asRecord} from '../../formats/yaml/nodes.js';
import {isFixable, opts, podManifest, templatesOf, type K8sSource} from './common.js';
import {envEntries, secretNameFor, type EnvEntry} from './secrets-common.js';

function secretOf(e: EnvEntry): {secret: string; key: string | null} | null {
  if (e.field === 'env') {
    const ref = asRecord(asRecord(e.value.valueFrom).secretKeyRef);
    return typeof ref.name === 'string' ? {secret: ref.name, key: typeof ref.key === 'string' ? ref.key : null} : null;
  }
  const ref = asRecord(e.value.secretRef);
  return typeof ref.name === 'string' ? {secret: ref.name, key: null} : null;
}

function volumeName(secret: string): string {
  return `secret-${secret}`.toLowerCase().replace(/[^a-z0-9-]+/g, '-').slice(0, 63).replace(/-+$/, '');
}

function fixEdits(source: K8sSource, t: PodTemplate, e: EnvEntry, secret: string): Edit[] {
  const edits: Edit[] = [];
  if (e.seq.items.length === 1) edits.push(...removeKey(source, e.c.node, e.field));
  else edits.push(...removeItem(source, e.seq, e.index));
  const mountPath = `/run/secrets/${secret}`;
  const vol = volumeName(secret);
  const mounts = Array.isArray(e.c.value.volumeMounts) ? e.c.value.volumeMounts.map(asRecord) : [];
  if (!mounts.some((m) => m.mountPath === mountPath || m.name === vol)) {
    edits.push(...appendIn(source, e.c.node, ['volumeMounts'], [{name: vol, mountPath, readOnly: true}], opts(t)));
  }
  const volumes = Array.isArray(t.specValue.volumes) ? t.specValue.volumes.map(asRecord) : [];
  if (!volumes.some((v) => v.name === vol)) {
    edits.push(...appendIn(source, t.spec, ['volumes'], [{name: vol, secret: {secretName: secret}}], opts(t)));
  }
  return edits;
}

const docs = `## What it does
Reports \`env\` entries that take a value from a Secret (\`valueFrom.secretKeyRef\`) and \`envFrom\`
entries that import a whole Secret (\`secretRef\`). The references K310 writes for a literal secret
(\`<workload>-secrets\`, keyed by the variable name) are left to K310.

## Why it matters
Environment variables leak: they are inherited by every child process, printed by crash handlers and
debug endpoints, logged by frameworks at startup, and visible in \`/proc/<pid>/environ\`. A Secret
mounted as files is read only when needed, can be limited by file permissions, and is updated in
place when the Secret rotates.

## Example
${podManifest([], ['envFrom:', '  - secretRef:', '      name: api-secrets'])}

## Use instead
${podManifest(
      ['volumes:', '  - name: secret-api-secrets', '    secret:', '      secretName: api-secrets'],
      ['volumeMounts:', '  - name: secret-api-secrets', '    mountPath: /run/secrets/api-secrets', '    readOnly: true'],
    )}

## Fix safety
Unsafe: the program must now read the value from a file (\`/run/secrets/<secret>/<key>\`). The fix
removes the environment entry and mounts the Secret read-only at \`/run/secrets/<secret>\` (one
volume per Secret, shared by the entries that use it). Images that read \`<VAR>_FILE\` (postgres,
mysql, …) can be pointed at that file.
`;

export const k317SecretEnvRef = defineRule({
  id: 'K317',
  name: 'secret-env-ref',
  kind: 'kubernetes',
  severity: 'low',
  title: 'Secret passed through environment variables',
  docs,
  references: ['kics:3d658f8b-d988-41a0-a841-40043121de1e', 'kube-linter:read-secret-from-env-var'],
  links: {
    'Secrets: using Secrets as files from a Pod': 'https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-files-from-a-pod',
  },
  fix: 'unsafe',
  *check(source: K8sSource, ctx) {
    for (const t of templatesOf(source, ctx)) {
      for (const c of t.containers) {
        for (const field of ['env', 'envFrom'] as const) {
          for (const e of envEntries(t, c, field)) {
            const ref = secretOf(e);
            if (!ref) continue;
            // The exact shape K310 writes for a literal secret (its workload's `<name>-secrets`, the
            // variable's own name as key) is K310's chosen migration: not reported again here, so
            // one `fix` run reaches the fixpoint.
            if (field === 'env' && ref.secret === secretNameFor(t) && ref.key === e.value.name) continue;
            const label = field === 'env' ? `env ${String(e.value.name)}` : `envFrom secret ${ref.secret}`;
            yield {
              start: e.node.range![0],
              end: e.node.range![1],
              locator: `${c.locator} > ${field}[${field === 'env' ? String(e.value.name) : ref.secret}]`,
              message: `${c.locator}: ${label} passes Secret ${ref.secret} through the environment, where child processes, crash reports and logs can see it. Mount it as a file`,
              advice: `The program must read ${ref.key ? `/run/secrets/${ref.secret}/${ref.key}` : `the files under /run/secrets/${ref.secret}/`} instead of the variable.`,
              fix: isFixable(t, c)
                ? {
                    title: `Mount Secret ${ref.secret} at /run/secrets/${ref.secret} instead`,
                    safety: 'unsafe' as const,
                    params: [],
                    risk: 'The program must read the secret from the file instead of the variable.',
                    edits: () => fixEdits(source, t, e, ref.secret),
                  }
                : null,
            };
          }
        }
      }
    }
  },
});
