import {posix} from 'node:path';
import type {FindingDraft} from '../../core/model.js';
import {defineRule} from '../../core/rule.js';
import {argumentSpans, flagOf} from '../../formats/dockerfile/edit.js';
import {buildContextOf, dirOf, instructionLocator, nodeAppExample} from './support.js';

const docs = `## What it does
Reports a Dockerfile that copies its whole build context (\`COPY . .\`, \`COPY ./ /app\`,
\`ADD . /src\`) when the context has no \`.dockerignore\` (and there is no
\`<Dockerfile>.dockerignore\` beside the Dockerfile). The build context is the \`build.context\` of a
Compose service that builds this Dockerfile, or else the Dockerfile's own folder. The fix creates
\`.dockerignore\` there with sensible defaults: VCS folders, env files, keys and certificates,
\`secrets/\`, dependency and cache folders (\`node_modules\`, \`.venv\`, \`__pycache__\`), editor
folders. A pattern is left out when the Dockerfile copies a matching path by name (an explicit
\`COPY .env .\` keeps \`.env\` in the context). An existing \`.dockerignore\` is never overwritten.

## Why it matters
Everything in the context is sent to the builder and \`COPY . .\` bakes it into the image: the \`.git\`
history (with every secret ever committed), \`.env\` files with real credentials, private keys, and
hundreds of MB of \`node_modules\` that also break native modules built for another OS. It also
busts the layer cache on every unrelated change.

## Example
${nodeAppExample('COPY . .')}

## Use instead
${nodeAppExample('COPY package.json package-lock.json server.js ./')}

## Fix safety
Safe: the new file only keeps files out of the build context that an image should not contain; a
pattern the Dockerfile names explicitly is left out. Review the list: a build step that reads
\`.git\` (for a version string) needs \`!.git\` or a build argument instead.
`;

const DEFAULTS: Array<{pattern: string; matches: RegExp}> = [
  {pattern: '.git', matches: /(^|\/)\.git(\/|$)/},
  {pattern: '.hg', matches: /(^|\/)\.hg(\/|$)/},
  {pattern: '.svn', matches: /(^|\/)\.svn(\/|$)/},
  {pattern: '**/.env', matches: /(^|\/)\.env$/},
  {pattern: '**/.env.*', matches: /(^|\/)\.env\./},
  {pattern: '**/*.pem', matches: /\.pem$/},
  {pattern: '**/*.key', matches: /\.key$/},
  {pattern: '**/*.p12', matches: /\.p12$/},
  {pattern: '**/id_rsa*', matches: /(^|\/)id_rsa/},
  {pattern: '**/id_ed25519*', matches: /(^|\/)id_ed25519/},
  {pattern: '**/secrets', matches: /(^|\/)secrets(\/|$)/},
  {pattern: '**/node_modules', matches: /(^|\/)node_modules(\/|$)/},
  {pattern: '**/__pycache__', matches: /(^|\/)__pycache__(\/|$)/},
  {pattern: '**/.venv', matches: /(^|\/)\.venv(\/|$)/},
  {pattern: '**/.pytest_cache', matches: /(^|\/)\.pytest_cache(\/|$)/},
  {pattern: '**/.DS_Store', matches: /\.DS_Store$/},
  {pattern: '.idea', matches: /(^|\/)\.idea(\/|$)/},
  {pattern: '.vscode', matches: /(^|\/)\.vscode(\/|$)/},
  {pattern: '.shipshape', matches: /(^|\/)\.shipshape(\/|$)/},
  {pattern: 'npm-debug.log*', matches: /npm-debug\.log/},
];

/** True for a COPY/ADD source that is the whole context (`.`, `./`, `./.`). */
function wholeContext(src: string): boolean {
  return /^\.\/?\.?$/.test(src.replace(/^["']|["']$/g, ''));
}

export const d119NoDockerignore = defineRule({
  id: 'D119',
  name: 'no-dockerignore',
  kind: 'dockerfile',
  severity: 'medium',
  title: 'COPY . without a .dockerignore',
  docs,
  references: [],
  links: {
    'Build context: .dockerignore files': 'https://docs.docker.com/build/concepts/context/#dockerignore-files',
  },
  controls: ['cis-docker:4.10'],
  fix: 'safe',
  *check(source, ctx): Iterable<FindingDraft> {
    const context = buildContextOf(ctx.project, source.path);
    const ignorePath = posix.normalize(posix.join(context, '.dockerignore'));
    const besideDockerfile = posix.normalize(posix.join(dirOf(source.path), `${posix.basename(source.path)}.dockerignore`));
    if (ctx.project.exists(ignorePath) || ctx.project.exists(besideDockerfile)) return;
    const sources: string[] = [];
    let first: {stage: (typeof source.dockerfile.stages)[number]; instruction: (typeof source.dockerfile.stages)[number]['instructions'][number]; start: number; end: number} | null = null;
    for (const stage of source.dockerfile.stages) {
      for (const instruction of stage.instructions) {
        const keyword = instruction.getKeyword();
        if ((keyword !== 'COPY' && keyword !== 'ADD') || flagOf(instruction, 'from')) continue;
        const args = argumentSpans(source, instruction);
        const srcs = args.slice(0, -1);
        sources.push(...srcs.map((a) => a.value.replace(/^["']|["']$/g, '').replace(/^\.\//, '')));
        const whole = srcs.find((a) => wholeContext(a.value));
        if (whole && !first) first = {stage, instruction, start: whole.start, end: whole.end};
      }
    }
    if (!first) return;
    const patterns = DEFAULTS.filter((d) => !sources.some((s) => d.matches.test(s))).map((d) => d.pattern);
    const eol = source.eol;
    const text = [
      '# Keep secrets, VCS data and local dependencies out of the Docker build context.',
      '# Written by shipshape (D119); adjust to your project.',
      ...patterns,
      '',
    ].join(eol);
    yield {
      start: first.start,
      end: first.end,
      message: `\`${first.instruction.getKeyword()} .\` copies the whole build context (${context === '.' ? 'the repository root' : context}) and there is no .dockerignore: .git, .env files, keys and node_modules end up in the image`,
      locator: `${instructionLocator(first.stage, first.instruction)} > .dockerignore`,
      fix: {
        title: `Create ${ignorePath}`,
        safety: 'safe',
        params: [],
        edits: () => [{file: ignorePath, start: 0, end: 0, text}],
      },
    };
  },
});
