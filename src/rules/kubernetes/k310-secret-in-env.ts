import {posix} from 'node:path';
import {isScalar, isSeq, type Node} from 'yaml';
import type {Edit, FindingDraft} from '../../core/model.js';
import {defineRule, param} from '../../core/rule.js';
import {valueOf} from '../../core/params.js';
import {removeItem, removeKey, setIn} from '../../formats/yaml/edit.js';
import type {PodTemplate} from '../../formats/yaml/kubernetes.js';
import {deref, ownPair, valueEnd} from '../../formats/yaml/nodes.js';
import {quoted, renderBlock, renderInline} from '../../formats/yaml/render.js';
import {detectStyle} from '../../formats/yaml/style.js';
import {secretArgsDocs, secretsInExec} from '../../knowledge/secret-args.js';
import {isLiteralSecret} from '../../knowledge/secrets.js';
import {isFixable, objectHead, opts, podManifest, templatesOf, type K8sSource} from './common.js';
import {envEntries, secretNameFor, valuePair, type EnvEntry} from './secrets-common.js';

/** The literal secret env entries of a pod template. */
function secretEntries(t: PodTemplate): EnvEntry[] {
  return t.containers.flatMap((c) =>
    envEntries(t, c, 'env').filter((e) => typeof e.value.name === 'string' && e.value.value !== undefined && e.value.value !== null && isLiteralSecret(e.value.name, String(e.value.value))),
  );
}

/**
 * Literal secrets in a container's command and args (`--db-password …`, `redis-server --requirepass
 * …`, an Authorization header): reported without a fix, since only the program knows where else it
 * can read them from.
 */
function* commandSecrets(t: PodTemplate): Iterable<FindingDraft> {
  for (const c of t.containers) {
    const items: Node[] = [];
    for (const field of ['command', 'args']) {
      const seq = deref(ownPair(c.node, field)?.value as Node | undefined, t.object.doc);
      if (!isSeq(seq)) continue;
      for (const n of seq.items) {
        const item = deref(n, t.object.doc);
        if (item?.range) items.push(item);
      }
    }
    const words = items.map((n) => (isScalar(n) ? String(n.value) : ''));
    for (const found of secretsInExec(words)) {
      const node = items[found.index]!;
      yield {
        start: node.range![0],
        end: node.range![1],
        locator: `${c.locator} > command[${found.index}]`,
        message: `${c.locator}: the command line holds a literal secret (${found.why}); it is in git and visible to anyone who can read the workload`,
        secrets: [found.value],
        advice: 'Take it from a Secret: as an environment variable the command expands (`$(DB_PASSWORD)` in args, with env valueFrom.secretKeyRef), or as a file the program reads from a mounted Secret volume. Rotate it: it has been in the repository.',
      };
    }
  }
}

function secretFile(source: K8sSource, t: PodTemplate, name: string, keys: readonly string[]): string {
  const ns = t.object.namespace;
  const literals = keys.map((k) => `--from-literal=${k}=...`).join(' ');
  return [
    `# Secret for ${t.locator}, written by shipshape (K310). It holds no value on purpose: create it with`,
    `#   kubectl create secret generic ${name}${ns ? ` --namespace ${ns}` : ''} ${literals}`,
    '# (or from your secret manager: External Secrets, Sealed Secrets, SOPS). Never commit the values.',
    `# Keys: ${keys.join(', ')}`,
    ...objectHead('Secret', name, ns),
    'type: Opaque',
    '',
  ].join('\n');
}

function secretRefEdits(source: K8sSource, t: PodTemplate, e: EnvEntry, name: string, key: string): Edit[] {
  const pair = valuePair(e);
  if (!pair) return [];
  const style = detectStyle(source, source.docs);
  const start = pair.key.range![0];
  const end = valueEnd(source.text, pair.value!);
  const ref = {secretKeyRef: {name, key}};
  if (e.node.flow || source.json) {
    const k = source.json ? '"valueFrom"' : 'valueFrom';
    return [{file: source.path, start, end, text: `${k}: ${renderInline(ref, style)}`}];
  }
  const col = start - (source.text.lastIndexOf('\n', start - 1) + 1);
  const lines = renderBlock(ref, col + style.indent, style);
  return [{file: source.path, start, end, text: `valueFrom:${lines.map((l) => source.eol + l).join('')}`}];
}

function vaultEdits(source: K8sSource, t: PodTemplate, e: EnvEntry, role: string, path: string, fileName: string): Edit[] {
  const edits: Edit[] = [];
  const annotations = (t.metadataValue.annotations ?? {}) as Record<string, unknown>;
  const wanted: Record<string, ReturnType<typeof quoted> | string> = {};
  if (annotations['vault.hashicorp.com/agent-inject'] !== 'true') wanted['vault.hashicorp.com/agent-inject'] = quoted('true');
  if (annotations['vault.hashicorp.com/role'] === undefined) wanted['vault.hashicorp.com/role'] = role;
  const secretKey = `vault.hashicorp.com/agent-inject-secret-${fileName}`;
  if (annotations[secretKey] === undefined) wanted[secretKey] = path;
  const metaPair = ownPair(t.template, 'metadata');
  if (!metaPair) edits.push(...setIn(source, t.template, ['metadata'], {annotations: wanted}, opts(t)));
  else {
    const first = Object.keys(wanted)[0];
    if (first !== undefined && Object.keys(wanted).length > 0) {
      const hasAnnotations = t.metadataValue.annotations !== undefined && t.metadataValue.annotations !== null;
      if (!hasAnnotations) edits.push(...setIn(source, t.template, ['metadata', 'annotations'], wanted, opts(t)));
      else for (const [k, v] of Object.entries(wanted).slice(0, 1)) edits.push(...setIn(source, t.template, ['metadata', 'annotations', k], v, opts(t)));
    }
  }
  // Remove the env entry (the whole env list when it was the only one).
  if (e.seq.items.length === 1) edits.push(...removeKey(source, e.c.node, 'env'));
  else edits.push(...removeItem(source, e.seq, e.index));
  return edits;
}

const docs = `## What it does
Reports an \`env\` entry whose \`value\` is a literal secret: the variable name says so
(\`DB_PASSWORD\`, \`API_TOKEN\`, …) or the value looks like a credential (known token formats,
private keys, long random strings). Placeholders and references are not reported.

${secretArgsDocs("Secrets in a container's `command` and `args`")}

## Why it matters
A secret written into a manifest is in git history for good, readable by everyone who can read the
repository, and shown by \`kubectl describe\` to everyone who can read the Deployment. Kubernetes
Secrets (or Vault) keep the value out of the manifest and allow access control and rotation.

## Example
${podManifest([], ['env:', '  - name: DB_PASSWORD', '    value: s3cr3t-Pa55word'])}

## Use instead
${podManifest([], ['env:', '  - name: DB_PASSWORD', '    valueFrom:', '      secretKeyRef:', '        name: api-secrets', '        key: DB_PASSWORD'])}

## Fix safety
Unsafe: the pod does not start until the Secret exists. The fix replaces the value with
\`valueFrom.secretKeyRef\` and writes a Secret manifest beside the workload
(\`<name>-secrets.yaml\`) that holds no value but the \`kubectl create secret generic\` command that
creates it. With the parameter \`secretBackend: vault\`, it adds the HashiCorp Vault Agent injector
annotations (\`vault.hashicorp.com/agent-inject\`, \`role\`, \`agent-inject-secret-NAME\`) instead
and removes the variable: the app then reads \`/vault/secrets/NAME\`. The secret is never printed;
rotate it, it was in git.
`;

export const k310SecretInEnv = defineRule({
  id: 'K310',
  name: 'secret-in-env',
  kind: 'kubernetes',
  severity: 'critical',
  title: 'Literal secret in a container environment variable',
  docs,
  references: ['kube-linter:env-var-secret'],
  links: {
    'Secrets: using Secrets as environment variables': 'https://kubernetes.io/docs/concepts/configuration/secret/',
    'Vault Agent Injector annotations': 'https://developer.hashicorp.com/vault/docs/platform/k8s/injector/annotations',
  },
  controls: ['cis-k8s:5.4.2'],
  fix: 'unsafe',
  *check(source: K8sSource, ctx) {
    for (const t of templatesOf(source, ctx)) {
      yield* commandSecrets(t);
      const entries = secretEntries(t);
      if (entries.length === 0) continue;
      const secretName = secretNameFor(t);
      const allKeys = [...new Set(entries.map((e) => String(e.value.name)))];
      const dir = posix.dirname(source.path);
      const file = dir === '.' ? `${secretName}.yaml` : `${dir}/${secretName}.yaml`;
      for (const e of entries) {
        const name = String(e.value.name);
        const value = String(e.value.value);
        const pair = valuePair(e);
        const backend = param(ctx, 'secretBackend', 'Where the secret lives', (v) => (v === 'kubernetes-secret' || v === 'vault' ? null : 'kubernetes-secret or vault'));
        backend.choices = ['kubernetes-secret', 'vault'];
        const role = param(ctx, 'vaultRole', 'Vault role (vault backend)');
        const fileName = name.toLowerCase().replace(/_/g, '-');
        const range = pair?.value?.range ? {start: pair.value.range[0], end: pair.value.range[1]} : {start: e.node.range![0], end: e.node.range![0]};
        yield {
          ...range,
          locator: `${e.c.locator} > env[${name}]`,
          message: `${e.c.locator}: env ${name} holds a literal secret; it is in git and visible to anyone who can read the workload. Take it from a Secret`,
          secrets: [value],
          advice: `Rotate this secret: it has been in the repository. Create the Secret with: kubectl create secret generic ${secretName} --from-literal=${name}=...`,
          fix:
            isFixable(t, e.c) && pair
              ? {
                  title: 'Move the secret to a Secret (secretKeyRef) or Vault',
                  safety: 'unsafe' as const,
                  params: [backend, role],
                  risk: 'The pod does not start until the Secret (or Vault role and path) exists.',
                  edits: (params) => {
                    if (valueOf(params, backend) === 'vault') {
                      const ns = t.object.namespace ?? 'default';
                      return vaultEdits(source, t, e, valueOf(params, role), `secret/data/${ns}/${t.object.name || 'app'}`, fileName);
                    }
                    const edits = secretRefEdits(source, t, e, secretName, name);
                    if (!ctx.project.exists(file)) edits.push({file, start: 0, end: 0, text: secretFile(source, t, secretName, allKeys)});
                    return edits;
                  },
                }
              : null,
        };
      }
    }
  },
});
