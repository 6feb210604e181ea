import {parseAllDocuments, type Document} from 'yaml';
import {LineIndex} from '../../core/text.js';

export class YamlSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    /** The offset of every error of the document (the message names the first). */
    readonly offsets: readonly number[] = [],
  ) {
    super(message);
  }
}

export type YamlVersion = '1.1' | '1.2';

/**
 * Parses every document of a YAML (or JSON) file with positions and comments kept.
 * Kubernetes reads YAML 1.1 (go-yaml), Compose 1.2.
 */
export function parseYaml(text: string, version: YamlVersion, lines = new LineIndex(text)): Document.Parsed[] {
  if (text.includes('\u0000')) throw new YamlSyntaxError('binary content (NUL byte)', 1);
  const docs = parseAllDocuments(text, {version, keepSourceTokens: true, uniqueKeys: true, merge: true});
  const list = Array.isArray(docs) ? docs : [];
  if (!Array.isArray(docs)) {
    // An EmptyStream: a file with only comments or nothing at all.
    return [];
  }
  const errors = list.flatMap((doc) => doc.errors);
  const first = errors[0];
  if (first) {
    const line = lines.position(first.pos[0]).line + 1;
    throw new YamlSyntaxError(first.message.split('\n')[0]!.replace(/:\s*$/, ''), line, errors.map((e) => e.pos[0]));
  }
  return list;
}
