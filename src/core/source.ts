import {isMap, isSeq, type Document} from 'yaml';
import type {EOL, Kind} from './model.js';
import {LineIndex, detectEol} from './text.js';
import {parseDockerfile, DockerfileSyntaxError, type DockerfileModel} from '../formats/dockerfile/parse.js';
import {parseYaml, YamlSyntaxError} from '../formats/yaml/parse.js';

interface SourceBase {
  /** Path relative to the working directory, `/`-separated. */
  path: string;
  /** The text rules and edits work on: BOM removed, line endings as in the file. */
  text: string;
  lines: LineIndex;
  eol: EOL;
}

export interface DockerfileSource extends SourceBase {
  kind: 'dockerfile';
  dockerfile: DockerfileModel;
}

export interface YamlSource extends SourceBase {
  kind: 'compose' | 'kubernetes' | 'ci';
  docs: Document.Parsed[];
  /** The file is JSON (a `.json` manifest): edits must keep it JSON. */
  json: boolean;
}

/** A file of command lines (shell script, Makefile, systemd unit, Markdown): read by formats/commands, never unparsable. */
export interface ScriptSource extends SourceBase {
  kind: 'script';
}

export type Source = DockerfileSource | YamlSource | ScriptSource;
/** The source type of a kind (YamlSource's kind is a union, so `Extract` alone would give never). */
export type SourceOfKind<K extends Kind> = K extends 'dockerfile' ? DockerfileSource : K extends 'script' ? ScriptSource : YamlSource & {kind: K};

export interface ParseFailure {
  path: string;
  kind: Kind;
  line: number;
  message: string;
  /** The text that failed to parse (BOM removed). */
  text: string;
  /** Where in `text` every error was found, when the parser says (YAML reports all of them). */
  offsets?: readonly number[];
}

/** Parses a file's text as the given kind; never throws for bad input. */
export function parseSource(path: string, kind: Kind, text: string): Source | ParseFailure {
  const lines = new LineIndex(text);
  const eol = detectEol(text);
  try {
    if (kind === 'dockerfile') {
      return {kind, path, text, lines, eol, dockerfile: parseDockerfile(text, lines)};
    }
    if (kind === 'script') return {kind, path, text, lines, eol};
    const version = kind === 'kubernetes' ? '1.1' : '1.2';
    const docs = parseYaml(text, version, lines);
    // Compose reads one mapping (services:, volumes:, …); a list or a scalar is not a Compose file.
    const top = kind === 'compose' ? docs.find((d) => d.contents !== null && !isMap(d.contents)) : undefined;
    if (top) {
      const what = isSeq(top.contents) ? 'a list' : 'a single value';
      return {path, kind, line: lines.position(top.contents!.range?.[0] ?? 0).line + 1, message: `a Compose file is a mapping (services:, volumes:, …) at the top, not ${what}`, text};
    }
    return {kind, path, text, lines, eol, docs, json: /\.json$/i.test(path) || /^\s*[[{]/.test(text)};
  } catch (error) {
    if (error instanceof YamlSyntaxError) return {path, kind, line: error.line, message: error.message, text, offsets: error.offsets};
    if (error instanceof DockerfileSyntaxError) return {path, kind, line: error.line, message: error.message, text};
    const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    return {path, kind, line: 1, message, text};
  }
}

export function isParseFailure(value: Source | ParseFailure): value is ParseFailure {
  return !('lines' in value);
}
