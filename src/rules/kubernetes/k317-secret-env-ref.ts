import type {Edit} from '../../core/model.js';
import {defineRule} from '../../core/rule.js';
import {columnAt} from '../../core/text.js';
import {appendIn} from '../../formats/yaml/edit.js';
import {renderBlock, renderInline} from '../../formats/yaml/render.js';
import {styleFor} from '../../formats/yaml/style.js';
import {fileVariable} from '../../knowledge/compose-images.js';
import {imageFacts} from './workload.js';
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

/** Mounts the Secret read-only at /run/secrets/<secret> (one volume per Secret). */
function mountEdits(source: K8sSource, t: PodTemplate, e: EnvEntry, secret: string): Edit[] {
  const edits: Edit[] = [];
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

/** Rewrites an env entry where it stands (`- name: X` + `valueFrom:` becomes `- name: X_FILE` + `value: …`). */
function replaceEntry(source: K8sSource, t: PodTemplate, e: EnvEntry, value: {name: string; value: string}): Edit[] {
  const first = e.node.items[0]?.key as {range?: [number, number, number]} | undefined;
  const end = e.node.range?.[1];
  if (!first?.range || end === undefined) return [];
  const style = styleFor(source, opts(t));
  if (e.node.flow || source.json) return [{file: source.path, start: e.node.range![0], end, text: renderInline(value, style)}];
  const col = columnAt(source.text, first.range[0]);
  const lines = renderBlock(value, col, style);
  lines[0] = lines[0]!.slice(col);
  // The entry's own text ends at its last value (block collections end after their line break).
  const last = source.text.slice(first.range[0], end).replace(/\s+$/, '');
  return [{file: source.path, start: first.range[0], end: first.range[0] + last.length, text: lines.join(source.eol)}];
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
Unsafe: the program reads the value from a file from then on. The fix is offered only where the
image's profile says it reads the variable from a file named by \`<VAR>_FILE\` (postgres, mysql,
mariadb, …): the entry becomes \`<VAR>_FILE: /run/secrets/<secret>/<key>\` where it stands and the
Secret is mounted read-only at \`/run/secrets/<secret>\` (one volume per Secret). Elsewhere the
program reads the variable, so the finding says so and how to move it once the program reads a file;
\`envFrom\` imports are reported the same way.
`;

export const k317SecretEnvRef = defineRule({
  id: 'K317',
  name: 'secret-env-ref',
  kind: 'kubernetes',
  severity: 'low',
  title: 'Secret passed through environment variables',
  docs,
  references: ['checkov:CKV_K8S_35', 'kics:3d658f8b-d988-41a0-a841-40043121de1e', 'kube-linter:read-secret-from-env-var'],
  links: {
    'Secrets: using Secrets as files from a Pod': 'https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-files-from-a-pod',
  },
  controls: ['cis-k8s:5.4.1'],
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
            // Only where the image reads the value from a file of its own choosing (`<NAME>_FILE`) can it move there:
            // otherwise the program reads the variable, and a mounted file it never opens breaks it.
            const image = typeof c.value.image === 'string' ? c.value.image : '';
            const facts = imageFacts(ctx.project, t, c);
            const fileVar = field === 'env' && ref.key && !facts.dockerfile ? fileVariable(image, String(e.value.name)) : null;
            const path = `/run/secrets/${ref.secret}${ref.key ? `/${ref.key}` : ''}`;
            const why = fileVar
              ? `${facts.profile?.title ?? image} reads it from the file ${fileVar} names`
              : field === 'envFrom'
                ? 'every key of the Secret becomes a variable, and the program reads them from the environment'
                : facts.profile?.secrets
                  ? `${facts.profile.title} reads ${String(e.value.name)} from the environment only`
                  : `whether ${facts.dockerfile ? `the program ${facts.dockerfile.path} builds` : image || 'its image'} can read it from a file is not known`;
            yield {
              start: e.node.range![0],
              end: e.node.range![1],
              locator: `${c.locator} > ${field}[${field === 'env' ? String(e.value.name) : ref.secret}]`,
              message: `${c.locator}: ${label} passes Secret ${ref.secret} through the environment, where child processes, crash reports and logs can see it. ${fileVar ? `Mount it as a file and point ${fileVar} at it` : `It stays: ${why}`}`,
              advice: fileVar
                ? `${why}.`
                : `Mount the Secret as files (/run/secrets/${ref.secret}) once the program reads ${path} instead of the variable; until then the variable is how it gets the value.`,
              certainty: fileVar || facts.profile?.secrets ? facts.certainty : ('not-known' as const),
              fix: fileVar && isFixable(t, c)
                ? {
                    title: `Mount Secret ${ref.secret} at /run/secrets/${ref.secret} and set ${fileVar}`,
                    safety: 'unsafe' as const,
                    params: [],
                    risk: `The image must read ${fileVar} (its profile says it does); the file is read when the program starts.`,
                    edits: () => [...replaceEntry(source, t, e, {name: fileVar, value: path}), ...mountEdits(source, t, e, ref.secret)],
                  }
                : null,
            };
          }
        }
      }
    }
  },
});
