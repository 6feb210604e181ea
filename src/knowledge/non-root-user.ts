/**
 * The non-root user a Dockerfile's final stage should switch to, and what stands in the way: the
 * answer D101's fix writes, and that K301 follows so a pod runs as the UID its image will have.
 *
 *   chooseTarget(source, stage, effectiveUser, {uid, gid, user})  -> Target | null
 *   commandCaveat(source, stage)      why a plain USER would break what the image starts, or null
 *   rootServerOf / stepDownOf         the parts of it: nginx-like servers started as root, gosu/su-exec
 *   plannedRunAs(source, param)       the numeric user the fix gives the file, or null
 *
 * In order: `ContainerUser` on Windows, the non-root user the file already switched to before a
 * later `USER root`, a user the file creates with a numeric id, the user the base image ships
 * (node 1000, distroless 65532), a numeric user for images without user tools (scratch), a user
 * the image already has with that id or name, else a new system user created with the base
 * image's own tools.
 */
import {posix} from 'node:path';
import type {Instruction} from 'dockerfile-ast';
import type {DockerfileSource} from '../core/source.js';
import type {Stage} from '../formats/dockerfile/parse.js';
import {execFormArgs} from '../formats/dockerfile/shell.js';
import {finalStage, hasVariable, oncePerStage, resolveBase, stageVariables, substitute} from '../formats/dockerfile/stages.js';
import {createdAccounts, resolveUserValue, stageUser, type CreatedAccount, type CreatedAccounts, type EffectiveUser} from './dockerfile-user.js';
import {dropsPrivileges, knownUser, nonRootCaveat, numericOnly, takenIds, userCreationCommands} from './images.js';

export interface Target {
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
  /**
   * A user the file creates without an id (`useradd -r web`), given fixed ids where it is created
   * (`--uid`, and `--gid` on the group the file creates for it) so that `USER` can be numeric.
   */
  assign?: {user: CreatedAccount; group: CreatedAccount | null; uid: string; gid: string};
}

/** Programs a final CMD/ENTRYPOINT may start that bind port 80 as root and write root-owned pid/cache paths. */
const ROOT_SERVERS = new Set(['nginx', 'openresty', 'httpd', 'httpd-foreground', 'apache2', 'apache2-foreground', 'apachectl']);
/** The step-down tools of entrypoints that start as root and switch user themselves. */
const STEP_DOWN = /(^|[\s/"'=;&|(])(gosu|su-exec)(?=[\s"';&|)]|$)/m;

/** The program a CMD/ENTRYPOINT starts (JSON or shell form), without its path: `nginx`, `docker-entrypoint.sh`. */
function programOfCommand(source: DockerfileSource, instruction: Instruction): string | null {
  const words = execFormArgs(source, instruction) ?? (instruction.getArgumentsContent() ?? '').trim().split(/\s+/);
  const first = words.find((w) => w !== 'exec');
  return first ? posix.basename(first) : null;
}

function chainInstructions(source: DockerfileSource, stage: Stage): Instruction[] {
  return [...resolveBase(source.dockerfile, stage).chain].reverse().flatMap((s) => s.instructions);
}

/** The programs a stage's last ENTRYPOINT and CMD start (through the stages it builds FROM). */
export const startedPrograms = oncePerStage((source: DockerfileSource, stage: Stage): readonly string[] => {
  const all = chainInstructions(source, stage);
  const last = (keyword: string) => all.filter((i) => i.getKeyword() === keyword).at(-1) ?? null;
  return [last('ENTRYPOINT'), last('CMD')].flatMap((i) => (i ? [programOfCommand(source, i)] : [])).filter((p): p is string => p !== null);
});

/** The web server a stage starts as root to bind port 80 (nginx, httpd, apache2), or null. */
export function rootServerOf(source: DockerfileSource, stage: Stage): string | null {
  return startedPrograms(source, stage).find((p) => ROOT_SERVERS.has(p)) ?? null;
}

/** The tool (gosu, su-exec) a stage's entrypoint steps down from root with, or null. */
export const stepDownOf = oncePerStage((source: DockerfileSource, stage: Stage): string | null => {
  const hit = chainInstructions(source, stage).find((i) => ['RUN', 'ENTRYPOINT', 'CMD'].includes(i.getKeyword()) && STEP_DOWN.test(i.getArgumentsContent() ?? ''));
  return hit ? STEP_DOWN.exec(hit.getArgumentsContent() ?? '')![2]! : null;
});

/**
 * Why a plain USER would break what this image runs, judged from the Dockerfile itself (the base
 * image's own caveats are nonRootCaveat's): a web server started as root on port 80 (nginx, httpd,
 * apache2 installed by the file), or an entrypoint that steps down with gosu/su-exec, which fails
 * when it does not start as root. Null when neither applies.
 */
export function commandCaveat(source: DockerfileSource, stage: Stage): string | null {
  const server = rootServerOf(source, stage);
  if (server) {
    return (
      `${server} starts as root to bind port 80 and write its pid and cache paths, then runs its workers as its own user. ` +
      'To run it non-root, listen on a port >= 1024, move the pid file to a writable path (nginx: `pid /tmp/nginx.pid;`) and make the cache/log paths writable for the user before `USER`; or build on `nginxinc/nginx-unprivileged`.'
    );
  }
  const tool = stepDownOf(source, stage);
  if (tool) {
    return (
      `This image brings ${tool}: its entrypoint starts as root, prepares its files and then switches to its own user, and ${tool} fails when it does not start as root. ` +
      'Keep it as it is and run the container with that user\'s UID from Compose (`user:`) or Kubernetes (`runAsUser` + `fsGroup`), or remove the step-down from the entrypoint before adding a numeric `USER`.'
    );
  }
  return null;
}

/**
 * A user the file creates by name without an id, with the ids the parameters give it where it is
 * created: its uid, and its gid when the file also creates its primary group (`groupadd -r web`,
 * `useradd -g web`, `adduser -G web`). Without such a group the USER names only the uid, and the
 * image keeps the group useradd/adduser gave it.
 */
function assignIds(user: CreatedAccount, accounts: CreatedAccounts, params: {uid: string; gid: string}): NonNullable<Target['assign']> & {value: string} {
  const groupName = user.group !== null && !/^\d+$/.test(user.group) ? user.group : user.name;
  const group = [...accounts.groups].reverse().find((g) => g.name === groupName) ?? null;
  const gid = group ? (group.id !== null ? String(group.id) : params.gid) : user.group !== null && /^\d+$/.test(user.group) ? user.group : null;
  return {user, group: group && group.id === null ? group : null, uid: params.uid, gid: gid ?? params.gid, value: gid !== null ? `${params.uid}:${gid}` : params.uid};
}

/** The users and groups a stage creates through its FROM chain, as its variables stand at its end. */
const accountsOfStage = oncePerStage((source: DockerfileSource, stage: Stage): CreatedAccounts => {
  const model = source.dockerfile;
  return createdAccounts(chainInstructions(source, stage), stageVariables(model, stage), model.escape);
});

function lastNonRootUser(source: DockerfileSource, stage: Stage, image: string, params: {uid: string; gid: string}): Target | null {
  const model = source.dockerfile;
  const ordered = [...resolveBase(model, stage).chain].reverse();
  const accounts = accountsOfStage(source, stage);
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
    const created = r.uid === null ? [...accounts.users].reverse().find((u) => u.name === found.value.split(':')[0] && u.id === null) : undefined;
    if (created && !found.value.includes(':')) {
      const {value, ...assign} = assignIds(created, accounts, params);
      return {value, owner: null, create: null, giveWorkdir: false, title: `Switch back to ${found.value} after the steps that need root, with the fixed ids ${value} given where it is created`, uses: ['uid', 'gid'], assign};
    }
    const value = r.uid !== null ? (r.gid !== null ? `${r.uid}:${r.gid}` : `${r.uid}`) : found.value;
    return {value, owner: null, create: null, giveWorkdir: false, title: `Switch back to ${found.value} (${value}) after the steps that need root`, uses: []};
  }
  const created = [...accounts.users].reverse().find((u) => u.id !== 0);
  if (created && created.id !== null) {
    const r = resolveUserValue(created.name, accounts, image);
    const value = r.gid !== null ? `${r.uid}:${r.gid}` : `${r.uid}`;
    return {value, owner: null, create: null, giveWorkdir: false, title: `Run as ${created.name} (${value}), the user this Dockerfile creates`, uses: []};
  }
  if (created) {
    const {value, ...assign} = assignIds(created, accounts, params);
    return {value, owner: null, create: null, giveWorkdir: false, title: `Run as ${created.name}, the user this Dockerfile creates, with the fixed ids ${value} given where it is created`, uses: ['uid', 'gid'], assign};
  }
  return null;
}

export function chooseTarget(source: DockerfileSource, stage: Stage, eff: EffectiveUser, params: {uid: string; gid: string; user: string}): Target | null {
  const {image, family} = eff;
  if (family === 'windows') {
    return {value: 'ContainerUser', owner: null, create: null, giveWorkdir: false, title: 'Run as ContainerUser, the unprivileged user of Windows base images', uses: []};
  }
  const existing = lastNonRootUser(source, stage, image, params);
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

/**
 * The numeric user D101's fix switches this Dockerfile to (with the parameters' defaults), or null
 * when the final stage is not root or D101 gives guidance only. K301 follows it, so a pod runs as
 * the UID its image will have once the Dockerfile is fixed.
 */
export function plannedRunAs(source: DockerfileSource, param: (name: string) => string): {uid: number; gid: number; source: string} | null {
  const model = source.dockerfile;
  const stage = finalStage(model);
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
