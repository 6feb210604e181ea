import {posix} from 'node:path';
import type {Instruction} from 'dockerfile-ast';
import type {Edit, FindingDraft, FixParam, ParamValues} from '../../core/model.js';
import {isUidLike} from '../../core/params.js';
import {defineRule, type RuleContext} from '../../core/rule.js';
import type {DockerfileSource} from '../../core/source.js';
import {
  addFlag,
  flagOf,
  hasVariable,
  indentOf,
  insertLinesAfter,
  insertLinesBefore,
  instructionSpan,
  keywordCase,
  replaceArguments,
  resolveBase,
  runLines,
  stageVariables,
  substitute,
} from '../../formats/dockerfile/edit.js';
import type {Stage} from '../../formats/dockerfile/parse.js';
import {createdAccounts, resolveUserValue, stageUser, type EffectiveUser} from '../../knowledge/dockerfile-user.js';
import {dropsPrivileges, hasShell, imageFamily, knownUser, nonRootCaveat, numericOnly, takenIds, userCreationCommands} from '../../knowledge/images.js';

const docs = `# D101 root-user

## What it does
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
directory, \`COPY --chown\` for what is copied into it) and adds a numeric \`USER uid:gid\` after the
last \`RUN\`/\`COPY\`/\`ADD\` and before \`CMD\`/\`ENTRYPOINT\`. Images that ship a user reuse it (node:
\`USER 1000:1000\`; distroless/Chainguard: \`USER 65532:65532\`); \`scratch\` gets \`USER 10001:10001\`
(a numeric user needs no passwd entry); Windows images get \`USER ContainerUser\`. When the file
already switched to a non-root user before a later \`USER root\`, the fix switches back to it.
The program may then fail where it writes outside its working directory, binds a port below 1024,
or reads root-only files. nginx is reported with guidance only (use
\`nginxinc/nginx-unprivileged\`, or port >= 1024 plus writable cache and pid paths), and so is a
final stage that starts nginx, httpd or apache2 itself, or brings \`gosu\`/\`su-exec\` for an
entrypoint that steps down from root (a \`USER\` makes that step fail). Parameters:
\`uid\`, \`gid\`, \`user\` (defaults 10001, 10001, app).

## References
- hadolint DL3002 (last USER should not be root)
- Checkov CKV_DOCKER_3 (a user is created), CKV_DOCKER_8 (last USER is not root)
- KICS "Missing User Instruction", "Last User Is 'root'"
- https://docs.docker.com/build/building/best-practices/#user
`;

interface Target {
  /** The USER value to write. */
  value: string;
  /** Numeric ids for chown / COPY --chown, or null when the user is only known by name. */
  owner: string | null;
  /** Commands that create the user (null: the user exists). */
  create: string[] | null;
  /** Give the user the working directory (chown and COPY --chown). */
  giveWorkdir: boolean;
  title: string;
  /** Which of the uid/gid/user parameters this target is built from (none when the image or file decides). */
  uses: ReadonlyArray<'uid' | 'gid' | 'user'>;
}

const ROOT_NEEDERS = new Set(['RUN', 'COPY', 'ADD', 'USER']);

/** The destination of a COPY/ADD (JSON form and heredocs included), or null. */
function destinationOf(instruction: Instruction): string | null {
  const content = (instruction.getArgumentsContent() ?? '').trim();
  if (content.startsWith('[')) {
    try {
      const parsed = JSON.parse(content) as unknown;
      if (Array.isArray(parsed) && parsed.length >= 2) return String(parsed.at(-1));
    } catch {
      return null;
    }
  }
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

/** Programs a final CMD/ENTRYPOINT may start that bind port 80 as root and write root-owned pid/cache paths. */
const ROOT_SERVERS = new Set(['nginx', 'openresty', 'httpd', 'httpd-foreground', 'apache2', 'apache2-foreground', 'apachectl']);
/** The step-down tools of entrypoints that start as root and switch user themselves. */
const STEP_DOWN = /(^|[\s/"'=;&|(])(gosu|su-exec)(?=[\s"';&|)]|$)/m;

/** The program a CMD/ENTRYPOINT starts (JSON or shell form), without its path: `nginx`, `docker-entrypoint.sh`. */
function programOfCommand(instruction: Instruction): string | null {
  const content = (instruction.getArgumentsContent() ?? '').trim();
  let first: string | undefined;
  if (content.startsWith('[')) {
    try {
      const parsed = JSON.parse(content) as unknown;
      if (Array.isArray(parsed)) first = parsed.map(String).find((w) => w !== 'exec');
    } catch {
      first = undefined;
    }
  } else {
    first = content.split(/\s+/).find((w) => w !== 'exec');
  }
  return first ? posix.basename(first) : null;
}

/**
 * Why a plain USER would break what this image runs, judged from the Dockerfile itself (the base
 * image's own caveats are nonRootCaveat's): a web server started as root on port 80 (nginx, httpd,
 * apache2 installed by the file), or an entrypoint that steps down with gosu/su-exec, which fails
 * when it does not start as root. Null when neither applies.
 */
export function commandCaveat(source: DockerfileSource, stage: Stage): string | null {
  const ordered = [...resolveBase(source.dockerfile, stage).chain].reverse();
  const all = ordered.flatMap((s) => s.instructions);
  const last = (keyword: string) => all.filter((i) => i.getKeyword() === keyword).at(-1) ?? null;
  const programs = [last('ENTRYPOINT'), last('CMD')].flatMap((i) => (i ? [programOfCommand(i)] : [])).filter((p): p is string => p !== null);
  const server = programs.find((p) => ROOT_SERVERS.has(p));
  if (server) {
    return (
      `${server} starts as root to bind port 80 and write its pid and cache paths, then runs its workers as its own user. ` +
      'To run it non-root, listen on a port >= 1024, move the pid file to a writable path (nginx: `pid /tmp/nginx.pid;`) and make the cache/log paths writable for the user before `USER`; or build on `nginxinc/nginx-unprivileged`.'
    );
  }
  const stepDown = all.find((i) => ['RUN', 'ENTRYPOINT', 'CMD'].includes(i.getKeyword()) && STEP_DOWN.test(i.getArgumentsContent() ?? ''));
  if (stepDown) {
    const tool = STEP_DOWN.exec(stepDown.getArgumentsContent() ?? '')![2];
    return (
      `This image brings ${tool}: its entrypoint starts as root, prepares its files and then switches to its own user, and ${tool} fails when it does not start as root. ` +
      'Keep it as it is and run the container with that user\'s UID from Compose (`user:`) or Kubernetes (`runAsUser` + `fsGroup`), or remove the step-down from the entrypoint before adding a numeric `USER`.'
    );
  }
  return null;
}

function lastNonRootUser(source: DockerfileSource, stage: Stage, image: string): Target | null {
  const model = source.dockerfile;
  const {chain} = resolveBase(model, stage);
  const ordered = [...chain].reverse();
  const all = ordered.flatMap((s) => s.instructions);
  const accounts = createdAccounts(all, stageVariables(model, stage), model.escape);
  let found: {value: string; stage: Stage; instruction: Instruction} | null = null;
  for (const s of ordered) {
    for (const instruction of s.instructions) {
      if (instruction.getKeyword() !== 'USER') continue;
      const value = substitute((instruction.getArgumentsContent() ?? '').trim(), stageVariables(model, s, instruction.getRange().start.line));
      const user = value.split(':')[0]!;
      if (user !== 'root' && user !== '0' && !hasVariable(value)) found = {value, stage: s, instruction};
    }
  }
  if (found) {
    const r = resolveUserValue(found.value, accounts, image);
    if (r.uid === 0) return null;
    const value = r.uid !== null ? (r.gid !== null ? `${r.uid}:${r.gid}` : `${r.uid}`) : found.value;
    return {value, owner: null, create: null, giveWorkdir: false, title: `Switch back to ${found.value} (${value}) after the steps that need root`, uses: []};
  }
  const created = [...accounts.users].reverse().find((u) => u.id !== null && u.id !== 0);
  if (created) {
    const r = resolveUserValue(created.name, accounts, image);
    const value = r.gid !== null ? `${r.uid}:${r.gid}` : `${r.uid}`;
    return {value, owner: null, create: null, giveWorkdir: false, title: `Run as ${created.name} (${value}), the user this Dockerfile creates`, uses: []};
  }
  return null;
}

function chooseTarget(source: DockerfileSource, stage: Stage, eff: EffectiveUser, params: {uid: string; gid: string; user: string}): Target | null {
  const {image, family} = eff;
  if (family === 'windows') {
    return {value: 'ContainerUser', owner: null, create: null, giveWorkdir: false, title: 'Run as ContainerUser, the unprivileged user of Windows base images', uses: []};
  }
  const existing = lastNonRootUser(source, stage, image);
  if (existing) return existing;
  const known = knownUser(image);
  if (known && known.uid !== 0) {
    const value = known.gid === 0 ? `${known.uid}` : `${known.uid}:${known.gid}`;
    return {value, owner: value, create: null, giveWorkdir: true, title: `Run as ${known.name} (${value}), the user ${image} ships`, uses: []};
  }
  const {uid, gid, user} = params;
  const ids = `${uid}:${gid}`;
  if (numericOnly(family)) {
    return {value: ids, owner: ids, create: null, giveWorkdir: true, title: `Run as ${ids} (a numeric user needs no passwd entry in ${image})`, uses: ['uid', 'gid']};
  }
  const taken = takenIds(image).find((t) => String(t.uid) === uid || t.name === user);
  if (taken) {
    const value = `${taken.uid}:${taken.gid}`;
    return {value, owner: value, create: null, giveWorkdir: true, title: `Run as ${taken.name} (${value}), which ${image} already has`, uses: []};
  }
  const create = userCreationCommands(family, {name: user, uid, gid});
  if (!create) return null;
  return {value: ids, owner: ids, create, giveWorkdir: true, title: `Run as ${user} (${ids}): create the user with the base image's tools and switch to it before CMD/ENTRYPOINT`, uses: ['uid', 'gid', 'user']};
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
      const dest = destinationOf(instruction);
      const cwd = at.get(instruction) ?? null;
      if (!dest || cwd === null || hasVariable(dest)) continue;
      const abs = posix.resolve(cwd, dest);
      if (abs === workdir || abs.startsWith(`${workdir}/`)) edits.push(addFlag(source, instruction, `--chown=${target.owner}`));
    }
  }

  // 3. USER after the last step that needs root, before CMD/ENTRYPOINT.
  let lastRoot = -1;
  own.forEach((instruction, i) => {
    if (ROOT_NEEDERS.has(instruction.getKeyword())) lastRoot = i;
  });
  const decisive = eff.instruction && eff.stage === stage ? eff.instruction : null;
  if (decisive && own.indexOf(decisive) === lastRoot) {
    edits.push(replaceArguments(source, decisive, target.value));
  } else {
    const runtime = own.findIndex((instruction, i) => i > lastRoot && (instruction.getKeyword() === 'CMD' || instruction.getKeyword() === 'ENTRYPOINT'));
    const line = `${USER} ${target.value}`;
    if (runtime !== -1) addInsert(insertLinesBefore(source, own[runtime]!, [line]));
    else {
      const after = own.at(-1) ?? stage.from;
      addInsert(insertLinesAfter(source, after, [line], own.at(-1) ? indentOf(source, after) : indentOf(source, stage.from)));
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

/**
 * The numeric user D101's fix switches this Dockerfile to (with the parameters' defaults), or null
 * when the final stage is not root or D101 gives guidance only. K301 follows it, so a pod runs as
 * the UID its image will have once the Dockerfile is fixed.
 */
export function plannedRunAs(source: DockerfileSource, param: (name: string) => string): {uid: number; gid: number; source: string} | null {
  const model = source.dockerfile;
  const stage = model.stages.at(-1);
  if (!stage) return null;
  const eff = stageUser(model, stage);
  if (!eff || eff.kind !== 'root' || eff.family === 'windows') return null;
  if (dropsPrivileges(eff.image) || hasVariable(eff.image) || eff.family === 'unknown' || nonRootCaveat(eff.image) || commandCaveat(source, stage)) return null;
  const target = chooseTarget(source, stage, eff, {uid: param('uid'), gid: param('gid'), user: param('user')});
  const ids = target ? /^(\d+)(?::(\d+))?$/.exec(target.value) : null;
  if (!ids) return null;
  const uid = Number(ids[1]);
  return {uid, gid: ids[2] !== undefined ? Number(ids[2]) : uid, source: `the USER D101 gives ${source.path}`};
}

export const d101RootUser = defineRule({
  id: 'D101',
  name: 'root-user',
  kind: 'dockerfile',
  severity: 'high',
  title: 'The final image runs as root',
  docs,
  references: ['hadolint:DL3002', 'checkov:CKV_DOCKER_3', 'checkov:CKV_DOCKER_8', 'kics:fd54f200-402c-4333-a5a4-36ef6709af2f', 'kics:67fd0c4a-68cf-46d7-8c41-bc9fba7e40ae'],
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
