/** JSON text in parts (issue 11: memory) joins to exactly what JSON.stringify writes. */
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {batched, jsonParts, lazyArray} from '../../src/report/json-parts.js';

const whole = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
const joined = (value: unknown) => [...jsonParts(value)].join('');

describe('jsonParts', () => {
  it('joins to JSON.stringify(value, null, 2) and a newline for any JSON value', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => {
      expect(joined(value)).toBe(whole(value));
    }), {numRuns: 500});
  });

  it('writes a LazyArray as the array of its mapped items, nested at any depth', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue()), fc.dictionary(fc.string(), fc.jsonValue()), (items, rest) => {
        const lazy = {...rest, list: {inner: lazyArray(items, (item) => ({item}))}};
        const eager = {...rest, list: {inner: items.map((item) => ({item}))}};
        expect(joined(lazy)).toBe(whole(eager));
      }),
      {numRuns: 300},
    );
  });

  it('leaves out members without a JSON form and writes such items as null, as JSON.stringify does', () => {
    const value = {a: undefined, b: () => 1, c: [undefined, 1], d: {}, e: [], f: lazyArray([1, 2], () => undefined)};
    const eager = {...value, f: [undefined, undefined]};
    expect(joined(value)).toBe(whole(eager));
  });

  it('makes each item of a LazyArray only as its turn comes', () => {
    const made: number[] = [];
    const parts = jsonParts({list: lazyArray([1, 2, 3], (n) => (made.push(n), n))});
    parts.next();
    expect(made).toEqual([]);
    [...parts];
    expect(made).toEqual([1, 2, 3]);
  });
});

describe('batched', () => {
  it('joins parts into pieces of at least the size, keeping every character in order', () => {
    fc.assert(
      fc.property(fc.array(fc.string()), fc.integer({min: 1, max: 50}), (parts, size) => {
        const pieces = [...batched(parts, size)];
        expect(pieces.join('')).toBe(parts.join(''));
        for (const piece of pieces.slice(0, -1)) expect(piece.length).toBeGreaterThanOrEqual(size);
        expect(pieces.every((p) => p.length > 0)).toBe(true);
      }),
    );
  });
});
