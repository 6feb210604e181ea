import {posix} from 'node:path';
import type {Instruction} from 'dockerfile-ast';
import type {Certainty, Edit, FindingDraft, Fix, FixParam, ParamValues} from '../../core/model.js';
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
import {baseReference, baseWithArgs, finalStage, hasVariable, resolveBase, stageVariables, substitute} from '../../formats/dockerfile/stages.js';
import {buildArgsOf} from '../../knowledge/build-args.js';
import {composeBuildsOf} from '../../knowledge/image-source.js';
import type {Stage} from '../../formats/dockerfile/parse.js';
import {basename, effectiveArgs, execFormArgs, insertAfterWord, parseRun} from '../../formats/dockerfile/shell.js';
import {stageUser, type CreatedAccount, type EffectiveUser} from '../../knowledge/dockerfile-user.js';
import {dropsPrivileges, hasShell, nonRootCaveat} from '../../knowledge/images.js';
import {profileFor} from '../../knowledge/profiles/lookup.js';
import {chooseTarget, commandCaveat, type Target} from '../../knowledge/non-root-user.js';
import {writtenDirs} from '../../knowledge/built-image.js';
import {describeHostMount, hostMountsOver} from '../../knowledge/host-mounts.js';

const docs = `## What it does
Reports a Dockerfile whose final image runs as root: the final stage (and the stages it builds
\`FROM\`) sets no \`USER\`, or the last \`USER\` is \`root\`/\`0\`. Build stages are not checked: only
the final stage becomes the image. \`FROM \${BASE}\` is resolved through the ARG's default.

The base is read through the image profiles (\`FROM grafana/grafana\` is looked up as a base: its
facts are inferred, since the Dockerfile can change them), and every finding says how sure it is
(known / inferred / not known). No finding for bases that already run as their own user (grafana,
prom/prometheus, distroless \`:nonroot\`, Chainguard, Docker Hardened Images,
\`nginxinc/nginx-unprivileged\`, Bitnami, Windows nanoserver). Bases whose entrypoint starts as root
and switches to their own user itself (postgres, mysql, mariadb, redis, mongo, rabbitmq, ClickHouse,
the s6-overlay images of linuxserver and hotio) get an info finding with guidance only, as long as
the Dockerfile keeps their entrypoint: forcing a \`USER\` there breaks their first start. Run those
non-root from Compose (\`user:\`) or Kubernetes (\`runAsUser\` + \`fsGroup\`) with their own UID
instead. A base nobody knows (a private registry's image, \`FROM \${BASE}\` without a default) is
reported as "not known", with the command that tells which user it runs as.

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
already switched to a non-root user before a later \`USER root\`, the fix switches back to it, and a
user the file creates is reused; a user created without an id (\`useradd -r web\`,
\`adduser -S web\`) gets the \`uid\` (and \`gid\`, on the group the file creates for it) where it is
created, so the \`USER\` is numeric. System folders (\`/usr/…\`, \`/etc\`, \`/tmp\`) are never
handed over. For a base nobody knows the fix writes a numeric \`USER\` (no user tools needed),
\`COPY --chown\` and, where the file shows a shell, the same \`chown\`s, with the \`runAs\` parameter
a person must confirm after checking the image: \`fix --write --unsafe\` leaves it, the wizard asks.
Where a Compose service that builds the file mounts a host folder (the checkout: \`./app:/usr/src/app\`)
on, in or over the working directory or a folder the file makes, the files there keep their host
owner, so the fix waits for a person to confirm the \`uid\` (the developer's own, or
\`user: "\${UID}:\${GID}"\` on that service), with how to check in the advice.
The program may then fail where it writes outside its working directory, binds a port below 1024,
or reads root-only files. nginx is reported with guidance only (use
\`nginxinc/nginx-unprivileged\`, or port >= 1024 plus writable cache and pid paths), and so is a
final stage that starts nginx, httpd or apache2 itself, or brings \`gosu\`/\`su-exec\` for an
entrypoint that steps down from root (a \`USER\` makes that step fail). Parameters:
\`uid\`, \`gid\`, \`user\` (defaults 10001, 10001, app).
`;

const ROOT_NEEDERS = new Set(['RUN', 'COPY', 'ADD', 'USER']);

/** Folders of the filesystem layout (FHS) several programs share: never handed to one user. */
const SHARED_DIR = /^\/(var(\/(cache|lib|local|lock|log|mail|opt|run|spool|tmp|www))?|run|srv|opt|mnt|media|home)$/;

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

/**
 * Gives a user created without an id (`useradd -r web`) the target's ids where it is created:
 * `--uid` after useradd/adduser, `--gid` after the groupadd/addgroup of its group (BusyBox's short
 * `-u`/`-g` on Alpine-like images).
 */
function assignIdEdits(source: DockerfileSource, assign: NonNullable<Target['assign']>, family: string): Edit[] {
  const short = family === 'alpine' || family === 'busybox' || family === 'wolfi';
  const edits: Edit[] = [];
  const add = (account: CreatedAccount, tools: readonly string[], flag: string) => {
    const script = parseRun(source, account.instruction);
    for (const cmd of script.commands) {
      const argv = effectiveArgs(cmd);
      const tool = argv[0] ? basename(argv[0].value) : '';
      if (!tools.includes(tool) || !argv.slice(1).some((w) => w.value === account.name) || argv.some((w) => w.dynamic)) continue;
      edits.push(insertAfterWord(source, argv[0]!, flag));
      return;
    }
  };
  add(assign.user, ['useradd', 'adduser'], short ? `-u ${assign.uid}` : `--uid ${assign.uid}`);
  if (assign.group) add(assign.group, ['groupadd', 'addgroup'], short ? `-g ${assign.gid}` : `--gid ${assign.gid}`);
  return edits;
}

function buildEdits(source: DockerfileSource, stage: Stage, eff: EffectiveUser, target: Target, shell: boolean): Edit[] {
  // Inserted lines by offset; an insert after a dangling continuation also replaces its escape.
  const inserts = new Map<number, {end: number; texts: string[]}>();
  const edits: Edit[] = [];
  const addInsert = (edit: Edit) => {
    const at = inserts.get(edit.start) ?? inserts.set(edit.start, {end: edit.end, texts: []}).get(edit.start)!;
    at.end = Math.max(at.end, edit.end);
    at.texts.push(edit.text);
  };
  const RUN = keywordCase(source, 'RUN');
  const USER = keywordCase(source, 'USER');
  const own = stage.instructions;
  const {final: workdir, at} = workdirs(source, stage);
  const owner = target.owner ?? (/^\d+(:\d+)?$/.test(target.value) ? target.value : null);

  // 0. A reused user created without ids gets them where it is created.
  if (target.assign) edits.push(...assignIdEdits(source, target.assign, eff.family));

  // 1. Create the user (and give it the working directory) right after the final FROM.
  const setup: string[] = [...(target.create ?? [])];
  if (target.giveWorkdir && workdir && owner && shell) setup.push(`mkdir -p ${workdir}`, `chown ${owner} ${workdir}`);
  if (setup.length > 0) {
    const indent = own[0] ? indentOf(source, own[0]) : indentOf(source, stage.from);
    addInsert(insertLinesAfter(source, stage.from, runLines(source, setup, RUN), indent));
  }

  // 2. What is copied into the working directory belongs to the user.
  if (target.giveWorkdir && workdir && owner) {
    for (const instruction of own) {
      const keyword = instruction.getKeyword();
      if ((keyword !== 'COPY' && keyword !== 'ADD') || flagOf(instruction, 'chown')) continue;
      const dest = destinationOf(source, instruction);
      const cwd = at.get(instruction) ?? null;
      if (!dest || cwd === null || hasVariable(dest)) continue;
      const abs = posix.resolve(cwd, dest);
      if (abs === workdir || abs.startsWith(`${workdir}/`)) edits.push(addFlag(source, instruction, `--chown=${owner}`));
    }
  }

  // 3. Folders the file makes for the program to write (mkdir, VOLUME) belong to the user too: a
  //    RUN made them as root, after the user was created.
  //    Shared folders of the system (/var/log itself, /srv, /opt) stay root's; what the program makes in them is its own.
  const written = owner && shell ? writtenDirs(source, stage).filter((d) => d.how !== 'workdir' && d.path !== workdir && !/^\/tmp(\/|$)/.test(d.path) && !SHARED_DIR.test(d.path)) : [];
  const chown = written.length > 0 ? [`${RUN} chown ${owner} ${written.map((d) => d.path).join(' ')}`] : [];

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
  for (const [start, {end, texts}] of inserts) {
    // Two inserts at one offset: join them, keeping each one's line break where it was.
    const text = texts.length === 1 ? texts[0]! : joinInserts(texts, source.eol);
    edits.push({file: source.path, start, end, text});
  }
  return edits;
}

/** Joins texts inserted at the same place (each either `lines+eol` or `eol+lines` at a file end). */
function joinInserts(texts: string[], eol: string): string {
  if (texts.every((t) => t.endsWith(eol))) return texts.join('');
  return texts.map((t) => (t.startsWith(eol) ? t : eol + t.slice(0, t.length - eol.length))).join('');
}

function volumesOf(source: DockerfileSource, stage: Stage): string[] {
  return writtenDirs(source, stage)
    .filter((d) => d.how === 'volume')
    .map((d) => d.path);
}

/** A uid:gid pair above 0 (`10001:10001`, `999`). */
function isUserPair(value: string): string | null {
  const [uid, gid, ...rest] = value.split(':');
  if (rest.length > 0 || isUidLike(uid ?? '') !== null || (gid !== undefined && isUidLike(gid) !== null)) return 'must be uid:gid, numbers above 0';
  return null;
}

/**
 * The base the repository's own builds start the final stage FROM (Compose \`build.args\`, \`docker
 * build --build-arg\` in pipelines and Makefiles) where it is not the ARG default: D101 reads the
 * Dockerfile alone and would otherwise pick a user and its tools for an image that is not built.
 */
function builtFromElsewhere(ctx: RuleContext, source: DockerfileSource, stage: Stage, image: string): {image: string; from: string} | null {
  const raw = baseReference(source.dockerfile, stage);
  if (!raw.includes('$')) return null;
  const inFrom = (name: string) => new RegExp(`\\$\\{?${name}\\b`).test(raw);
  const values = new Map<string, string>();
  const from = new Set<string>();
  for (const [name, arg] of buildArgsOf(ctx.project, source.path).given) {
    if (!inFrom(name)) continue;
    values.set(name, arg.value);
    from.add(arg.from);
  }
  // A Compose build that passes a value shipshape cannot resolve (\`\${BASE}\` from the shell): the base is not known either.
  for (const build of composeBuildsOf(ctx.project, source.path)) {
    for (const [name, value] of build.args) {
      if (!inFrom(name) || values.has(name) || !value.includes('$')) continue;
      values.set(name, value);
      from.add(`${build.service.src.path} (services.${build.service.name}.build.args)`);
    }
  }
  if (values.size === 0) return null;
  const built = baseWithArgs(source.dockerfile, stage, values);
  return built === image ? null : {image: built, from: [...from].join(', ')};
}

/**
 * For a base nobody knows: a numeric `USER` (no passwd entry needed, so no user tools) that waits
 * for a person to confirm it after checking what the image runs as. The working directory's
 * copies get `--chown`; folders are handed over with RUN only when the file shows the base has a
 * shell (it runs shell-form RUNs itself).
 */
function confirmedUserFix(source: DockerfileSource, stage: Stage, eff: EffectiveUser, defaults: {uid: string; gid: string}): Fix {
  const suggestion = `${defaults.uid}:${defaults.gid}`;
  const shell = resolveBase(source.dockerfile, stage).chain.some((s) => s.instructions.some((i) => i.getKeyword() === 'RUN' && parseRun(source, i).form !== 'exec'));
  return {
    title: 'Run as a numeric user you confirm, before CMD/ENTRYPOINT',
    safety: 'unsafe',
    params: [{name: 'runAs', label: 'User to run as, uid:gid (shipshape cannot know what this base image runs as: check it first)', default: suggestion, validate: isUserPair}],
    needsInput: ['runAs'],
    risk: 'The program no longer runs as root: it may fail where it writes outside its working directory, binds a port below 1024 or reads root-only files; an image that switches user itself no longer can.',
    edits: (values) => {
      const value = values['runAs'] || suggestion;
      if (isUserPair(value) !== null) throw new Error(`User to run as ${isUserPair(value)}`);
      return buildEdits(source, stage, eff, {value, owner: value, create: null, giveWorkdir: true, title: '', uses: []}, shell);
    },
  };
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
  controls: ['cis-docker:4.1'],
  fix: 'unsafe',
  needsInput: true,
  *check(source, ctx): Iterable<FindingDraft> {
    const model = source.dockerfile;
    const stage = finalStage(model);
    if (!stage) return;
    const eff = stageUser(model, stage);
    if (!eff || eff.kind !== 'root') return;
    const {image, family} = eff;
    const built = builtFromElsewhere(ctx, source, stage, image);
    const where = eff.instruction && eff.stage === stage ? eff.instruction : stage.from;
    const span = instructionSpan(source, where);
    const locator = eff.instruction ? 'stage[final] > USER' : 'stage[final]';
    const what = eff.instruction
      ? `The final image runs as root: its last USER is ${eff.value}`
      : `The final image runs as root: the final stage (FROM ${image}) sets no USER`;
    const found = profileFor(image, {as: 'base'});
    const toolsKnown = !hasVariable(image) && family !== 'unknown';
    const params = userParams(ctx);
    const defaults = paramValues({}, params);
    if (built && !eff.instruction) {
      // The ARG default is not what the repository builds: what the real base runs as, and its tools, are not read here.
      yield {
        start: span.start,
        end: span.end,
        locator,
        certainty: 'not-known',
        message: `The final image may run as root: the final stage sets no USER, and ${built.from} builds it FROM ${built.image}${hasVariable(image) ? '' : `, not the ARG default ${image}`}.`,
        advice:
          `Check what ${built.image} runs as with \`docker image inspect --format '{{.Config.User}}' ${built.image}\` (empty means root). ` +
          'If it runs as root, switch to a numeric user before CMD/ENTRYPOINT: the fix writes the `USER uid:gid` you confirm. If the image switches user itself (gosu, su-exec, s6), leave it.',
        fix: confirmedUserFix(source, stage, eff, defaults),
      };
      return;
    }
    // How sure: a profile of the base (never more than inferred: the Dockerfile can change it), else
    // the family of the base where its name tells it, else not known.
    const certainty: Certainty = found.certainty !== 'not-known' ? found.certainty : toolsKnown ? 'inferred' : 'not-known';
    const base = {start: span.start, end: span.end, locator, certainty};

    const drop = dropsPrivileges(image);
    if (drop) {
      const ownEntrypoint = resolveBase(model, stage).chain.some((s) => s.instructions.some((i) => i.getKeyword() === 'ENTRYPOINT'));
      if (ownEntrypoint) {
        yield {...base, message: `${what}, and its own ENTRYPOINT replaces the ${image} entrypoint that would drop privileges.`, advice: drop.note};
        return;
      }
      // The base switches to its own user itself: nothing to fix here, but say how to never run as root.
      yield {...base, severity: 'info', message: `The final stage (FROM ${image}) starts as root on purpose: the image switches to ${drop.user.name}${drop.user.uid >= 0 ? ` (${drop.user.uid})` : ''} itself, and a USER would stop that.`, advice: drop.note};
      return;
    }
    if (!toolsKnown) {
      // An explicit USER root is root whatever the base; without one it depends on the base's own USER.
      const unknownUser = found.certainty === 'not-known' && !eff.instruction;
      yield {
        ...base,
        certainty: eff.instruction ? 'known' : certainty,
        message: unknownUser
          ? `The final image may run as root: the final stage (FROM ${image}) sets no USER, and which user ${image} runs as is not known (${found.why === 'unresolved-variable' ? `it comes from ${found.unresolved.map((v) => `\${${v}}`).join(', ')}, which has no default` : 'shipshape has no profile of it'}).`
          : `${what}. shipshape does not know the tools of ${image}, so it cannot create a user there.`,
        advice:
          `${found.certainty === 'not-known' ? found.howToCheck : `Check what it runs as with \`docker image inspect --format '{{.Config.User}}' ${image}\` (empty means root).`} ` +
          'If it runs as root, switch to a numeric user before CMD/ENTRYPOINT: the fix writes the `USER uid:gid` you confirm (a numeric user needs no passwd entry; create a named one with the image\'s own tools if the program needs it). ' +
          'If the image switches user itself (gosu, su-exec, s6), leave it.',
        fix: confirmedUserFix(source, stage, eff, defaults),
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
    const target = chooseTarget(source, stage, eff, defaults);
    if (!target) {
      yield {...base, message: `${what}.`, advice: `Add a non-root numeric USER (e.g. USER ${defaults.uid}:${defaults.gid}) before CMD/ENTRYPOINT.`};
      return;
    }
    const windows = family === 'windows';
    const shell = hasShell(image) && !windows;
    // A Compose service that mounts a host folder (the checkout) over the folder the user gets:
    // the files there keep their host owner, so whether the new user can write them is not known.
    const {final: workdir} = workdirs(source, stage);
    const folders = [...(workdir ? [workdir] : []), ...writtenDirs(source, stage).map((d) => d.path).filter((p) => !/^\/tmp(\/|$)/.test(p) && !SHARED_DIR.test(p))];
    const overMounts = windows ? [] : hostMountsOver(ctx.project, source.path, folders);
    const fixParams = params.filter((p) => (target.uses as readonly string[]).includes(p.name));
    const hostAdvice =
      overMounts.length > 0
        ? `${overMounts.map(describeHostMount).join('; ')}: the files there keep the owner they have on the host (with Docker on Linux, the developer's user, often uid 1000), so a user this file makes may not be able to write them, and whether the program writes there (uploads, caches, a SQLite file) is not known. ` +
          `Check with \`ls -ln ${overMounts[0]!.source}\` on the host and what the program writes; where it does, run that service as the host user (\`user: "\${UID}:\${GID}"\` in the Compose file) or give the user here that uid, then confirm.`
        : undefined;
    yield {
      ...base,
      message: windows
        ? `${what}, so it runs as ContainerAdministrator: a process that escapes the container keeps administrator rights.`
        : `${what}. A process running as root in a container is root on the host kernel if it escapes; Kubernetes' restricted policy refuses it.`,
      advice:
        hostAdvice ??
        (windows
          ? 'Windows images have no Linux users: `USER ContainerUser` is the unprivileged account of servercore and nanoserver images. Give it write access (icacls) to the folders the app writes.'
          : !shell && volumesOf(source, stage).length > 0
            ? `${image} has no shell to give the VOLUME folders to the user: create them owned by it in a build stage and COPY --chown them in.`
            : undefined),
      fix: {
        title: target.title,
        safety: 'unsafe',
        // Only the parameters the chosen user is built from: node's own user takes no UID.
        params: fixParams,
        // Mounted over from the host: a person confirms the user (the wizard asks; fix --write leaves
        // it). An image's own user (node's 1000) takes no input: it is the usual host uid anyway.
        ...(hostAdvice && fixParams.some((p) => p.name === 'uid') ? {needsInput: ['uid']} : {}),
        risk: 'The program no longer runs as root: it may fail where it writes outside its working directory, its VOLUME folders and the folders its RUNs create, binds a port below 1024 or reads root-only files.',
        edits: (values) => {
          const chosen = windows ? target : chooseTarget(source, stage, eff, paramValues(values, params));
          return chosen ? buildEdits(source, stage, eff, chosen, shell) : [];
        },
      },
    };
  },
});
