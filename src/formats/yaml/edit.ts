/**
 * Format-preserving YAML (and JSON) edits: every helper returns exact text `Edit`s on the ORIGINAL
 * text, never a re-serialised document. Reading is nodes.ts, layout style.ts, new fragments
 * render.ts; this module places them.
 *
 * API in brief (all take `src` = a YamlSource or any `{path, text, eol, json}`):
 * - `setIn(src, map, ['deploy','resources','limits','memory'], '512M', {doc})` sets a value at a
 *   path below a mapping, creating missing mappings (block, flow `{}` or JSON), replacing an empty
 *   (`key:`/`null`/`~`) value or a scalar. `setKey(src, map, key, value)` is the one-level form.
 *   Returns [] when the value is already there.
 * - `addEntries(src, map, entries)` adds keys after the last pair; `addEntriesBefore(src, map,
 *   'containers', entries)` before a given key (and the comment lines directly above it).
 * - `appendIn(src, map, ['cap_drop'], ['ALL'], {doc})` appends the items that are missing to the
 *   sequence at a path (block or flow, `[a, b]` extended inside its brackets), creating it when
 *   absent. `appendItems(src, seq, items)` appends to a given sequence.
 * - `removeKey(src, map, key)`, `removeIn(src, map, path, {prune})` remove a pair with its lines (its
 *   same-line comment goes with it; comment lines above stay); with `prune` a parent left empty
 *   stays as `key: {}`, and entries added to such a `{}` later become block lines below its key
 *   (an existing key is edited where it stands). `emptyValue(src, map, key)` empties a collection
 *   where it stands (`key: []`, `key: {}`) for a fix that removes every item of it.
 *   `removeItem(src, seq, index)` removes one item.
 * New lines use `src.eol`; indentation is copied from the mapping/sequence being extended (4-space
 * documents, indentless sequences, `- name: x` items). JSON sources get JSON syntax (quoted keys,
 * commas) everywhere.
 */
import {isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq} from 'yaml';
import type {Edit} from '../../core/model.js';
import {columnAt, indentAt, lineEndAt, lineStartAt, nextLineStartAt} from '../../core/text.js';
import {deref, isMergeKey, keyOf, ownPair, toValue, type AnyNode} from './nodes.js';
import {flow, Flow, isInline, Quoted, renderBlock, renderBlockSeq, renderInline, renderJson, renderKey, spaces, toPlain, type YValue} from './render.js';
import {styleFor, type YamlStyle, type YamlText} from './style.js';

export interface EditOptions {
  /** The document the node belongs to: needed to follow aliases. */
  doc?: Document.Parsed;
  /** Overrides of the detected style. */
  style?: Partial<YamlStyle>;
}

function isBlockCollection(node: AnyNode): node is YAMLMap | YAMLSeq {
  return (isMap(node) || isSeq(node)) && !(node as YAMLMap).flow;
}

/** The offset where a node's own text ends (last value of a block collection, not trailing comments). */
function valueEnd(node: AnyNode, fallback: number): number {
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
// Inserting into mappings

/** Where a new line after `end` starts, and whether a line break must be written first (EOF). */
function insertionAfter(text: string, end: number): {at: number; lead: boolean} {
  if (end > 0 && text[end - 1] === '\n') return {at: end, lead: false};
  const next = nextLineStartAt(text, end);
  if (next === -1) return {at: text.length, lead: true};
  return {at: next, lead: false};
}

function blockInsert(src: YamlText, after: number, lines: string[], col = -1): Edit {
  let {at, lead} = insertionAfter(src.text, after);
  // Comment lines indented deeper than the new lines belong to the content before: stay below them.
  const text = src.text;
  while (col >= 0 && !lead && at < text.length) {
    const line = text.slice(at, lineEndAt(text, at));
    const m = /^([ \t]*)#/.exec(line);
    if (!m || m[1]!.length <= col) break;
    const next = nextLineStartAt(text, at);
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
      const col = columnAt(text, lineStartAt(text, open)) + indentAt(text, open) + style.indent;
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
    const col = columnAt(text, firstStart);
    const joined = parts.map((p) => `${src.eol}${spaces(col)}${p}`).join(',');
    if (comma) return [{file: src.path, start: lastEnd + comma[0].length, end: lastEnd + comma[0].length, text: `${joined},`}];
    return [{file: src.path, start: lastEnd, end: lastEnd, text: `,${joined}`}];
  }
  if (comma) return [{file: src.path, start: lastEnd + comma[0].length, end: lastEnd + comma[0].length, text: ` ${parts.join(', ')},`}];
  return [{file: src.path, start: lastEnd, end: lastEnd, text: `, ${parts.join(', ')}`}];
}

/** The column of a block mapping's keys. */
function mapColumn(src: YamlText, map: YAMLMap): number {
  const first = map.items[0] as Pair<Node> | undefined;
  return first ? columnAt(src.text, (first.key as Node).range![0]) : 0;
}

/**
 * `key: {}` in a block mapping (what a pruning removal leaves, or written so): new entries become
 * block lines below the key, where they would have been had the mapping never been emptied.
 * Null when the `{}` is not the value of a block pair on its own line.
 */
function fillEmptyFlowMap(src: YamlText, map: YAMLMap, entries: {readonly [key: string]: YValue}, style: YamlStyle): Edit[] | null {
  if (src.json || map.items.length > 0) return null;
  const text = src.text;
  const {open, close} = flowOpenClose(src, map);
  const lineStart = lineStartAt(text, open);
  const head = /^([ \t]*(?:-[ \t]+)*)[^\s#\-[{][^#]*?:[ \t]*$/.exec(text.slice(lineStart, open));
  const lineEnd = lineEndAt(text, close);
  const after = text.slice(close + 1, lineEnd);
  if (!head || !/^[ \t]*(#.*)?$/.test(after)) return null;
  const body = renderBlock(entries, head[1]!.length + style.indent, style)
    .map((l) => src.eol + l)
    .join('');
  const colon = lineStart + text.slice(lineStart, open).trimEnd().length;
  // A comment after `{}` stays on the key's line.
  if (after.trim() !== '') return [{file: src.path, start: colon, end: close + 1, text: ''}, {file: src.path, start: lineEnd, end: lineEnd, text: body}];
  return [{file: src.path, start: colon, end: close + 1, text: body}];
}

/** Edits that add `entries` to a mapping (block, flow or JSON), after its last pair. */
export function addEntries(src: YamlText, map: YAMLMap, entries: {readonly [key: string]: YValue}, options?: EditOptions): Edit[] {
  const style = styleFor(src, options);
  if (Object.keys(entries).length === 0) return [];
  if (map.flow && map.items.length === 0) {
    const filled = fillEmptyFlowMap(src, map, entries, style);
    if (filled) return filled;
  }
  if (map.flow || src.json) {
    const text = src.text;
    const {open} = flowOpenClose(src, map);
    const first = map.items[0] as Pair<Node> | undefined;
    const multiline = first ? text.slice(open, (first.key as Node).range![0]).includes('\n') : false;
    const col = first ? columnAt(text, (first.key as Node).range![0]) : indentAt(text, open) + style.indent;
    const parts = Object.entries(entries).map(([k, v]) =>
      style.json && multiline ? `${JSON.stringify(k)}: ${renderJson(v, col, style).split('\n').join(src.eol)}` : `${renderKey(k, style)}: ${renderInline(v, style)}`,
    );
    return flowInsert(src, map, parts, style);
  }
  const col = mapColumn(src, map);
  const last = map.items.at(-1) as Pair<Node, AnyNode>;
  return [blockInsert(src, pairEnd(last), renderBlock(entries, col, style), col)];
}

/**
 * Adds `entries` to a block mapping before the pair of `beforeKey` (and before the comment lines
 * directly above it, which describe that key), instead of after the last pair. Pod-level keys
 * (`securityContext`, `automountServiceAccountToken`) go before `containers:`, where people write
 * them, and do not compete with container-level edits at the end of the last container (so the
 * fix planner needs fewer passes). Flow, JSON and dash-line keys fall back to `addEntries`.
 */
export function addEntriesBefore(src: YamlText, map: YAMLMap, beforeKey: string, entries: {readonly [key: string]: YValue}, options?: EditOptions): Edit[] {
  const pair = ownPair(map, beforeKey);
  const keyNode = pair?.key as Node | undefined;
  if (!pair || map.flow || src.json || !keyNode?.range) return addEntries(src, map, entries, options);
  const text = src.text;
  const keyStart = keyNode.range[0];
  let lineStart = lineStartAt(text, keyStart);
  if (text.slice(lineStart, keyStart).trim() !== '') return addEntries(src, map, entries, options); // `- containers:` on a dash line
  const col = keyStart - lineStart;
  // Step over the comment lines directly above the key (they describe it).
  for (;;) {
    if (lineStart === 0) break;
    const prevStart = lineStartAt(text, lineStart - 1);
    const prev = text.slice(prevStart, lineStart).replace(/\r?\n$/, '');
    if (!/^\s*#/.test(prev)) break;
    const hash = prev.indexOf('#');
    if (hash !== col) break;
    lineStart = prevStart;
  }
  const lines = renderBlock(entries, col, styleFor(src, options));
  return [{file: src.path, start: lineStart, end: lineStart, text: lines.map((l) => l + src.eol).join('')}];
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
  const keyCol = columnAt(text, (pair.key as Node).range![0]);
  const lines = Array.isArray(value)
    ? renderBlockSeq(value, keyCol + style.seqIndent, 2, style)
    : renderBlock(value as {readonly [key: string]: YValue}, keyCol + style.indent, style);
  const start = colonEnd(text, pair);
  const hasText = !!node?.range && node.range[1] > node.range[0] && !/^\s*(#|$)/.test(text.slice(node.range[0], node.range[1]));
  const oldEnd = node?.range && hasText ? (isBlockCollection(node) ? valueEnd(node, node.range[1]) : node.range[1]) : start;
  const lineEnd = lineEndAt(text, Math.max(start, oldEnd));
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
    const pair = ownPair(current, key);
    const rest = path.slice(i);
    if (!pair) {
      // A key the mapping has only through a `<<` merge: an own key replaces the merged value
      // whole, so it is written with what it merged (and the new value on top).
      // The edit reads the merge sources: a fix that changes them in the same pass (adding this
      // very key to the shared defaults) goes first, and this one is computed again after it.
      const inherited = mergedValue(current, key, options?.doc);
      const own = rest.length === 1 ? value : nest(rest.slice(1), value);
      const edits = addEntries(src, current, {[key]: inherited === undefined ? own : overlay(inherited, own)}, options);
      const reads = mergeSourcesSpan(current, options?.doc);
      return reads ? edits.map((e) => ({...e, reads})) : edits;
    }
    const target = deref(pair.value, options?.doc);
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

/** The mappings `map` merges with `<<`, nearest first. */
function mergeSources(map: YAMLMap, doc: Document.Parsed | undefined): YAMLMap[] {
  if (!doc) return [];
  const out: YAMLMap[] = [];
  for (const pair of map.items as Pair<Node, AnyNode>[]) {
    if (!isMergeKey(pair)) continue;
    const target = deref(pair.value, doc);
    for (const source of isSeq(target) ? target.items.map((item) => deref(item, doc)) : [target]) if (isMap(source)) out.push(source);
  }
  return out;
}

/** The plain value of `key` in the mappings `map` merges (nearest first, through their merges). */
function mergedValue(map: YAMLMap, key: string, doc: Document.Parsed | undefined): YValue | undefined {
  for (const source of mergeSources(map, doc)) {
    const own = ownPair(source, key);
    if (own) return (toValue(own.value, doc!) ?? null) as YValue;
    const deeper = mergedValue(source, key, doc);
    if (deeper !== undefined) return deeper;
  }
  return undefined;
}

/** The text from the first to the last merge source of `map`, or null without merges. */
function mergeSourcesSpan(map: YAMLMap, doc: Document.Parsed | undefined): {start: number; end: number} | null {
  const ranges = mergeSources(map, doc).flatMap((m) => (m.range ? [m.range] : []));
  if (ranges.length === 0) return null;
  return {start: Math.min(...ranges.map((r) => r[0])), end: Math.max(...ranges.map((r) => r[1]))};
}

/** `top` over `base`: mappings merged key by key, anything else from `top`. */
function overlay(base: YValue, top: YValue): YValue {
  const isRecord = (v: YValue): v is {readonly [key: string]: YValue} => v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Flow) && !(v instanceof Quoted) && !isScalar(v);
  if (!isRecord(base) || !isRecord(top)) return top;
  const out: Record<string, YValue> = {...base};
  for (const [k, v] of Object.entries(top)) out[k] = k in base ? overlay(base[k]!, v) : v;
  return out;
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
    const col = first?.range ? columnAt(text, first.range[0]) : 0;
    const {open} = flowOpenClose(src, seq);
    const multiline = first?.range ? text.slice(open, first.range[0]).includes('\n') : false;
    const parts = items.map((item) => (style.json && multiline && !isInline(item) ? renderJson(item, col, style).split('\n').join(src.eol) : renderInline(item, style)));
    return flowInsert(src, seq, parts, style);
  }
  const first = seq.items[0] as AnyNode;
  const start = first?.range ? text.lastIndexOf('-', first.range[0] - 1) : seq.range![0];
  const dashCol = columnAt(text, start);
  const gap = first?.range && lineStartAt(text, first.range[0]) === lineStartAt(text, start) ? Math.max(2, first.range[0] - start) : 2;
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
    const pair = ownPair(current, path[i]!);
    const target = pair ? deref(pair.value, options?.doc) : null;
    if (!isMap(target)) return setIn(src, map, path, items, options);
    current = target;
  }
  const pair = ownPair(current, path.at(-1)!);
  const target = pair ? deref(pair.value, options?.doc) : null;
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
  const index = (map.items as Pair<Node, AnyNode>[]).findIndex((p) => keyOf(p) === key);
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

/**
 * Edits deleting the whole lines [from, to) except the comment lines among them (inside a removed
 * block they may be about more than it; the comment after a removed value goes with its line).
 * Lines inside a multi-line scalar of `entry` are its text. Null when there is no comment line.
 */
function keepComments(src: YamlText, from: number, to: number, entry: unknown): Edit[] | null {
  const text = src.text;
  const content: Array<[number, number]> = [];
  visit(entry, (node) => {
    if (isScalar(node) && node.range && text.slice(node.range[0], node.range[1]).includes('\n')) content.push([node.range[0], node.range[1]]);
  });
  const edits: Edit[] = [];
  let found = false;
  for (let ls = from; ls < to; ) {
    const le = lineEndAt(text, ls);
    const next = Math.min(to, le < text.length ? text.indexOf('\n', le) + 1 : text.length);
    const comment = /^[ \t]*#/.test(text.slice(ls, le)) && !content.some(([a, b]) => a < ls && ls < b);
    const last = edits.at(-1);
    if (comment) found = true;
    else if (last && last.end === ls) last.end = next;
    else edits.push({file: src.path, start: ls, end: next, text: ''});
    ls = next > ls ? next : to;
  }
  return found ? edits : null;
}

/** Calls `fn` on a node and every node under it. */
function visit(node: unknown, fn: (node: unknown) => void): void {
  fn(node);
  if (isPair(node)) {
    visit(node.key, fn);
    visit(node.value, fn);
  } else if (isMap(node) || isSeq(node)) {
    for (const item of node.items) visit(item, fn);
  }
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
  const ls = lineStartAt(text, first);
  const lineEndAfter = lineEndAt(text, end);
  const next = nextLineStartAt(text, end > 0 && text[end - 1] === '\n' ? end - 1 : end);
  const stop = next === -1 ? text.length : next;
  if (/^[ \t]*$/.test(text.slice(ls, first))) {
    // The entry starts its line: drop its lines (and a same-line comment); comment lines stay.
    const keeping = keepComments(src, ls, next === -1 ? text.length : stop, entry);
    if (keeping) return keeping;
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
 * Removes the pair at `path` below `map`. With `prune`, a parent mapping the removal leaves empty
 * stays where it is as `key: {}` (the outermost one, when several would be empty), so no `key:`
 * with a null value stays behind, and a later fix that adds to it (`securityContext` after
 * `privileged` went) writes its lines there instead of re-creating the key at the end.
 */
export function removeIn(src: YamlText, map: YAMLMap, path: readonly string[], options?: EditOptions & {prune?: boolean}): Edit[] {
  const chain: YAMLMap[] = [map];
  for (let i = 0; i < path.length - 1; i++) {
    const pair = ownPair(chain.at(-1)!, path[i]!);
    const target = pair ? deref(pair.value, options?.doc) : null;
    if (!isMap(target)) return [];
    chain.push(target);
  }
  if (!ownPair(chain.at(-1)!, path.at(-1)!)) return [];
  let depth = path.length - 1;
  if (options?.prune) {
    while (depth > 0 && chain[depth]!.items.length === 1) depth--;
  }
  if (depth === path.length - 1) return removeKey(src, chain[depth]!, path[depth]!);
  const value = ownPair(chain[depth]!, path[depth]!)!.value;
  if (isMap(value) && (value.flow || src.json)) return removeKey(src, value, path[depth + 1]!);
  return emptyValue(src, chain[depth]!, path[depth]!);
}

/**
 * Empties the collection value of `key` where it stands: a block mapping becomes `key: {}`, a
 * block sequence `key: []` (its lines go, with a comment on the last one), so a fix that adds to
 * it later writes there instead of re-creating the key at the end of the mapping. A flow or JSON
 * collection keeps its brackets; a scalar or alias value removes the pair.
 */
export function emptyValue(src: YamlText, map: YAMLMap, key: string): Edit[] {
  const pair = ownPair(map, key) as Pair<Node, AnyNode> | undefined;
  const value = pair?.value;
  if (!pair || isAlias(value) || !(isMap(value) || isSeq(value))) return removeKey(src, map, key);
  if (value.items.length === 0) return [];
  if (value.flow || src.json) {
    const {open, close} = flowOpenClose(src, value);
    return [{file: src.path, start: open + 1, end: close, text: ''}];
  }
  const text = src.text;
  const start = colonEnd(text, pair);
  const end = valueEnd(value, value.range![1]);
  const lineEnd = lineEndAt(text, end);
  const empty = isMap(value) ? ' {}' : ' []';
  if (!/^[ \t]*(#.*)?$/.test(text.slice(end, lineEnd))) return [{file: src.path, start, end, text: empty}];
  // The line break goes into the edit too: an insertion another fix makes after the last item
  // (at the next line's start) then touches this edit, and the planner applies it in a later pass
  // instead of together (which would leave the inserted item under `key: []`).
  const next = nextLineStartAt(text, lineEnd);
  return [{file: src.path, start, end: next === -1 ? lineEnd : next, text: next === -1 ? empty : empty + text.slice(lineEnd, next)}];
}

/**
 * Orders a fix's own edits so that block insertions at the same offset nest correctly: the deepest
 * indented first (items appended to a list that ends a mapping, then keys of that mapping, then
 * keys of its parents), and at one indentation a list item before a key: an indentless `- x`
 * belongs to the list above it (a container's new `volumeMounts` items go right after its existing
 * ones; after a new `securityContext:` key they would follow a mapping and break the file). Other
 * edits keep their order.
 */
export function nestedFirst(edits: readonly Edit[]): Edit[] {
  const lead = (e: Edit) => /^[ \t]*(-(?=[ \t\r\n]))?/.exec(e.text.replace(/^\r?\n/, ''))!;
  // Twice the indentation, one more for a list item: deeper first, and an item before a key at its column.
  const depth = (e: Edit) => 2 * lead(e)[0].replace(/-$/, '').length + (lead(e)[1] ? 1 : 0);
  const groups = new Map<string, Edit[]>();
  const order: Array<Edit | Edit[]> = [];
  for (const e of edits) {
    if (e.start !== e.end) {
      order.push(e);
      continue;
    }
    const key = `${e.file}\u0000${e.start}`;
    let group = groups.get(key);
    if (!group) {
      groups.set(key, (group = []));
      order.push(group);
    }
    group.push(e);
  }
  return order.flatMap((x) => (Array.isArray(x) ? [...x].sort((a, b) => depth(b) - depth(a)) : [x]));
}
