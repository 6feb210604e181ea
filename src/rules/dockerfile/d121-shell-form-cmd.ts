import type {FindingDraft} from '../../core/model.js';
import {defineRule} from '../../core/rule.js';
import type {DockerfileSource} from '../../core/source.js';
import {argumentsSpan} from '../../formats/dockerfile/edit.js';
import {execFormArgs, parseShellForm} from '../../formats/dockerfile/shell.js';
import {imageFamily} from '../../knowledge/images.js';
import {finalChain, instructionLocator} from './support.js';
import {resolveBase} from '../../formats/dockerfile/stages.js';

const docs = `## What it does
Reports the \`CMD\` or \`ENTRYPOINT\` of the final image when it is written in shell form
(\`CMD python app.py\`): Docker then runs \`/bin/sh -c "python app.py"\`. Only the instruction that
takes effect (the last of each in the final stage and the stages it builds FROM) is checked. The
fix rewrites it in JSON exec form (\`CMD ["python", "app.py"]\`) when the command uses no shell
feature, so the translation is exact: no \`$VAR\`, \`&&\`, \`||\`, \`;\`, \`|\`, \`&\`, redirections, globs
(\`*\`, \`?\`, \`[\`), \`~\`, backslash escapes, comments, \`NAME=value\` prefixes or shell builtins. A
leading \`exec\` is dropped (the exec form already replaces the shell). An ENTRYPOINT is not
rewritten while the image also has a CMD (exec form would pass the CMD to it as arguments).

## Why it matters
In shell form the container's PID 1 is \`/bin/sh\`, not your program: \`docker stop\` and Kubernetes
send SIGTERM to the shell, which does not forward it, so the application never shuts down
gracefully and is killed after the grace period (10–30 s), dropping in-flight requests.

## Example
\`\`\`dockerfile
FROM python:3.12-slim
COPY app.py .
CMD python app.py --port 8080
\`\`\`

## Use instead
\`\`\`dockerfile
FROM python:3.12-slim
COPY app.py .
CMD ["python", "app.py", "--port", "8080"]
\`\`\`

## Fix safety
Unsafe: without the shell, the command runs without \`sh\`'s environment handling (\`$PATH\` lookup
is the same, but nothing else of sh applies), and a program that relied on being a child of a shell
now runs as PID 1 and must handle signals itself (use \`docker run --init\` or tini if it does not
reap children). Commands that need the shell are not rewritten: put them in an entrypoint script
that ends with \`exec "$@"\`.
`;

const BUILTINS = new Set(['cd', 'export', 'set', 'source', '.', 'if', 'for', 'while', 'until', 'case', 'ulimit', 'umask', 'trap', 'eval', 'exit', 'test', '[', 'read', 'wait', 'alias', 'unset', 'shift', 'true', 'false', ':', '{', '(', 'function', 'local', 'readonly', 'declare', 'typeset']);

/** The exec-form argv of a shell-form command, or null when it uses a shell feature. */
export function execFormOf(source: DockerfileSource, start: number, end: number): string[] | null {
  const raw = source.text.slice(start, end);
  if (raw.includes('#')) return null;
  const {tokens} = parseShellForm(source, start, end);
  if (tokens.length === 0 || tokens.some((t) => t.kind !== 'word')) return null;
  const words = tokens.map((t) => t.word!);
  for (const w of words) {
    if (w.dynamic) return null;
    // Outside quotes: no globs, tilde or backslash escapes.
    const unquoted = w.raw.replace(/'[^']*'|"(?:[^"\\]|\\.)*"/g, '');
    if (/[*?[\]~\\{}!]/.test(unquoted)) return null;
    // Inside double quotes only plain text (a backslash escape would need sh's rules).
    if (/"[^"]*\\/.test(w.raw)) return null;
  }
  let argv = words.map((w) => w.value);
  if (argv[0] === 'exec') argv = argv.slice(1);
  if (argv.length === 0 || /^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[0]!) || BUILTINS.has(argv[0]!)) return null;
  return argv;
}

export const d121ShellFormCmd = defineRule({
  id: 'D121',
  name: 'shell-form-cmd',
  kind: 'dockerfile',
  severity: 'low',
  title: 'CMD/ENTRYPOINT in shell form',
  docs,
  references: ['hadolint:DL3025', 'kics:b86987e1-6397-4619-81d5-8807f2387c79'],
  links: {
    'Dockerfile reference: shell and exec form': 'https://docs.docker.com/reference/dockerfile/#shell-and-exec-form',
  },
  fix: 'unsafe',
  *check(source): Iterable<FindingDraft> {
    const model = source.dockerfile;
    const final = model.stages.at(-1);
    if (!final || model.escape === '`' || imageFamily(resolveBase(model, final).image) === 'windows') return;
    const chain = finalChain(source);
    const ordered = [...chain].reverse().flatMap((s) => s.instructions.map((i) => ({stage: s, instruction: i})));
    if (ordered.some(({instruction}) => instruction.getKeyword() === 'SHELL' && /pwsh|powershell|cmd/i.test(instruction.getArgumentsContent() ?? ''))) return;
    const lastOf = (keyword: string) => ordered.filter(({instruction}) => instruction.getKeyword() === keyword).at(-1);
    const cmd = lastOf('CMD');
    const entrypoint = lastOf('ENTRYPOINT');
    for (const found of [entrypoint, cmd]) {
      if (!found || execFormArgs(source, found.instruction)) continue;
      const {stage, instruction} = found;
      const keyword = instruction.getKeyword();
      const span = argumentsSpan(source, instruction);
      if (!span) continue;
      const argv = execFormOf(source, span.start, span.end);
      const blocked = keyword === 'ENTRYPOINT' ? cmd !== undefined : entrypoint !== undefined;
      const json = argv ? `[${argv.map((a) => JSON.stringify(a)).join(', ')}]` : null;
      const text = source.text.slice(span.start, span.end).replace(/\s+/g, ' ').trim();
      yield {
        start: span.start,
        end: span.end,
        message: `\`${keyword} ${text}\` in shell form runs under \`/bin/sh -c\`: the shell is PID 1 and does not pass SIGTERM on, so the app cannot shut down gracefully`,
        locator: instructionLocator(stage, instruction),
        ...(json && !blocked
          ? {}
          : {
              advice: !json
                ? 'The command uses shell features; move it into an entrypoint script that ends with `exec "$@"` (or `exec` the final program) and call that script in exec form.'
                : keyword === 'ENTRYPOINT'
                  ? 'Write the ENTRYPOINT in exec form and check the CMD: in exec form it is passed to the ENTRYPOINT as arguments.'
                  : 'The image has an ENTRYPOINT: in exec form this CMD becomes its arguments instead of a `sh -c` string; rewrite both together.',
            }),
        fix:
          json && !blocked
            ? {
                title: `Write ${keyword} in exec form`,
                safety: 'unsafe',
                params: [],
                risk: 'The program becomes PID 1 without a shell; it must handle SIGTERM (or use `docker run --init`).',
                edits: () => [{file: source.path, start: span.start, end: span.end, text: json}],
              }
            : null,
      };
    }
  },
});
