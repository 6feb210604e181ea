import type {Kind} from './model.js';
import {isParseFailure, parseSource, type ParseFailure, type Source, type SourceOfKind} from './source.js';

/** A file as discovery found it: its text (BOM removed) and how to read it. */
export interface InputFile {
  path: string;
  kind: Kind;
  text: string;
}

export interface SkippedFile {
  path: string;
  reason: string;
}

const COMPUTING = Symbol('computing');

/**
 * Everything the rules may look at: the parsed sources, the files that failed to parse, and the
 * texts of the side files rules consult or write (.gitignore, .dockerignore).
 */
export class Project {
  private readonly byPath = new Map<string, Source>();
  constructor(
    readonly roots: readonly string[],
    readonly sources: readonly Source[],
    readonly failures: readonly ParseFailure[],
    readonly skipped: readonly SkippedFile[],
    /** path -> text of side files (`.gitignore`, `.dockerignore`) found by discovery. */
    readonly aux: ReadonlyMap<string, string>,
    /** Every file path discovery saw (relative, `/`-separated), read or not. */
    readonly files: ReadonlySet<string>,
  ) {
    for (const source of sources) this.byPath.set(source.path, source);
  }

  get(path: string): Source | undefined {
    return this.byPath.get(path);
  }

  exists(path: string): boolean {
    return this.byPath.has(path) || this.aux.has(path) || this.files.has(path);
  }

  /** The current text of a source or side file, or null when shipshape has not read it. */
  textOf(path: string): string | null {
    return this.byPath.get(path)?.text ?? this.failures.find((f) => f.path === path)?.text ?? this.aux.get(path) ?? null;
  }

  private readonly kindCache = new Map<Kind, readonly Source[]>();
  private readonly memos = new Map<(project: Project) => unknown, unknown>();

  /**
   * A value derived from the whole project, computed once (a project never changes; each fix pass
   * makes a new one): the cross-file indexes of formats, knowledge and rules. `derive` is the key,
   * so pass a named module-level function, never an inline one.
   */
  memo<T>(derive: (project: Project) => T): T {
    if (this.memos.has(derive)) {
      const value = this.memos.get(derive);
      if (value === COMPUTING) throw new Error(`${derive.name || 'a memo'} asks for its own value while computing it`);
      return value as T;
    }
    this.memos.set(derive, COMPUTING);
    try {
      const value = derive(this);
      this.memos.set(derive, value);
      return value;
    } catch (error) {
      this.memos.delete(derive);
      throw error;
    }
  }

  /** The sources of one kind (computed once: a project never changes). */
  ofKind<K extends Kind>(kind: K): SourceOfKind<K>[] {
    let list = this.kindCache.get(kind);
    if (!list) {
      list = this.sources.filter((s) => s.kind === kind);
      this.kindCache.set(kind, list);
    }
    return [...list] as SourceOfKind<K>[];
  }

  /** A copy of this project with some files' texts replaced (and re-parsed). */
  withTexts(changes: ReadonlyMap<string, string>, parseCache?: ParseCache): Project {
    const sources: Source[] = [];
    const failures: ParseFailure[] = [];
    const handled = new Set<string>();
    const all: Array<{path: string; kind: Kind; text: string}> = [
      ...this.sources.map((s) => ({path: s.path, kind: s.kind as Kind, text: s.text})),
      ...this.failures.map((f) => ({path: f.path, kind: f.kind, text: f.text})),
    ];
    for (const file of all) {
      handled.add(file.path);
      const text = changes.get(file.path) ?? file.text;
      const parsed = parseCache ? parseCache.parse(file.path, file.kind, text) : parseSource(file.path, file.kind, text);
      if (isParseFailure(parsed)) failures.push(parsed);
      else sources.push(parsed);
    }
    const aux = new Map(this.aux);
    const files = new Set(this.files);
    for (const [path, text] of changes) {
      if (handled.has(path)) continue;
      aux.set(path, text);
      files.add(path);
    }
    return new Project(this.roots, sources, failures, this.skipped, aux, files);
  }
}

/** Parses each (path, kind, text) once; plan passes re-parse only what changed. */
export class ParseCache {
  private readonly cache = new Map<string, Source | ParseFailure>();
  parse(path: string, kind: Kind, text: string): Source | ParseFailure {
    const key = `${kind}\u0000${path}\u0000${text}`;
    let parsed = this.cache.get(key);
    if (!parsed) {
      parsed = parseSource(path, kind, text);
      this.cache.set(key, parsed);
    }
    return parsed;
  }
}

export function buildProject(
  roots: readonly string[],
  inputs: readonly InputFile[],
  options: {skipped?: readonly SkippedFile[]; aux?: ReadonlyMap<string, string>; files?: ReadonlySet<string>; cache?: ParseCache} = {},
): Project {
  const cache = options.cache ?? new ParseCache();
  const sources: Source[] = [];
  const failures: ParseFailure[] = [];
  for (const input of inputs) {
    const parsed = cache.parse(input.path, input.kind, input.text);
    if (isParseFailure(parsed)) failures.push(parsed);
    else sources.push(parsed);
  }
  const files = new Set(options.files ?? []);
  for (const input of inputs) files.add(input.path);
  return new Project(roots, sources, failures, options.skipped ?? [], options.aux ?? new Map(), files);
}
