import {posix} from 'node:path';
import {isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap} from 'yaml';
import type {Edit, FindingDraft} from '../../core/model.js';
import type {Project} from '../../core/project.js';
import {defineRule} from '../../core/rule.js';
import {image, locator, services, type Service} from '../../formats/yaml/compose.js';
import {addEntries, appendIn, removeItem, removeKey, setKey} from '../../formats/yaml/edit.js';
import {keyOf, lookup, ownPair} from '../../formats/yaml/nodes.js';
import {flow, quoted, renderScalar} from '../../formats/yaml/render.js';
import {detectStyle} from '../../formats/yaml/style.js';
import {fileVariable} from '../../knowledge/compose-images.js';
import {isLiteralSecret} from '../../knowledge/secrets.js';
import {composeExample} from './common.js';

const docs = `## What it does
Finds literal secrets in a service's \`environment\` (map or list form), by the variable's name
(\`*_PASSWORD\`, \`*_TOKEN\`, \`*_SECRET\`, \`API_KEY\`, …) or by a value that looks like a credential
(known token formats, private keys, long random strings). References (\`\${DB_PASSWORD}\`) and
placeholders are not reported.

## Why it matters
A secret in the Compose file is in the repository's history for good, in every clone and CI log,
and in \`docker inspect\` output for anyone who can reach the Docker daemon.

## Example
${composeExample('db', 'postgres:16', ['environment:', '  POSTGRES_PASSWORD: s3cr3t-Orders-2024'])}

## Use instead
${composeExample('db', 'postgres:16', ['environment:', '  POSTGRES_PASSWORD_FILE: /run/secrets/postgres_password', 'secrets:', '  - postgres_password'], ['secrets:', '  postgres_password:', '    file: ./secrets/postgres_password'])}

## Fix safety
Unsafe: the application must read the secret from the file. The fix moves the value to
\`secrets/NAME\` beside the Compose file (created with mode 0600, the folder added to that folder's
\`.gitignore\`), mounts it with the service's \`secrets:\` and the top-level \`secrets:\`
(\`NAME: {file: ./secrets/NAME}\`), and, for images that read \`VAR_FILE\` (postgres, mysql,
mariadb, mongo, wordpress, nextcloud, minio, grafana, bitnami, …), replaces the variable with
\`VAR_FILE: /run/secrets/NAME\`. For other images the variable is removed and the finding says the
application must read \`/run/secrets/NAME\`. The value is never printed: diffs mask it. Remove it
from the repository's history too, and rotate it.
`;

interface EnvEntry {
  name: string;
  value: string;
  /** Map form: the pair; list form: the item. */
  pair: Pair<Node, Node | null> | null;
  item: Node | null;
  index: number;
}

function envEntries(node: Node | null | undefined): EnvEntry[] {
  const out: EnvEntry[] = [];
  if (isMap(node)) {
    (node.items as Pair<Node, Node | null>[]).forEach((pair, index) => {
      const name = keyOf(pair);
      if (name === null || !isScalar(pair.value) || pair.value.value === null) return;
      out.push({name, value: String(pair.value.value), pair, item: null, index});
    });
  } else if (isSeq(node)) {
    (node.items as Node[]).forEach((item, index) => {
      if (!isScalar(item) || typeof item.value !== 'string') return;
      const eq = item.value.indexOf('=');
      if (eq <= 0) return;
      out.push({name: item.value.slice(0, eq), value: item.value.slice(eq + 1), pair: null, item, index});
    });
  }
  return out;
}

/** The secret's name: the variable in lower case, prefixed with the service where that is taken. */
function secretName(svc: Service, variable: string, project: Project, topSecrets: YAMLMap | null): string {
  const dir = posix.dirname(svc.src.path);
  const taken = (name: string) => (topSecrets && ownPair(topSecrets, name)) || project.exists(posix.join(dir, 'secrets', name));
  const base = variable.toLowerCase().replace(/[^a-z0-9_.-]/g, '_');
  for (const candidate of [base, `${svc.name.toLowerCase().replace(/[^a-z0-9_.-]/g, '_')}_${base}`]) if (!taken(candidate)) return candidate;
  for (let i = 2; ; i++) if (!taken(`${base}_${i}`)) return `${base}_${i}`;
}

/** True when a .gitignore from the Compose file's folder up to the root ignores `secrets/` there. */
function gitignored(project: Project, dir: string): boolean {
  let d = dir;
  for (;;) {
    const text = project.textOf(d === '.' ? '.gitignore' : `${d}/.gitignore`);
    if (text !== null) {
      const rel = posix.relative(d, posix.join(dir, 'secrets'));
      for (const raw of text.split(/\r?\n/)) {
        const line = raw.trim();
        if (!line || line.startsWith('#')) continue;
        const pat = line.replace(/\/$/, '');
        if (pat === 'secrets' || pat === '**/secrets' || pat === `/${rel}` || pat === rel || pat === `${rel}/*` || pat === `/${rel}/*`) return true;
      }
    }
    if (d === '.' || d === '') return false;
    d = posix.dirname(d);
  }
}

function gitignoreEdit(project: Project, dir: string): Edit[] {
  if (gitignored(project, dir)) return [];
  const path = dir === '.' ? '.gitignore' : `${dir}/.gitignore`;
  const text = project.textOf(path);
  if (text === null) return [{file: path, start: 0, end: 0, text: 'secrets/\n'}];
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lead = text.length > 0 && !text.endsWith('\n') ? eol : '';
  return [{file: path, start: text.length, end: text.length, text: `${lead}secrets/${eol}`}];
}

export const c211SecretInEnvironment = defineRule({
  id: 'C211',
  name: 'secret-in-environment',
  kind: 'compose',
  severity: 'critical',
  title: 'Secret in environment',
  docs,
  references: ['kics:a88baa34-e2ad-44ea-ad6f-8cac87bc7c71'],
  links: {
    'Manage secrets securely in Docker Compose': 'https://docs.docker.com/compose/how-tos/use-secrets/',
    'Compose file reference: secrets': 'https://docs.docker.com/reference/compose-file/secrets/',
  },
  fix: 'unsafe',
  check(src, ctx) {
    const out: FindingDraft[] = [];
    for (const svc of services(src)) {
      const env = lookup(svc, 'environment');
      if (!env) continue;
      const img = image(svc);
      for (const entry of envEntries(env.value)) {
        if (!isLiteralSecret(entry.name, entry.value)) continue;
        const node = (entry.pair ? entry.pair.key : entry.item) as Node;
        const root = svc.doc.contents as YAMLMap;
        const topPair = ownPair(root, 'secrets');
        const topSecrets = isMap(topPair?.value) ? (topPair!.value as YAMLMap) : null;
        const name = secretName(svc, entry.name, ctx.project, topSecrets);
        const fileVar = img ? fileVariable(img, entry.name) : null;
        const dir = posix.dirname(src.path);
        const advice = fileVar
          ? `The image reads ${fileVar}, so it gets the value from /run/secrets/${name}. Rotate the old value: it stays in the repository's history.`
          : `The application must now read the secret from /run/secrets/${name} (the variable ${entry.name} is removed). Rotate the old value: it stays in the repository's history.`;
        out.push({
          start: node.range![0],
          end: (entry.pair?.value ?? node).range![1],
          locator: locator(svc, `environment.${entry.name}`),
          message: `Service "${svc.name}" has a literal secret in ${entry.name}: it is in the repository and in docker inspect.`,
          secrets: [entry.value],
          advice,
          fix: env.merged
            ? null
            : {
                title: `Move ${entry.name} to a Compose secret`,
                safety: 'unsafe',
                params: [],
                risk: fileVar ? 'Containers must be recreated; the old value stays in the git history until rewritten.' : `The application must read /run/secrets/${name}; until it does, ${entry.name} is missing.`,
                edits: () => {
                  const style = detectStyle(src, src.docs);
                  const edits: Edit[] = [];
                  edits.push({file: posix.join(dir, 'secrets', name), start: 0, end: 0, text: entry.value.replace(/\$\$/g, '$'), mode: 0o600});
                  edits.push(...gitignoreEdit(ctx.project, dir));
                  // The environment entry.
                  if (fileVar) {
                    if (entry.pair) {
                      const k = entry.pair.key.range!;
                      const v = entry.pair.value!.range!;
                      edits.push({file: src.path, start: k[0], end: k[1], text: renderScalar(fileVar, style)});
                      edits.push({file: src.path, start: v[0], end: v[1], text: renderScalar(`/run/secrets/${name}`, style)});
                    } else {
                      const r = entry.item!.range!;
                      const type = (entry.item as import('yaml').Scalar).type;
                      const text = `${fileVar}=/run/secrets/${name}`;
                      edits.push({file: src.path, start: r[0], end: r[1], text: type === 'PLAIN' ? renderScalar(text, style) : renderScalar(quoted(text), {...style, quote: type === 'QUOTE_SINGLE' ? "'" : '"'})});
                    }
                  } else if (entry.pair) {
                    const map = env.value as YAMLMap;
                    edits.push(...(map.items.length === 1 ? removeKey(src, svc.map, 'environment') : removeKey(src, map, entry.name)));
                  } else {
                    const seq = env.value as import('yaml').YAMLSeq;
                    edits.push(...(seq.items.length === 1 ? removeKey(src, svc.map, 'environment') : removeItem(src, seq, entry.index)));
                  }
                  // The service's secrets and the top-level definition.
                  edits.push(...appendIn(src, svc.map, ['secrets'], [name], {doc: svc.doc}));
                  const definition = {file: `./secrets/${name}`};
                  if (topSecrets) {
                    const first = topSecrets.items[0] as Pair<Node, Node | null> | undefined;
                    const block = first && isMap(first.value) && !(first.value as YAMLMap).flow;
                    edits.push(...addEntries(src, topSecrets, {[name]: block ? definition : flow(definition)}, {doc: svc.doc}));
                  } else {
                    edits.push(...setKey(src, root, 'secrets', {[name]: flow(definition)}, {doc: svc.doc}));
                  }
                  return edits;
                },
              },
        });
      }
    }
    return out;
  },
});
