/**
 * Reading YAML nodes: the one place that knows keys, scalars, aliases and `<<` merge keys. Every
 * reader of Compose, Kubernetes and CI files goes through these, so a value inherited through
 * `<<: *anchor` or written as `*alias` is seen the same way everywhere.
 *
 * - `ownPair(map, key)`: the pair written in the mapping itself (what an edit of this mapping changes).
 * - `lookup(doc, map, key)` / `lookup(scope, key)`: the pair that gives `key` its value: the own
 *   pair, else the one a merge brings in (the first merged mapping that has it wins, as YAML merge
 *   does). `owner` is the mapping that holds it; `merged`/`shared` say whether editing it changes
 *   other users of an anchor too.
 * - `deref(node, doc)`: follows aliases to the anchored node.
 * - `isMergeKey(pair)`: a plain `<<` key, under YAML 1.1 (Kubernetes) and 1.2 with merges on
 *   (Compose): `yaml` gives it as Symbol(<<); a quoted `"<<"` is an ordinary key.
 *
 * Alias chains and nested merges are followed at most MAX_ALIAS_DEPTH steps, so a cyclic or
 * hostile document cannot make a reader loop.
 */
import {isAlias, isCollection, isMap, isPair, isScalar, isSeq, Scalar, type Alias, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq} from 'yaml';

export type AnyNode = Node | null | undefined;

/** How many aliases in a row, or merges inside merges, a reader follows. */
export const MAX_ALIAS_DEPTH = 16;

/** A mapping and the document its aliases resolve in (a Compose service, a Kubernetes object). */
export interface MapScope {
  map: YAMLMap;
  doc: Document | undefined;
}

/** A key's value as a reader sees it. */
export interface Found {
  /** The mapping that holds the pair: the given one, or an anchored one merged into it. */
  owner: YAMLMap;
  pair: Pair<Node, AnyNode>;
  /** The value with aliases resolved. */
  value: AnyNode;
  /** The pair came in through a `<<` merge (it lives in an anchor other mappings merge too). */
  merged: boolean;
  /** The value is not this mapping's own: merged, or an alias of an anchored node. */
  shared: boolean;
}

/** True when the pair is a `<<` merge key (plain `<<`; a quoted `"<<"` is an ordinary key). */
export function isMergeKey(pair: Pair): boolean {
  const key = pair.key as AnyNode;
  if (!isScalar(key)) return false;
  if (typeof key.value === 'symbol') return key.value.description === '<<';
  return key.value === '<<' && (!key.type || key.type === Scalar.PLAIN);
}

/** The text of a pair's scalar key; null for a merge key or a collection key. */
export function keyOf(pair: Pair): string | null {
  const key = pair.key as AnyNode | string;
  if (typeof key === 'string') return key;
  if (!isScalar(key) || isMergeKey(pair) || key.value === null || key.value === undefined) return null;
  return String(key.value);
}

/** The pair written in `map` itself for `key` (merges are not followed). */
export function ownPair(map: YAMLMap, key: string): Pair<Node, AnyNode> | undefined {
  return (map.items as Pair<Node, AnyNode>[]).find((p) => keyOf(p) === key);
}

/** Follows an alias (and an alias of an alias) to the node it names in `doc` (aliases.ts keeps them per document). */
export function deref(node: unknown, doc: Document | undefined): AnyNode {
  let n = node as AnyNode;
  for (let i = 0; i < MAX_ALIAS_DEPTH && isAlias(n); i++) {
    if (!doc) return n;
    n = anchorsOf(doc).get(n);
  }
  return n;
}

const ANCHORS = new WeakMap<Document, Map<Alias, Node | undefined>>();

/**
 * What each alias of a document names: the last node anchored with its name before it, in
 * document order (as `Alias.resolve` finds it, but for every alias in one walk: `resolve` walks
 * the whole document each time, which made every merged lookup cost the size of the file).
 * Parsed documents are never changed (edits are on the text), so the answer is kept per document.
 */
/** The node an alias names in `doc` (from the document's one index; undefined when none). */
export function aliasTarget(alias: Alias, doc: Document): Node | undefined {
  return anchorsOf(doc).get(alias);
}

function anchorsOf(doc: Document): Map<Alias, Node | undefined> {
  let map = ANCHORS.get(doc);
  if (map) return map;
  map = new Map();
  const last = new Map<string, Node>();
  // Depth-first in document order (a pair's key before its value), without recursion.
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isPair(node)) {
      stack.push(node.value, node.key);
      continue;
    }
    if (isAlias(node)) map.set(node, last.get(node.source));
    else if ((isScalar(node) || isCollection(node)) && node.anchor) last.set(node.anchor, node);
    if (isCollection(node)) for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]);
  }
  ANCHORS.set(doc, map);
  return map;
}

/** The mappings a `<<` pair merges, in order (a single mapping or a sequence of them). */
function mergedMaps(pair: Pair<Node, AnyNode>, doc: Document | undefined): YAMLMap[] {
  const value = deref(pair.value, doc);
  const sources = isSeq(value) ? (value.items as AnyNode[]) : [value];
  return sources.map((s) => deref(s, doc)).filter((m): m is YAMLMap => isMap(m));
}

function find(doc: Document | undefined, map: YAMLMap, key: string, depth: number): Found | undefined {
  const own = ownPair(map, key);
  if (own) return {owner: map, pair: own, value: deref(own.value, doc), merged: false, shared: isAlias(own.value)};
  if (depth >= MAX_ALIAS_DEPTH) return undefined;
  for (const pair of map.items as Pair<Node, AnyNode>[]) {
    if (!isMergeKey(pair)) continue;
    for (const source of mergedMaps(pair, doc)) {
      const found = find(doc, source, key, depth + 1);
      if (found) return {...found, merged: true, shared: true};
    }
  }
  return undefined;
}

/** The pair that gives `key` its value in a mapping: its own, or one a `<<` merge brings in. */
export function lookup(doc: Document | undefined, map: YAMLMap, key: string): Found | undefined;
export function lookup(scope: MapScope, key: string): Found | undefined;
export function lookup(a: Document | undefined | MapScope, b: YAMLMap | string, c?: string): Found | undefined {
  if (typeof b === 'string') return find((a as MapScope).doc, (a as MapScope).map, b, 0);
  return find(a as Document | undefined, b, c!, 0);
}

/** A nested key (`deploy.resources.limits.memory`), following aliases and merges at each level. */
export function lookupPath(doc: Document | undefined, map: YAMLMap, path: readonly string[]): Found | undefined;
export function lookupPath(scope: MapScope, path: readonly string[]): Found | undefined;
export function lookupPath(a: Document | undefined | MapScope, b: YAMLMap | readonly string[], c?: readonly string[]): Found | undefined {
  const [doc, start, path] = Array.isArray(b) ? [(a as MapScope).doc, (a as MapScope).map, b as readonly string[]] : [a as Document | undefined, b as YAMLMap, c!];
  let map = start;
  let found: Found | undefined;
  for (let i = 0; i < path.length; i++) {
    const f = find(doc, map, path[i]!, 0);
    if (!f) return undefined;
    found = found ? {...f, merged: f.merged || found.merged, shared: f.shared || found.shared} : f;
    if (i < path.length - 1) {
      if (!isMap(f.value)) return undefined;
      map = f.value;
    }
  }
  return found;
}

/** The mapping value of a key (own or merged), or null. */
export function getMap(doc: Document | undefined, map: YAMLMap, key: string): YAMLMap | null {
  const value = lookup(doc, map, key)?.value;
  return isMap(value) ? value : null;
}

/** The sequence value of a key (own or merged), or null. */
export function getSeq(doc: Document | undefined, map: YAMLMap, key: string): YAMLSeq | null {
  const value = lookup(doc, map, key)?.value;
  return isSeq(value) ? value : null;
}

/** The scalar value of a key (own or merged) as `yaml` typed it, or undefined. */
export function getScalar(doc: Document | undefined, map: YAMLMap, key: string): unknown {
  const value = lookup(doc, map, key)?.value;
  return isScalar(value) ? value.value : undefined;
}

/** A scalar node's value as text; null for an empty value (`key:`, `~`) or a collection. */
export function scalarOf(node: unknown): string | null {
  if (!isScalar(node) || node.value === null || node.value === undefined) return null;
  return typeof node.value === 'string' ? node.value : String(node.value);
}

/** The items of a sequence value (scalars as text; other items as null). */
export function seqStrings(node: AnyNode): Array<{text: string | null; node: AnyNode; index: number}> {
  if (!isSeq(node)) return [];
  return (node.items as AnyNode[]).map((n, index) => ({text: scalarOf(n), node: n, index}));
}

/**
 * The plain JS value of a node, aliases and merges resolved; null when it cannot be built. Every
 * alias is followed: parsing refused documents that expand beyond MAX_EXPANDED_VALUES.
 */
export function toValue(node: AnyNode, doc: Document): unknown {
  if (!node) return null;
  try {
    return node.toJS(doc, {maxAliasCount: -1});
  } catch {
    return null;
  }
}

/** A plain value as a record ({} for anything that is not an object). */
export function asRecord(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/**
 * Where a value's text ends for an edit that replaces it: a block scalar (`key: |`) ends after its
 * last line break, which the replacement must keep or the next entry joins its line.
 */
export function valueEnd(text: string, node: Node): number {
  const start = node.range![0];
  let end = node.range![1];
  while (end > start && (text[end - 1] === '\n' || text[end - 1] === '\r')) end--;
  return end;
}
