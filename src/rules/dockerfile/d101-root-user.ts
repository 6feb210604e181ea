import {posix} from 'node:path';
import type {Instruction} from 'dockerfile-ast';
import type {Edit, FindingDraft, FixParam, ParamValues} from '../../core/model.js';
import {isUidLike} from '../../core/params.js';
import {defineRule, type RuleContext} from '../../core/rule.js';
import type {DockerfileSource} from '../../core/source.js';
import {
  addFlag,
  flagOf,
  indentOf,
  insertLinesAfter,
  insertLinesBefore,
  instructionSpan,
  keywordCase,
  replaceArguments,
  runLines,
} from '../../formats/dockerfile/edit.js';
import {hasVariable, resolveBase, stageVariables, substitute} from '../../formats/dockerfile/stages.js';
import type {Stage} from '../../formats/dockerfile/parse.js';
import {execFormArgs} from '../../formats/dockerfile/shell.js';
import {stageUser, type EffectiveUser} from '../../knowledge/dockerfile-user.js';
import {dropsPrivileges, hasShell, nonRootCaveat} from '../../knowledge/images.js';
import {chooseTarget, commandCaveat, type Target} from '../../knowledge/non-root-user.js';
import {writtenDirs} from '../../knowledge/built-image.js';

const docs = `## What it does
Reports a Dockerfile whose final image runs as root: the final stage (and the stages it builds
\`FROM\`) sets no \`USER\`, or the last \`USER\` is \`root\`/\`0\`. Build stages are not checked: only
the final stage becomes the image. \`FROM \${BASE}\` is resolved through the ARG's default.

No finding for images that already run non-root (distroless \`:nonroot\`, Chainguard, Docker
Hardened Images, \`nginxinc/nginx-unprivileged\`, Bitnami, Windows nanoserver), nor for images whose
entrypoint starts as root and drops privileges itself (postgres, mysql, mariadb, redis, mongo,
rabbitmq, zookeeper, cassandra, couchdb) as long as the Dockerfile keeps their entrypoint: forcing a
\`USER\` there breaks their first start. Run those non-root from Compose (\`user:\`) or Kubernetes
(\`runAsUser\` + \`fsGroup\`) with their own UID instead.

## Why it matters
A process that runs as root inside the container is root on the host's kernel: a container escape,
a mounted host path or a writable \`/proc\` entry gives an attacker full control. Kubernetes'
Restricted Pod Security Standard refuses such pods (\`runAsNonRoot\`).

## Example
\`\`\`dockerfile
FROM python:3.12-slim
WORKDIR /app
COPY . .
CMD ["python", "-m", "app"]
\`\`\`

## Use instead
\`\`\`dockerfile
FROM python:3.12-slim
RUN groupadd --system --gid 10001 app \\
    && useradd --system --no-log-init --uid 10001 --gid app --no-create-home --shell /usr/sbin/nologin app \\
    && mkdir -p /app \\
    && chown 10001:10001 /app
WORKDIR /app
COPY --chown=10001:10001 . .
USER 10001:10001
CMD ["python", "-m", "app"]
\`\`\`

## Fix safety
Unsafe. The fix creates a system user with the base image's own tools (Debian/Ubuntu and RHEL/UBI
\`groupadd\`/\`useradd --no-log-init\`, ubi-minimal after \`microdnf install shadow-utils\`,
Alpine/BusyBox \`addgroup -S\`/\`adduser -S -D -H\`), gives it the working directory (\`chown\` of the
directory, \`COPY --chown\` for what is copied into it) and the folders the file makes for the
program to write (\`mkdir -p /app/data\`, \`VOLUME\` paths: one \`RUN chown\` before the \`USER\`),
and adds a numeric \`USER uid:gid\` after the last \`RUN\`/\`COPY\`/\`ADD\` and before
\`CMD\`/\`ENTRYPOINT\`. Images that ship a user reuse it (node:
\`USER 1000:1000\`; distroless/Chainguard: \`USER 65532:65532\`); \`scratch\` gets \`USER 10001:10001\`
(a numeric user needs no passwd entry); Windows images get \`USER ContainerUser\`. When the file
already switched to a non-root user before a later \`USER root\`, the fix switches back to it.
The program may then fail where it writes outside its working directory, binds a port below 1024,
or reads root-only files. nginx is reported with guidance only (use
\`nginxinc/nginx-unprivileged\`, or port >= 1024 plus writable cache and pid paths), and so is a
final stage that starts nginx, httpd or apache2 itself, or brings \`gosu\`/\`su-exec\` for an
entrypoint that steps down from root (a \`USER\` makes that step fail). Parameters:
\`uid\`, \`gid\`, \`user\` (defaults 10001, 10001, app).
`;

const ROOT_NEEDERS = new Set(['RUN', 'COPY', 'ADD', 'USER']);

/** The destination of a COPY/ADD (JSON form and heredocs included), or null. */
function destinationOf(source: DockerfileSource, instruction: Instruction): string | null {
  const exec = execFormArgs(source, instruction);
  if (exec) return exec.length >= 2 ? exec.at(-1)! : null;
  const args = instruction.getArguments();
  const firstLine = instruction.getRange().start.line;
  const onFirst = args.some((a) => a.getValue().startsWith('<<')) ? args.filter((a) => a.getRange().start.line === firstLine) : args;
  return onFirst.length >= 2 ? onFirst.at(-1)!.getValue() : null;
}

/** The working directory the final stage ends with, resolved, or null when unknown/unset. */
function workdirs(source: DockerfileSource, stage: Stage): {final: string | null; at: Map<Instruction, string | null>} {
  const model = source.dockerfile;
  const {chain} = resolveBase(model, stage);
  let wd: string | null = '/';
  let set = false;
  const at = new Map<Instruction, string | null>();
  for (const s of [...chain].reverse()) {
    for (const instruction of s.instructions) {
      if (instruction.getKeyword() === 'WORKDIR') {
        const vars = stageVariables(model, s, instruction.getRange().start.line);
        const value = substitute((instruction.getArgumentsContent() ?? '').trim(), vars);
        if (hasVariable(value) || value === '' || wd === null) wd = null;
        else wd = posix.resolve(wd, value);
        set = true;
      }
      at.set(instruction, wd);
    }
  }
  return {final: set && wd !== '/' ? wd : null, at};
}

function buildEdits(source: DockerfileSource, stage: Stage, eff: EffectiveUser, target: Target): Edit[] {
  const inserts = new Map<number, string[]>();
  const edits: Edit[] = [];
  const addInsert = (edit: Edit) => {
    (inserts.get(edit.start) ?? inserts.set(edit.start, []).get(edit.start)!).push(edit.text);
  };
  const RUN = keywordCase(source, 'RUN');
  const USER = keywordCase(source, 'USER');
  const own = stage.instructions;
  const {final: workdir, at} = workdirs(source, stage);
  const shell = hasShell(eff.image) && eff.family !== 'windows';

  // 1. Create the user (and give it the working directory) right after the final FROM.
  const setup: string[] = [...(target.create ?? [])];
  if (target.giveWorkdir && workdir && target.owner && shell) setup.push(`mkdir -p ${workdir}`, `chown ${target.owner} ${workdir}`);
  if (setup.length > 0) {
    const indent = own[0] ? indentOf(source, own[0]) : indentOf(source, stage.from);
    addInsert(insertLinesAfter(source, stage.from, runLines(source, setup, RUN), indent));
  }

  // 2. What is copied into the working directory belongs to the user.
  if (target.giveWorkdir && workdir && target.owner) {
    for (const instruction of own) {
      const keyword = instruction.getKeyword();
      if ((keyword !== 'COPY' && keyword !== 'ADD') || flagOf(instruction, 'chown')) continue;
      const dest = destinationOf(source, instruction);
      const cwd = at.get(instruction) ?? null;
      if (!dest || cwd === null || hasVariable(dest)) continue;
      const abs = posix.resolve(cwd, dest);
      if (abs === workdir || abs.startsWith(`${workdir}/`)) edits.push(addFlag(source, instruction, `--chown=${target.owner}`));
    }
  }

  // 3. Folders the file makes for the program to write (mkdir, VOLUME) belong to the user too: a
  //    RUN made them as root, after the user was created.
  const written = target.giveWorkdir && target.owner && shell ? writtenDirs(source, stage).filter((d) => d.how !== 'workdir' && d.path !== workdir && !/^\/tmp(\/|$)/.test(d.path)) : [];
  const chown = written.length > 0 ? [`${RUN} chown ${target.owner} ${written.map((d) => d.path).join(' ')}`] : [];

  // 4. USER after the last step that needs root, before CMD/ENTRYPOINT.
  let lastRoot = -1;
  own.forEach((instruction, i) => {
    if (ROOT_NEEDERS.has(instruction.getKeyword())) lastRoot = i;
  });
  const decisive = eff.instruction && eff.stage === stage ? eff.instruction : null;
  if (decisive && own.indexOf(decisive) === lastRoot) {
    if (chown.length > 0) addInsert(insertLinesBefore(source, decisive, chown));
    edits.push(replaceArguments(source, decisive, target.value));
  } else {
    const runtime = own.findIndex((instruction, i) => i > lastRoot && (instruction.getKeyword() === 'CMD' || instruction.getKeyword() === 'ENTRYPOINT'));
    const lines = [...chown, `${USER} ${target.value}`];
    if (runtime !== -1) addInsert(insertLinesBefore(source, own[runtime]!, lines));
    else {
      const after = own.at(-1) ?? stage.from;
      addInsert(insertLinesAfter(source, after, lines, own.at(-1) ? indentOf(source, after) : indentOf(source, stage.from)));
    }
  }
  for (const [start, texts] of inserts) {
    // Two inserts at one offset: join them, keeping each one's line break where it was.
    const text = texts.length === 1 ? texts[0]! : joinInserts(texts, source.eol);
    edits.push({file: source.path, start, end: start, text});
  }
  return edits;
}

/** Joins texts inserted at the same place (each either `lines+eol` or `eol+lines` at a file end). */
function joinInserts(texts: string[], eol: string): string {
  if (texts.every((t) => t.endsWith(eol))) return texts.join('');
  return texts.map((t) => (t.startsWith(eol) ? t : eol + t.slice(0, t.length - eol.length))).join('');
}

function userParams(ctx: RuleContext): FixParam[] {
  return [
    {name: 'uid', label: 'User ID', default: ctx.param('uid'), validate: isUidLike},
    {name: 'gid', label: 'Group ID', default: ctx.param('gid'), validate: isUidLike},
    {name: 'user', label: 'User name', default: ctx.param('user'), validate: (v) => (/^[a-z_][a-z0-9_-]{0,31}$/.test(v) ? null : 'must be a lower-case user name')},
  ];
}

function paramValues(params: ParamValues, defaults: FixParam[]): {uid: string; gid: string; user: string} {
  const get = (name: string) => {
    const p = defaults.find((d) => d.name === name)!;
    const value = params[name] ?? (name === 'user' ? params['name'] : undefined) ?? p.default;
    const problem = p.validate?.(value);
    if (problem) throw new Error(`${p.label} ${problem}`);
    return value;
  };
  return {uid: get('uid'), gid: get('gid'), user: get('user')};
}

export const d101RootUser = defineRule({
  id: 'D101',
  name: 'root-user',
  kind: 'dockerfile',
  severity: 'high',
  title: 'The final image runs as root',
  docs,
  references: ['hadolint:DL3002', 'checkov:CKV_DOCKER_3', 'checkov:CKV_DOCKER_8', 'kics:fd54f200-402c-4333-a5a4-36ef6709af2f', 'kics:67fd0c4a-68cf-46d7-8c41-bc9fba7e40ae'],
  links: {
    'Dockerfile best practices: USER': 'https://docs.docker.com/build/building/best-practices/#user',
  },
  fix: 'unsafe',
  *check(source, ctx): Iterable<FindingDraft> {
    const model = source.dockerfile;
    const stage = model.stages.at(-1);
    if (!stage) return;
    const eff = stageUser(model, stage);
    if (!eff || eff.kind !== 'root') return;
    const {image, family} = eff;
    const where = eff.instruction && eff.stage === stage ? eff.instruction : stage.from;
    const span = instructionSpan(source, where);
    const locator = eff.instruction ? 'stage[final] > USER' : 'stage[final]';
    const what = eff.instruction
      ? `The final image runs as root: its last USER is ${eff.value}`
      : `The final image runs as root: the final stage (FROM ${image}) sets no USER`;
    const base = {start: span.start, end: span.end, locator};

    const drop = dropsPrivileges(image);
    if (drop) {
      const ownEntrypoint = resolveBase(model, stage).chain.some((s) => s.instructions.some((i) => i.getKeyword() === 'ENTRYPOINT'));
      if (!ownEntrypoint) return;
      yield {...base, message: `${what}, and its own ENTRYPOINT replaces the ${image} entrypoint that would drop privileges.`, advice: drop.note};
      return;
    }
    if (hasVariable(image) || family === 'unknown') {
      yield {
        ...base,
        message: `${what}. shipshape does not know the base image ${image}, so it cannot tell which tools create a user there.`,
        advice:
          'Create a system user with the base image\'s tools (e.g. `RUN groupadd --system --gid 10001 app && useradd --system --no-log-init --uid 10001 --gid app app`, ' +
          'or `addgroup -S -g 10001 app && adduser -S -D -H -u 10001 -G app app` on Alpine) and add `USER 10001:10001` before CMD/ENTRYPOINT.',
      };
      return;
    }
    const caveat = nonRootCaveat(image);
    if (caveat) {
      yield {...base, message: `${what}. A plain USER would break ${image}.`, advice: caveat};
      return;
    }
    const own = family === 'windows' ? null : commandCaveat(source, stage);
    if (own) {
      yield {...base, message: `${what}, and what it starts needs root to start: a plain USER would break it.`, advice: own};
      return;
    }
    const params = userParams(ctx);
    const defaults = paramValues({}, params);
    const target = chooseTarget(source, stage, eff, defaults);
    if (!target) {
      yield {...base, message: `${what}.`, advice: `Add a non-root numeric USER (e.g. USER ${defaults.uid}:${defaults.gid}) before CMD/ENTRYPOINT.`};
      return;
    }
    const windows = family === 'windows';
    yield {
      ...base,
      message: windows
        ? `${what}, so it runs as ContainerAdministrator: a process that escapes the container keeps administrator rights.`
        : `${what}. A process running as root in a container is root on the host kernel if it escapes; Kubernetes' restricted policy refuses it.`,
      advice: windows ? 'Windows images have no Linux users: `USER ContainerUser` is the unprivileged account of servercore and nanoserver images. Give it write access (icacls) to the folders the app writes.' : undefined,
      fix: {
        title: target.title,
        safety: 'unsafe',
        // Only the parameters the chosen user is built from: node's own user takes no UID.
        params: params.filter((p) => (target.uses as readonly string[]).includes(p.name)),
        risk: 'The program no longer runs as root: it may fail where it writes outside its working directory, binds a port below 1024 or reads root-only files.',
        edits: (values) => {
          const chosen = windows ? target : chooseTarget(source, stage, eff, paramValues(values, params));
          return chosen ? buildEdits(source, stage, eff, chosen) : [];
        },
      },
    };
  },
});
