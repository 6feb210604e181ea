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
  /**
   * The kind the file would have been checked as, when its name (or --kind) says it is one shipshape
   * checks and it could not be read (binary, UTF-16, too large, unreadable): such a file is reported
   * as a parse error (E001), so a CI gate never passes on a file it did not check.
   */
  kind?: Kind;
}

const COMPUTING = Symbol('computing');

/**
 * Everything the rules may look at: the parsed sources, the files that failed to parse, and the
 * texts of the side files rules consult or write (.gitignore, .dockerignore).
 */
export class Project {
  private readonly byPath = new Map<string, Source>();
  private readonly failedByPath = new Map<string, ParseFailure>();
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
    for (const failure of failures) this.failedByPath.set(failure.path, failure);
  }

  get(path: string): Source | undefined {
    return this.byPath.get(path);
  }

  exists(path: string): boolean {
    return this.byPath.has(path) || this.aux.has(path) || this.files.has(path);
  }

  /** The current text of a source or side file, or null when shipshape has not read it. */
  textOf(path: string): string | null {
    return this.byPath.get(path)?.text ?? this.failedByPath.get(path)?.text ?? this.aux.get(path) ?? null;
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

  /** A copy of this project with some files' texts replaced: only those are parsed again. */
  withTexts(changes: ReadonlyMap<string, string>, parseCache?: ParseCache): Project {
    const parse = (path: string, kind: Kind, text: string): Source | ParseFailure => (parseCache ? parseCache.parse(path, kind, text) : parseSource(path, kind, text));
    const sources: Source[] = [];
    const failures: ParseFailure[] = [];
    const place = (parsed: Source | ParseFailure): void => {
      if (isParseFailure(parsed)) failures.push(parsed);
      else sources.push(parsed);
    };
    for (const source of this.sources) {
      const text = changes.get(source.path);
      place(text === undefined || text === source.text ? source : parse(source.path, source.kind, text));
    }
    for (const failure of this.failures) {
      const text = changes.get(failure.path);
      place(text === undefined || text === failure.text ? failure : parse(failure.path, failure.kind, text));
    }
    let aux: Map<string, string> | undefined;
    let files: Set<string> | undefined;
    for (const [path, text] of changes) {
      if (this.byPath.has(path) || this.failedByPath.has(path)) continue;
      (aux ??= new Map(this.aux)).set(path, text);
      (files ??= new Set(this.files)).add(path);
    }
    return new Project(this.roots, sources, failures, this.skipped, aux ?? this.aux, files ?? this.files);
  }
}

/** Parses each (path, kind, text) once; plan passes re-parse only what changed. */
export class ParseCache {
  private readonly cache = new Map<string, Map<string, Source | ParseFailure>>();
  parse(path: string, kind: Kind, text: string): Source | ParseFailure {
    const key = `${kind}\u0000${path}`;
    let byText = this.cache.get(key);
    if (!byText) this.cache.set(key, (byText = new Map()));
    let parsed = byText.get(text);
    if (!parsed) {
      parsed = parseSource(path, kind, text);
      byText.set(text, parsed);
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
