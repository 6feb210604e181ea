import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {applyEdits, editsConflict, validateEdits} from '../../src/core/edit.js';
import type {Edit} from '../../src/core/model.js';
import {LineIndex, detectEol, hashText, stripBom} from '../../src/core/text.js';

/** Random non-overlapping edits of a text: sorted cut points, each gap maybe replaced. */
const textAndEdits = fc
  .string({unit: fc.constantFrom('a', 'b', '\n', '\r\n', ' ', 'é', '#'), maxLength: 80})
  .chain((text) =>
    fc
      .uniqueArray(fc.integer({min: 0, max: text.length}), {maxLength: 12})
      .map((cuts) => cuts.sort((a, b) => a - b))
      .chain((cuts) => {
        const ranges: Array<[number, number]> = [];
        for (let i = 0; i + 1 < cuts.length; i += 2) ranges.push([cuts[i]!, cuts[i + 1]!]);
        return fc.tuple(fc.constant(text), fc.tuple(...ranges.map(([s, e]) => fc.record({start: fc.constant(s), end: fc.constant(e), text: fc.string({maxLength: 5})}))));
      }),
  );

describe('applyEdits', () => {
  it('equals applying the edits one by one from the right (random non-overlapping edits)', () => {
    fc.assert(
      fc.property(textAndEdits, ([text, raw]) => {
        const edits: Edit[] = raw.map((e) => ({file: 'f', ...e}));
        let expected = text;
        for (const e of [...edits].sort((a, b) => b.start - a.start)) expected = expected.slice(0, e.start) + e.text + expected.slice(e.end);
        expect(applyEdits(text, edits)).toBe(expected);
        // Order of the given list does not matter.
        expect(applyEdits(text, [...edits].reverse())).toBe(expected);
      }),
      {numRuns: 300},
    );
  });

  it('keeps every byte outside the edited ranges', () => {
    fc.assert(
      fc.property(textAndEdits, ([text, raw]) => {
        const edits: Edit[] = raw.map((e) => ({file: 'f', ...e}));
        const out = applyEdits(text, edits);
        let shift = 0;
        let pos = 0;
        for (const e of [...edits].sort((a, b) => a.start - b.start)) {
          expect(out.slice(pos + shift, e.start + shift)).toBe(text.slice(pos, e.start));
          shift += e.text.length - (e.end - e.start);
          pos = e.end;
        }
        expect(out.slice(pos + shift)).toBe(text.slice(pos));
      }),
      {numRuns: 200},
    );
  });

  it('keeps insertions at one offset in the given order', () => {
    const edits: Edit[] = [
      {file: 'f', start: 1, end: 1, text: 'X'},
      {file: 'f', start: 1, end: 1, text: 'Y'},
    ];
    expect(applyEdits('ab', edits)).toBe('aXYb');
  });

  it('throws on overlapping edits instead of guessing', () => {
    expect(() =>
      applyEdits('abcdef', [
        {file: 'f', start: 0, end: 3, text: ''},
        {file: 'f', start: 2, end: 4, text: ''},
      ]),
    ).toThrow(/overlapping/);
  });
});

describe('validateEdits / editsConflict', () => {
  it('rejects out-of-range and overlapping edits of one fix', () => {
    expect(validateEdits([{file: 'f', start: 0, end: 9, text: ''}], () => 'abc')).toMatch(/out of range/);
    expect(
      validateEdits(
        [
          {file: 'f', start: 0, end: 2, text: ''},
          {file: 'f', start: 1, end: 3, text: ''},
        ],
        () => 'abc',
      ),
    ).toMatch(/overlap/);
    expect(validateEdits([{file: 'f', start: 0, end: 1, text: 'x'}], () => 'abc')).toBeNull();
  });

  it('treats touching edits as conflicting (they wait for the next pass) but not edits of other files', () => {
    expect(editsConflict({file: 'f', start: 0, end: 2, text: ''}, {file: 'f', start: 2, end: 2, text: 'x'})).toBe(true);
    expect(editsConflict({file: 'f', start: 0, end: 2, text: ''}, {file: 'f', start: 3, end: 4, text: 'x'})).toBe(false);
    expect(editsConflict({file: 'f', start: 0, end: 2, text: ''}, {file: 'g', start: 0, end: 2, text: 'x'})).toBe(false);
  });
});

describe('text helpers', () => {
  it('maps offsets and positions both ways, CRLF counted as one break', () => {
    const text = 'ab\r\ncd\nef';
    const lines = new LineIndex(text);
    expect(lines.lineCount).toBe(3);
    expect(lines.position(5)).toEqual({line: 1, character: 1});
    expect(lines.offset(1, 1)).toBe(5);
    expect(lines.lineText(0)).toBe('ab');
    expect(lines.lineEnd(0)).toBe(2);
    expect(lines.nextLineStart(0)).toBe(4);
    fc.assert(
      fc.property(fc.string({unit: fc.constantFrom('x', '\n', '\r\n')}), fc.nat(), (t, n) => {
        const index = new LineIndex(t);
        const offset = t.length === 0 ? 0 : n % (t.length + 1);
        const p = index.position(offset);
        expect(index.offset(p.line, p.character)).toBe(offset);
      }),
    );
  });

  it('detects the dominant line ending, the BOM, and hashes stably', () => {
    expect(detectEol('a\r\nb\r\nc\n')).toBe('\r\n');
    expect(detectEol('a\nb\n')).toBe('\n');
    expect(stripBom('\uFEFFFROM x')).toEqual({text: 'FROM x', bom: '\uFEFF'});
    expect(stripBom('\uFEFF\uFEFFservices:')).toEqual({text: 'services:', bom: '\uFEFF\uFEFF'});
    expect(stripBom('FROM x')).toEqual({text: 'FROM x', bom: ''});
    expect(hashText('abc')).toBe(hashText('abc'));
    expect(hashText('abc')).not.toBe(hashText('abd'));
  });
});
