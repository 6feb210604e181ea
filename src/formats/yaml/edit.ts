/**
 * Format-preserving YAML (and JSON) edits: every helper returns exact text `Edit`s on the ORIGINAL
 * text, never a re-serialised document.
 *
 * API in brief (all take `src` = a YamlSource or any `{path, text, eol, json}`):
 * - `setIn(src, map, ['deploy','resources','limits','memory'], '512M', {doc})` sets a value at a
 *   path below a mapping, creating missing mappings (block, flow `{}` or JSON), replacing an empty
 *   (`key:`/`null`/`~`) value or a scalar. `setKey(src, map, key, value)` is the one-level form.
 *   Returns [] when the value is already there.
 * - `appendIn(src, map, ['cap_drop'], ['ALL'], {doc})` appends the items that are missing to the
 *   sequence at a path (block or flow, `[a, b]` extended inside its brackets), creating it when
 *   absent. `appendItems(src, seq, items)` appends to a given sequence.
 * - `removeKey(src, map, key)`, `removeIn(src, map, path, {prune})` remove a pair with its lines (its
 *   same-line comment goes with it; comment lines above stay); `prune` also removes parents that
 *   would be left empty. `removeItem(src, seq, index)` removes one item.
 * - `renderBlock(value, col, style)`/`renderInline(value, style)` render a new fragment; scalars go
 *   through `yaml`'s stringify, collections are laid out with the document's own indentation
 *   (`detectStyle`). `quoted('10001:10001')` forces quoting with the file's quote character;
 *   `flow([...])` asks for a flow collection (`[ALL]`).
 * - `findPair(map, key)`, `effectivePair(doc, map, key)` (follows `<<: *anchor` merges), `resolve`.
 * New lines use `src.eol`; indentation is copied from the mapping/sequence being extended (4-space
 * documents, indentless sequences, `- name: x` items). JSON sources get JSON syntax (quoted keys,
 * commas) everywhere.
 */
import {Alias, isAlias, isMap, isPair, isScalar, isSeq, Scalar, stringify, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq} from 'yaml';
import type {Edit, EOL} from '../../core/model.js';

/** The part of a YamlSource the edit helpers need. */
export interface YamlText {
  path: string;
  text: string;
  eol: EOL;
  json: boolean;
}

/** A value to write: plain data, or the markers `quoted()`/`flow()`, or a yaml Scalar. */
export type YValue = string | number | boolean | null | Quoted | Flow | Scalar | readonly YValue[] | {readonly [key: string]: YValue};

export class Quoted {
  constructor(readonly value: string) {}
}
export class Flow {
  constructor(readonly value: readonly YValue[] | {readonly [key: string]: YValue}) {}
}
/** A string that is always quoted (with the file's quote character). */
export function quoted(value: string): Quoted {
  return new Quoted(value);
}
/** A collection rendered in flow style (`[ALL]`, `{file: ./x}`). */
export function flow(value: readonly YValue[] | {readonly [key: string]: YValue}): Flow {
  return new Flow(value);
}

export interface YamlStyle {
  /** Spaces per nesting level of mappings. */
  indent: number;
  /** Column offset of a block sequence's `-` below its key (0 for indentless sequences). */
  seqIndent: number;
  quote: '"' | "'";
  /** `[ a ]` rather than `[a]`. */
  flowPadding: boolean;
  json: boolean;
}

export interface EditOptions {
  /** The document the node belongs to: needed to follow aliases. */
  doc?: Document.Parsed;
  /** Overrides of the detected style. */
  style?: Partial<YamlStyle>;
}

type AnyNode = Node | null | undefined;

// ---------------------------------------------------------------------------------------------
// Small text helpers

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}
function colOf(text: string, offset: number): number {
  return offset - lineStartOf(text, offset);
}
/** End of the line's content at offset (before `\r\n`/`\n`). */
function lineEndOf(text: string, offset: number): number {
  let nl = text.indexOf('\n', offset);
  if (nl === -1) return text.length;
  if (nl > 0 && text[nl - 1] === '\r') nl--;
  return nl;
}
/** The start of the line after offset's line, or -1 at the last line. */
function nextLineStart(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? -1 : nl + 1;
}
const spaces = (n: number): string => ' '.repeat(Math.max(0, n));

function isBlockCollection(node: AnyNode): node is YAMLMap | YAMLSeq {
  return (isMap(node) || isSeq(node)) && !(node as YAMLMap).flow;
}

function keyText(pair: Pair): string | null {
  const k = pair.key as AnyNode | string;
  if (isScalar(k)) return k.value === null ? null : String(k.value);
  if (typeof k === 'string') return k;
  return null;
}

/** The pair of `map` whose key is `key` (own items only; merges are not followed). */
export function findPair(map: YAMLMap, key: string): Pair<Node, AnyNode> | undefined {
  return (map.items as Pair<Node, AnyNode>[]).find((p) => keyText(p) === key);
}

/** Follows an alias to the node it names (in `doc`). */
export function resolve(node: AnyNode, doc?: Document.Parsed): AnyNode {
  let n = node;
  for (let i = 0; i < 8 && isAlias(n); i++) {
    if (!doc) return n;
    n = (n as Alias).resolve(doc) as AnyNode;
  }
  return n;
}

/**
 * The pair that gives `key` its value in `map`: its own pair, or the one reached through a
 * `<<: *anchor` merge (the first merged mapping that has it wins, as YAML merge does).
 * `owner` is the mapping that holds the pair (edit there to change it for every user).
 */
export function effectivePair(doc: Document.Parsed | undefined, map: YAMLMap, key: string): {owner: YAMLMap; pair: Pair<Node, AnyNode>; merged: boolean} | undefined {
  const own = findPair(map, key);
  if (own) return {owner: map, pair: own, merged: false};
  for (const p of map.items as Pair<Node, AnyNode>[]) {
    const k = p.key as AnyNode;
    if (!(isScalar(k) && (k.value === '<<' || (typeof k.value === 'symbol' && String(k.value) === 'Symbol(<<)')))) continue;
    const sources = isSeq(p.value) ? (p.value.items as AnyNode[]) : [p.value];
    for (const s of sources) {
      const target = resolve(s, doc);
      if (isMap(target)) {
        const found = effectivePair(doc, target, key);
        if (found) return {...found, merged: true};
      }
    }
  }
  return undefined;
}

/** True when the pair is a `<<` merge key. */
export function isMergePair(pair: Pair): boolean {
  const k = pair.key as AnyNode;
  return isScalar(k) && (k.value === '<<' || typeof k.value === 'symbol');
}

/** The offset where a node's own text ends (last value of a block collection, not trailing comments). */
export function valueEnd(node: AnyNode, fallback: number): number {
  if (!node) return fallback;
  if (isMap(node) && !node.flow) {
    const last = node.items.at(-1) as Pair<Node, AnyNode> | undefined;
    if (!last) return node.range?.[1] ?? fallback;
    return pairEnd(last);
  }
  if (isSeq(node) && !node.flow) {
    const last = node.items.at(-1) as AnyNode;
    if (!last) return node.range?.[1] ?? fallback;
    return valueEnd(last, node.range?.[1] ?? fallback);
  }
  return node.range?.[1] ?? fallback;
}

function pairEnd(pair: Pair<Node, AnyNode>): number {
  const keyEnd = (pair.key as Node).range?.[1] ?? 0;
  return valueEnd(pair.value, keyEnd);
}

/** Offset just after the `:` of a pair. */
function colonEnd(text: string, pair: Pair<Node, AnyNode>): number {
  const keyEnd = (pair.key as Node).range![1];
  const colon = text.indexOf(':', keyEnd);
  return colon === -1 ? keyEnd : colon + 1;
}

// ---------------------------------------------------------------------------------------------
// Style

const styleCache = new WeakMap<object, YamlStyle>();

/** Detects the indentation step, sequence indentation, quote and flow padding a file uses. */
export function detectStyle(src: YamlText, docs?: readonly Document.Parsed[]): YamlStyle {
  const cacheKey = docs?.[0] ?? null;
  if (cacheKey && styleCache.has(cacheKey)) return styleCache.get(cacheKey)!;
  const text = src.text;
  let indent = 0;
  let seqIndent = -1;
  let single = 0;
  let double = 0;
  let flowPadding: boolean | null = null;
  const visit = (node: AnyNode, depth: number): void => {
    if (!node || depth > 50) return;
    if (isMap(node)) {
      if (!node.flow) {
        const first = node.items[0] as Pair<Node, AnyNode> | undefined;
        const col = first?.key && (first.key as Node).range ? colOf(text, (first.key as Node).range![0]) : -1;
        for (const p of node.items as Pair<Node, AnyNode>[]) {
          const v = p.value;
          if (col >= 0 && isMap(v) && !v.flow && v.items[0]) {
            const childCol = colOf(text, ((v.items[0] as Pair<Node>).key as Node).range![0]);
            const keyLine = lineStartOf(text, (p.key as Node).range![0]);
            if (indent === 0 && childCol > col && lineStartOf(text, ((v.items[0] as Pair<Node>).key as Node).range![0]) !== keyLine) indent = childCol - col;
          }
          if (col >= 0 && isSeq(v) && !v.flow && v.range && seqIndent < 0 && text[v.range[0]] === '-') {
            const keyCol = colOf(text, (p.key as Node).range![0]);
            if (lineStartOf(text, v.range[0]) !== lineStartOf(text, (p.key as Node).range![0])) seqIndent = Math.max(0, colOf(text, v.range[0]) - keyCol);
          }
        }
      } else if (flowPadding === null && node.items.length > 0 && node.range) {
        flowPadding = text[node.range[0] + 1] === ' ';
      }
      for (const p of node.items as Pair<Node, AnyNode>[]) {
        visit(p.key as AnyNode, depth + 1);
        visit(p.value, depth + 1);
      }
    } else if (isSeq(node)) {
      if (node.flow && flowPadding === null && node.items.length > 0 && node.range) flowPadding = text[node.range[0] + 1] === ' ';
      for (const item of node.items as AnyNode[]) visit(item, depth + 1);
    } else if (isScalar(node)) {
      if (node.type === 'QUOTE_SINGLE') single++;
      else if (node.type === 'QUOTE_DOUBLE') double++;
    }
  };
  for (const doc of docs ?? []) visit(doc.contents as AnyNode, 0);
  if (src.json && indent === 0) {
    // Pretty JSON: the indentation of the second line.
    const m = /\n([ \t]+)\S/.exec(text);
    if (m) indent = m[1]!.length;
  }
  const style: YamlStyle = {
    indent: indent || 2,
    seqIndent: seqIndent >= 0 ? seqIndent : indent || 2,
    quote: single > double ? "'" : '"',
    flowPadding: flowPadding ?? false,
    json: src.json,
  };
  if (cacheKey) styleCache.set(cacheKey, style);
  return style;
}

function styleFor(src: YamlText, options: EditOptions | undefined): YamlStyle {
  const docs = (src as YamlText & {docs?: readonly Document.Parsed[]}).docs ?? (options?.doc ? [options.doc] : undefined);
  const base = detectStyle(src, docs);
  return {...base, ...options?.style, json: src.json};
}

// ---------------------------------------------------------------------------------------------
// Rendering of new fragments

function isPlainObject(v: unknown): v is {readonly [key: string]: YValue} {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Quoted) && !(v instanceof Flow) && !(v instanceof Scalar);
}

function toPlain(v: YValue): unknown {
  if (v instanceof Quoted) return v.value;
  if (v instanceof Flow) return toPlain(v.value as YValue);
  if (v instanceof Scalar) return v.value;
  if (Array.isArray(v)) return v.map((x) => toPlain(x as YValue));
  if (isPlainObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toPlain(x)]));
  return v;
}

/** A scalar as YAML (through `yaml`'s stringify) or JSON text. */
export function renderScalar(v: YValue, style: YamlStyle): string {
  if (style.json) return JSON.stringify(toPlain(v));
  if (v instanceof Quoted) {
    const s = new Scalar(v.value);
    s.type = style.quote === "'" ? 'QUOTE_SINGLE' : 'QUOTE_DOUBLE';
    return stringify(s, {lineWidth: 0}).replace(/\r?\n$/, '');
  }
  if (typeof v === 'string' && /[\n\r]/.test(v)) return JSON.stringify(v);
  const out = stringify(v, {lineWidth: 0, singleQuote: style.quote === "'"});
  return out.replace(/\r?\n$/, '');
}

function renderKey(key: string, style: YamlStyle): string {
  return style.json ? JSON.stringify(key) : renderScalar(key, style);
}

/** True when a value is written on the line of its key (`key: value`). */
function isInline(v: YValue): boolean {
  if (v instanceof Flow || v instanceof Quoted || v instanceof Scalar) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (isPlainObject(v)) return Object.keys(v).length === 0;
  return true;
}

/** A value rendered on one line: a scalar, or a flow collection (JSON in JSON files). */
export function renderInline(v: YValue, style: YamlStyle): string {
  const inner = v instanceof Flow ? v.value : v;
  const pad = !style.json && style.flowPadding ? ' ' : '';
  if (Array.isArray(inner)) {
    if (inner.length === 0) return '[]';
    return `[${pad}${inner.map((x) => renderInline(x as YValue, style)).join(', ')}${pad}]`;
  }
  if (isPlainObject(inner)) {
    const entries = Object.entries(inner);
    if (entries.length === 0) return '{}';
    return `{${pad}${entries.map(([k, x]) => `${renderKey(k, style)}: ${renderInline(x, style)}`).join(', ')}${pad}}`;
  }
  return renderScalar(inner as YValue, style);
}

/** Block lines (without line breaks) of the entries of a mapping whose keys start at `col`. */
export function renderBlock(value: {readonly [key: string]: YValue}, col: number, style: YamlStyle): string[] {
  if (style.json) return renderJsonEntries(value, col, style);
  const lines: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    const head = `${spaces(col)}${renderKey(k, style)}:`;
    if (isInline(v)) lines.push(`${head} ${renderInline(v, style)}`);
    else if (Array.isArray(v)) {
      lines.push(head);
      lines.push(...renderBlockSeq(v, col + style.seqIndent, 2, style));
    } else {
      lines.push(head);
      lines.push(...renderBlock(v as {readonly [key: string]: YValue}, col + style.indent, style));
    }
  }
  return lines;
}

/** Block lines of sequence items whose `-` is at `col`, with `gap` columns from `-` to the item. */
export function renderBlockSeq(items: readonly YValue[], col: number, gap: number, style: YamlStyle): string[] {
  const lines: string[] = [];
  const dash = `-${spaces(gap - 1)}`;
  for (const item of items) {
    if (isInline(item)) lines.push(`${spaces(col)}${dash}${renderInline(item, style)}`);
    else if (Array.isArray(item)) {
      lines.push(`${spaces(col)}-`);
      lines.push(...renderBlockSeq(item, col + gap, gap, style));
    } else {
      const sub = renderBlock(item as {readonly [key: string]: YValue}, col + gap, style);
      sub[0] = `${spaces(col)}${dash}${sub[0]!.slice(col + gap)}`;
      lines.push(...sub);
    }
  }
  return lines;
}

/** Pretty JSON entries (`"key": value`) at `col`, each but the last followed by a comma. */
function renderJsonEntries(value: {readonly [key: string]: YValue}, col: number, style: YamlStyle): string[] {
  const entries = Object.entries(value);
  return entries.map(([k, v], i) => `${spaces(col)}${JSON.stringify(k)}: ${renderJson(v, col, style)}${i < entries.length - 1 ? ',' : ''}`).flatMap((l) => l.split('\n'));
}

function renderJson(v: YValue, col: number, style: YamlStyle): string {
  const json = JSON.stringify(toPlain(v), null, style.indent);
  return json.split('\n').map((line, i) => (i === 0 ? line : spaces(col) + line)).join('\n');
}

// ---------------------------------------------------------------------------------------------
// Inserting into mappings

/** Where a new line after `end` starts, and whether a line break must be written first (EOF). */
function insertionAfter(text: string, end: number): {at: number; lead: boolean} {
  if (end > 0 && text[end - 1] === '\n') return {at: end, lead: false};
  const next = nextLineStart(text, end);
  if (next === -1) return {at: text.length, lead: true};
  return {at: next, lead: false};
}

function blockInsert(src: YamlText, after: number, lines: string[], col = -1): Edit {
  let {at, lead} = insertionAfter(src.text, after);
  // Comment lines indented deeper than the new lines belong to the content before: stay below them.
  const text = src.text;
  while (col >= 0 && !lead && at < text.length) {
    const line = text.slice(at, lineEndOf(text, at));
    const m = /^([ \t]*)#/.exec(line);
    if (!m || m[1]!.length <= col) break;
    const next = nextLineStart(text, at);
    if (next === -1) {
      at = text.length;
      lead = !text.endsWith('\n');
      break;
    }
    at = next;
  }
  const body = lines.join(src.eol);
  return {file: src.path, start: at, end: at, text: lead ? src.eol + body : body + src.eol};
}

function flowOpenClose(src: YamlText, node: YAMLMap | YAMLSeq): {open: number; close: number} {
  const [start, end] = node.range!;
  const openCh = isMap(node) ? '{' : '[';
  const closeCh = isMap(node) ? '}' : ']';
  const open = src.text.indexOf(openCh, start);
  const close = src.text.lastIndexOf(closeCh, end - 1);
  return {open, close};
}

/** Inserts entries (`key: value` or items) into a flow collection, inside its brackets. */
function flowInsert(src: YamlText, node: YAMLMap | YAMLSeq, parts: string[], style: YamlStyle): Edit[] {
  const text = src.text;
  const {open, close} = flowOpenClose(src, node);
  const items = node.items as Array<Pair<Node, AnyNode> | AnyNode>;
  if (items.length === 0) {
    const inside = text.slice(open + 1, close);
    if (inside.includes('\n')) {
      // `{\n}` in pretty JSON: one entry per line, indented one step deeper than the brace line.
      const col = colOf(text, lineStartOf(text, open)) + indentOfLine(text, open) + style.indent;
      return [{file: src.path, start: open + 1, end: open + 1, text: parts.map((p, i) => `${src.eol}${spaces(col)}${p}${i < parts.length - 1 ? ',' : ''}`).join('')}];
    }
    const pad = !style.json && style.flowPadding ? ' ' : '';
    return [{file: src.path, start: open + 1, end: close, text: `${pad}${parts.join(', ')}${pad}`}];
  }
  const last = items.at(-1)!;
  const lastEnd = isPair(last) ? pairEnd(last as Pair<Node, AnyNode>) : (last as Node).range![1];
  const firstStart = isPair(items[0]) ? ((items[0] as Pair<Node>).key as Node).range![0] : (items[0] as Node).range![0];
  // A trailing comma (`[a, b,]`): insert after it and keep the style.
  const rest = text.slice(lastEnd, close);
  const comma = /^\s*,/.exec(rest);
  const multiline = text.slice(open, firstStart).includes('\n');
  if (multiline) {
    const col = colOf(text, firstStart);
    const joined = parts.map((p) => `${src.eol}${spaces(col)}${p}`).join(',');
    if (comma) return [{file: src.path, start: lastEnd + comma[0].length, end: lastEnd + comma[0].length, text: `${joined},`}];
    return [{file: src.path, start: lastEnd, end: lastEnd, text: `,${joined}`}];
  }
  if (comma) return [{file: src.path, start: lastEnd + comma[0].length, end: lastEnd + comma[0].length, text: ` ${parts.join(', ')},`}];
  return [{file: src.path, start: lastEnd, end: lastEnd, text: `, ${parts.join(', ')}`}];
}

function indentOfLine(text: string, offset: number): number {
  const ls = lineStartOf(text, offset);
  return /^[ \t]*/.exec(text.slice(ls, lineEndOf(text, ls)))![0].length;
}

/** The column of a block mapping's keys. */
function mapColumn(src: YamlText, map: YAMLMap): number {
  const first = map.items[0] as Pair<Node> | undefined;
  return first ? colOf(src.text, (first.key as Node).range![0]) : 0;
}

/** Edits that add `entries` to a mapping (block, flow or JSON), after its last pair. */
export function addEntries(src: YamlText, map: YAMLMap, entries: {readonly [key: string]: YValue}, options?: EditOptions): Edit[] {
  const style = styleFor(src, options);
  if (Object.keys(entries).length === 0) return [];
  if (map.flow || src.json) {
    const text = src.text;
    const {open} = flowOpenClose(src, map);
    const first = map.items[0] as Pair<Node> | undefined;
    const multiline = first ? text.slice(open, (first.key as Node).range![0]).includes('\n') : false;
    const col = first ? colOf(text, (first.key as Node).range![0]) : indentOfLine(text, open) + style.indent;
    const parts = Object.entries(entries).map(([k, v]) =>
      style.json && multiline ? `${JSON.stringify(k)}: ${renderJson(v, col, style).split('\n').join(src.eol)}` : `${renderKey(k, style)}: ${renderInline(v, style)}`,
    );
    return flowInsert(src, map, parts, style);
  }
  const col = mapColumn(src, map);
  const last = map.items.at(-1) as Pair<Node, AnyNode>;
  return [blockInsert(src, pairEnd(last), renderBlock(entries, col, style), col)];
}

/** Nested object for the rest of a path: ['a','b'], v -> {a: {b: v}}. */
function nest(path: readonly string[], value: YValue): {readonly [key: string]: YValue} {
  let v: YValue = value;
  for (let i = path.length - 1; i >= 1; i--) v = {[path[i]!]: v};
  return {[path[0]!]: v};
}

function isEmptyValue(node: AnyNode): boolean {
  return !node || (isScalar(node) && (node.value === null || node.value === undefined));
}

/**
 * Replaces the value of `pair` (empty, null, a scalar or a collection) with `value`.
 * A collection value of a block pair is written as block lines below the key.
 */
function replaceValue(src: YamlText, pair: Pair<Node, AnyNode>, value: YValue, style: YamlStyle, inFlow: boolean): Edit[] {
  const text = src.text;
  const node = pair.value;
  if (inFlow || style.json || isInline(value)) {
    const rendered = renderInline(value, style);
    if (node && node.range && !isEmptyValue(node)) {
      const end = isBlockCollection(node) ? valueEnd(node, node.range[1]) : node.range[1];
      if (isBlockCollection(node)) {
        const start = colonEnd(text, pair);
        return [{file: src.path, start, end, text: ` ${rendered}`}];
      }
      if (text.slice(node.range[0], end) === rendered) return [];
      return [{file: src.path, start: node.range[0], end, text: rendered}];
    }
    // Empty value: write after the colon (`key:` -> `key: v`, `key: null` -> `key: v`).
    const start = colonEnd(text, pair);
    const end = node?.range && node.range[1] > start && !/^\s*(#|$)/.test(text.slice(node.range[0], node.range[1])) ? node.range[1] : start;
    return [{file: src.path, start, end, text: ` ${rendered}`}];
  }
  const keyCol = colOf(text, (pair.key as Node).range![0]);
  const lines = Array.isArray(value)
    ? renderBlockSeq(value, keyCol + style.seqIndent, 2, style)
    : renderBlock(value as {readonly [key: string]: YValue}, keyCol + style.indent, style);
  const start = colonEnd(text, pair);
  const hasText = !!node?.range && node.range[1] > node.range[0] && !/^\s*(#|$)/.test(text.slice(node.range[0], node.range[1]));
  const oldEnd = node?.range && hasText ? (isBlockCollection(node) ? valueEnd(node, node.range[1]) : node.range[1]) : start;
  const lineEnd = lineEndOf(text, Math.max(start, oldEnd));
  const between = text.slice(Math.max(start, oldEnd), lineEnd);
  const body = lines.map((l) => src.eol + l).join('');
  if (/^\s*(#.*)?$/.test(between) && between.trim() !== '') {
    // A comment after the value stays on the key's line: drop the old value, add lines after it.
    const edits: Edit[] = [];
    if (oldEnd > start) edits.push({file: src.path, start, end: oldEnd, text: ''});
    edits.push({file: src.path, start: lineEnd, end: lineEnd, text: body});
    return edits;
  }
  return [{file: src.path, start, end: oldEnd, text: body}];
}

/** Sets `key` of `map` to `value` (adds the pair, or replaces the value). [] when already so. */
export function setKey(src: YamlText, map: YAMLMap, key: string, value: YValue, options?: EditOptions): Edit[] {
  return setIn(src, map, [key], value, options);
}

/**
 * Sets the value at `path` below `map`, creating the mappings that are missing. Aliases on the way
 * are followed when `options.doc` is given (the anchored node is edited, for every user of it).
 */
export function setIn(src: YamlText, map: YAMLMap, path: readonly string[], value: YValue, options?: EditOptions): Edit[] {
  if (path.length === 0) throw new Error('setIn needs a path');
  const style = styleFor(src, options);
  let current: YAMLMap = map;
  for (let i = 0; i < path.length; i++) {
    const key = path[i]!;
    const pair = findPair(current, key);
    const rest = path.slice(i);
    if (!pair) return addEntries(src, current, nest(rest, value), options);
    const target = resolve(pair.value, options?.doc);
    if (i === path.length - 1) {
      if (isScalar(target) && !isEmptyValue(target) && !isAlias(pair.value) && sameScalar(target, value)) return [];
      return replaceValue(src, pair, value, style, !!current.flow);
    }
    if (isMap(target)) {
      current = target;
      continue;
    }
    if (isEmptyValue(target) && !isAlias(pair.value)) return replaceValue(src, pair, nest(path.slice(i + 1), value), style, !!current.flow);
    throw new Error(`cannot set ${path.join('.')}: ${key} is not a mapping`);
  }
  return [];
}

function sameScalar(node: Scalar, value: YValue): boolean {
  const plain = toPlain(value);
  return node.value === plain || (typeof plain !== 'object' && String(node.value) === String(plain) && typeof node.value === typeof plain);
}

// ---------------------------------------------------------------------------------------------
// Sequences

/** Appends items to a block or flow sequence (JSON arrays too), copying its layout. */
export function appendItems(src: YamlText, seq: YAMLSeq, items: readonly YValue[], options?: EditOptions): Edit[] {
  if (items.length === 0) return [];
  const style = styleFor(src, options);
  const text = src.text;
  if (seq.flow || src.json) {
    const first = seq.items[0] as AnyNode;
    const col = first?.range ? colOf(text, first.range[0]) : 0;
    const {open} = flowOpenClose(src, seq);
    const multiline = first?.range ? text.slice(open, first.range[0]).includes('\n') : false;
    const parts = items.map((item) => (style.json && multiline && !isInline(item) ? renderJson(item, col, style).split('\n').join(src.eol) : renderInline(item, style)));
    return flowInsert(src, seq, parts, style);
  }
  const first = seq.items[0] as AnyNode;
  const start = first?.range ? text.lastIndexOf('-', first.range[0] - 1) : seq.range![0];
  const dashCol = colOf(text, start);
  const gap = first?.range && lineStartOf(text, first.range[0]) === lineStartOf(text, start) ? Math.max(2, first.range[0] - start) : 2;
  const last = seq.items.at(-1) as AnyNode;
  const end = valueEnd(last, seq.range![1]);
  return [blockInsert(src, end, renderBlockSeq(items, dashCol, gap, style), dashCol)];
}

/**
 * Makes the sequence at `path` below `map` contain `items` (appends the missing ones; creates the
 * sequence, block or as `flow()` asks, when absent or empty). Scalars compare by value.
 */
export function appendIn(src: YamlText, map: YAMLMap, path: readonly string[], items: readonly YValue[] | Flow, options?: EditOptions): Edit[] {
  const list = items instanceof Flow ? (items.value as readonly YValue[]) : items;
  let current: YAMLMap = map;
  for (let i = 0; i < path.length - 1; i++) {
    const pair = findPair(current, path[i]!);
    const target = pair ? resolve(pair.value, options?.doc) : null;
    if (!isMap(target)) return setIn(src, map, path, items, options);
    current = target;
  }
  const pair = findPair(current, path.at(-1)!);
  const target = pair ? resolve(pair.value, options?.doc) : null;
  if (!pair || isEmptyValue(target)) return setIn(src, map, path, items, options);
  if (!isSeq(target)) throw new Error(`cannot append to ${path.join('.')}: not a sequence`);
  const have = new Set((target.items as AnyNode[]).map((n) => (isScalar(n) ? String(n.value) : null)));
  const missing = list.filter((x) => !have.has(String(toPlain(x))));
  if (target.items.length === 0) return replaceValue(src, pair, items instanceof Flow ? items : flow(missing), styleFor(src, options), !!current.flow);
  return appendItems(src, target, missing, options);
}

// ---------------------------------------------------------------------------------------------
// Removal

/** Removes a pair from a mapping: its whole lines in block style, `k: v, ` in flow style. */
export function removeKey(src: YamlText, map: YAMLMap, key: string): Edit[] {
  const index = (map.items as Pair<Node, AnyNode>[]).findIndex((p) => keyText(p) === key);
  if (index === -1) return [];
  return removeEntry(src, map, index);
}

/** Removes the item at `index` of a sequence. */
export function removeItem(src: YamlText, seq: YAMLSeq, index: number): Edit[] {
  return removeEntry(src, seq, index);
}

function entryStart(entry: Pair<Node, AnyNode> | AnyNode): number {
  return isPair(entry) ? ((entry as Pair<Node>).key as Node).range![0] : (entry as Node).range![0];
}
function entryEnd(entry: Pair<Node, AnyNode> | AnyNode): number {
  return isPair(entry) ? pairEnd(entry as Pair<Node, AnyNode>) : valueEnd(entry as AnyNode, (entry as Node).range![1]);
}

function removeEntry(src: YamlText, coll: YAMLMap | YAMLSeq, index: number): Edit[] {
  const text = src.text;
  const items = coll.items as Array<Pair<Node, AnyNode> | AnyNode>;
  const entry = items[index];
  if (entry === undefined) return [];
  const start = entryStart(entry);
  const end = entryEnd(entry);
  if (coll.flow || src.json) {
    const {open, close} = flowOpenClose(src, coll as YAMLMap);
    if (items.length === 1) return [{file: src.path, start: open + 1, end: close, text: ''}];
    if (index < items.length - 1) return [{file: src.path, start, end: entryStart(items[index + 1]!), text: ''}];
    return [{file: src.path, start: entryEnd(items[index - 1]!), end, text: ''}];
  }
  // Block: whole lines, unless the entry shares its first line with a `- ` of a sequence item.
  let first = start;
  if (isSeq(coll)) first = text.lastIndexOf('-', start - 1);
  const ls = lineStartOf(text, first);
  const lineEndAfter = lineEndOf(text, end);
  const next = nextLineStart(text, end > 0 && text[end - 1] === '\n' ? end - 1 : end);
  const stop = next === -1 ? text.length : next;
  if (/^[ \t]*$/.test(text.slice(ls, first))) {
    // The entry starts its line: drop its lines (and a same-line comment).
    if (next === -1 && ls > 0) {
      // Last line without a final newline: take the line break before it instead.
      const prevEnd = ls - (text[ls - 2] === '\r' ? 2 : 1);
      return [{file: src.path, start: prevEnd, end: Math.max(lineEndAfter, end), text: ''}];
    }
    return [{file: src.path, start: ls, end: stop, text: ''}];
  }
  // `- name: x` and we remove `name`: take the text up to the next key, which moves onto the dash line.
  if (isMap(coll) && index < items.length - 1) return [{file: src.path, start, end: entryStart(items[index + 1]!), text: ''}];
  return [{file: src.path, start: ls, end: stop, text: ''}];
}

/**
 * Removes the pair at `path` below `map`. With `prune`, a parent mapping left empty is removed
 * too (so no `key:` with a null value stays behind).
 */
export function removeIn(src: YamlText, map: YAMLMap, path: readonly string[], options?: EditOptions & {prune?: boolean}): Edit[] {
  const chain: YAMLMap[] = [map];
  for (let i = 0; i < path.length - 1; i++) {
    const pair = findPair(chain.at(-1)!, path[i]!);
    const target = pair ? resolve(pair.value, options?.doc) : null;
    if (!isMap(target)) return [];
    chain.push(target);
  }
  let depth = path.length - 1;
  if (options?.prune) {
    while (depth > 0 && chain[depth]!.items.length === 1) depth--;
  }
  return removeKey(src, chain[depth]!, path[depth]!);
}
