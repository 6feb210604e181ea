/**
 * The layout a YAML (or JSON) file is written in, so new fragments look like their neighbours:
 * the indentation step, how far a block sequence's `-` sits below its key (0 for indentless
 * sequences), the quote character most scalars use, and whether flow collections are padded
 * (`[ a ]`). Detected once per parsed document set.
 */
import {isMap, isScalar, isSeq, type Document, type Node, type Pair} from 'yaml';
import type {EOL} from '../../core/model.js';
import {columnAt, lineStartAt} from '../../core/text.js';
import type {AnyNode} from './nodes.js';

/** The part of a YamlSource the edit helpers need. */
export interface YamlText {
  path: string;
  text: string;
  eol: EOL;
  json: boolean;
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

/** Where the style comes from when the source carries no documents, and overrides of it. */
export interface StyleOptions {
  doc?: Document.Parsed;
  style?: Partial<YamlStyle>;
}

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
        const col = first?.key && (first.key as Node).range ? columnAt(text, (first.key as Node).range![0]) : -1;
        for (const p of node.items as Pair<Node, AnyNode>[]) {
          const v = p.value;
          if (col >= 0 && isMap(v) && !v.flow && v.items[0]) {
            const childCol = columnAt(text, ((v.items[0] as Pair<Node>).key as Node).range![0]);
            const keyLine = lineStartAt(text, (p.key as Node).range![0]);
            if (indent === 0 && childCol > col && lineStartAt(text, ((v.items[0] as Pair<Node>).key as Node).range![0]) !== keyLine) indent = childCol - col;
          }
          if (col >= 0 && isSeq(v) && !v.flow && v.range && seqIndent < 0 && text[v.range[0]] === '-') {
            const keyCol = columnAt(text, (p.key as Node).range![0]);
            if (lineStartAt(text, v.range[0]) !== lineStartAt(text, (p.key as Node).range![0])) seqIndent = Math.max(0, columnAt(text, v.range[0]) - keyCol);
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

/** The style edits of `src` use: detected from its documents, with `options.style` overriding. */
export function styleFor(src: YamlText, options: StyleOptions | undefined): YamlStyle {
  const docs = (src as YamlText & {docs?: readonly Document.Parsed[]}).docs ?? (options?.doc ? [options.doc] : undefined);
  const base = detectStyle(src, docs);
  return {...base, ...options?.style, json: src.json};
}
