import type {Instruction} from 'dockerfile-ast';
import type {Edit, FindingDraft} from '../../core/model.js';
import {defineRule} from '../../core/rule.js';
import type {DockerfileSource} from '../../core/source.js';
import type {Stage} from '../../formats/dockerfile/parse.js';
import {insertLinesBefore, keywordCase} from '../../formats/dockerfile/edit.js';
import {parentStage, resolveBase} from '../../formats/dockerfile/stages.js';
import {basename, effectiveArgs, execFormArgs, parseRun, type RunScript} from '../../formats/dockerfile/shell.js';
import {imageFamily, parseImageRef} from '../../knowledge/images.js';
import {instructionLocator} from './support.js';

const docs = `## What it does
Reports a RUN whose script pipes one command into another (\`curl … | tar -x\`) while the shell does
not use \`pipefail\`: no \`SHELL [..., "-o", "pipefail", ...]\` earlier in the stage (or the stage it
builds FROM) and no \`set -o pipefail\` before the pipe in the RUN itself. Stages with a non-POSIX
\`SHELL\` (PowerShell, cmd) and Windows images are skipped; a heredoc with its own \`#!\` line too.
The fix depends on the base image: where bash exists (Debian, Ubuntu, RHEL/UBI/Fedora families and
the official images built on them) it inserts \`SHELL ["/bin/bash", "-o", "pipefail", "-c"]\` before
the first such RUN of the stage; on Alpine/BusyBox (ash has pipefail, but not bash) it starts the
RUN with \`set -o pipefail && \`. For an image of unknown family there is no fix.

## Why it matters
A pipeline's exit status is that of its last command: in \`RUN curl -fsSL $URL | tar -xz\`, a failed
download (404, TLS error) is hidden when \`tar\` exits 0 on empty input, and the build goes on with a
missing or truncated file. \`pipefail\` makes any failing command of the pipe fail the RUN.

## Example
\`\`\`dockerfile
FROM debian:bookworm-slim
RUN curl -fsSL https://example.com/tool.tar.gz | tar -xz -C /usr/local/bin
\`\`\`

## Use instead
\`\`\`dockerfile
FROM debian:bookworm-slim
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN curl -fsSL https://example.com/tool.tar.gz | tar -xz -C /usr/local/bin
\`\`\`

## Fix safety
Unsafe: RUNs after the new \`SHELL\` line run in bash instead of \`/bin/sh\` (dash on Debian), and a
pipe whose first command was allowed to fail (\`yes | apt-get …\`, \`grep … | …\` that finds nothing)
now fails the build. Check those RUNs; append \`|| true\` where a failure is expected.
`;

type ShellState = 'default' | 'plain' | 'pipefail' | 'nonposix';

const BASH_FAMILIES = new Set(['debian', 'ubuntu', 'rhel', 'ubi-minimal']);
const ASH_FAMILIES = new Set(['alpine', 'busybox', 'wolfi']);
/** Images of families the knowledge base does not name that ship bash (openSUSE/SLE BCI, Jupyter, Deno). */
const BASH_IMAGES = /^(opensuse\/|suse\/|bci\/|jupyter\/|denoland\/deno$)/;

function shellFamily(image: string): 'bash' | 'ash' | null {
  const family = imageFamily(image);
  if (BASH_FAMILIES.has(family)) return 'bash';
  if (ASH_FAMILIES.has(family)) return 'ash';
  const ref = parseImageRef(image);
  if (family === 'unknown' && BASH_IMAGES.test(ref.path) && !/alpine/.test(ref.tag ?? '')) return 'bash';
  return null;
}

function shellState(source: DockerfileSource, instruction: Instruction): ShellState {
  const args = execFormArgs(source, instruction);
  if (!args) return 'plain';
  const program = basename(args[0] ?? '').toLowerCase();
  if (/^(pwsh|powershell|cmd)(\.exe)?$/.test(program)) return 'nonposix';
  if (!/^(bash|zsh|ash|ksh|mksh)$/.test(program)) return 'plain';
  for (let i = 1; i < args.length - 1; i++) {
    if (/^-[a-z]*o$/i.test(args[i]!) && args[i + 1] === 'pipefail') return 'pipefail';
  }
  return 'plain';
}

/** The shell state at the end of a stage (SHELL is inherited through FROM <stage>). */
function stateAfter(source: DockerfileSource, stage: Stage, memo: Map<Stage, ShellState>): ShellState {
  const known = memo.get(stage);
  if (known) return known;
  const parent = parentStage(source.dockerfile, stage);
  let state: ShellState = parent ? stateAfter(source, parent, memo) : 'default';
  for (const instruction of stage.instructions) if (instruction.getKeyword() === 'SHELL') state = shellState(source, instruction);
  memo.set(stage, state);
  return state;
}

/** The first pipe of the RUN's own script (not inside `sh -c`), unless `set -o pipefail` precedes it. */
export function unguardedPipe(script: RunScript): number | null {
  if (script.form === 'exec' || (script.heredoc && script.heredoc.shebang)) return null;
  const pipe = script.top.find((c) => c.after === '|' || c.after === '|&');
  if (!pipe) return null;
  const guarded = script.top.some((c) => {
    if (c.start > pipe.start) return false;
    const argv = effectiveArgs(c);
    return argv[0]?.value === 'set' && argv.some((w, i) => /^-[a-z]*o$/i.test(w.value) && argv[i + 1]?.value === 'pipefail');
  });
  return guarded ? null : pipe.start;
}

export const d118Pipefail = defineRule({
  id: 'D118',
  name: 'pipefail',
  kind: 'dockerfile',
  severity: 'low',
  title: 'RUN with a pipe but no pipefail',
  docs,
  references: ['hadolint:DL4006', 'trivy:DS-0032'],
  links: {
    'Dockerfile best practices: using pipes': 'https://docs.docker.com/build/building/best-practices/#using-pipes',
  },
  fix: 'unsafe',
  *check(source): Iterable<FindingDraft> {
    const model = source.dockerfile;
    if (model.escape === '`') return;
    const memo = new Map<Stage, ShellState>();
    // The SHELL line a stage gets from the fix; stages built FROM it inherit it.
    const shellEdits = new Map<Stage, Edit>();
    for (const stage of model.stages) {
      const base = resolveBase(model, stage).image;
      if (imageFamily(base) === 'windows') continue;
      const family = shellFamily(base);
      const parent = parentStage(model, stage);
      let state: ShellState = parent ? stateAfter(source, parent, memo) : 'default';
      let shellEdit: Edit | null = null;
      for (let p = parent; p && !shellEdit; p = parentStage(model, p)) shellEdit = shellEdits.get(p) ?? null;
      for (const instruction of stage.instructions) {
        const keyword = instruction.getKeyword();
        if (keyword === 'SHELL') state = shellState(source, instruction);
        if (keyword !== 'RUN' || state === 'pipefail' || state === 'nonposix') continue;
        const script = parseRun(source, instruction);
        const pipeAt = unguardedPipe(script);
        if (pipeAt === null) continue;
        let edit: Edit | null = null;
        if (family === 'bash') {
          shellEdit ??= insertLinesBefore(source, instruction, [`${keywordCase(source, 'SHELL')} ["/bin/bash", "-o", "pipefail", "-c"]`]);
          shellEdits.set(stage, shellEdit);
          edit = shellEdit;
        } else if (family === 'ash') {
          if (script.heredoc) {
            const at = script.heredoc.bodyStart;
            const indent = /^[ \t]*/.exec(source.text.slice(at))![0];
            edit = {file: source.path, start: at, end: at, text: `${indent}set -o pipefail${source.eol}`};
          } else if (script.top[0]) {
            edit = {file: source.path, start: script.top[0].start, end: script.top[0].start, text: 'set -o pipefail && '};
          }
        }
        const fixEdit = edit;
        yield {
          start: script.start,
          end: script.end,
          message: 'This RUN pipes commands without `pipefail`: only the last command\'s exit status counts, so a failed download or build step is hidden',
          locator: instructionLocator(stage, instruction),
          ...(fixEdit ? {} : {advice: 'Start the RUN with `set -o pipefail &&` if its shell supports it (bash, ash), or use `SHELL ["/bin/bash", "-o", "pipefail", "-c"]`.'}),
          fix: fixEdit
            ? {
                title: family === 'bash' ? 'Use bash with pipefail for the RUNs of this stage' : 'Start the RUN with `set -o pipefail`',
                safety: 'unsafe',
                params: [],
                risk: 'A pipe whose first command was allowed to fail now fails the build; the RUNs that follow run in bash.',
                edits: () => [fixEdit],
              }
            : null,
        };
      }
    }
  },
});
