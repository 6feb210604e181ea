import type {Instruction, Property} from 'dockerfile-ast';
import type {Edit, FindingDraft} from '../../core/model.js';
import {defineRule} from '../../core/rule.js';
import type {DockerfileSource} from '../../core/source.js';
import type {Stage} from '../../formats/dockerfile/parse.js';
import {deleteWithin, removeInstruction, spanOf} from '../../formats/dockerfile/edit.js';
import {effectiveInstructions, resolveBase} from '../../formats/dockerfile/stages.js';
import {execFormArgs, parseRun, parseShellForm} from '../../formats/dockerfile/shell.js';
import {secretArgsDocs, secretsInArgs, secretsInExec} from '../../knowledge/secret-args.js';
import {isPlaceholder, isSecretName, looksLikeSecretValue} from '../../knowledge/secrets.js';
import {createdAccounts, resolveUserValue} from '../../knowledge/dockerfile-user.js';
import {isRootUser, stageLabel, userAt} from './support.js';

const WHERE: Record<string, string> = {RUN: 'the image history', CMD: 'the image config', ENTRYPOINT: 'the image config', HEALTHCHECK: 'the image config'};

/**
 * Literal secrets on a command line of RUN, CMD, ENTRYPOINT or HEALTHCHECK (`--db-password …`,
 * `redis-server --requirepass …`, an Authorization header, a URL with a password). Reported without
 * a fix: where the program can read them from instead is its own business.
 */
function* commandSecrets(source: DockerfileSource): Iterable<FindingDraft> {
  const counts = new Map<string, number>();
  for (const instruction of source.dockerfile.ast.getInstructions()) {
    const keyword = instruction.getKeyword();
    const where = WHERE[keyword];
    if (!where) continue;
    // The locator counts instructions of the keyword, not lines, so it survives lines added above.
    const nth = (counts.get(keyword) ?? 0) + 1;
    counts.set(keyword, nth);
    const span = spanOf(source, instruction.getRange());
    const found = (start: number, end: number, value: string, why: string): FindingDraft => ({
      start,
      end,
      locator: `${keyword}[${nth}] (${why})`,
      message: `\`${keyword}\` holds a literal secret (${why}): it is in ${where}, readable by anyone who can pull the image.`,
      secrets: [value],
      advice: 'Pass it at build time with `RUN --mount=type=secret` (docker build --secret) or at run time as a mounted secret file the program reads; never in the Dockerfile. Rotate the old value: it stays in the repository\'s history.',
    });
    const exec = keyword === 'HEALTHCHECK' ? null : execFormArgs(source, instruction);
    if (exec) {
      for (const s of secretsInExec(exec)) yield found(span.start, span.end, s.value, s.why);
      continue;
    }
    const seen = new Set<string>();
    const commands = keyword === 'RUN' ? parseRun(source, instruction).commands : parseShellForm(source, spanOf(source, instruction.getInstructionRange()).end, span.end).commands;
    for (const cmd of commands) {
      let words = cmd.words;
      if (keyword === 'HEALTHCHECK') {
        const at = words.findIndex((w) => w.value.toUpperCase() === 'CMD');
        words = at === -1 ? [] : words.slice(at + 1);
        if (words[0]?.value.startsWith('[')) continue;
      }
      for (const s of secretsInArgs(words.map((w) => w.value))) {
        // A nested `sh -c` script is read again as its own commands: one finding per secret.
        if (seen.has(s.value)) continue;
        seen.add(s.value);
        yield found(words[s.index]!.start, words[s.index]!.end, s.value, s.why);
      }
    }
  }
}

const docs = `## What it does
Reports \`ENV\` and \`ARG\` that hold a secret: by name (\`PASSWORD\`, \`SECRET\`, \`TOKEN\`, \`API_KEY\`,
\`PRIVATE_KEY\`, \`CREDENTIALS\`, … as whole words; \`*_FILE\`, \`*_PATH\`, \`*_USER\`, \`PUBLIC_KEY\`,
\`SSH_AUTH_SOCK\` and the like are not secrets) or by value (GitHub/GitLab/Slack/AWS/Stripe/Google
tokens, JWTs, PEM private keys, URLs with a password, long high-entropy strings). An \`ARG\` without
a default counts (its value is passed with \`--build-arg\`), and so does \`ENV NAME=\${ARG}\` (it copies
the build argument into the image). Empty values, \`/run/secrets/…\` paths and \`<placeholders>\` do
not. Values are never printed: findings carry them masked.

${secretArgsDocs('Secrets on the command line of `RUN`, `CMD`, `ENTRYPOINT` and `HEALTHCHECK`')}

The fix removes the \`ENV\`/\`ARG\` (only that key of a multi-key \`ENV\`) and turns every RUN that
uses the variable (\`$NAME\`/\`\${NAME}\`, where the ENV/ARG is visible) into a RUN with a build
secret. It has a parameter, \`secretMount\`:
- \`env\` (the default): \`RUN --mount=type=secret,id=<name_lower>,env=<NAME> …\`. BuildKit sets
  \`NAME\` from the build secret for that RUN only, so the command itself stays as it is. This form
  needs Dockerfile syntax 1.10 or later, so the fix adds \`# syntax=docker/dockerfile:1\` as the first
  line when the file has none, and raises a pinned \`docker/dockerfile:1.x\` below 1.10 to \`1.10\`.
  The secret is a variable of the RUN, not a file, so no \`uid=\` is needed after a non-root \`USER\`.
- \`file\`: \`RUN --mount=type=secret,id=<name_lower> …\` with each \`$NAME\`/\`\${NAME}\` of the RUN
  replaced by \`$(cat /run/secrets/<name_lower>)\`. A secret file is owned by root with mode 0400,
  so when the RUN comes after a non-root \`USER\` the mount gets that user's \`uid=\`. Offered only
  when the RUN uses no \`\${NAME:-…}\`-style expansion.

## Why it matters
ENV values are stored in the image config: anyone who can pull the image reads them with
\`docker inspect\`, and they are inherited by every container and child image. Build arguments are
recorded in the image history of the RUNs that use them (\`docker history\`) and in build caches.
Registries, CI logs and laptops keep those copies long after the secret was rotated.

## Example
\`\`\`dockerfile
FROM node:20-alpine
ARG NPM_TOKEN
RUN echo "//registry.npmjs.org/:_authToken=\${NPM_TOKEN}" > .npmrc && npm ci && rm .npmrc
ENV DB_PASSWORD=s3cr3t-Passw0rd
\`\`\`

## Use instead
\`\`\`dockerfile
# syntax=docker/dockerfile:1
FROM node:20-alpine
RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN echo "//registry.npmjs.org/:_authToken=\${NPM_TOKEN}" > .npmrc && npm ci && rm .npmrc
\`\`\`

## Fix safety
Unsafe: the build now needs the secret passed as a build secret —
\`docker build --secret id=npm_token,env=NPM_TOKEN .\` (from an environment variable) or
\`--secret id=npm_token,src=./secrets/npm_token\`, and in Compose \`build: {secrets: [npm_token]}\`.
A secret the application reads at run time (\`ENV DB_PASSWORD\`) is no longer in the image: provide
it when the container starts, as a file mounted at \`/run/secrets/<name>\` (Compose/Swarm secrets, a
Kubernetes Secret volume) that the application reads, or \`<NAME>_FILE=/run/secrets/<name>\` for
images that support it. When the variable is used by an instruction other than RUN, there is no
fix: move that use into a RUN first. Rotate a secret that was ever committed.
`;

interface Declaration {
  stage: Stage | null;
  instruction: Instruction;
  keyword: 'ENV' | 'ARG';
  property: Property;
  properties: Property[];
  name: string;
  value: string | null;
}

function declarations(source: DockerfileSource): Declaration[] {
  const model = source.dockerfile;
  const out: Declaration[] = [];
  const firstFrom = model.stages[0]?.from.getRange().start.line ?? Number.POSITIVE_INFINITY;
  const stageOf = (line: number): Stage | null => {
    let found: Stage | null = null;
    for (const stage of model.stages) if (stage.from.getRange().start.line <= line) found = stage;
    return line < firstFrom ? null : found;
  };
  for (const instruction of model.ast.getInstructions()) {
    const keyword = instruction.getKeyword();
    if (keyword !== 'ENV' && keyword !== 'ARG') continue;
    const properties = (instruction as Instruction & {getProperties(): Property[]}).getProperties();
    for (const property of properties) {
      const name = property.getName();
      if (!name) continue;
      out.push({stage: stageOf(instruction.getRange().start.line), instruction, keyword, property, properties, name, value: property.getValue()});
    }
  }
  return out;
}

/** What makes a declaration a secret, or null. */
function secretKind(d: Declaration): 'name' | 'value' | null {
  const value = d.value;
  if (value !== null && value.trim() !== '' && looksLikeSecretValue(value)) return 'value';
  if (!isSecretName(d.name)) return null;
  if (value === null) return d.keyword === 'ARG' ? 'name' : null;
  const v = value.trim();
  if (v === '') return null;
  if (isPlaceholder(v) && !v.startsWith('$')) return null;
  return 'name';
}

/** Edits removing one property of an ENV/ARG (the whole instruction when it is the only one). */
function removeProperty(source: DockerfileSource, d: Declaration): Edit[] {
  const {properties, property} = d;
  if (properties.length === 1) return removeInstruction(source, d.instruction);
  const i = properties.indexOf(property);
  const span = spanOf(source, property.getRange());
  if (i < properties.length - 1) {
    const next = spanOf(source, properties[i + 1]!.getRange());
    return deleteWithin(source, span.start, next.start);
  }
  const prev = spanOf(source, properties[i - 1]!.getRange());
  return deleteWithin(source, prev.end, span.end);
}

function referenceRe(name: string): RegExp {
  return new RegExp(`\\$(\\{${name}(?![A-Za-z0-9_])|${name}(?![A-Za-z0-9_]))`);
}

/** The instructions after the declaration that can see the variable. */
function scopeOf(source: DockerfileSource, d: Declaration): Instruction[] {
  if (!d.stage) return [];
  const model = source.dockerfile;
  const line = d.instruction.getRange().end.line;
  const own = d.stage.instructions.filter((i) => i.getRange().start.line > line);
  if (d.keyword === 'ARG') return own;
  const descendants = model.stages.filter((s) => s !== d.stage && resolveBase(model, s).chain.includes(d.stage!));
  return [...own, ...descendants.flatMap((s) => s.instructions)];
}

/** Edit that makes the file use a Dockerfile syntax with `RUN --mount=type=secret,env=` (1.10+), or null if it does. */
function syntaxEdit(source: DockerfileSource, needsEnvForm = true): Edit | null {
  const directive = source.dockerfile.ast.getDirectives().find((d) => d.getName().toLowerCase() === 'syntax');
  if (!directive) return {file: source.path, start: 0, end: 0, text: `# syntax=docker/dockerfile:1${source.eol}`};
  const value = directive.getValue();
  const m = /^((?:docker\.io\/)?docker\/dockerfile(?:-upstream)?):1\.(\d+)(?:[.-][\w.-]*)?(@sha256:[a-f0-9]+)?$/.exec(value);
  if (!m || !needsEnvForm || Number(m[2]) >= 10) return null;
  const span = spanOf(source, directive.getValueRange());
  return {file: source.path, start: span.start, end: span.end, text: `${m[1]}:1.10`};
}

/** The numeric uid a RUN runs as when it is not root (for `uid=` on a file mount), or null. */
function runUid(source: DockerfileSource, stage: Stage, run: Instruction): number | null {
  const user = userAt(source, stage, run);
  if (user === null || isRootUser(user)) return null;
  const model = source.dockerfile;
  const resolved = resolveUserValue(user, createdAccounts(effectiveInstructions(model, stage), new Map(), model.escape), resolveBase(model, stage).image);
  return resolved.uid !== null && resolved.uid > 0 ? resolved.uid : null;
}

const MOUNT_PARAM = {
  name: 'secretMount',
  label: 'How the RUNs read the secret: env (a variable of that RUN; Dockerfile 1.10+) or file (/run/secrets/<id>)',
  choices: ['env', 'file'] as const,
  validate: (v: string) => (v === 'env' || v === 'file' ? null : 'env or file'),
};

export const d106SecretInEnv = defineRule({
  id: 'D106',
  name: 'secret-in-env',
  kind: 'dockerfile',
  severity: 'critical',
  title: 'Secret in ENV or ARG',
  docs,
  references: ['hadolint:DL3064', 'kics:a88baa34-e2ad-44ea-ad6f-8cac87bc7c71', 'trivy:DS031'],
  links: {
    'BuildKit check SecretsUsedInArgOrEnv': 'https://docs.docker.com/reference/build-checks/secrets-used-in-arg-or-env/',
    'Build secrets': 'https://docs.docker.com/build/building/secrets/',
  },
  controls: ['cis-docker:4.10'],
  fix: 'unsafe',
  *check(source, ctx): Iterable<FindingDraft> {
    yield* commandSecrets(source);
    for (const d of declarations(source)) {
      const kind = secretKind(d);
      if (!kind) continue;
      const id = d.name.toLowerCase().replace(/[^a-z0-9_.-]/g, '_');
      const literal = d.value !== null && d.value.trim() !== '' && !d.value.trim().startsWith('$') ? d.value : null;
      const span = spanOf(source, d.property.getRange());
      const ref = referenceRe(d.name);
      const scope = scopeOf(source, d);
      const users = scope.filter((i) => i.getKeyword() === 'RUN' && ref.test(parseRun(source, i).text));
      const otherUses = scope.filter((i) => {
        if (i.getKeyword() === 'RUN' || i.getKeyword() === 'FROM') return false;
        return ref.test(source.text.slice(spanOf(source, i.getRange()).start, spanOf(source, i.getRange()).end));
      });
      const what =
        d.keyword === 'ENV'
          ? `\`ENV ${d.name}\` stores ${kind === 'value' ? 'a credential-like value' : 'a secret'} in the image config: anyone who can pull the image can read it`
          : `\`ARG ${d.name}\` passes ${kind === 'value' ? 'a credential-like value' : 'a secret'} as a build argument: it is recorded in the image history and build cache`;
      const howToBuild = users.length > 0 ? ` Build with \`docker build --secret id=${id},env=${d.name} .\` (or \`src=<file>\`).` : '';
      const runtime = d.keyword === 'ENV' ? ` If the application reads ${d.name} at run time, provide it as a file mounted at /run/secrets/${id} (or ${d.name}_FILE where the image supports it).` : '';
      const stageOfRun = (run: Instruction): Stage => source.dockerfile.stages.find((st) => st.instructions.includes(run))!;
      const unconverted = users.filter((run) => !parseRun(source, run).mounts.some((m) => m.type === 'secret' && (m.options.get('env') === d.name || m.options.get('id') === id)));
      const buildEdits = (mode: string): Edit[] => {
        if (otherUses.length > 0) return [];
        const edits: Edit[] = removeProperty(source, d);
        for (const run of unconverted) {
          const script = parseRun(source, run);
          if (mode === 'file') {
            const uid = runUid(source, stageOfRun(run), run);
            edits.push({file: source.path, start: script.keywordEnd, end: script.keywordEnd, text: ` --mount=type=secret,id=${id}${uid !== null ? `,uid=${uid}` : ''}`});
            const body = source.text.slice(script.scriptStart, script.end);
            const re = new RegExp(`\\$\\{${d.name}\\}|\\$${d.name}(?![A-Za-z0-9_])`, 'g');
            for (const m of body.matchAll(re)) {
              const at = script.scriptStart + m.index;
              edits.push({file: source.path, start: at, end: at + m[0].length, text: `$(cat /run/secrets/${id})`});
            }
          } else {
            edits.push({file: source.path, start: script.keywordEnd, end: script.keywordEnd, text: ` --mount=type=secret,id=${id},env=${d.name}`});
          }
        }
        const syntax = unconverted.length > 0 ? syntaxEdit(source, mode !== 'file') : null;
        if (syntax) edits.push(syntax);
        return edits;
      };
      const fileFormPossible = unconverted.every((run) => !new RegExp(`\\$\\{${d.name}[:#%/^,-]`).test(source.text.slice(parseRun(source, run).scriptStart, parseRun(source, run).end)));
      yield {
        start: span.start,
        end: span.end,
        message: `${what}.${howToBuild}${runtime}`,
        locator: `${d.stage ? stageLabel(d.stage) : 'global'} > ${d.keyword} ${d.name}`,
        secrets: literal ? [literal] : [],
        ...(otherUses.length > 0
          ? {advice: `${d.name} is also used by ${otherUses.map((i) => i.getKeyword()).join(', ')}; move that use into a RUN with \`--mount=type=secret,id=${id},env=${d.name}\`, then remove the ${d.keyword}.`}
          : {}),
        fix:
          otherUses.length === 0
            ? {
                title: users.length > 0 ? `Remove ${d.keyword} ${d.name}; its RUNs read a build secret instead` : `Remove ${d.keyword} ${d.name}`,
                safety: 'unsafe',
                params: unconverted.length > 0 && fileFormPossible ? [{...MOUNT_PARAM, default: ctx.param('secretMount') || 'env'}] : [],
                risk: `The build needs \`--secret id=${id},...\`; a value the app reads at run time must come from /run/secrets/${id} when the container starts.`,
                edits: (params) => buildEdits(fileFormPossible ? (params.secretMount ?? (ctx.param('secretMount') || 'env')) : 'env'),
              }
            : null,
      };
    }
  },
});
