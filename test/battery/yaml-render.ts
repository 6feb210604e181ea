/**
 * A small YAML writer for the generated-input battery: it renders a tree in the styles real files
 * mix — block or flow collections, indented or indentless sequences, plain/single/double quoted
 * scalars, anchors, aliases and `<<` merges, full-line and trailing comments, several documents —
 * so the generators control every choice (the yaml package's stringify would normalise them).
 */
import fc from 'fast-check';

export type YScalar = {t: 'scalar'; v: string; quote: 'plain' | 'single' | 'double'};
export type YAliasRef = {t: 'alias'; name: string};
export interface YEntry {
  key: string;
  value: YNode;
  /** A `# …` comment line before the entry. */
  before?: string;
  /** A trailing comment on the entry's (first) line. */
  trailing?: string;
}
export type YMap = {t: 'map'; entries: YEntry[]; flow?: boolean; anchor?: string; merge?: string[]};
export type YSeq = {t: 'seq'; items: YNode[]; flow?: boolean; anchor?: string};
export type YNode = YScalar | YAliasRef | YMap | YSeq;

export interface YStyle {
  indent: 2 | 4;
  /** `key:\n  - a` (true) or `key:\n- a` (false). */
  indentSeq: boolean;
}

export const scalar = (v: string, quote: YScalar['quote'] = 'plain'): YScalar => ({t: 'scalar', v, quote});
export const map = (entries: YEntry[], extra: Partial<YMap> = {}): YMap => ({t: 'map', entries, ...extra});
export const seq = (items: YNode[], extra: Partial<YSeq> = {}): YSeq => ({t: 'seq', items, ...extra});
export const entry = (key: string, value: YNode, extra: Partial<YEntry> = {}): YEntry => ({key, value, ...extra});

/**
 * A value that reads the same as a plain scalar in block and flow context. `true`, `2` and the like
 * are written plain on purpose (a boolean, a number): a string that looks like one is given quotes.
 */
function plainSafe(v: string): boolean {
  return /^[A-Za-z0-9_./*$][A-Za-z0-9_./:=@+ ${}*-]*$/.test(v) && !/[ ]$/.test(v) && !/: |:$| #/.test(v) && !/^[*&]/.test(v) && !/^(yes|no|on|off|y|n|~)$/i.test(v);
}

export function renderScalar(s: YScalar, inFlow: boolean): string {
  const quote = s.quote === 'plain' && (!plainSafe(s.v) || (inFlow && /[,[\]{}]/.test(s.v))) ? 'double' : s.quote;
  if (quote === 'plain') return s.v;
  if (quote === 'single') return `'${s.v.replace(/'/g, "''")}'`;
  return JSON.stringify(s.v);
}

function props(node: YMap | YSeq): string {
  return node.anchor ? `&${node.anchor} ` : '';
}

function renderFlow(node: YNode): string {
  switch (node.t) {
    case 'scalar':
      return renderScalar(node, true);
    case 'alias':
      return `*${node.name}`;
    case 'seq':
      return `${props(node)}[${node.items.map(renderFlow).join(', ')}]`;
    case 'map': {
      const parts = [...(node.merge ?? []).map((m) => `<<: *${m}`), ...node.entries.map((e) => `${renderKey(e.key)}: ${renderFlow(e.value)}`)];
      return `${props(node)}{${parts.join(', ')}}`;
    }
  }
}

function renderKey(key: string): string {
  return plainSafe(key) ? key : JSON.stringify(key);
}

const isBlockCollection = (node: YNode): node is YMap | YSeq => (node.t === 'map' || node.t === 'seq') && !node.flow && (node.t === 'map' ? node.entries.length + (node.merge?.length ?? 0) > 0 : node.items.length > 0);

/** The lines of a block mapping at `indent`. */
function blockMap(node: YMap, indent: string, style: YStyle): string[] {
  const out: string[] = [];
  for (const m of node.merge ?? []) out.push(`${indent}<<: *${m}`);
  for (const e of node.entries) {
    if (e.before) out.push(`${indent}# ${e.before}`);
    const trailing = e.trailing ? ` # ${e.trailing}` : '';
    const key = `${indent}${renderKey(e.key)}:`;
    if (isBlockCollection(e.value)) {
      out.push(`${key}${e.value.anchor ? ` &${e.value.anchor}` : ''}${trailing}`);
      const inner = e.value.t === 'seq' && !style.indentSeq ? indent : indent + ' '.repeat(style.indent);
      out.push(...block(e.value, inner, style));
    } else {
      out.push(`${key} ${renderFlow(e.value)}${trailing}`);
    }
  }
  return out;
}

function blockSeq(node: YSeq, indent: string, style: YStyle): string[] {
  const out: string[] = [];
  for (const item of node.items) {
    if (isBlockCollection(item) && !item.anchor) {
      // `- key: v` then the rest of the mapping under it; `- - x` for nested sequences.
      const inner = block(item, `${indent}  `, style);
      out.push(`${indent}- ${inner[0]!.trimStart()}`, ...inner.slice(1));
    } else if (isBlockCollection(item)) {
      out.push(`${indent}- &${item.anchor}`, ...block({...item, anchor: undefined}, `${indent}  `, style));
    } else {
      out.push(`${indent}- ${renderFlow(item)}`);
    }
  }
  return out;
}

function block(node: YMap | YSeq, indent: string, style: YStyle): string[] {
  return node.t === 'map' ? blockMap(node, indent, style) : blockSeq(node, indent, style);
}

export interface DocOptions {
  style: YStyle;
  /** `# …` lines at the top of the document. */
  header?: string[];
}

/** One document's text (LF line endings, final newline). */
export function renderDocument(root: YMap, options: DocOptions): string {
  const lines = [...(options.header ?? []).map((c) => `# ${c}`), ...(root.flow ? [renderFlow(root)] : blockMap(root, '', options.style))];
  return `${lines.join('\n')}\n`;
}

export const yStyle: fc.Arbitrary<YStyle> = fc.record({indent: fc.constantFrom(2 as const, 4 as const), indentSeq: fc.boolean()});
export const quoteStyle = fc.constantFrom<YScalar['quote']>('plain', 'plain', 'single', 'double');
