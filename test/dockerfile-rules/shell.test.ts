import {describe, expect, it} from 'vitest';
import {parseSource, type DockerfileSource} from '../../src/core/source.js';
import {appendToRun, effectiveArgs, parseRun, programOf, subcommandOf} from '../../src/formats/dockerfile/shell.js';

function src(text: string): DockerfileSource {
  const s = parseSource('Dockerfile', 'dockerfile', text);
  if (!('dockerfile' in s)) throw new Error(`parse: ${JSON.stringify(s)}`);
  return s;
}

function runs(text: string) {
  const s = src(text);
  return {s, scripts: s.dockerfile.ast.getInstructions().filter((i) => i.getKeyword() === 'RUN').map((r) => parseRun(s, r))};
}

const names = (text: string, i = 0) => runs(text).scripts[i]!.commands.map((c) => effectiveArgs(c).map((w) => w.value).join(' '));

describe('shell reader', () => {
  it('splits && || ; | chains and strips env prefixes', () => {
    expect(names('FROM debian:12\nRUN DEBIAN_FRONTEND=noninteractive apt-get update && apt-get install -y curl || true; echo a | tee b\n')).toEqual([
      'apt-get update',
      'apt-get install -y curl',
      'true',
      'echo a',
      'tee b',
    ]);
  });

  it('joins continuation lines and skips comment lines inside them', () => {
    const text = 'FROM debian:12\nRUN apt-get update \\\n# a comment\n    && apt-get install -y \\\n      curl \\\n    && rm -rf /tmp/x\nUSER 1\n';
    const {s, scripts} = runs(text);
    const cmds = scripts[0]!.commands;
    expect(cmds.map((c) => programOf(c))).toEqual(['apt-get', 'apt-get', 'rm']);
    const install = subcommandOf(cmds[1]!)!.word;
    expect(s.text.slice(install.start, install.end)).toBe('install');
    expect(cmds[1]!.words.at(-1)!.value).toBe('curl');
  });

  it('reads flags, cache mounts and quoted sh -c bodies with exact offsets', () => {
    const text = 'FROM debian:12\nRUN --mount=type=cache,target=/var/cache/apt sh -c "apt-get update && apt-get install -y \\"curl\\""\n';
    const {s, scripts} = runs(text);
    const script = scripts[0]!;
    expect(script.mounts[0]!.type).toBe('cache');
    expect(script.mounts[0]!.target).toBe('/var/cache/apt');
    const nested = script.commands.filter((c) => c.depth === 1);
    expect(nested.map((c) => programOf(c))).toEqual(['apt-get', 'apt-get']);
    const install = subcommandOf(nested[1]!)!.word;
    expect(s.text.slice(install.start, install.end)).toBe('install');
    expect(nested[1]!.words.at(-1)!.value).toBe('curl');
  });

  it('reads heredoc scripts and skips heredoc data', () => {
    const text = 'FROM debian:12\nRUN <<EOF\nset -e\napt-get update\ncat <<CONF > /etc/x\napt-get install nothing\nCONF\napt-get install -y curl\nEOF\nRUN python3 <<EOF\nimport os\nEOF\n';
    const {scripts} = runs(text);
    expect(scripts[0]!.form).toBe('heredoc');
    expect(scripts[0]!.commands.map((c) => effectiveArgs(c).map((w) => w.value).join(' '))).toEqual(['set -e', 'apt-get update', 'cat', 'apt-get install -y curl']);
    expect(scripts[1]!.form).toBe('shell');
    expect(scripts[1]!.commands.map((c) => programOf(c))).toEqual(['python3']);
  });

  it('reads `RUN <<EOT bash` and `RUN bash -e <<EOF` bodies as scripts', () => {
    const {scripts} = runs('FROM debian:12\nRUN <<EOT bash\n  set -ex\n  apt-get update\nEOT\nRUN bash -e <<EOF\npip install x\nEOF\nRUN <<EOF node\nconsole.log(1)\nEOF\n');
    expect(scripts.map((s) => s.form)).toEqual(['heredoc', 'heredoc', 'shell']);
    expect(scripts[0]!.commands.map((c) => programOf(c))).toEqual(['set', 'apt-get']);
    expect(scripts[1]!.commands.map((c) => programOf(c))).toEqual(['pip']);
  });

  it('keeps pipes in one pipeline and marks them', () => {
    const {scripts} = runs('FROM alpine:3\nRUN curl -fsSL https://x | sh && echo ok\n');
    const [a, b, c] = scripts[0]!.commands;
    expect(a!.pipeline).toBe(b!.pipeline);
    expect(c!.pipeline).not.toBe(a!.pipeline);
    expect(a!.after).toBe('|');
  });

  it('appends in the RUN layout', () => {
    const cases: Array<[string, string]> = [
      ['RUN apt-get update && apt-get install -y curl\n', 'RUN apt-get update && apt-get install -y curl && rm -rf /x\n'],
      ['RUN apt-get update \\\n    && apt-get install -y curl\n', 'RUN apt-get update \\\n    && apt-get install -y curl \\\n    && rm -rf /x\n'],
      ['RUN apt-get update && \\\n    apt-get install -y curl\n', 'RUN apt-get update && \\\n    apt-get install -y curl && \\\n    rm -rf /x\n'],
      ['RUN apt-get install -y curl # note\n', 'RUN apt-get install -y curl && rm -rf /x # note\n'],
      ['RUN <<EOF\nset -eux\napt-get install -y curl\nEOF\n', 'RUN <<EOF\nset -eux\napt-get install -y curl\nrm -rf /x\nEOF\n'],
      ['RUN <<EOF\napt-get install -y curl\nEOF\n', 'RUN <<EOF\napt-get install -y curl && rm -rf /x\nEOF\n'],
    ];
    for (const [run, expected] of cases) {
      const {s, scripts} = runs(`FROM debian:12\n${run}`);
      const edit = appendToRun(s, scripts[0]!, 'rm -rf /x')!;
      const out = s.text.slice(0, edit.start) + edit.text + s.text.slice(edit.end);
      expect(out).toBe(`FROM debian:12\n${expected}`);
    }
  });
});
