/**
 * The user a Dockerfile's image runs as, shared by D101/D102 and the Compose/Kubernetes rules.
 *
 *   dockerfileUser(project, 'api/Dockerfile')  -> EffectiveUser | null
 *   finalStageUser(source)                     -> EffectiveUser
 *
 * The final stage's last `USER` (through the stages it builds `FROM`), with `${ARG}`/`${ENV}`
 * substituted, resolved to numeric ids where the Dockerfile says which (`useradd --uid`,
 * `adduser -u`, `groupadd --gid`, `addgroup -g`) or the knowledge base does (node 1000, nonroot
 * 65532, …). Without a `USER`, the base image's own default user counts (distroless `:nonroot`,
 * Chainguard, bitnami, …) and otherwise root.
 */
import type {Instruction} from 'dockerfile-ast';
import type {Project} from '../core/project.js';
import type {DockerfileSource} from '../core/source.js';
import type {DockerfileModel, Stage} from '../formats/dockerfile/parse.js';
import {finalStage, hasVariable, oncePerStage, resolveBase, stageVariables, substitute} from '../formats/dockerfile/stages.js';
import {defaultNonRootUser, imageFamily, userByName, type ImageFamily} from './images.js';
import {effectiveArgs, joinContinuations, parseCommands, parseRunText} from '../formats/dockerfile/shell.js';

export interface EffectiveUser {
  /** `root` (uid 0 or the Windows administrator), `non-root`, or `unknown` (an unresolved variable or a name with no known uid). */
  kind: 'root' | 'non-root' | 'unknown';
  /** The `USER` value with variables substituted, or null when no USER applies. */
  value: string | null;
  /** The user name when the value or the knowledge gives one. */
  name: string | null;
  uid: number | null;
  gid: number | null;
  /** Where the answer comes from. */
  source: 'user-instruction' | 'image-default' | 'none';
  /** The USER instruction that decides it (may be in a stage the final stage builds FROM). */
  instruction: Instruction | null;
  /** The stage of that instruction. */
  stage: Stage | null;
  /** The external base image of the final stage and its family. */
  image: string;
  family: ImageFamily;
}

/** A user (or group) a RUN of the Dockerfile creates. */
export interface CreatedAccount {
  name: string;
  /** The numeric id when given on the command line. */
  id: number | null;
  /** For users: the primary group as written (`--gid app`, `-G app`, `-g 10001`), else null. */
  group: string | null;
  instruction: Instruction;
}

export interface CreatedAccounts {
  users: CreatedAccount[];
  groups: CreatedAccount[];
}

const USERADD_VALUE_OPTS = new Set(['-u', '--uid', '-g', '--gid', '-G', '--groups', '-d', '--home-dir', '--home', '-s', '--shell', '-c', '--comment', '-k', '--skel', '-K', '--key', '-e', '--expiredate', '-f', '--inactive', '-p', '--password', '-R', '--root', '-P', '--prefix', '-b', '--base-dir', '-Z', '--selinux-user', '-h', '--ingroup', '--gecos', '--firstuid', '--lastuid', '--conf', '--firstgid', '--lastgid']);

/**
 * Splits a RUN's shell text into its simple commands' words (quotes removed, wrappers such as
 * `sudo`/`env`/`exec` dropped), with the shell reader every Dockerfile rule uses.
 */
export function shellCommands(text: string, escape = '\\'): string[][] {
  return parseCommands(joinContinuations(text, 0, text.length, escape))
    .map((cmd) => {
      const words = effectiveArgs(cmd).map((w) => w.value);
      // RUN flags (`--mount=…`) come before the first command when the text includes them.
      while (words.length > 0 && words[0]!.startsWith('--')) words.shift();
      return words;
    })
    .filter((words) => words.length > 0);
}

function parseAccountCommand(words: string[]): {tool: string; positional: string[]; opts: Map<string, string>} | null {
  const tool = words[0]!.split('/').at(-1)!;
  if (!['useradd', 'adduser', 'groupadd', 'addgroup'].includes(tool)) return null;
  const opts = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 1; i < words.length; i++) {
    const w = words[i]!;
    if (w.startsWith('--') && w.includes('=')) {
      const eq = w.indexOf('=');
      opts.set(w.slice(0, eq), w.slice(eq + 1));
    } else if (w.startsWith('-') && w.length > 1) {
      const valueOpt = tool === 'groupadd' || tool === 'addgroup' ? ['-g', '--gid', '-K', '--key', '-p', '--password', '-R', '--root', '-P', '--prefix'].includes(w) : USERADD_VALUE_OPTS.has(w);
      // busybox adduser: -g is GECOS, -G the group; useradd: -g the group, -G supplementary groups.
      if (valueOpt && i + 1 < words.length) opts.set(w, words[++i]!);
      else opts.set(w, '');
    } else {
      positional.push(w);
    }
  }
  return {tool, positional, opts};
}

const num = (v: string | undefined): number | null => (v !== undefined && /^\d+$/.test(v) ? Number(v) : null);

/**
 * The users and groups the RUN instructions among `instructions` create, read as every RUN is
 * (parseRun: continuations, `&&` chains, `sh -c` bodies, heredoc scripts, exec form), with
 * `${ARG}`/`${ENV}` in the words substituted from `vars`.
 */
export function createdAccounts(instructions: readonly Instruction[], vars: ReadonlyMap<string, string> = new Map(), escape = '\\'): CreatedAccounts {
  const users: CreatedAccount[] = [];
  const groups: CreatedAccount[] = [];
  for (const instruction of instructions) {
    if (instruction.getKeyword() !== 'RUN') continue;
    for (const command of parseRunText(instruction, escape).commands) {
      const words = effectiveArgs(command).map((w) => substitute(w.value, vars));
      if (words.length === 0) continue;
      const cmd = parseAccountCommand(words);
      if (!cmd) continue;
      const {tool, positional, opts} = cmd;
      const name = positional[0];
      if (!name) continue;
      if (tool === 'groupadd' || (tool === 'addgroup' && positional.length === 1)) {
        groups.push({name, id: num(opts.get('-g') ?? opts.get('--gid')), group: null, instruction});
      } else if (tool === 'useradd') {
        users.push({name, id: num(opts.get('-u') ?? opts.get('--uid')), group: opts.get('-g') ?? opts.get('--gid') ?? null, instruction});
      } else if (tool === 'adduser') {
        if (positional.length > 1 && !opts.has('-S') && !opts.has('--system') && !opts.has('-u') && !opts.has('--uid')) continue; // `adduser user group` adds a membership
        const group = opts.get('-G') ?? opts.get('--ingroup') ?? opts.get('--gid') ?? null;
        users.push({name, id: num(opts.get('-u') ?? opts.get('--uid')), group, instruction});
      }
    }
  }
  return {users, groups};
}

/** Resolves a group written as a name or number to its gid through the created groups. */
function gidOf(group: string | null, accounts: CreatedAccounts, image: string): number | null {
  if (group === null) return null;
  if (/^\d+$/.test(group)) return Number(group);
  const created = [...accounts.groups].reverse().find((g) => g.name === group);
  if (created) return created.id;
  const known = userByName(image, group);
  return known ? known.gid : null;
}

export interface ResolvedUser {
  name: string | null;
  uid: number | null;
  gid: number | null;
}

/**
 * Resolves a USER value (`app`, `app:app`, `10001`, `node`) to numeric ids through the accounts the
 * Dockerfile creates and the knowledge base. Ids stay null when unknown.
 */
export function resolveUserValue(value: string, accounts: CreatedAccounts, image: string): ResolvedUser {
  const [userPart = '', groupPart] = value.split(':', 2);
  let name: string | null = null;
  let uid: number | null = null;
  let gid: number | null = null;
  if (/^\d+$/.test(userPart)) {
    uid = Number(userPart);
    const created = [...accounts.users].reverse().find((u) => u.id === uid);
    if (created) {
      name = created.name;
      gid = gidOf(created.group, accounts, image) ?? [...accounts.groups].reverse().find((g) => g.name === created.name)?.id ?? null;
    }
  } else {
    name = userPart;
    const created = [...accounts.users].reverse().find((u) => u.name === userPart);
    if (created) {
      uid = created.id;
      gid = gidOf(created.group, accounts, image) ?? [...accounts.groups].reverse().find((g) => g.name === created.name)?.id ?? null;
      if (uid === null && created.group === null && gid === null) gid = null;
    } else {
      const known = userByName(image, userPart);
      if (known) {
        uid = known.uid;
        gid = known.gid;
      }
    }
  }
  if (groupPart !== undefined && groupPart !== '') {
    gid = /^\d+$/.test(groupPart) ? Number(groupPart) : gidOf(groupPart, accounts, image);
  }
  return {name, uid, gid};
}

const WINDOWS_ADMINS = /^(containeradministrator|administrator|nt authority\\system)$/i;

/** The final stage's effective user (see the module comment). */
export function finalStageUser(source: DockerfileSource): Readonly<EffectiveUser> | null {
  return stageUser(source.dockerfile, finalStage(source.dockerfile));
}

/** The effective user of a stage (its last USER through its FROM chain, or the image default). */
export function stageUser(model: DockerfileModel, stage: Stage | null): Readonly<EffectiveUser> | null {
  return stage ? userOfStage(model, stage) : null;
}

const userOfStage = oncePerStage((model: DockerfileModel, stage: Stage): Readonly<EffectiveUser> => {
  const {chain, image} = resolveBase(model, stage);
  const family = imageFamily(image);
  const ordered = [...chain].reverse();
  let last: {instruction: Instruction; stage: Stage} | null = null;
  for (const s of ordered) for (const i of s.instructions) if (i.getKeyword() === 'USER') last = {instruction: i, stage: s};
  const all = ordered.flatMap((s) => s.instructions);
  if (!last) {
    const def = defaultNonRootUser(image);
    if (def) {
      const ids = def.uid >= 0;
      return {kind: 'non-root', value: ids ? `${def.uid}:${def.gid}` : def.name, name: def.name, uid: ids ? def.uid : null, gid: ids ? def.gid : null, source: 'image-default', instruction: null, stage: null, image, family};
    }
    const windows = family === 'windows';
    return {kind: 'root', value: null, name: windows ? 'ContainerAdministrator' : 'root', uid: windows ? null : 0, gid: windows ? null : 0, source: 'none', instruction: null, stage: null, image, family};
  }
  const line = last.instruction.getRange().start.line;
  const vars = stageVariables(model, last.stage, line);
  const raw = (last.instruction.getArgumentsContent() ?? '').trim();
  const value = substitute(raw, vars);
  const base = {value, source: 'user-instruction' as const, instruction: last.instruction, stage: last.stage, image, family};
  if (hasVariable(value)) return {...base, kind: 'unknown', name: null, uid: null, gid: null};
  if (family === 'windows') {
    const kind = WINDOWS_ADMINS.test(value) ? 'root' : 'non-root';
    return {...base, kind, name: value, uid: null, gid: null};
  }
  const accounts = createdAccounts(all, vars, model.escape);
  const resolved = resolveUserValue(value, accounts, image);
  const userPart = value.split(':')[0]!;
  const isRoot = userPart === 'root' || userPart === '0' || resolved.uid === 0;
  return {...base, kind: isRoot ? 'root' : 'non-root', ...resolved};
});

/**
 * The effective user of the final stage of the Dockerfile at `path` in the project, or null when
 * the project has no parsed Dockerfile there. Compose (`user:`) and Kubernetes (`runAsUser`) use
 * it so the same UID flows into every file: `uid`/`gid` are numeric when known.
 */
export function dockerfileUser(project: Project, path: string): Readonly<EffectiveUser> | null {
  const source = project.get(path);
  if (!source || source.kind !== 'dockerfile') return null;
  return finalStageUser(source);
}
