/**
 * The build arguments (and build context) the repository's own builds give a Dockerfile, so that a
 * job shipshape writes (P401's scan) builds it the way the repository does.
 *
 *   buildArgsOf(project, 'deploy/Dockerfile') -> {required, given, missing, context}
 *
 * Read from, in this order: Compose `build.args` of the services that build it; `docker build`
 * (`podman`, `buildah`, `docker buildx build`) commands of the CI pipelines and Makefiles that
 * name it (`-f`, or the context's `Dockerfile`) with `--build-arg K=V`, and the `build-args:` of
 * `docker/build-push-action`. A Makefile's `$(VAR)` is resolved through its own `VAR ?= value`
 * assignments; a value that stays a variable (`$(shell …)`, `${{ … }}`, `$VAR`) is not known.
 * `required` are the ARGs whose empty value breaks the build (see requiredBuildArgs); `missing`
 * are those no build gives. A secret value is never taken.
 */
import {posix} from 'node:path';
import type {Project} from '../core/project.js';
import {requiredBuildArgs} from '../formats/dockerfile/stages.js';
import {repoCi, repoRootOf} from '../formats/ci/repo.js';
import {composeBuildsOf} from './image-source.js';
import {isLiteralSecret} from './secrets.js';

export interface BuildArgValue {
  value: string;
  /** Where it was found, for the user (`Makefile`, `docker-compose.yml (services.api.build.args)`). */
  from: string;
}

export interface DockerfileBuildArgs {
  /** ARGs a build of the final stage needs a value for. */
  required: string[];
  /** Values the repository's builds give ARGs the Dockerfile declares (first source wins). */
  given: Map<string, BuildArgValue>;
  /** Required ARGs no build of the repository gives a known value. */
  missing: string[];
  /** The build context the repository's own build uses, project-relative, when one names it. */
  context: string | null;
}

/** Values a generated shell line and YAML can carry as they are. */
const SAFE_VALUE = /^[A-Za-z0-9_.\/:@+,=-]*$/;

const MAKEFILES = /(^|\/)(?:GNUmakefile|[Mm]akefile)$/;

/** `docker build` options that take a value (the next word when not written `--opt=value`). */
const VALUE_OPTIONS = new Set([
  '-t', '--tag', '-f', '--file', '--build-arg', '--platform', '--target', '--label', '--network', '--secret', '--ssh', '--cache-from', '--cache-to',
  '-o', '--output', '--progress', '--iidfile', '--metadata-file', '--builder', '--add-host', '--shm-size', '--ulimit', '--build-context', '--attest',
  '--annotation', '--allow', '--cgroup-parent', '--isolation', '-m', '--memory', '--memory-swap', '--cpu-shares', '--cpuset-cpus', '--format', '--layers', '--jobs',
]);

interface BuildCommand {
  file: string | null;
  context: string | null;
  args: Map<string, string | null>;
}

/** Shell words of one line, quotes removed (enough for build command lines). */
function words(line: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (const m of line.matchAll(re)) out.push(m[1] ?? m[2] ?? m[3]!);
  return out;
}

/** The `build` invocations of a script (lines joined at `\` continuations, split at `&&`, `;`, `|`). */
export function buildCommands(script: string): BuildCommand[] {
  const out: BuildCommand[] = [];
  const joined = script.replace(/\\\r?\n/g, ' ');
  for (const line of joined.split(/\r?\n/)) {
    for (const part of line.replace(/^\s*[@+-]*/, '').split(/&&|\|\||;|\|/)) {
      const w = words(part);
      const at = w.findIndex((word, i) => word === 'build' && i > 0 && /(?:^|\/)(?:docker|podman|nerdctl|buildah)$|^buildx$|^\$[({][A-Za-z_]+[)}]$/.test(w[i - 1]!));
      if (at === -1) continue;
      const cmd: BuildCommand = {file: null, context: null, args: new Map()};
      const positional: string[] = [];
      for (let i = at + 1; i < w.length; i++) {
        const word = w[i]!;
        const eq = word.startsWith('--') ? word.indexOf('=') : -1;
        const name = eq === -1 ? word : word.slice(0, eq);
        if (!word.startsWith('-') || word === '-') {
          positional.push(word);
          continue;
        }
        const value = eq !== -1 ? word.slice(eq + 1) : VALUE_OPTIONS.has(name) ? (w[++i] ?? '') : null;
        if (value === null) continue;
        if (name === '-f' || name === '--file') cmd.file = value;
        else if (name === '--build-arg') {
          const sep = value.indexOf('=');
          cmd.args.set(sep === -1 ? value : value.slice(0, sep), sep === -1 ? null : value.slice(sep + 1));
        }
      }
      cmd.context = positional.at(-1) ?? null;
      out.push(cmd);
    }
  }
  return out;
}

/** A Makefile's variables (`A ?= x`, `A := x`, `A = x`, `override A = x`), later ones winning except `?=`. */
function makeVariables(text: string): Map<string, string> {
  const vars = new Map<string, string>();
  for (const line of text.replace(/\\\r?\n/g, ' ').split(/\r?\n/)) {
    const m = /^(?:override\s+|export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*(\?=|::?=|\+=|=)\s*(.*?)\s*(?:#.*)?$/.exec(line);
    if (!m || line.startsWith('\t')) continue;
    const [, name, op, value] = m as unknown as [string, string, string, string];
    if (op === '?=' && vars.has(name)) continue;
    vars.set(name, op === '+=' ? `${vars.get(name) ?? ''} ${value}`.trim() : value);
  }
  return vars;
}

/** `$(VAR)`/`${VAR}` resolved through a Makefile's variables; null when anything stays unknown. */
function resolveMake(value: string, vars: ReadonlyMap<string, string>): string | null {
  let out = value;
  for (let depth = 0; depth < 8 && /\$[({]/.test(out); depth++) {
    out = out.replace(/\$[({]([A-Za-z_][A-Za-z0-9_.-]*)[)}]/g, (whole, name: string) => vars.get(name) ?? whole);
  }
  return out.includes('$') ? null : out;
}

/** A value taken as written (a pipeline's; a Makefile resolves its own `$(VAR)`). */
const asWritten = (value: string): string | null => value;

const known = (value: string | null | undefined): value is string => typeof value === 'string' && !value.includes('$') && SAFE_VALUE.test(value);

/** The ARG names a Dockerfile declares anywhere. */
function declaredArgs(text: string): Set<string> {
  return new Set([...text.matchAll(/^[ \t]*ARG[ \t]+([A-Za-z_][A-Za-z0-9_]*)/gim)].map((m) => m[1]!));
}

export function buildArgsOf(project: Project, dockerfile: string): DockerfileBuildArgs {
  const path = posix.normalize(dockerfile);
  // Read once per Dockerfile: D101 and P401 ask, and each reading goes through every pipeline.
  const read = project.memo(buildArgsRead);
  let args = read.get(path);
  if (!args) read.set(path, (args = readBuildArgs(project, path)));
  return args;
}

function buildArgsRead(): Map<string, DockerfileBuildArgs> {
  return new Map();
}

function readBuildArgs(project: Project, path: string): DockerfileBuildArgs {
  const source = project.get(path);
  const required = source?.kind === 'dockerfile' ? requiredBuildArgs(source.dockerfile) : [];
  const declared = declaredArgs(project.textOf(path) ?? '');
  const given = new Map<string, BuildArgValue>();
  let context: string | null = null;
  const take = (args: ReadonlyMap<string, string | null>, from: string, resolve: (v: string) => string | null = asWritten) => {
    for (const [name, raw] of args) {
      const value = raw === null ? null : resolve(raw);
      // A secret is never copied into another file (a literal one is C211/D106's finding).
      if (declared.has(name) && !given.has(name) && known(value) && !isLiteralSecret(name, value)) given.set(name, {value, from});
    }
  };
  for (const build of composeBuildsOf(project, path)) {
    take(build.args, `${build.service.src.path} (services.${build.service.name}.build.args)`);
    context ??= build.context;
  }
  for (const build of project.memo(repositoryBuilds).get(path) ?? []) {
    take(build.args, build.from, build.resolve);
    if (build.context !== null) context ??= build.context;
  }
  return {required, given, missing: required.filter((name) => !given.has(name)), context};
}

/** A build of a pipeline or a Makefile that names a Dockerfile. */
interface RepositoryBuild {
  args: ReadonlyMap<string, string | null>;
  /** The file it is in. */
  from: string;
  /** Its build context, project-relative, when known. */
  context: string | null;
  /** How the file's variables resolve in a value (a Makefile's `$(VAR)`). */
  resolve: (value: string) => string | null;
}


/**
 * Dockerfile path -> the builds of the repository's pipelines and Makefiles that name it, in the
 * order read (the first value of an argument wins), once per project: every Dockerfile's question
 * is then a look-up, not a reading of every pipeline (issue 11).
 */
function repositoryBuilds(project: Project): Map<string, RepositoryBuild[]> {
  const out = new Map<string, RepositoryBuild[]>();
  const add = (dockerfile: string, build: RepositoryBuild) => (out.get(dockerfile) ?? out.set(dockerfile, []).get(dockerfile)!).push(build);
  // A command names a Dockerfile with -f (relative to where it runs), or by its context's Dockerfile.
  const named = (cmd: BuildCommand, base: string, resolve: (v: string) => string | null): {dockerfile: string; context: string} | null => {
    const file = cmd.file !== null ? resolve(cmd.file) : null;
    const ctx = cmd.context !== null ? resolve(cmd.context) : null;
    if (ctx === null) return null;
    const dockerfile = file !== null ? posix.normalize(posix.join(base, file)) : posix.normalize(posix.join(base, ctx, 'Dockerfile'));
    return {dockerfile, context: posix.normalize(posix.join(base, ctx))};
  };
  for (const ci of repoCi(project).files) {
    const base = repoRootOf(ci.path).replace(/\/$/, '') || '.';
    for (const command of ci.pipeline.commands) {
      for (const cmd of buildCommands(command.text)) {
        const found = named(cmd, base, asWritten);
        if (found) add(found.dockerfile, {args: cmd.args, from: ci.path, context: found.context, resolve: asWritten});
      }
    }
    for (const use of ci.pipeline.uses) {
      if (use.action !== 'docker/build-push-action') continue;
      const ctx = use.with['context'] ?? '.';
      const file = use.with['file'] ?? posix.join(ctx, 'Dockerfile');
      const args = new Map<string, string | null>();
      for (const line of (use.with['build-args'] ?? '').split(/\r?\n/)) {
        const eq = line.indexOf('=');
        if (eq > 0) args.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
      }
      add(posix.normalize(posix.join(base, file)), {args, from: ci.path, context: known(ctx) ? posix.normalize(posix.join(base, ctx)) : null, resolve: asWritten});
    }
  }
  for (const [makefile, text] of project.aux) {
    if (!MAKEFILES.test(makefile)) continue;
    const vars = makeVariables(text);
    const base = posix.dirname(makefile);
    const resolve = (v: string) => resolveMake(v, vars);
    for (const cmd of buildCommands(text)) {
      const found = named(cmd, base, resolve);
      if (found) add(found.dockerfile, {args: cmd.args, from: makefile, context: found.context, resolve});
    }
  }
  return out;
}
