/**
 * What the Compose rules need to know about a service built from a Dockerfile of the repository,
 * read from that Dockerfile as D101 reads it, so a Compose fix and the Dockerfile agree:
 *
 *   builtImage(project, 'web/Dockerfile', target) -> BuiltImage | null
 *
 * - what the stage starts: a web server that binds port 80 as root and hands its workers to another
 *   user (nginx, httpd, apache2), or an entrypoint that steps down from root with gosu/su-exec;
 * - the base image's profile, when the Dockerfile keeps the base's entrypoint (`FROM postgres:16`
 *   plus init scripts still steps down and reads POSTGRES_PASSWORD_FILE);
 * - what a server installed from the distribution's packages writes (./packaged-servers.ts);
 * - the folders the stage makes for the program to write: created with `mkdir`, declared with
 *   `VOLUME`, or a `WORKDIR` nothing is copied into.
 */
import {posix} from 'node:path';
import type {Instruction} from 'dockerfile-ast';
import type {Project} from '../core/project.js';
import type {DockerfileSource} from '../core/source.js';
import {baseWithArgs, finalStage, hasVariable, oncePerStage, resolveBase, stageByRef, stageVariables, substitute} from '../formats/dockerfile/stages.js';
import type {Stage} from '../formats/dockerfile/parse.js';
import {shellCommands, stageUser, type EffectiveUser} from './dockerfile-user.js';
import {profileCaps} from './compose-images.js';
import {imageFamily} from './images.js';
import {packagedServer} from './packaged-servers.js';
import {profileFor} from './profiles/lookup.js';
import {ROOT_WEB_SERVER_CAPS, STEP_DOWN_CAPS} from './profiles/caps.js';
import {commandCaveat, rootServerOf, startedPrograms, stepDownOf} from './non-root-user.js';
import type {ImageProfile} from './profiles/types.js';

/** A folder the image's program writes, and why shipshape thinks so. */
export interface WrittenDir {
  path: string;
  how: 'mkdir' | 'volume' | 'workdir';
  /** Pid files, sockets, caches, logs: a tmpfs will do. Otherwise it holds data: a volume keeps it. */
  scratch: boolean;
}

export interface BuiltImage {
  dockerfile: string;
  /** The external image at the root of the stage's FROM chain. */
  base: string;
  /** The root web server the stage starts (`nginx`), or null. */
  rootServer: string | null;
  /** The step-down tool the stage brings (`gosu`), or null. */
  stepDown: string | null;
  /** The base image's profile, when the Dockerfile keeps its entrypoint; else null. */
  baseProfile: ImageProfile | null;
  /** Folders the stage makes for its program to write. */
  dirs: readonly WrittenDir[];
  /** Paths the packaged server it starts writes (Debian's nginx: /run, /var/lib/nginx, /var/log/nginx). */
  serverWrites: string[];
  /** Where serverWrites comes from. */
  serverSource: string | null;
  /** Why a plain USER would break what the stage starts (commandCaveat), or null. */
  caveat: string | null;
  /** Whom the stage runs as: its last USER through its FROM chain, or the base's known default (dockerfile-user.ts). */
  user: EffectiveUser['kind'];
}

const SCRATCH = /^\/(tmp|run|var\/run|var\/tmp|var\/cache|var\/lock|var\/log)(\/|$)/;

/** Words of `mkdir` commands in a RUN: the folders, without options. */
function mkdirTargets(words: readonly string[]): string[] {
  if (words[0] !== 'mkdir') return [];
  const out: string[] = [];
  for (let i = 1; i < words.length; i++) {
    const w = words[i]!;
    if (w === '-m' || w === '--mode' || w === '--context') i++;
    else if (!w.startsWith('-')) out.push(w);
  }
  return out;
}

function volumePaths(instruction: Instruction): string[] {
  const content = (instruction.getArgumentsContent() ?? '').trim();
  if (content.startsWith('[')) {
    try {
      const parsed = JSON.parse(content) as unknown;
      return Array.isArray(parsed) ? parsed.map(String) : [];
    } catch {
      return [];
    }
  }
  return content.split(/\s+/).filter(Boolean);
}

/** Folders the stage (and the stages it builds FROM) make for its program to write (see WrittenDir). */
export const writtenDirs = oncePerStage((source: DockerfileSource, stage: Stage): readonly WrittenDir[] => {
  const model = source.dockerfile;
  const found = new Map<string, WrittenDir>();
  const add = (path: string, how: WrittenDir['how']) => {
    const p = posix.normalize(path).replace(/\/$/, '');
    if (!p.startsWith('/') || p === '/' || hasVariable(p)) return;
    // A VOLUME is a volume at run time whatever made the folder.
    if (found.has(p) && how !== 'volume') return;
    found.set(p, {path: p, how, scratch: SCRATCH.test(p)});
  };
  let workdir = '/';
  const copiedInto: string[] = [];
  let lastWorkdir: string | null = null;
  for (const s of [...resolveBase(model, stage).chain].reverse()) {
    for (const instruction of s.instructions) {
      const vars = stageVariables(model, s, instruction.getRange().start.line);
      const keyword = instruction.getKeyword();
      const text = substitute(instruction.getArgumentsContent() ?? '', vars);
      if (keyword === 'WORKDIR') {
        workdir = posix.resolve(workdir, text.trim());
        lastWorkdir = workdir;
      } else if (keyword === 'RUN') {
        for (const words of shellCommands(text, model.escape)) for (const target of mkdirTargets(words)) add(posix.resolve(workdir, target), 'mkdir');
      } else if (keyword === 'VOLUME') {
        for (const p of volumePaths(instruction)) add(substitute(p, vars), 'volume');
      } else if (keyword === 'COPY' || keyword === 'ADD') {
        const args = instruction.getArguments().map((a) => a.getValue()).filter((a) => !a.startsWith('--'));
        const dest = args.at(-1);
        if (dest) copiedInto.push(posix.resolve(workdir, substitute(dest, vars)));
      }
    }
  }
  // A working directory nothing is copied into is where the program keeps what it writes.
  if (lastWorkdir && lastWorkdir !== '/') add(lastWorkdir, 'workdir');
  // A folder that receives the image's files (code, config) is not for the program to write: a volume would hide them.
  const receives = (dir: string) => copiedInto.some((d) => d === dir || d.startsWith(`${dir}/`));
  return [...found.values()].filter((d) => d.how === 'volume' || (!receives(d.path) && !SYSTEM.test(d.path)));
});

/** Folders of the system or of a user's home, never the program's data. */
const SYSTEM = /^\/(usr|bin|sbin|lib|lib32|lib64|etc|root|home|proc|sys|dev|boot|opt\/conda)(\/|$)/;

/** Installs a package that matches `packages` in one of the stage's RUNs (apt, apk, dnf, yum, microdnf). */
function installs(all: readonly Instruction[], packages: RegExp, escape: string): boolean {
  return all.some((i) => {
    if (i.getKeyword() !== 'RUN') return false;
    return shellCommands(i.getArgumentsContent() ?? '', escape).some((words) => {
      const tool = words[0];
      if (!tool || !['apt-get', 'apt', 'apk', 'dnf', 'yum', 'microdnf'].includes(tool)) return false;
      if (!words.includes('install') && !words.includes('add')) return false;
      return words.some((w) => packages.test(w.replace(/[=:].*$/, '')));
    });
  });
}

/** What the stage a service builds runs and writes (see the module comment), or null when the Dockerfile is not read. */
export function builtImage(project: Project, dockerfile: string, target: string | null = null, args: ReadonlyMap<string, string> = new Map()): BuiltImage | null {
  const source = project.get(dockerfile);
  if (!source || source.kind !== 'dockerfile') return null;
  const model = source.dockerfile;
  const stage = target ? stageByRef(model, target) : finalStage(model);
  if (!stage) return null;
  const {chain} = resolveBase(model, stage);
  // The base the build starts from: the ARG defaults, or what the build's own arguments make of them.
  const base = baseWithArgs(model, stage, args);
  const all = [...chain].reverse().flatMap((s) => s.instructions);
  const ownEntrypoint = chain.some((s) => s.instructions.some((i) => i.getKeyword() === 'ENTRYPOINT'));
  const found = hasVariable(base) ? null : profileFor(base, {as: 'base'});
  const baseProfile = found && found.certainty !== 'not-known' && !ownEntrypoint ? found.profile : null;
  const rootServer = rootServerOf(source, stage);
  const family = imageFamily(base);
  const server = startedPrograms(source, stage)
    .map((p) => packagedServer(p, family))
    .find((s) => s !== null && installs(all, s.packages, model.escape));
  return {
    dockerfile,
    base,
    rootServer,
    stepDown: stepDownOf(source, stage),
    baseProfile,
    dirs: writtenDirs(source, stage),
    serverWrites: server ? [...server.scratch] : [],
    serverSource: server?.source ?? null,
    caveat: commandCaveat(source, stage),
    user: stageUser(model, stage)?.kind ?? 'unknown',
  };
}

/**
 * The capabilities the built image's program needs after `cap_drop: [ALL]`: what the root web
 * server or the step-down it starts needs, none under a non-root USER, else what the base's profile
 * says (profileCaps). Null when that is not known: a base nobody knows, a Dockerfile with its own
 * entrypoint, or a base whose profile lists none for a root command.
 */
export function builtImageCaps(built: BuiltImage): string[] | null {
  if (built.rootServer) return [...ROOT_WEB_SERVER_CAPS];
  if (built.stepDown) return [...STEP_DOWN_CAPS];
  if (built.user === 'non-root') return [];
  return built.baseProfile ? profileCaps(built.baseProfile) : null;
}

/** Paths a read-only root must keep writable with a tmpfs. */
export function builtImageScratch(built: BuiltImage): string[] {
  return [...new Set([...built.serverWrites, ...(built.baseProfile?.writes?.scratch ?? []), ...built.dirs.filter((d) => d.scratch).map((d) => d.path)])];
}

/**
 * Folders that hold the program's data: a read-only root needs them on a volume. A `VOLUME` is one
 * already (the engine mounts an anonymous volume there), so only mkdir/workdir folders count.
 */
export function builtImageData(built: BuiltImage): string[] {
  return built.dirs.filter((d) => !d.scratch && d.how !== 'volume').map((d) => d.path);
}
