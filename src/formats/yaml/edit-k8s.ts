/**
 * Small additions to the YAML edit helpers (edit.ts) that the Kubernetes fixes need.
 *
 * `addEntriesBefore` inserts new keys into a block mapping before a given key (and before the
 * comment lines directly above it), instead of after the last pair: pod-level keys
 * (`securityContext`, `automountServiceAccountToken`) go before `containers:`, where people write
 * them, and do not compete with container-level edits at the end of the last container (so the
 * fix planner needs fewer passes).
 */
import type {Document, Node, YAMLMap} from 'yaml';
import type {Edit} from '../../core/model.js';
import {addEntries, detectStyle, findPair, renderBlock, type EditOptions, type YamlText, type YValue} from './edit.js';

export function addEntriesBefore(src: YamlText & {docs?: readonly Document.Parsed[]}, map: YAMLMap, beforeKey: string, entries: {readonly [key: string]: YValue}, options?: EditOptions): Edit[] {
  const pair = findPair(map, beforeKey);
  const keyNode = pair?.key as Node | undefined;
  if (!pair || map.flow || src.json || !keyNode?.range) return addEntries(src, map, entries, options);
  const text = src.text;
  const keyStart = keyNode.range[0];
  let lineStart = text.lastIndexOf('\n', keyStart - 1) + 1;
  if (text.slice(lineStart, keyStart).trim() !== '') return addEntries(src, map, entries, options); // `- containers:` on a dash line
  const col = keyStart - lineStart;
  // Step over the comment lines directly above the key (they describe it).
  for (;;) {
    if (lineStart === 0) break;
    const prevStart = text.lastIndexOf('\n', lineStart - 2) + 1;
    const prev = text.slice(prevStart, lineStart).replace(/\r?\n$/, '');
    if (!/^\s*#/.test(prev)) break;
    const hash = prev.indexOf('#');
    if (hash !== col) break;
    lineStart = prevStart;
  }
  const style = {...detectStyle(src, src.docs ?? (options?.doc ? [options.doc] : undefined)), ...options?.style, json: false};
  const lines = renderBlock(entries, col, style);
  return [{file: src.path, start: lineStart, end: lineStart, text: lines.map((l) => l + src.eol).join('')}];
}
