/**
 * Rendering new YAML (or JSON) fragments in a file's style: scalars go through `yaml`'s stringify
 * (quoting what needs it), collections are laid out with the document's own indentation
 * (`YamlStyle`). `quoted('10001:10001')` forces quoting with the file's quote character;
 * `flow([...])` asks for a flow collection (`[ALL]`). JSON files get JSON syntax.
 */
import {Scalar, stringify} from 'yaml';
import type {YamlStyle} from './style.js';

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

export const spaces = (n: number): string => ' '.repeat(Math.max(0, n));

function isPlainObject(v: unknown): v is {readonly [key: string]: YValue} {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Quoted) && !(v instanceof Flow) && !(v instanceof Scalar);
}

export function toPlain(v: YValue): unknown {
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
  if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean' && v !== null) return stringifyPlain(v, style);
  // Keys and values repeat across every service a fix touches: yaml's stringify is asked once each.
  const key = `${style.quote}${typeof v}:${String(v)}`;
  let out = renderedScalars.get(key);
  if (out === undefined) {
    if (renderedScalars.size >= 10_000) renderedScalars.clear();
    renderedScalars.set(key, (out = stringifyPlain(v, style)));
  }
  return out;
}

const renderedScalars = new Map<string, string>();

function stringifyPlain(v: YValue, style: YamlStyle): string {
  return stringify(v, {lineWidth: 0, singleQuote: style.quote === "'"}).replace(/\r?\n$/, '');
}

export function renderKey(key: string, style: YamlStyle): string {
  return style.json ? JSON.stringify(key) : renderScalar(key, style);
}

/** True when a value is written on the line of its key (`key: value`). */
export function isInline(v: YValue): boolean {
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

export function renderJson(v: YValue, col: number, style: YamlStyle): string {
  const json = JSON.stringify(toPlain(v), null, style.indent);
  return json.split('\n').map((line, i) => (i === 0 ? line : spaces(col) + line)).join('\n');
}
