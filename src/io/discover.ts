import {readdir, readFile, realpath, stat} from 'node:fs/promises';
import {dirname, isAbsolute, join, relative, resolve, sep} from 'node:path';
import type {Kind} from '../core/model.js';
import {classify, classifyByName, type Classification} from '../core/classify.js';
import {stripBom} from '../core/text.js';
import type {InputFile, SkippedFile} from '../core/project.js';
import {IgnoreRules, globMatcher, ignoredBy} from './gitignore.js';
import {ignoredByGit, inheritedIgnores, slashRelative} from './git-ignores.js';

/** Files larger than this are skipped: no real Dockerfile or manifest is this big. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

/** Folders never walked. */
const ALWAYS_SKIPPED = new Set(['.git', 'node_modules', 'vendor', '.shipshape', '.hg', '.svn', '__pycache__', '.venv', '.terraform']);

/** Side files rules consult (and may write): read wherever discovery sees them. */
const AUX_NAMES = new Set(['.gitignore', '.dockerignore', 'Makefile', 'makefile', 'GNUmakefile']);

export interface DiscoverOptions {
  /** Config `ignore:` patterns, relative to each folder walked (and to `ignoreBase` for named files). */
  ignore?: readonly string[];
  /** The folder config `ignore:` patterns are relative to for files named on the command line (default: cwd). */
  ignoreBase?: string;
  /**
   * Named files are taken like walked ones: skipped when git or the config ignores them (or a
   * folder they are in), and passed over without a word when they are not container files. When
   * only files are named, the working directory is read around them too, so the rules see what a
   * check of the whole folder sees (the .dockerignore of a Dockerfile, the Compose file that
   * builds it), and `named` says which files to report on. For pre-commit and other tools that
   * pass every changed file (Ruff has a flag of the same name).
   */
  forceExclude?: boolean;
  /** Force the kind of explicitly named files (`--kind`). */
  kind?: Kind;
  onProgress?: (done: number, total: number, path: string) => void;
}

export interface Discovery {
  inputs: InputFile[];
  skipped: SkippedFile[];
  aux: Map<string, string>;
  files: Set<string>;
  /** Whether each file's raw text began with a BOM (so a write puts it back). */
  bom: Set<string>;
  /** With forceExclude and only files named: those files; the rest was read as context only. */
  named?: Set<string>;
}

/** The path shown to users and used everywhere: relative to the working directory, `/`-separated. */
export function displayPath(absolute: string, cwd = process.cwd()): string {
  const rel = relative(cwd, absolute);
  return (rel === '' ? '.' : rel).split(sep).join('/');
}

/** `bom`: the byte-order marks the text began with ('' for none), put back by a write. */
export type ReadResult = {text: string; bom: string} | {error: string};

/** Reads a file as UTF-8 text, or says in one line why it cannot be read. */
export async function readText(absolute: string): Promise<ReadResult> {
  let info;
  try {
    info = await stat(absolute);
  } catch (error) {
    return {error: describeFsError(error)};
  }
  // A FIFO, socket or device would block the read (or never end): say so instead of hanging.
  if (info.isDirectory()) return {error: 'is a folder'};
  if (!info.isFile()) return {error: 'not a regular file (a pipe, socket or device); not read'};
  if (info.size > MAX_FILE_BYTES) return {error: `too large (${Math.round(info.size / 1024)} KiB; the limit is ${MAX_FILE_BYTES / 1024} KiB)`};
  let bytes: Buffer;
  try {
    bytes = await readFile(absolute);
  } catch (error) {
    return {error: describeFsError(error)};
  }
  return decode(bytes);
}

export function decode(bytes: Uint8Array): ReadResult {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    return {error: 'UTF-16 encoded; save it as UTF-8 to check it'};
  }
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) return {error: 'binary file'};
  let raw: string;
  try {
    raw = new TextDecoder('utf-8', {fatal: true, ignoreBOM: true}).decode(bytes);
  } catch {
    return {error: 'not valid UTF-8 text; save it as UTF-8 to check it'};
  }
  return stripBom(raw);
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EISDIR') return 'is a folder';
  return (error as Error)?.message?.split('\n')[0] ?? String(error);
}

interface Candidate {
  absolute: string;
  path: string;
  explicit: boolean;
}

/**
 * Walks the given paths (folders walked, files taken as they are), honouring .gitignore files and
 * the config's ignores, never leaving a root through a symlink, and classifies what it finds.
 */
export async function discover(paths: readonly string[], options: DiscoverOptions = {}, cwd = process.cwd()): Promise<Discovery> {
  const result: Discovery = {inputs: [], skipped: [], aux: new Map(), files: new Set(), bom: new Set()};
  const candidates: Candidate[] = [];
  const seen = new Set<string>();
  const walkFolder = async (absolute: string): Promise<void> => {
    const inherited = await inheritedIgnores(absolute);
    const walker: Walk = {root: absolute, rootReal: await realpath(absolute), cwd, options, result, candidates, seen, ignoreBase: inherited.base};
    await walk(walker, absolute, inherited.rules);
  };
  let namedFolder = false;
  const named = new Set<string>();
  const namedAbsolute: string[] = [];
  for (const given of paths) {
    const absolute = resolve(cwd, given);
    let info;
    try {
      info = await stat(absolute);
    } catch (error) {
      result.skipped.push({path: displayPath(absolute, cwd), reason: describeFsError(error)});
      continue;
    }
    if (info.isDirectory()) {
      namedFolder = true;
      if (options.forceExclude && (await excludedByName(absolute, true, options, cwd))) continue;
      await walkFolder(absolute);
    } else {
      if (options.forceExclude && (await excludedByName(absolute, false, options, cwd))) continue;
      candidates.push({absolute, path: displayPath(absolute, cwd), explicit: !options.forceExclude});
      result.files.add(displayPath(absolute, cwd));
      named.add(displayPath(absolute, cwd));
      namedAbsolute.push(absolute);
    }
  }
  if (options.forceExclude && !namedFolder && paths.length > 0) {
    result.named = named;
    await walkFolder(contextFolder(namedAbsolute, resolve(cwd)));
  }
  let done = 0;
  const read = new Set<string>();
  for (const candidate of candidates) {
    options.onProgress?.(done, candidates.length, candidate.path);
    // A file named and also found by a walk is read once.
    if (!read.has(candidate.absolute)) await readCandidate(candidate, options, result);
    read.add(candidate.absolute);
    done++;
  }
  options.onProgress?.(done, candidates.length, '');
  await readComposeEnvFiles(result, cwd);
  result.inputs.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return result;
}

/**
 * Where --force-exclude reads the context of the files it is given: the working folder (a hook runs
 * at the repository root), or, for files outside it, the closest folder that holds them all; never
 * a whole working folder the files are not in (`/tmp`, a home folder).
 */
function contextFolder(files: readonly string[], cwd: string): string {
  return enclosingFolder(files.map((f) => dirname(f)), cwd);
}

/** The working folder when it holds every one of `folders`, else the closest folder that does. */
export function enclosingFolder(folders: readonly string[], cwd: string): string {
  if (folders.every((f) => isWithin(cwd, f))) return cwd;
  let common = folders[0] ?? cwd;
  while (!folders.every((f) => isWithin(common, f))) common = dirname(common);
  return common;
}

function isWithin(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * The `.env` beside each Compose file, which Compose reads for `${VAR}`: read even when git ignores
 * it (it usually does), so a fix that moves a secret there adds to it instead of writing over it.
 */
async function readComposeEnvFiles(result: Discovery, cwd: string): Promise<void> {
  for (const input of result.inputs) {
    if (input.kind !== 'compose' || input.path === '-') continue;
    const slash = input.path.lastIndexOf('/');
    const path = slash === -1 ? '.env' : `${input.path.slice(0, slash)}/.env`;
    if (result.aux.has(path)) continue;
    const read = await readText(resolve(cwd, path));
    if ('text' in read) {
      result.aux.set(path, read.text);
      result.files.add(path);
    }
  }
}

async function readCandidate(candidate: Candidate, options: DiscoverOptions, result: Discovery): Promise<void> {
  const {absolute, path, explicit} = candidate;
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (AUX_NAMES.has(base)) {
    const read = await readText(absolute);
    if ('text' in read) result.aux.set(path, read.text);
    return;
  }
  const byName = explicit && options.kind ? options.kind : classifyByName(path);
  if (byName === null && !explicit) return;
  const read = await readText(absolute);
  if ('error' in read) {
    result.skipped.push(unreadable(path, read.error, byName));
    return;
  }
  let kind: Classification;
  if (explicit && options.kind) kind = {kind: options.kind};
  else kind = explicit ? classifyNamed(path, read.text) : classify(path, read.text);
  if (kind === null && explicit) {
    result.skipped.push({path, reason: NOT_A_CONTAINER_FILE});
    return;
  }
  if (kind === null) return;
  if ('skip' in kind) {
    result.skipped.push({path, reason: kind.skip});
    return;
  }
  if (read.bom) result.bom.add(path);
  result.inputs.push({path, kind: kind.kind, text: read.text});
}

export const NOT_A_CONTAINER_FILE = 'not a Dockerfile, Compose file, Kubernetes manifest or CI pipeline (use --kind to say which)';

/**
 * A file that could not be read as text. When its name says which kind it is (a Dockerfile, a
 * Compose file, a CI pipeline; not any .yaml or .json), it carries that kind and is reported.
 */
export function unreadable(path: string, reason: string, byName: Kind | 'yaml' | null): SkippedFile {
  return byName !== null && byName !== 'yaml' ? {path, reason, kind: byName} : {path, reason};
}

/** A file named on the command line (or stdin's --stdin-filename): by its name, else guessed from its content. */
export function classifyNamed(path: string, text: string): Classification {
  const byName = classify(path, text);
  if (byName !== null) return byName;
  if (/^\s*FROM\s+\S+/im.test(text)) return {kind: 'dockerfile'};
  return classify('file.yaml', text);
}

/** What --force-exclude asks of a named path: does git, or the config, ignore it or a folder it is in? */
async function excludedByName(absolute: string, isDir: boolean, options: DiscoverOptions, cwd: string): Promise<boolean> {
  if (await ignoredByGit(absolute, isDir)) return true;
  if (!options.ignore?.length) return false;
  const configIgnored = globMatcher(options.ignore);
  const rel = slashRelative(options.ignoreBase ?? cwd, absolute);
  if (rel === '' || rel.startsWith('../')) return false;
  const steps = rel.split('/');
  return steps.some((_, i) => configIgnored(steps.slice(0, i + 1).join('/'), i < steps.length - 1 || isDir));
}

/** One walk of a folder named on the command line. */
interface Walk {
  root: string;
  rootReal: string;
  cwd: string;
  options: DiscoverOptions;
  result: Discovery;
  candidates: Candidate[];
  seen: Set<string>;
  /** The folder .gitignore patterns are relative to: the repository root, or `root` outside a repository. */
  ignoreBase: string;
}

async function walk(w: Walk, dir: string, ignores: readonly IgnoreRules[]): Promise<void> {
  const {root, cwd, options, result, candidates, seen} = w;
  let real: string;
  try {
    real = await realpath(dir);
  } catch (error) {
    result.skipped.push({path: displayPath(dir, cwd), reason: describeFsError(error)});
    return;
  }
  if (seen.has(real)) return;
  seen.add(real);
  let entries;
  try {
    entries = await readdir(dir, {withFileTypes: true});
  } catch (error) {
    result.skipped.push({path: displayPath(dir, cwd), reason: describeFsError(error)});
    return;
  }
  const relDir = slashRelative(root, dir);
  const gitDir = slashRelative(w.ignoreBase, dir);
  const localIgnores = [...ignores];
  const gitignore = entries.find((e) => e.name === '.gitignore' && e.isFile());
  if (gitignore) {
    const read = await readText(join(dir, '.gitignore'));
    if ('text' in read) localIgnores.push(IgnoreRules.parse(gitDir, read.text));
  }
  const configIgnored = options.ignore?.length ? globMatcher(options.ignore) : () => false;
  entries.sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const entry of entries) {
    const absolute = join(dir, entry.name);
    const rel = relDir ? `${relDir}/${entry.name}` : entry.name;
    const gitRel = gitDir ? `${gitDir}/${entry.name}` : entry.name;
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      let target: string;
      try {
        target = await realpath(absolute);
      } catch {
        result.skipped.push({path: displayPath(absolute, cwd), reason: 'broken symlink'});
        continue;
      }
      if (target !== w.rootReal && !target.startsWith(w.rootReal + sep)) {
        result.skipped.push({path: displayPath(absolute, cwd), reason: 'symlink that points outside the folder being checked; not followed'});
        continue;
      }
      const info = await stat(target);
      isDir = info.isDirectory();
      isFile = info.isFile();
    }
    if ((isDir && ALWAYS_SKIPPED.has(entry.name)) || entry.name === '.git') continue;
    if (ignoredBy(localIgnores, gitRel, isDir) || configIgnored(rel, isDir)) continue;
    if (isDir) {
      await walk(w, absolute, localIgnores);
    } else if (!isFile && classifyByName(rel) !== null) {
      result.skipped.push(unreadable(displayPath(absolute, cwd), 'not a regular file (a pipe, socket or device); not read', classifyByName(rel)));
    } else if (isFile) {
      const path = displayPath(absolute, cwd);
      result.files.add(path);
      if (AUX_NAMES.has(entry.name) || classifyByName(rel) !== null) candidates.push({absolute, path, explicit: false});
    }
  }
}
