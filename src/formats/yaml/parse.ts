import {CST, isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, parseDocument, Parser, visit, type Document, type Node} from 'yaml';
import {aliasTarget} from './nodes.js';
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
  let docs = parseDocs(text, version);
  if (!Array.isArray(docs)) {
    // An EmptyStream: a file with only comments or nothing at all.
    return [];
  }
  if (docs[0] && firstError(docs)?.code === 'MISSING_CHAR') docs = withLooseQuotes(text, version) ?? docs;
  const errors = docs.flatMap((doc) => doc.errors);
  const first = errors[0];
  if (first) {
    const line = lines.position(first.pos[0]).line + 1;
    throw new YamlSyntaxError(first.message.split('\n')[0]!.replace(/:\s*$/, ''), line, errors.map((e) => e.pos[0]));
  }
  for (const doc of docs) {
    const tooBig = aliasBomb(doc);
    if (tooBig) throw new YamlSyntaxError(tooBig.message, lines.position(tooBig.offset).line + 1);
  }
  return docs;
}

function parseDocs(text: string, version: YamlVersion): Document.Parsed[] {
  // No keepSourceTokens: nothing reads a node's CST token, and keeping them grew a 26k-file check by ~20 MB.
  const docs = parseAllDocuments(text, {version, uniqueKeys: true, merge: true});
  return Array.isArray(docs) ? docs : [];
}

function firstError(docs: readonly Document.Parsed[]) {
  return docs.flatMap((d) => d.errors)[0];
}

/**
 * Reads multi-line quoted scalars whose continuation lines are indented no deeper than their key,
 *
 *     annotations:
 *       pod.beta.kubernetes.io/init-containers: '[
 *         {"name": "wait"}
 *       ]'
 *
 * which the YAML spec and the `yaml` package refuse but go-yaml (kubectl, docker compose), like
 * libyaml, accepts: it checks no indentation inside a quoted scalar, only document markers
 * (microservices-demo's grafana-import-dash-batch.yaml). The scalar is parsed from a copy of the
 * text where its content is one line of spaces (as long, so every offset stays that of the file),
 * and its value is decoded from its own text, re-indented. Null when that does not make the file
 * read.
 */
function withLooseQuotes(text: string, version: YamlVersion): Document.Parsed[] | null {
  let masked = text;
  const spans: Array<{open: number; close: number}> = [];
  for (let round = 0; round < 50; round++) {
    const docs = parseDocs(masked, version);
    const error = firstError(docs);
    if (!error) return spans.length > 0 ? withValues(docs, text, version, spans) : null;
    if (error.code !== 'MISSING_CHAR') return null;
    const open = quotedScalarAt(masked, error.pos[0]);
    const close = open === null ? -1 : closingQuote(text, open);
    if (open === null || close === -1) return null;
    const inner = text.slice(open + 1, close);
    if (/\n(?:---|\.\.\.)(?:\s|$)/.test(inner)) return null; // go-yaml ends the scalar there too
    // One line of spaces, as long as the scalar: the offsets after it stay those of the file.
    masked = masked.slice(0, open + 1) + ' '.repeat(inner.length) + masked.slice(close);
    spans.push({open, close});
  }
  return null;
}

/** The offset of the opening quote of the quoted scalar the lexer ended at `pos`. */
function quotedScalarAt(text: string, pos: number): number | null {
  let found: number | null = null;
  for (const token of new Parser().parse(text)) {
    if (token.type !== 'document') continue;
    CST.visit(token, (item) => {
      for (const t of [item.key, item.value]) {
        if (!t || (t.type !== 'single-quoted-scalar' && t.type !== 'double-quoted-scalar')) continue;
        if (t.offset <= pos && pos <= t.offset + t.source.length) found = t.offset;
      }
    });
  }
  return found;
}

/** The closing quote of the scalar opened at `open` ('' escapes a single quote, \ a double one). */
function closingQuote(text: string, open: number): number {
  const quote = text[open];
  for (let i = open + 1; i < text.length; i++) {
    if (quote === '"' && text[i] === '\\') i++;
    else if (text[i] === quote) {
      if (quote === "'" && text[i + 1] === "'") i++;
      else return i;
    }
  }
  return -1;
}

function withValues(docs: Document.Parsed[], text: string, version: YamlVersion, spans: ReadonlyArray<{open: number; close: number}>): Document.Parsed[] {
  for (const doc of docs) {
    visit(doc, {
      Scalar(_key, node) {
        const span = spans.find((s) => s.open === node.range?.[0]);
        if (!span || !isScalar(node)) return;
        const own = text.slice(span.open, span.close + 1).split('\n');
        const reindented = [own[0], ...own.slice(1).map((line) => `  ${line}`)].join('\n');
        node.value = parseDocument(`v: ${reindented}\n`, {version}).get('v');
        node.source = String(node.value);
      },
    });
  }
  return docs;
}

/**
 * The most values a document may expand to through its aliases. Far above any real manifest; a
 * document beyond it is an alias bomb ("billion laughs"), which kubectl and docker compose refuse
 * too. Below it, reading a value through its aliases is safe and complete: the readers resolve
 * aliases without the yaml package's own, much lower, alias count (which made a container read as
 * `{}` — named `#1`, and given the same volume again on every run).
 */
export const MAX_EXPANDED_VALUES = 100_000;

function aliasBomb(doc: Document.Parsed): {message: string; offset: number} | null {
  const sizes = new Map<Node, number>();
  const open = new Set<Node>();
  let culprit: Node | null = null;
  const size = (node: unknown): number => {
    if (isAlias(node)) {
      const target = aliasTarget(node, doc);
      if (!target) return 1;
      if (open.has(target)) {
        culprit ??= node;
        return Infinity;
      }
      return size(target);
    }
    if (!isMap(node) && !isSeq(node)) return 1;
    const known = sizes.get(node);
    if (known !== undefined) return known;
    open.add(node);
    let total = 1;
    for (const item of node.items as unknown[]) {
      total += isPair(item) ? size(item.key) + size(item.value) : size(item);
      if (total > MAX_EXPANDED_VALUES) {
        // The innermost collection that crosses the limit names the line.
        culprit ??= (isPair(item) ? item.value ?? item.key : item) as Node;
        break;
      }
    }
    open.delete(node);
    sizes.set(node, total);
    return total;
  };
  const total = size(doc.contents);
  if (total <= MAX_EXPANDED_VALUES) return null;
  const offset = (culprit as Node | null)?.range?.[0] ?? 0;
  return {message: total === Infinity ? 'an alias refers to the value that contains it (a recursive alias)' : `its aliases expand to more than ${MAX_EXPANDED_VALUES.toLocaleString('en')} values (an alias bomb); shipshape does not read it`, offset};
}
