import {describe, expect, it} from 'vitest';
import {applyEdits} from '../../src/core/edit.js';
import {parseSource, isParseFailure, type DockerfileSource} from '../../src/core/source.js';
import {
  deleteWithin,
  addFlag,
  argumentSpans,
  flagOf,
  insertLinesAfter,
  insertLinesBefore,
  instructionSpan,
  keywordCase,
  removeInstruction,
  replaceArguments,
  replaceKeyword,
  runLines,
  setFlag,
} from '../../src/formats/dockerfile/edit.js';
import {finalStage, resolveBase, stageVariables, substitute} from '../../src/formats/dockerfile/stages.js';

function df(text: string): DockerfileSource {
  const s = parseSource('Dockerfile', 'dockerfile', text);
  if (isParseFailure(s) || s.kind !== 'dockerfile') throw new Error('parse failed');
  return s;
}
const crlf = (t: string) => t.replace(/\n/g, '\r\n');
function find(s: DockerfileSource, keyword: string, nth = -1) {
  const all = s.dockerfile.ast.getInstructions().filter((i) => i.getKeyword() === keyword);
  return all.at(nth)!;
}

const BASE = [
  '# syntax=docker/dockerfile:1.7',
  'ARG BASE=python:3.12-slim',
  'FROM ${BASE} AS builder',
  'RUN <<EOF',
  'set -e',
  'CMD echo not-an-instruction',
  'EOF',
  'FROM builder',
  '  COPY app /app',
  'RUN pip install \\',
  '    flask',
  '  CMD ["python", "-m", "app"]',
  '',
].join('\n');

describe('dockerfile edit helpers', () => {
  for (const [name, conv] of [['LF', (t: string) => t], ['CRLF', crlf]] as const) {
    it(`inserts a line before CMD with its indentation and the file EOL (${name})`, () => {
      const s = df(conv(BASE));
      const cmd = find(s, 'CMD');
      const out = applyEdits(s.text, [insertLinesBefore(s, cmd, ['USER 10001:10001'])]);
      expect(out).toBe(conv(BASE.replace('  CMD [', '  USER 10001:10001\n  CMD [')));
    });
    it(`inserts after a continued RUN and after a heredoc (${name})`, () => {
      const s = df(conv(BASE));
      const run = find(s, 'RUN');
      const heredocRun = find(s, 'RUN', 0);
      const out = applyEdits(s.text, [insertLinesAfter(s, run, ['ENV A=1']), insertLinesAfter(s, heredocRun, ['ENV B=2'])]);
      expect(out).toBe(conv(BASE.replace('    flask\n', '    flask\nENV A=1\n').replace('EOF\nFROM builder', 'EOF\nENV B=2\nFROM builder')));
    });
  }
  it('appends after the last line of a file without a final newline', () => {
    const s = df('FROM debian\nCMD ["bash"]');
    const out = applyEdits(s.text, [insertLinesAfter(s, find(s, 'CMD'), ['USER 1:1'])]);
    expect(out).toBe('FROM debian\nCMD ["bash"]\nUSER 1:1');
  });
  it('replaces keyword and arguments, adds and sets flags', () => {
    const s = df('FROM debian\nADD --chmod=644 a.txt /a.txt\nUSER app\nCOPY --chown=root x /x\n');
    const add = find(s, 'ADD');
    expect(applyEdits(s.text, [replaceKeyword(s, add, 'COPY')])).toContain('COPY --chmod=644 a.txt /a.txt');
    expect(applyEdits(s.text, [replaceArguments(s, find(s, 'USER'), '10001:10001')])).toContain('\nUSER 10001:10001\n');
    expect(applyEdits(s.text, [addFlag(s, add, '--chown=1:1')])).toContain('ADD --chown=1:1 --chmod=644 a.txt');
    const copy = find(s, 'COPY');
    expect(flagOf(copy, 'chown')?.getValue()).toBe('root');
    expect(applyEdits(s.text, [setFlag(s, copy, 'chown', '1:1')])).toContain('COPY --chown=1:1 x /x');
    expect(argumentSpans(s, copy).map((a) => a.value)).toEqual(['x', '/x']);
    expect(s.text.slice(instructionSpan(s, copy).start, instructionSpan(s, copy).end)).toBe('COPY --chown=root x /x');
  });
  it('removes an instruction with its line break, also on the last line', () => {
    const s = df('FROM debian\nEXPOSE 22\nCMD ["x"]');
    expect(applyEdits(s.text, removeInstruction(s, find(s, 'EXPOSE')))).toBe('FROM debian\nCMD ["x"]');
    expect(applyEdits(s.text, removeInstruction(s, find(s, 'CMD')))).toBe('FROM debian\nEXPOSE 22');
  });
  it('deletes words across a continuation keeping its escape, indentation, comments and blank lines', () => {
    const s = df('FROM debian\nRUN sudo \\\n# why\n\n    apt-get install -y vim\n');
    const start = s.text.indexOf('sudo');
    expect(applyEdits(s.text, deleteWithin(s, start, s.text.indexOf('apt-get')))).toBe('FROM debian\nRUN \\\n# why\n\n    apt-get install -y vim\n');
    // The last property of an ENV: the instruction now ends on the line before, the comment stays.
    const tail = df('FROM debian\nENV A=1 \\\n  B=2 \\\n  # c\n  C=3\nCMD ["x"]\n');
    expect(applyEdits(tail.text, deleteWithin(tail, tail.text.indexOf('B=2') + 3, tail.text.indexOf('C=3') + 3))).toBe('FROM debian\nENV A=1 \\\n  B=2\n  # c\nCMD ["x"]\n');
    const end = df('FROM debian\r\nEXPOSE 80 \\\r\n  22');
    expect(applyEdits(end.text, deleteWithin(end, end.text.indexOf('80') + 2, end.text.length))).toBe('FROM debian\r\nEXPOSE 80');
  });
  it('keeps the comment lines inside a removed instruction\'s continuation', () => {
    const s = df('FROM debian\nENV API_KEY \\\n# why\n    abcd\nCMD ["x"]\n');
    expect(applyEdits(s.text, removeInstruction(s, find(s, 'ENV')))).toBe('FROM debian\n# why\nCMD ["x"]\n');
    const last = df('FROM debian\r\nEXPOSE \\\r\n  # ssh\r\n  22');
    expect(applyEdits(last.text, removeInstruction(last, find(last, 'EXPOSE')))).toBe('FROM debian\r\n  # ssh');
  });
  it('writes continuations with the escape character of the file', () => {
    const s = df('# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN a `\n  b\n');
    expect(runLines(s, ['a', 'b'])).toEqual(['RUN a `', '    && b']);
    expect(keywordCase(s, 'user')).toBe('USER');
    expect(keywordCase(df('from debian\nrun x\n'), 'USER')).toBe('user');
  });
  it('resolves the final stage through FROM <stage> to the ARG default', () => {
    const s = df(BASE);
    const final = finalStage(s.dockerfile)!;
    const base = resolveBase(s.dockerfile, final);
    expect(base.image).toBe('python:3.12-slim');
    expect(base.chain.map((st) => st.index)).toEqual([1, 0]);
    expect(base.unresolved).toBe(false);
  });
  it('resolves ARG and ENV variables of a stage', () => {
    const s = df('ARG UID=10001\nFROM debian\nARG UID\nARG GID=${UID}\nENV HOME=/home/app\nUSER ${UID}:${GID}\n');
    const vars = stageVariables(s.dockerfile, finalStage(s.dockerfile)!);
    expect(vars.get('UID')).toBe('10001');
    expect(vars.get('GID')).toBe('10001');
    expect(substitute('${UID}:${GID}', vars)).toBe('10001:10001');
    expect(substitute('${NOPE:-7}/${NOPE}/${UID:+x}', vars)).toBe('7/${NOPE}/x');
  });

  it('gives each line the variables as they stand before it, over many ENV lines, ENV winning over ARG', () => {
    const envs = Array.from({length: 100}, (_, i) => `ENV V${i}=${i}`);
    const text = ['FROM debian AS base', 'ENV INHERITED=yes', 'FROM base', 'ARG X=arg', ...envs, 'ENV X=env A=1', 'ENV A=2 B=$A', 'RUN true'].join('\n') + '\n';
    const s = df(text);
    const stage = finalStage(s.dockerfile)!;
    const at = (line: number) => stageVariables(s.dockerfile, stage, line);
    // Line 4 (0-based) is the first ENV V0: before it the stage sees its ENV from base and ARG X.
    expect(Object.fromEntries(at(4))).toEqual({INHERITED: 'yes', X: 'arg'});
    expect(at(50).get('V45')).toBe('45');
    expect(at(50).has('V46')).toBe(false);
    const last = at(Number.POSITIVE_INFINITY);
    expect(last.size).toBe(100 + 4);
    expect(last.get('X')).toBe('env');
    // One instruction reads the variables as they were before it, as Docker does.
    expect(last.get('A')).toBe('2');
    expect(last.get('B')).toBe('1');
    expect([...last.keys()]).toContain('V99');
  });
});
