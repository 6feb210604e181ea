import type {FindingDraft} from '../../core/model.js';
import {defineRule} from '../../core/rule.js';
import {effectiveArgs, programOf, shellScriptArg, type ShellCommand} from '../../formats/dockerfile/shell.js';
import {commandFinding, stageRuns} from './support.js';

const docs = `## What it does
Reports a RUN that downloads a script and runs it in one go: \`curl … | sh\`, \`wget -qO- … | bash\`,
\`curl … | sudo -E bash -\`, \`curl … | python3 -\`, \`sh -c "$(curl …)"\` and \`bash <(curl …)\`.
Guidance only.

## Why it matters
Nothing checks what was downloaded: a compromised server, a hijacked DNS name or a truncated
download runs as root in your build, and the next build may run a different script than the one
you reviewed. The layer cache can also keep an old script for months without anyone noticing.

## Example
\`\`\`dockerfile
FROM debian:bookworm-slim
RUN curl -fsSL https://deb.nodesource.com/setup_20.x | bash -
\`\`\`

## Use instead
\`\`\`dockerfile
FROM debian:bookworm-slim
RUN curl -fsSLo /tmp/setup.sh https://deb.nodesource.com/setup_20.x \\
    && echo "4b8e4ae1e3c8f4f3c8a4f0b5f6c1f7d2a9e8b7c6d5e4f3a2b1c0d9e8f7a6b5c4  /tmp/setup.sh" | sha256sum -c - \\
    && bash /tmp/setup.sh \\
    && rm /tmp/setup.sh
\`\`\`

## Fix safety
No automatic fix: only you can say which script version you trust. Download it to a file, verify
its SHA-256 (or a signature) against a value you pinned, then run it — or install the tool from a
package repository or a release artifact with a checksum instead.
`;

const DOWNLOADERS = new Set(['curl', 'wget', 'fetch']);
const INTERPRETERS = /^(sh|bash|ash|dash|zsh|ksh|python[0-9.]*|perl|ruby|node)$/;

function runsStdin(cmd: ShellCommand): boolean {
  const argv = effectiveArgs(cmd);
  const program = programOf(cmd);
  if (!INTERPRETERS.test(program)) return false;
  if (/^(sh|bash|ash|dash|zsh|ksh)$/.test(program)) {
    // `bash`, `bash -`, `bash -s -- args`, `sh -e`: reads the script from stdin unless it names a file or -c.
    const rest = argv.slice(1);
    const firstNonOption = rest.find((w) => !w.value.startsWith('-') && !w.value.startsWith('+'));
    return !rest.some((w) => /^-[a-z]*c[a-z]*$/i.test(w.value)) && (firstNonOption === undefined || rest.some((w) => w.value === '-s' || w.value === '-'));
  }
  const rest = argv.slice(1);
  return rest.length === 0 || rest.some((w) => w.value === '-');
}

export const d117PipeToShell = defineRule({
  id: 'D117',
  name: 'pipe-to-shell',
  kind: 'dockerfile',
  severity: 'high',
  title: 'Downloaded script piped into a shell',
  docs,
  references: [],
  links: {
    'Dockerfile best practices: using pipes': 'https://docs.docker.com/build/building/best-practices/#using-pipes',
  },
  controls: ['cis-docker:4.12'],
  fix: null,
  *check(source): Iterable<FindingDraft> {
    for (const {stage, instruction, script} of stageRuns(source)) {
      let n = 0;
      const report = (cmd: ShellCommand, how: string): FindingDraft =>
        commandFinding(stage, instruction, cmd, `pipe[${n++}]`, `${how}: the downloaded script runs unverified, as the build user`, {
          advice: 'Download to a file, check its SHA-256 against a pinned value (`echo "<sha256>  file" | sha256sum -c -`), then run it.',
        });
      const byPipeline = new Map<number, ShellCommand[]>();
      for (const cmd of script.commands) (byPipeline.get(cmd.pipeline) ?? byPipeline.set(cmd.pipeline, []).get(cmd.pipeline)!).push(cmd);
      for (const cmds of byPipeline.values()) {
        const download = cmds.findIndex((c) => DOWNLOADERS.has(programOf(c)));
        if (download === -1) continue;
        const runner = cmds.slice(download + 1).find(runsStdin);
        if (runner) yield report(cmds[download]!, `\`${programOf(cmds[download]!)} … | ${programOf(runner)}\``);
      }
      for (const cmd of script.commands) {
        const body = shellScriptArg(cmd);
        if (body && /\$\(\s*(curl|wget)\b|`\s*(curl|wget)\b/.test(body.value)) yield report(cmd, `\`${programOf(cmd)} -c "$(curl …)"\``);
      }
      if (/\b(sh|bash|zsh|ksh)\s+<\(\s*(curl|wget)\b/.test(script.text)) {
        const cmd = script.commands.find((c) => /^(sh|bash|zsh|ksh)$/.test(programOf(c)));
        if (cmd) yield report(cmd, `\`${programOf(cmd)} <(curl …)\``);
      }
    }
  },
});
