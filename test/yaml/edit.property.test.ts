/**
 * Property tests of the YAML edit helpers: random mappings rendered in several styles (2/4-space
 * indentation, indented and indentless sequences, comments, LF/CRLF); inserting or removing a key
 * keeps every other line byte-identical and the result parses to the expected data.
 */
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {isMap, parse, stringify, type YAMLMap} from 'yaml';
import {applyEdits} from '../../src/core/edit.js';
import {isParseFailure, parseSource, type YamlSource} from '../../src/core/source.js';
import {appendIn, removeKey, setIn} from '../../src/formats/yaml/edit.js';
import type {YValue} from '../../src/formats/yaml/render.js';

type Data = {[key: string]: Data | string | number | string[]};

const key = fc.constantFrom('a', 'b', 'c', 'image', 'deploy', 'x-y', 'ports', 'env');
const scalar = fc.oneof(fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/), fc.integer({min: 0, max: 999}));
const data: fc.Arbitrary<Data> = fc.letrec<{map: Data}>((tie) => ({
  map: fc.dictionary(key, fc.oneof({depthSize: 'small'}, scalar, fc.array(fc.stringMatching(/^[a-z]{1,5}$/), {minLength: 1, maxLength: 3}), tie('map')), {minKeys: 1, maxKeys: 4}) as fc.Arbitrary<Data>,
})).map;

interface Variant {
  indent: 2 | 4;
  indentSeq: boolean;
  crlf: boolean;
  comments: boolean[];
}
const variant: fc.Arbitrary<Variant> = fc.record({
  indent: fc.constantFrom(2 as const, 4 as const),
  indentSeq: fc.boolean(),
  crlf: fc.boolean(),
  comments: fc.array(fc.boolean(), {minLength: 40, maxLength: 40}),
});

function render(d: Data, v: Variant): string {
  let text = stringify(d, {indent: v.indent, indentSeq: v.indentSeq});
  // Trailing comments on some lines, and a full-line comment before some others.
  text = text
    .split('\n')
    .map((line, i) => (line === '' ? line : v.comments[i % 40] ? `${line} # c${i}` : i % 7 === 3 ? `# note ${i}\n${line}` : line))
    .join('\n');
  return v.crlf ? text.replace(/\n/g, '\r\n') : text;
}

function source(text: string): YamlSource {
  const s = parseSource('compose.yaml', 'compose', text);
  if (isParseFailure(s)) throw new Error(`generated YAML does not parse: ${s.message}\n${text}`);
  return s as YamlSource;
}

/** Paths of every block mapping in the data (including the root). */
function mapPaths(d: Data, prefix: string[] = []): string[][] {
  const out = [prefix];
  for (const [k, v] of Object.entries(d)) {
    if (typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 0) out.push(...mapPaths(v as Data, [...prefix, k]));
  }
  return out;
}

function lines(text: string): string[] {
  return text.split(/(?<=\n)/);
}

/** True when `after` is `before` with whole lines inserted at one place. */
function onlyInsertedLines(before: string, after: string): boolean {
  const b = lines(before);
  const a = lines(after);
  let i = 0;
  while (i < b.length && a[i] === b[i]) i++;
  let j = 0;
  while (j < b.length - i && a[a.length - 1 - j] === b[b.length - 1 - j]) j++;
  return i + j >= b.length;
}

function setPath(d: Data, path: string[], value: unknown): Data {
  const copy = structuredClone(d);
  let cur: Record<string, unknown> = copy;
  for (const k of path.slice(0, -1)) {
    if (typeof cur[k] !== 'object' || cur[k] === null || Array.isArray(cur[k])) cur[k] = {};
    cur = cur[k] as Record<string, unknown>;
  }
  cur[path.at(-1)!] = value;
  return copy;
}

describe('YAML edit properties', () => {
  it('inserting a key into any mapping keeps every other line and parses to the expected data', () => {
    fc.assert(
      fc.property(data, variant, fc.nat(), fc.array(fc.constantFrom('new', 'limits', 'memory'), {minLength: 1, maxLength: 3}), scalar, (d, v, pick, rel, value) => {
        const text = render(d, v);
        const s = source(text);
        const paths = mapPaths(d);
        const target = paths[pick % paths.length]!;
        const node = target.length === 0 ? s.docs[0]!.contents : s.docs[0]!.getIn(target, true);
        if (!isMap(node)) return;
        // The new path starts with a key the mapping does not have, so this is a pure insertion.
        const fresh = [`k${rel.length}new`, ...rel.slice(1)];
        const edits = setIn(s, node as YAMLMap, fresh, value as YValue);
        const out = applyEdits(text, edits);
        expect(onlyInsertedLines(text, out), `only new lines:\n${out}`).toBe(true);
        if (v.crlf) expect(out.replace(/\r\n/g, '').includes('\n'), 'every new line is CRLF').toBe(false);
        expect(parse(out)).toEqual(setPath(d, [...target, ...fresh], value));
      }),
      {numRuns: 300},
    );
  });

  it('replacing or creating a nested value parses to the expected data and keeps other lines', () => {
    fc.assert(
      fc.property(data, variant, fc.nat(), scalar, (d, v, pick, value) => {
        const text = render(d, v);
        const s = source(text);
        const paths = mapPaths(d);
        const target = paths[pick % paths.length]!;
        const node = target.length === 0 ? s.docs[0]!.contents : s.docs[0]!.getIn(target, true);
        if (!isMap(node)) return;
        const k = Object.keys(target.reduce<Data>((acc, p) => acc[p] as Data, d))[pick % 3] ?? 'zz';
        const existing = target.reduce<Data>((acc, p) => acc[p] as Data, d)[k];
        const edits = setIn(s, node as YAMLMap, [k], value as YValue);
        const out = applyEdits(text, edits);
        expect(parse(out)).toEqual(setPath(d, [...target, k], value));
        if (existing === undefined || typeof existing !== 'object') {
          // A scalar replaced in place or a pair added: at most one old line differs.
          const before = lines(text);
          const after = lines(out);
          const changed = before.filter((l) => !after.includes(l));
          expect(changed.length, out).toBeLessThanOrEqual(1);
        }
      }),
      {numRuns: 300},
    );
  });

  it('removing a key deletes only its lines and parses to the expected data', () => {
    fc.assert(
      fc.property(data, variant, fc.nat(), (d, v, pick) => {
        const text = render(d, v);
        const s = source(text);
        const paths = mapPaths(d);
        const target = paths[pick % paths.length]!;
        const node = target.length === 0 ? s.docs[0]!.contents : s.docs[0]!.getIn(target, true);
        if (!isMap(node) || node.items.length < 2) return;
        const parent = target.reduce<Data>((acc, p) => acc[p] as Data, d);
        const k = Object.keys(parent)[pick % Object.keys(parent).length]!;
        const out = applyEdits(text, removeKey(s, node as YAMLMap, k));
        const expected = structuredClone(d);
        delete target.reduce<Data>((acc, p) => acc[p] as Data, expected)[k];
        expect(parse(out)).toEqual(expected);
        // Removal: `out`'s lines are a subsequence of the original's (except a `- key` line whose
        // first key moved onto the dash).
        const a = lines(out);
        const b = lines(text);
        let j = 0;
        for (const line of b) if (j < a.length && a[j] === line) j++;
        expect(j >= a.length - 1, out).toBe(true);
      }),
      {numRuns: 300},
    );
  });

  it('appending to a sequence keeps the other lines and parses to the expected data', () => {
    fc.assert(
      fc.property(data, variant, fc.nat(), fc.stringMatching(/^[A-Z]{3,6}$/), (d, v, pick, item) => {
        const text = render(d, v);
        const s = source(text);
        const paths = mapPaths(d);
        const target = paths[pick % paths.length]!;
        const node = target.length === 0 ? s.docs[0]!.contents : s.docs[0]!.getIn(target, true);
        if (!isMap(node)) return;
        const parent = target.reduce<Data>((acc, p) => acc[p] as Data, d);
        const seqKey = Object.keys(parent).find((k) => Array.isArray(parent[k])) ?? 'fresh_list';
        const out = applyEdits(text, appendIn(s, node as YAMLMap, [seqKey], [item]));
        expect(onlyInsertedLines(text, out), out).toBe(true);
        const expected = structuredClone(d);
        const p = target.reduce<Data>((acc, x) => acc[x] as Data, expected);
        p[seqKey] = [...((p[seqKey] as string[] | undefined) ?? []), item];
        expect(parse(out)).toEqual(expected);
      }),
      {numRuns: 300},
    );
  });
});
