import {posix} from 'node:path';
import {isMap, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq} from 'yaml';
import type {Edit, FindingDraft} from '../../core/model.js';
import type {Project} from '../../core/project.js';
import type {YamlSource} from '../../core/source.js';
import {defineRule} from '../../core/rule.js';
import {image, locator, services, type Service} from '../../formats/yaml/compose.js';
import {addEntries, appendIn, removeItem, setKey} from '../../formats/yaml/edit.js';
import {keyOf, lookup, lookupPath, ownPair, valueEnd} from '../../formats/yaml/nodes.js';
import {flow, quoted, renderScalar} from '../../formats/yaml/render.js';
import {swarmStack} from '../../formats/yaml/swarm.js';
import {detectStyle} from '../../formats/yaml/style.js';
import {fileVariable, profileFileVariable} from '../../knowledge/compose-images.js';
import {secretArgsDocs, secretsInExec, secretsInShell} from '../../knowledge/secret-args.js';
import {isLiteralSecret, isSecretName} from '../../knowledge/secrets.js';
import {builtImageOf, composeExample} from './common.js';
import {parseDotEnv} from '../../formats/env.js';

const docs = `## What it does
Finds literal secrets in a service's \`environment\` (map or list form), by the variable's name
(\`*_PASSWORD\`, \`*_TOKEN\`, \`*_SECRET\`, \`API_KEY\`, …) or by a value that looks like a credential
(known token formats, private keys, long random strings). References (\`\${DB_PASSWORD}\`) and
placeholders are not reported.

${secretArgsDocs('Secrets in `command`, `entrypoint` and `healthcheck.test`')}

## Why it matters
A secret in the Compose file is in the repository's history for good, in every clone and CI log,
and in \`docker inspect\` output for anyone who can reach the Docker daemon.

## Example
${composeExample('db', 'postgres:16', ['environment:', '  POSTGRES_PASSWORD: s3cr3t-Orders-2024'])}

## Use instead
${composeExample('db', 'postgres:16', ['environment:', '  POSTGRES_PASSWORD_FILE: /run/secrets/postgres_password', 'secrets:', '  - postgres_password'], ['secrets:', '  postgres_password:', '    file: ./secrets/postgres_password'])}

## Fix safety
Unsafe: the service must be started where its secret is. Where the image reads \`VAR_FILE\`
(postgres, mysql, mariadb, mongo, wordpress, nextcloud, minio, grafana, bitnami, …, from the image
profiles; for a service built here, the base image's when its Dockerfile keeps the base's
entrypoint), the fix moves the value to \`secrets/NAME\` beside the Compose file, mounts it with the
service's \`secrets:\` and the top-level \`secrets:\` (\`NAME: {file: ./secrets/NAME}\`), and
replaces the variable with \`VAR_FILE: /run/secrets/NAME\`. The folder is made private (0700) and
added to the \`.gitignore\`; the file is readable (0644) because Compose outside Swarm mounts it as
it is, and a service running as its own user must be able to read it.

Where the image is not known to read such a file (an image without a profile, an app built here),
the variable stays, since the application reads it: its value moves to the \`.env\` beside the
Compose file (created 0600 and git-ignored; Compose reads it) and the Compose file refers to it as
\`\${VAR:?…}\`, which stops \`compose up\` with a message where the value is missing. The secret
leaves the repository but stays visible to whoever can run \`docker inspect\`; move it to a file the
application reads to close that too. Not where the \`.env\` is part of the repository (it exists
and no \`.gitignore\` ignores it, as in projects that commit their image versions and settings
there): the secret would only move from one tracked file to another, so that finding gets advice (an
\`env_file:\` git ignores). Not either where the value is built from \`\${…}\` references (the
literal is the default of \`\${POSTGRES_PASSWORD:-password}\`): moved as it stands, the references
would be lost. The value is never printed: diffs mask it (and the other
secrets of an existing \`.env\`). Remove it from the repository's history too, and rotate it.

In a Swarm stack file (one \`docker stack deploy\` reads) the advice also names Swarm's own store
(\`docker secret create\`, \`external: true\`); there \`.env\` is not read, so a secret the image
does not read from a file gets advice only.
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

/** A .gitignore pattern as a regular expression over paths relative to that .gitignore's folder. */
function ignorePattern(line: string): RegExp {
  const anchored = line.startsWith('/') || line.slice(0, -1).includes('/');
  const body = line
    .replace(/^\//, '')
    .replace(/\/$/, '')
    .split('**')
    .map((part) => part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]'))
    .join('.*');
  return new RegExp(`^${anchored ? '' : '(.*/)?'}${body}$`);
}

/** True when a .gitignore from `dir` up to the root ignores `dir/entry` (`secrets`, `.env`). */
function ignoredBy(project: Project, dir: string, entry: string): boolean {
  let d = dir;
  for (;;) {
    const text = project.textOf(d === '.' ? '.gitignore' : `${d}/.gitignore`);
    if (text !== null) {
      const rel = posix.relative(d === '.' ? '' : d, posix.join(dir, entry));
      for (const raw of text.split(/\r?\n/)) {
        const line = raw.trim();
        if (!line || line.startsWith('#') || line.startsWith('!')) continue;
        const pattern = ignorePattern(line.replace(/\/\*$/, ''));
        if (pattern.test(rel)) return true;
      }
    }
    if (d === '.' || d === '') return false;
    d = posix.dirname(d);
  }
}

/** Adds `entry` (`secrets/`, `.env`) to the .gitignore of the Compose file's folder unless it is ignored already. */
function gitignoreEdit(project: Project, dir: string, entry: string): Edit[] {
  if (ignoredBy(project, dir, entry.replace(/\/$/, ''))) return [];
  return [appendLine(dir === '.' ? '.gitignore' : `${dir}/.gitignore`, project.textOf(dir === '.' ? '.gitignore' : `${dir}/.gitignore`), entry)];
}

/** Appends one line to a file (a new file when `text` is null), in the file's own line endings. */
function appendLine(path: string, text: string | null, line: string, mode?: number): Edit {
  if (text === null) return {file: path, start: 0, end: 0, text: `${line}\n`, ...(mode !== undefined ? {mode} : {})};
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lead = text.length > 0 && !text.endsWith('\n') ? eol : '';
  return {file: path, start: text.length, end: text.length, text: `${lead}${line}${eol}`};
}

/**
 * Why the .env route cannot take this value out of the repository, or null when it can. A .env the
 * repository keeps (no .gitignore ignores it: getsentry/self-hosted and many examples commit theirs
 * for image versions and settings) would only move the secret from one tracked file to another, and
 * ignoring it then would hide the project's own settings. A value built from \`\${…}\` references
 * would lose them: Compose does not interpolate a single-quoted .env value, and the literal is only
 * the default of a reference there (\`\${POSTGRES_PASSWORD:-password}\`).
 */
function dotenvBlocked(project: Project, dir: string, envPath: string, envText: string | null, variable: string, value: string): string | null {
  if (/\$\{[^}]*\}|\$[A-Za-z_]/.test(value.replace(/\$\$/g, ''))) {
    const all = [...value.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*):?-([^}]+)\}/g)];
    const secret = all.filter((m) => isSecretName(m[1]!));
    const defaults = (secret.length > 0 ? secret : all).map((m) => m[1]!);
    return (
      `The value of ${variable} is built from Compose references${defaults.length > 0 ? ` whose defaults hold the literal (${defaults.map((d) => `\${${d}:-…}`).join(', ')})` : ''}, so moving it to ${envPath} as it stands would lose them. ` +
      `${defaults.length > 0 ? `Set ${defaults.join(', ')} in a git-ignored ${envPath} and drop the defaults (\`\${${defaults[0]}:?${defaults[0]} is not set}\`).` : `Set the variables it names in a git-ignored ${envPath}.`}`
    );
  }
  if (envText !== null && !ignoredBy(project, dir, '.env')) {
    return (
      `The image is not known to read a file for ${variable}, and ${envPath} is part of the repository (no .gitignore ignores it; projects commit theirs for image versions and settings), so moving the value there keeps it in the repository. ` +
      `Put it in a file git ignores and name that file in the service's \`env_file:\` (or in the environment of whoever runs \`compose up\`), and remove it from the Compose file; it stays visible to \`docker inspect\`.`
    );
  }
  return null;
}

/**
 * The .env variable for a secret: its own name, unless .env has that name with another value (a
 * second service's secret), then the name prefixed with the service. Null when no name is free.
 */
function dotenvName(variable: string, value: string, svc: Service, dotenv: ReadonlyMap<string, string>): string | null {
  const prefixed = `${svc.name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_${variable}`;
  for (const name of [variable, prefixed]) if (!dotenv.has(name) || dotenv.get(name) === value) return name;
  return null;
}

/**
 * `NAME=value` as Compose and python-dotenv read it back verbatim: plain when safe, else in single
 * quotes (no interpolation there), else in double quotes when nothing in it is expanded or escaped
 * there; undefined for a value no quoting both tools read alike can carry.
 */
function dotenvLine(name: string, value: string): string | undefined {
  if (/[\r\n]/.test(value)) return undefined;
  if (/^[A-Za-z0-9_./:@%+,=-]*$/.test(value)) return `${name}=${value}`;
  if (!value.includes("'")) return `${name}='${value}'`;
  if (!/["\\$`]/.test(value)) return `${name}="${value}"`;
  return undefined;
}

/**
 * Replaces the value of an environment entry, keeping its key and its form (map or list). In a
 * flow collection (`environment: {A: x}`) a value with `{}[],` in it is quoted: plain, those end it.
 */
function replaceValue(src: YamlSource, entry: EnvEntry, value: string, inFlow: boolean): Edit[] {
  const style = detectStyle(src, src.docs);
  const mustQuote = (text: string) => inFlow && /[{}[\],]/.test(text);
  if (entry.pair) {
    const v = entry.pair.value!;
    return [{file: src.path, start: v.range![0], end: valueEnd(src.text, v), text: renderScalar(mustQuote(value) ? quoted(value) : value, style)}];
  }
  const r = entry.item!.range!;
  const type = (entry.item as Scalar).type;
  const text = `${entry.name}=${value}`;
  return [{file: src.path, start: r[0], end: r[1], text: type === 'PLAIN' && !mustQuote(text) ? renderScalar(text, style) : renderScalar(quoted(text), {...style, quote: type === 'QUOTE_SINGLE' ? "'" : '"'})}];
}

/**
 * The secret file route: the value in `secrets/NAME` (a private folder, a file the container's user
 * can read), the service's and the top-level `secrets:`, and `VAR_FILE: /run/secrets/NAME`.
 */
function secretFileEdits(src: YamlSource, svc: Service, entry: EnvEntry, name: string, fileVar: string, topSecrets: YAMLMap | null, project: Project): Edit[] {
  const dir = posix.dirname(src.path);
  const edits: Edit[] = [{file: posix.join(dir, 'secrets', name), start: 0, end: 0, text: entry.value.replace(/\$\$/g, '$'), mode: 0o644, dirMode: 0o700}];
  edits.push(...gitignoreEdit(project, dir, 'secrets/'));
  if (entry.pair) {
    const style = detectStyle(src, src.docs);
    const k = entry.pair.key.range!;
    edits.push({file: src.path, start: k[0], end: k[1], text: renderScalar(fileVar, style)});
  }
  edits.push(...replaceValue(src, entry.pair ? entry : {...entry, name: fileVar}, `/run/secrets/${name}`, false));
  edits.push(...appendIn(src, svc.map, ['secrets'], [name], {doc: svc.doc}));
  const definition = {file: `./secrets/${name}`};
  const root = svc.doc.contents as YAMLMap;
  if (topSecrets) {
    const first = topSecrets.items[0] as Pair<Node, Node | null> | undefined;
    const block = first && isMap(first.value) && !(first.value as YAMLMap).flow;
    edits.push(...addEntries(src, topSecrets, {[name]: block ? definition : flow(definition)}, {doc: svc.doc}));
  } else {
    edits.push(...setKey(src, root, 'secrets', {[name]: flow(definition)}, {doc: svc.doc}));
  }
  return edits;
}

/** Removals of several items of one sequence, with overlapping or touching ones joined into one. */
function unionOfRemovals(edits: readonly Edit[]): Edit[] {
  const out: Edit[] = [];
  for (const e of [...edits].sort((a, b) => a.start - b.start)) {
    const last = out.at(-1);
    if (last && last.file === e.file && e.start <= last.end) last.end = Math.max(last.end, e.end);
    else out.push({...e});
  }
  return out;
}

/**
 * Literal secrets on a service's command line (`command`, `entrypoint`, `healthcheck.test`):
 * `--db-password …`, `redis-server --requirepass …`, an Authorization header, a URL with a
 * password. Reported without a fix: only the program knows where else it can read them from.
 */
function commandSecrets(svc: Service): FindingDraft[] {
  const out: FindingDraft[] = [];
  const report = (node: Node, field: string, value: string, why: string) =>
    out.push({
      start: node.range![0],
      end: node.range![1],
      locator: locator(svc, `${field} (${why})`),
      message: `Service "${svc.name}" has a literal secret in its ${field} (${why}): it is in the repository and in docker inspect.`,
      secrets: [value],
      advice: 'Mount it as a Compose secret and have the command read the file (under `sh -c`: `--requirepass "$$(cat /run/secrets/redis_password)"`), or use the program\'s own option for a password file. Rotate the old value: it stays in the repository\'s history.',
    });
  const check = (node: unknown, field: string, healthcheck: boolean) => {
    if (isScalar(node) && typeof node.value === 'string') {
      for (const s of secretsInShell(node.value)) report(node, field, s.value, s.why);
    } else if (isSeq(node)) {
      const items = node.items.filter((n): n is Scalar => isScalar(n));
      let words = items.map((n) => String(n.value));
      let offset = 0;
      if (healthcheck) {
        if (words[0] === 'CMD-SHELL' && items[1]) {
          for (const s of secretsInShell(words[1]!)) report(items[1], field, s.value, s.why);
          return;
        }
        offset = words[0] === 'CMD' ? 1 : 0;
        words = words.slice(offset);
      }
      for (const s of secretsInExec(words)) report(items[s.index + offset]!, field, s.value, s.why);
    }
  };
  check(lookup(svc, 'command')?.value, 'command', false);
  check(lookup(svc, 'entrypoint')?.value, 'entrypoint', false);
  check(lookupPath(svc, ['healthcheck', 'test'])?.value, 'healthcheck', true);
  return out;
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
    const swarm = swarmStack(src, ctx.project);
    for (const svc of services(src)) {
      out.push(...commandSecrets(svc));
      const env = lookup(svc, 'environment');
      if (!env) continue;
      const img = image(svc);
      const entries = envEntries(env.value);
      for (const [i, entry] of entries.entries()) {
        // A list may name a variable twice; Compose keeps the last entry. The earlier ones are dead,
        // but a secret in them is in the repository all the same: the fix removes them with it, so
        // one variable gets one secret (and one _FILE entry).
        if (entries.slice(i + 1).some((later) => later.name === entry.name)) continue;
        const dead = entries.slice(0, i).filter((earlier) => earlier.name === entry.name);
        const deadSecrets = dead.filter((d) => isLiteralSecret(d.name, d.value));
        const removeDead = (): Edit[] => dead.flatMap((d) => removeItem(src, env.value as YAMLSeq, d.index));
        if (!isLiteralSecret(entry.name, entry.value)) {
          const first = deadSecrets[0];
          if (!first) continue;
          out.push({
            start: first.item!.range![0],
            end: first.item!.range![1],
            locator: locator(svc, `environment.${entry.name} (overridden)`),
            message: `Service "${svc.name}" has a literal secret in an earlier ${entry.name} entry that a later one overrides: it is in the repository all the same.`,
            secrets: deadSecrets.map((d) => ({value: d.value, start: d.item!.range![0], end: d.item!.range![1]})),
            advice: "Rotate the old value: it stays in the repository's history.",
            fix: env.merged ? null : {title: `Remove the overridden ${entry.name} entries`, safety: 'unsafe', params: [], risk: 'None for the container: Compose already uses the later entry.', edits: () => unionOfRemovals(removeDead())},
          });
          continue;
        }
        const node = (entry.pair ? entry.pair.key : entry.item) as Node;
        const root = svc.doc.contents as YAMLMap;
        const topPair = ownPair(root, 'secrets');
        const topSecrets = isMap(topPair?.value) ? (topPair!.value as YAMLMap) : null;
        const name = secretName(svc, entry.name, ctx.project, topSecrets);
        const built = builtImageOf(svc, ctx.project);
        const fileVar = built ? (built.baseProfile ? profileFileVariable(built.baseProfile, entry.name) : null) : img ? fileVariable(img, entry.name) : null;
        const dir = posix.dirname(src.path);
        const envPath = dir === '.' ? '.env' : `${dir}/.env`;
        const envText = ctx.project.textOf(envPath);
        const dotenv = parseDotEnv(envText);
        const value = entry.value.replace(/\$\$/g, '$');
        const envVar = fileVar ? null : dotenvName(entry.name, value, svc, dotenv);
        const envLine = envVar === null || dotenv.get(envVar) === value ? null : dotenvLine(envVar, value);
        const noEnvRoute = fileVar || swarm ? null : dotenvBlocked(ctx.project, dir, envPath, envText, entry.name, entry.value);
        const advice = noEnvRoute
          ? `${noEnvRoute} Rotate the old value: it stays in the repository's history.`
          : fileVar
          ? `The image reads ${fileVar}, so it gets the value from /run/secrets/${name}. ${swarm ? `In this Swarm stack you can instead create it once with \`docker secret create ${name} secrets/${name}\` and declare it \`external: true\`. ` : ''}Rotate the old value: it stays in the repository's history.`
          : swarm
            ? `The image is not known to read a file for ${entry.name}, and \`docker stack deploy\` does not read .env, so nothing moves it mechanically: create the secret with \`docker secret create ${name} -\`, declare it \`external: true\` under the top-level secrets, give it to the service, and have the application read /run/secrets/${name}. Rotate the old value: it stays in the repository's history.`
            : `The image is not known to read a file for ${entry.name}, so the variable stays and its value moves to ${envPath} (git-ignored), where Compose reads \${${envVar ?? entry.name}} from. ` +
              'It leaves the repository but stays visible to whoever can run `docker inspect`; have the application read it from a file (a `_FILE` variable and a Compose secret) to close that too. ' +
              "Rotate the old value: it stays in the repository's history.";
        out.push({
          start: node.range![0],
          end: (entry.pair?.value ?? node).range![1],
          locator: locator(svc, `environment.${entry.name}`),
          message: `Service "${svc.name}" has a literal secret in ${entry.name}: it is in the repository and in docker inspect.`,
          secrets: [
            entry.value,
            ...deadSecrets.map((d) => ({value: d.value, start: d.item!.range![0], end: d.item!.range![1]})),
            ...[...dotenv].filter(([k, v]) => isLiteralSecret(k, v)).map(([, v]) => ({value: v, file: envPath, start: 0, end: envText?.length ?? 0})),
          ],
          advice,
          fix:
            env.merged || (!fileVar && (swarm || noEnvRoute !== null || (envVar !== null && envLine === undefined)))
              ? null
              : fileVar
                ? {
                    title: `Move ${entry.name} to a Compose secret`,
                    safety: 'unsafe',
                    params: [],
                    risk: 'Containers must be recreated; the old value stays in the git history until rewritten.',
                    edits: () => [...secretFileEdits(src, svc, entry, name, fileVar, topSecrets, ctx.project), ...unionOfRemovals(removeDead())],
                  }
                : {
                    title: `Move the value of ${entry.name} out of the Compose file into ${envPath}`,
                    safety: 'unsafe',
                    params: [],
                    risk: `Compose reads ${envPath} from the folder it runs in: started from elsewhere (or with another --env-file), it stops and asks for ${envVar}.`,
                    edits: () => {
                      const edits: Edit[] = [];
                      if (envLine) edits.push(appendLine(envPath, envText, envLine, 0o600));
                      edits.push(...gitignoreEdit(ctx.project, dir, '.env'));
                      const reference = `\${${envVar}:?${envVar} is not set (see ${posix.basename(envPath)})}`;
                      edits.push(...replaceValue(src, entry, reference, (env.value as YAMLMap | YAMLSeq).flow === true), ...unionOfRemovals(removeDead()));
                      return edits;
                    },
                  },
        });
      }
    }
    return out;
  },
});
