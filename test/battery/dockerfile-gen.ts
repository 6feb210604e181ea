/**
 * Generated Dockerfiles: several stages (named, `FROM <stage>`, images through global ARGs),
 * ARGs, heredocs, continuations (with comment and blank lines inside), comments, JSON and shell
 * forms, lower-case keywords, the escape directive, CRLF, lone CRs and BOMs, built from pieces of
 * what real Dockerfiles contain (package installs, secrets in ENV, remote ADD, USER root, …).
 */
import fc from 'fast-check';

const IMAGES = ['alpine:3.19', 'debian:bookworm-slim', 'ubuntu:22.04', 'node:20-alpine', 'python:3.12-slim', 'nginx:1.25', 'golang:1.22', 'busybox', 'redis:latest', 'postgres:16', 'gcr.io/distroless/static-debian12', 'scratch', 'eclipse-temurin:21-jre', 'php:8.3-apache', 'mcr.microsoft.com/windows/nanoserver:ltsc2022'];

/** One instruction as lines of words; `cont` lets the renderer break lines with the escape char. */
interface Piece {
  /** Logical lines: words joined by spaces; a renderer may break between words. */
  words: string[];
  /** A heredoc body (already lines), for RUN <<EOF. */
  heredoc?: {name: string; body: string[]; strip: boolean};
}

const run = (cmd: string): Piece => ({words: ['RUN', ...cmd.split(' ')]});

const RUNS = [
  'apt-get update && apt-get install -y curl ca-certificates',
  'apt-get update && apt-get install -y --no-install-recommends git && rm -rf /var/lib/apt/lists/*',
  'apk add curl git',
  'apk add --no-cache bash',
  'apk update && apk add openssl',
  'pip install flask gunicorn',
  'pip install --no-cache-dir -r requirements.txt',
  'npm install && npm run build',
  'npm ci --omit=dev',
  'yarn install && yarn cache clean',
  'curl -fsSL https://example.com/install.sh | sh',
  'wget -qO- https://get.example.io | bash',
  'sudo apt-get install -y vim',
  'chmod 777 /app',
  'chmod -R 0777 /data',
  'mkdir -p /app && chown -R 1000:1000 /app',
  'useradd -m app',
  'adduser -D app',
  'set -eux; echo building; make all',
  'echo "a b" > /etc/motd',
  'go build -o /out/app ./cmd/app',
];

const OTHERS: Piece[] = [
  {words: ['COPY', '.', '/app']},
  {words: ['COPY', '--chown=1000:1000', 'package.json', '/app/']},
  {words: ['COPY', '--from=build', '/out/app', '/usr/local/bin/app']},
  {words: ['ADD', 'app.tar.gz', '/opt/']},
  {words: ['ADD', 'src/', '/app/src/']},
  {words: ['ADD', 'https://example.com/tool.tgz', '/tmp/tool.tgz']},
  {words: ['WORKDIR', '/app']},
  {words: ['WORKDIR', 'srv']},
  {words: ['ENV', 'NODE_ENV=production']},
  {words: ['ENV', 'DB_PASSWORD=Sup3rS3cretPw42']},
  {words: ['ENV', 'API_KEY', 'abcd1234efgh5678ijkl']},
  {words: ['ENV', 'A=1', 'B="two words"']},
  {words: ['ARG', 'VERSION=1.0']},
  {words: ['ARG', 'GITHUB_TOKEN']},
  {words: ['EXPOSE', '22']},
  {words: ['EXPOSE', '8080/tcp']},
  {words: ['USER', 'root']},
  {words: ['USER', 'app']},
  {words: ['USER', '1000']},
  {words: ['USER', 'nobody:nogroup']},
  {words: ['HEALTHCHECK', 'CMD', 'curl', '-f', 'http://localhost/', '||', 'exit', '1']},
  {words: ['HEALTHCHECK', 'NONE']},
  {words: ['SHELL', '["/bin/bash",', '"-o",', '"pipefail",', '"-c"]']},
  {words: ['LABEL', 'org.opencontainers.image.title="demo"']},
  {words: ['VOLUME', '/data']},
  {words: ['STOPSIGNAL', 'SIGTERM']},
  {words: ['ONBUILD', 'RUN', 'echo', 'hi']},
];

const RUNTIME: Piece[] = [
  {words: ['CMD', '["node",', '"server.js"]']},
  {words: ['CMD', 'node', 'server.js']},
  {words: ['CMD', 'python', 'app.py', '--port', '8080']},
  {words: ['CMD', '["sh",', '"-c",', '"exec nginx -g \'daemon off;\'"]']},
  {words: ['ENTRYPOINT', '["/entrypoint.sh"]']},
  {words: ['ENTRYPOINT', '/docker-entrypoint.sh']},
  {words: ['CMD', '["--help"]']},
];

const heredoc: fc.Arbitrary<Piece> = fc.record({
  name: fc.constantFrom('EOF', 'EOT', 'SCRIPT'),
  body: fc.array(fc.constantFrom('set -e', 'apt-get update', 'apk add curl', 'pip install requests', 'echo "done"', 'chmod 777 /tmp/x', '# a comment in the script'), {minLength: 1, maxLength: 4}),
  strip: fc.boolean(),
}).map((h) => ({words: ['RUN', `<<${h.strip ? '-' : ''}${h.name}`], heredoc: h}));

const piece: fc.Arbitrary<Piece> = fc.oneof(
  {weight: 4, arbitrary: fc.constantFrom(...RUNS).map(run)},
  {weight: 4, arbitrary: fc.constantFrom(...OTHERS)},
  {weight: 1, arbitrary: heredoc},
);

interface Line {
  piece: Piece;
  /** Break after these word indexes with a continuation. */
  breaks: number[];
  lower: boolean;
  /** Comment / blank lines before the instruction. */
  before: Array<'comment' | 'blank'>;
  /** A comment or blank line inside the continuation (Docker skips them). */
  inside: 'comment' | 'blank' | null;
}

const line = (p: fc.Arbitrary<Piece>): fc.Arbitrary<Line> =>
  fc.record({
    piece: p,
    breaks: fc.array(fc.nat({max: 8}), {maxLength: 2}),
    lower: fc.boolean(),
    before: fc.array(fc.constantFrom<'comment' | 'blank'>('comment', 'blank'), {maxLength: 2}),
    inside: fc.constantFrom<Line['inside']>(null, null, null, 'comment', 'blank'),
  });

interface Stage {
  image: string;
  name: string | null;
  fromStage: boolean;
  platform: boolean;
  lines: Line[];
  runtime: Line | null;
}

const stage: fc.Arbitrary<Stage> = fc.record({
  image: fc.constantFrom(...IMAGES),
  name: fc.option(fc.constantFrom('build', 'deps', 'base', 'runtime'), {nil: null}),
  fromStage: fc.boolean(),
  platform: fc.boolean(),
  lines: fc.array(line(piece), {maxLength: 7}),
  runtime: fc.option(line(fc.constantFrom(...RUNTIME)), {nil: null}),
});

export interface DockerfileCase {
  text: string;
  /** What the text was made with (shown when a case fails). */
  crlf: boolean;
}

export const dockerfile: fc.Arbitrary<DockerfileCase> = fc
  .record({
    stages: fc.array(stage, {minLength: 1, maxLength: 3}),
    escape: fc.constantFrom('\\', '\\', '\\', '`'),
    syntax: fc.boolean(),
    globalArg: fc.boolean(),
    eol: fc.constantFrom('\n', '\n', '\r\n'),
    boms: fc.constantFrom(0, 0, 0, 1, 2),
    finalNewline: fc.constantFrom(true, true, true, false),
    loneCr: fc.option(fc.nat({max: 40}), {nil: null}),
    tail: fc.constantFrom('', '', '# end', 'continuation'),
  })
  .map(({stages, escape, syntax, globalArg, eol, boms, finalNewline, loneCr, tail}) => {
    const out: string[] = [];
    let comments = 0;
    const comment = () => `# c${++comments}`;
    if (syntax) out.push('# syntax=docker/dockerfile:1');
    if (escape === '`') out.push('# escape=`');
    if (globalArg) out.push('ARG BASE=alpine:3.19');
    const names: string[] = [];
    const render = (l: Line): void => {
      for (const b of l.before) out.push(b === 'comment' ? comment() : '');
      const words = [...l.piece.words];
      if (l.lower) words[0] = words[0]!.toLowerCase();
      const breaks = new Set(l.breaks.filter((b) => b > 0 && b < words.length - 1 && !l.piece.heredoc));
      let current = '';
      words.forEach((w, i) => {
        current += (i === 0 ? '' : ' ') + w;
        if (breaks.has(i)) {
          out.push(`${current} ${escape}`);
          if (l.inside) out.push(l.inside === 'comment' ? comment() : '');
          current = '   ';
        }
      });
      out.push(current);
      if (l.piece.heredoc) {
        for (const b of l.piece.heredoc.body) out.push(`${l.piece.heredoc.strip ? '\t' : ''}${b}`);
        out.push(l.piece.heredoc.name);
      }
    };
    stages.forEach((s, i) => {
      const base = i > 0 && s.fromStage && names.length > 0 ? names.at(-1)! : globalArg && i === 0 ? '${BASE}' : s.image;
      const name = s.name && !names.includes(s.name) ? s.name : null;
      if (i > 0) out.push('');
      out.push(`FROM ${s.platform ? '--platform=$BUILDPLATFORM ' : ''}${base}${name ? ` AS ${name}` : ''}`);
      if (name) names.push(name);
      for (const l of s.lines) render(l);
      if (s.runtime) render(s.runtime);
    });
    if (tail === '# end') out.push(comment());
    if (tail === 'continuation') out.push(`RUN echo done ${escape}`);
    let text = out.join('\n') + (finalNewline ? '\n' : '');
    if (loneCr !== null) {
      // A lone CR inside a comment line (an editor that saved a stray \r).
      const lines = text.split('\n');
      const at = lines.findIndex((l, i) => i >= loneCr % lines.length && /^# c\d+$/.test(l));
      if (at !== -1) lines[at] = `${lines[at]}\rstray`;
      text = lines.join('\n');
    }
    if (eol === '\r\n') text = text.replace(/\n/g, '\r\n');
    return {text: '\uFEFF'.repeat(boms) + text, crlf: eol === '\r\n'};
  });
