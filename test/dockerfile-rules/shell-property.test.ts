/**
 * Property: however a RUN is laid out (separators, continuation lines with the file's escape
 * character, comment lines inside continuations, indentation, CRLF), the reader finds the same
 * commands, and every word's offsets point at exactly that word in the source.
 */
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {parseSource, type DockerfileSource} from '../../src/core/source.js';
import {effectiveArgs, parseRun} from '../../src/formats/dockerfile/shell.js';

const word = fc.stringMatching(/^[a-z][a-z0-9._/=-]{0,8}$/).filter((w) => !['if', 'then', 'do', 'fi', 'done', 'else', 'time', 'sudo', 'env', 'exec', 'command', 'nohup', 'nice', 'while', 'until', 'elif', 'esac'].includes(w) && !/^[a-z_][a-z0-9_]*=/.test(w));
const command = fc.array(word, {minLength: 1, maxLength: 5});
const separator = fc.constantFrom('&&', '||', ';', '|');
const gap = fc.constantFrom(' ', '  ', ' \\\n    ', ' \\\n# a comment\n    ', '\t');

function source(text: string): DockerfileSource {
  const s = parseSource('Dockerfile', 'dockerfile', text);
  if (!('dockerfile' in s)) throw new Error('parse failed');
  return s;
}

describe('shell reader properties', () => {
  it('finds the same commands with exact word offsets for any layout', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(command, separator), {minLength: 1, maxLength: 5}), fc.array(gap, {minLength: 40, maxLength: 40}), fc.boolean(), (parts, gaps, crlf) => {
        let g = 0;
        const next = () => gaps[g++ % gaps.length]!;
        const pieces: string[] = [];
        parts.forEach(([words, sep], i) => {
          pieces.push(words.join(next()));
          if (i < parts.length - 1) pieces.push(`${next()}${sep}${next()}`);
        });
        let text = `FROM debian:12\nRUN ${pieces.join('')}\nUSER 1\n`;
        if (crlf) text = text.replace(/\n/g, '\r\n');
        const s = source(text);
        const run = s.dockerfile.ast.getInstructions().find((i) => i.getKeyword() === 'RUN')!;
        const script = parseRun(s, run);
        expect(script.commands.map((c) => effectiveArgs(c).map((w) => w.value))).toEqual(parts.map(([words]) => words));
        for (const c of script.commands) for (const w of c.words) expect(s.text.slice(w.start, w.end)).toBe(w.raw);
      }),
      {numRuns: 200},
    );
  });
});
